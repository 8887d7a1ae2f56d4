#!/bin/sh
# scripts/run-tests.sh - run tests/unit/* and every tests/*.test in parallel
#
# Environment: INITBOX (binary under test), UNIT_TESTS (unit test
# programs), SUITES (the directory of *.test suites, default tests: make
# check-faults and make soak give tests/faults and tests/soak), JOBS
# (parallel suites, default: number of CPUs), and
# INITBOX_REFERENCE=1 to run the compatibility tests against Debian's runit.
# Prints one line per suite, the log of each failing suite, and the total
# as "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
logs=${TEST_LOGS:-$top/build/test-logs}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
rm -rf "$logs"
mkdir -p "$logs"

passed=0
failed=0
for unit in ${UNIT_TESTS:-}; do
    name=unit/${unit##*/}
    if [ -n "${INITBOX_REFERENCE:-}" ]; then
        continue
    elif "$unit" > "$logs/unit-${unit##*/}.log" 2>&1; then
        echo "PASS $name"
        passed=$((passed + 1))
    else
        echo "FAIL $name"
        sed 's/^/    /' "$logs/unit-${unit##*/}.log"
        failed=$((failed + 1))
    fi
done

# Each suite writes its log; xargs runs $jobs of them at once.
suites=${SUITES:-$top/tests}
ls "$suites"/*.test | xargs -P "$jobs" -I{} sh -c '
    suite=$1 logs=$2
    name=$(basename "$suite" .test)
    SHUNIT_COLOR=none sh "$suite" > "$logs/$name.log" 2>&1
    echo $? > "$logs/$name.status"
' run-suite {} "$logs"

for suite in "$suites"/*.test; do
    name=$(basename "$suite" .test)
    log=$logs/$name.log
    ran=$(sed -n 's/^Ran \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    bad=$(sed -n 's/^FAILED (failures=\([0-9]*\).*/\1/p' "$log" | tail -n 1)
    skipped=$(grep -c '^skipped: ' "$log")
    : "${ran:=0}" "${bad:=0}" "${skipped:=0}"
    status=$(cat "$logs/$name.status")
    if [ "$status" = 0 ] && [ "$bad" = 0 ]; then
        if [ "$skipped" = 0 ]; then note=""; else note=", $skipped skipped"; fi
        echo "PASS $name ($ran tests$note)"
        passed=$((passed + ran - skipped))
    else
        echo "FAIL $name (exit $status, $bad of $ran failed)"
        sed 's/^/    /' "$log"
        [ "$bad" -gt 0 ] || bad=1
        failed=$((failed + bad))
        passed=$((passed + ran - bad - skipped))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

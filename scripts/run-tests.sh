#!/bin/sh
# scripts/run-tests.sh - run tests/unit/* and every tests/*.test in parallel
#
# Environment: INITBOX (binary under test), UNIT_TESTS (unit test
# programs), SUITES (the directory of *.test suites, default tests: make
# check-faults and make soak give tests/faults and tests/soak), JOBS
# (parallel suites, default: number of CPUs), and INITBOX_REFERENCE=1 to
# run the compatibility tests against Debian's runit.
#
# Prints a line per suite as it finishes ("PASS NAME (N tests)" or "FAIL
# NAME (K of N failed)", counting tests, not assertions), then the log of
# each failing suite, and the total as "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
logs=${TEST_LOGS:-$top/build/test-logs}
export TEST_LOGS="$logs"

# --one SUITE: run one suite into its log, print its line, and leave
# "PASSED FAILED" in LOGS/NAME.counts.
if [ "${1:-}" = --one ]; then
    suite=$2
    name=$(basename "$suite" .test)
    log=$logs/$name.log
    SHUNIT_COLOR=none sh "$suite" > "$log" 2>&1
    status=$?
    ran=$(sed -n 's/^Ran \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    skipped=$(grep -c '^skipped: ' "$log")
    # shunit2 prints each test's name on a line of its own, then one
    # ASSERT line per failed assertion: a test fails once however many
    # of its assertions do.
    bad=$(awk '/^test[A-Za-z0-9_]*$/ { test = $0 }
               /^ASSERT:/ && test != "" && !(test in failed) { failed[test]; n++ }
               END { print n + 0 }' "$log")
    : "${ran:=0}" "${skipped:=0}"
    if [ "$status" = 0 ] && [ "$bad" = 0 ]; then
        if [ "$skipped" = 0 ]; then note=""; else note=", $skipped skipped"; fi
        echo "PASS $name ($ran tests$note)"
        echo "$((ran - skipped)) 0" > "$logs/$name.counts"
    else
        # A suite that died or failed without an ASSERT line counts once.
        [ "$bad" -gt 0 ] || bad=1
        echo "FAIL $name (exit $status, $bad of $ran failed)"
        passed=$((ran - bad - skipped))
        [ "$passed" -ge 0 ] || passed=0
        echo "$passed $bad" > "$logs/$name.counts"
    fi
    exit 0
fi

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

# xargs runs $jobs suites at once; each prints its line when it ends.
suites=${SUITES:-$top/tests}
ls "$suites"/*.test | xargs -P "$jobs" -I{} sh "$0" --one {}

for suite in "$suites"/*.test; do
    name=$(basename "$suite" .test)
    read -r good bad < "$logs/$name.counts" || { good=0 bad=1; }
    passed=$((passed + good))
    failed=$((failed + bad))
    if [ "$bad" != 0 ]; then
        echo "--- log of $name"
        sed 's/^/    /' "$logs/$name.log"
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

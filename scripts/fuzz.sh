#!/bin/sh
# scripts/fuzz.sh - run each fuzz harness of build/fuzz for FUZZ_SECONDS
#
#   FUZZ_SECONDS=N scripts/fuzz.sh NAME...      (make fuzz gives the names)
#
# Each harness starts from its committed seeds (fuzz/corpus/NAME) and
# regression inputs (fuzz/regress/NAME); what it finds new is kept in
# build/fuzz/corpus/NAME for the next run, never in fuzz/. One harness at
# a time, one process each. A crash, a leak, a sanitizer report or a
# failed property fails the harness: its input is left as
# build/fuzz/crash-NAME-* and the log as build/fuzz/NAME.log. Prints one
# line per harness, the end of libFuzzer's statistics (execs, cov, ft),
# and the total as "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/fuzz
seconds=${FUZZ_SECONDS:-20}
# The scratch directories of the harnesses, on a tmpfs when there is one.
if [ -w /dev/shm ]; then base=/dev/shm; else base=${TMPDIR:-/tmp}; fi
TMPDIR=$(mktemp -d "$base/initbox-fuzz.XXXXXX") || exit 111
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
# Abort on the first sanitizer report, with a symbolized stack.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

passed=0
failed=0
for name in "$@"; do
    corpus=$out/corpus/$name
    log=$out/$name.log
    mkdir -p "$corpus"
    seeds=$top/fuzz/corpus/$name
    regress=$top/fuzz/regress/$name
    [ -d "$regress" ] || regress=
    # -close_fd_mask=3: what the applets print is not kept (libFuzzer,
    # the sanitizers and failed properties still report).
    "$out/$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -close_fd_mask=3 -max_len=4096 -print_final_stats=1 -artifact_prefix="$out/crash-$name-" \
        "$corpus" "$seeds" $regress > "$log" 2>&1
    status=$?
    stats=$(sed -n 's/^#\([0-9]*\).*DONE.*cov: \([0-9]*\) ft: \([0-9]*\).*exec\/s: \([0-9]*\).*/\1 execs, cov \2, ft \3, \4 exec\/s/p' "$log" | tail -n 1)
    if [ "$status" = 0 ]; then
        echo "PASS fuzz/$name ($seconds s: $stats)"
        passed=$((passed + 1))
    else
        echo "FAIL fuzz/$name (exit $status; log $log)"
        grep -E 'ERROR|SUMMARY|property failed|runtime error|Test unit written' "$log" \
            | head -n 20 | sed 's/^/    /'
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

#!/bin/sh
# bench/svlogd.bench.sh - svlogd throughput, ours against Debian's, one run
#
# 1,000,000 lines of 100 bytes through `svlogd -tt` into a directory with
# config s10000000 n5 (size rotation, five files kept), input from a file
# and through a pipe. Prints the median of RUNS runs in lines per second,
# the ratio ours/Debian's, and checks every run: the kept files hold the
# last lines, in order, none missing; one extra run with n0 must hold all
# 1,000,000 lines. Also prints the peak memory (VmHWM) of one run each.
#
# Environment: INITBOX (binary, set by bench/run.sh), RUNS (default 5),
# LINES (default 1000000), BENCH_DIR (default: a directory on /dev/shm, so
# the disk's speed and fsync at each rotation do not swamp the
# measurement; set BENCH_DIR=/var/tmp to include the disk).
set -eu
: "${INITBOX:?INITBOX must name the initbox binary}"
RUNS=${RUNS:-5}
LINES=${LINES:-1000000}
REFERENCE=/usr/bin/svlogd
base=${BENCH_DIR:-/dev/shm}
[ -d "$base" ] && [ -w "$base" ] || base=${TMPDIR:-/tmp}
work=$(mktemp -d "$base/svlogd-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

mkdir "$work/bin"
ln -s "$INITBOX" "$work/bin/svlogd"
ours=$work/bin/svlogd

# Line i: 7 digits, a space, 91 filler bytes, newline = 100 bytes.
awk -v n="$LINES" 'BEGIN {
    pad = sprintf("%91s", ""); gsub(/ /, "x", pad)
    for (i = 1; i <= n; i++) printf "%07d %s\n", i, pad
}' > "$work/input"

now_ns() { date +%s%N; }

# check DIR KEEP_ALL: the lines in DIR (rotated files in order, then
# current) are lines FIRST..LINES in order, FIRST being 1 with KEEP_ALL.
check() {
    for file in $(ls "$1" | grep '^@') current; do cat "$1/$file"; done |
        cut -d ' ' -f 2 | awk -v n="$LINES" -v all="$2" '
            NR == 1 { first = $1 + 0; if (all && first != 1) bad = 1 }
            $1 + 0 != first + NR - 1 { bad = 1 }
            END { if (bad || first + NR - 1 != n) { print "BAD: lines " first "-" first + NR - 1 "; expected up to " n; exit 1 } }'
}

# run PROGRAM MODE CONFIG: one timed run into a fresh directory; prints
# lines per second. MODE is "file" or "pipe".
run() {
    rm -rf "$work/log"
    mkdir "$work/log"
    printf '%s\n' "$3" > "$work/log/config"
    start=$(now_ns)
    if [ "$2" = file ]; then
        "$1" -tt "$work/log" < "$work/input"
    else
        cat "$work/input" | "$1" -tt "$work/log"
    fi
    end=$(now_ns)
    check "$work/log" "$([ "$3" = "${3%n0}" ] && echo 0 || echo 1)" >&2 || exit 1
    echo $((LINES * 1000000000 / (end - start)))
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

peak_kb() {
    rm -rf "$work/log"
    mkdir "$work/log"
    printf 's10000000\nn5\n' > "$work/log/config"
    "$1" -tt "$work/log" < "$work/input" &
    pid=$!
    peak=0
    while kill -0 "$pid" 2>/dev/null; do
        value=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status" 2>/dev/null)
        [ -n "$value" ] && peak=$value
        sleep 0.05
    done
    wait "$pid"
    echo "$peak"
}

echo "svlogd -tt, s10000000 n5, $LINES lines of 100 bytes, median of $RUNS runs, in $base"
run "$ours" file 's10000000
n0' > /dev/null && echo "check: ours, n0: all $LINES lines, in order"
if [ -x "$REFERENCE" ]; then
    run "$REFERENCE" file 's10000000
n0' > /dev/null && echo "check: Debian's, n0: all $LINES lines, in order"
fi
for mode in file pipe; do
    i=0
    : > "$work/ours.$mode"
    : > "$work/ref.$mode"
    while [ $i -lt "$RUNS" ]; do
        run "$ours" $mode 's10000000
n5' >> "$work/ours.$mode"
        [ -x "$REFERENCE" ] && run "$REFERENCE" $mode 's10000000
n5' >> "$work/ref.$mode"
        i=$((i + 1))
    done
    ours_rate=$(median < "$work/ours.$mode")
    if [ -x "$REFERENCE" ]; then
        ref_rate=$(median < "$work/ref.$mode")
        ratio=$(awk -v a="$ours_rate" -v b="$ref_rate" 'BEGIN { printf "%.2f", a / b }')
        printf 'stdin %-4s  initbox %4d.%02d M lines/s   Debian %4d.%02d M lines/s   ratio %sx\n' \
            "$mode" $((ours_rate / 1000000)) $((ours_rate / 10000 % 100)) \
            $((ref_rate / 1000000)) $((ref_rate / 10000 % 100)) "$ratio"
    else
        printf 'stdin %-4s  initbox %4d.%02d M lines/s   (no %s)\n' "$mode" \
            $((ours_rate / 1000000)) $((ours_rate / 10000 % 100)) "$REFERENCE"
    fi
done
echo "peak RSS: initbox $(peak_kb "$ours") kB$([ -x "$REFERENCE" ] && echo ", Debian $(peak_kb "$REFERENCE") kB")"

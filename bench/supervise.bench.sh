#!/bin/sh
# bench/supervise.bench.sh - runsvdir and runsv against Debian's runit, one run
#
# Side by side, each figure for ours and for Debian's runit 2.1.2 (both
# runsvdir and runsv of one kind at a time), medians of RUNS trials:
#   pickup     link a new service into the directory -> its ./run started
#   restart    kill -9 of a service's ./run (up for over a second) -> the
#              new ./run started
#   revive     kill -9 of a runsv (up for over a second) -> a new runsv
#              holds the service (runsvdir noticed and restarted it)
#   control    'd' written while a crashing service waits in runsv's
#              one-second throttle -> supervise/status says want down
#   idle       voluntary context switches (wake-ups) of runsvdir and of
#              all runsv together over IDLE_SECONDS, 100 idle services
#   memory     trees of 1, 100 and 1000 services: Pss of the whole tree
#              (runsvdir + every runsv, services not counted), Pss and USS
#              per runsv, VmPeak of a runsv
#   start      time from starting runsvdir until all 1000 services run,
#              RUNS fresh trees each, ours and runit taking turns
# Services are a small C program (bench/supervise-helper.c) that records
# when it started. Our binary is INITBOX (the static build, bench/run.sh).
#
# Environment: INITBOX, RUNS (default 7), IDLE_SECONDS (default 10; the
# figure the project quotes is for 60), MANY (default 1000).
set -eu
: "${INITBOX:?INITBOX must name the initbox binary}"
RUNS=${RUNS:-7}
IDLE_SECONDS=${IDLE_SECONDS:-10}
MANY=${MANY:-1000}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/supervise-bench.XXXXXX)
GROUPS_STARTED=

cleanup() {
    for group in $GROUPS_STARTED; do
        kill -KILL "-$group" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

cc -O2 -static -o "$work/helper" "$here/supervise-helper.c" 2>/dev/null ||
    cc -O2 -o "$work/helper" "$here/supervise-helper.c"
mkdir -p "$work/exiting" "$work/ours" "$work/runit"
ln -s "$work/helper" "$work/run"
ln -s "$work/helper" "$work/exiting/run"
for name in runsv runsvdir; do
    ln -s "$INITBOX" "$work/ours/$name"
    ln -s "/usr/bin/$name" "$work/runit/$name"
done

median() { sort -n | awk '$1 >= 0 { v[++n] = $1 } END { if (n) print v[int((n + 1) / 2)]; else print "-" }'; }
ms() { awk -v us="$1" 'BEGIN { if (us == "-" || us < 0) print "-"; else printf "%.2f", us / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.3g", a / b }'; }

# service DIR [exiting]: a service whose ./run is the helper.
service() {
    mkdir -p "$1"
    if [ -n "${2:-}" ]; then
        printf '#!/bin/sh\nSTAMP_EXIT=1 exec %s\n' "$work/exiting/run" > "$1/run"
        chmod 755 "$1/run"
    else
        ln -s "$work/run" "$1/run"
    fi
}

# start_tree KIND DIR STAMPS: runsvdir of KIND (ours, runit) on DIR in its
# own session; TREE is its pid (and process group).
start_tree() {
    mkdir -p "$3"
    PATH=$work/$1:$PATH STAMP_DIR=$3 setsid "$work/$1/runsvdir" "$2" \
        </dev/null >/dev/null 2>>"$work/stderr" &
    TREE=$!
    GROUPS_STARTED="$GROUPS_STARTED $TREE"
}

stop_tree() {
    kill -KILL "-$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

runsv_pids() { ps -o pid= --ppid "$1" | tr -d ' '; }

stamps() { ls "$1" | grep -vc '\.tmp$' || true; }

wait_stamps() {
    i=0
    while [ "$(stamps "$1")" -lt "$2" ]; do
        i=$((i + 1))
        [ $i -lt 600 ] || return 1
        sleep 0.05
    done
}

field() { awk -v key="$2:" '$1 == key { print $2 }' "$1"; }

bench_pickup() {
    base=$work/pickup-$1
    mkdir -p "$base/dir" "$base/defs"
    start_tree "$1" "$base/dir" "$base/stamps"
    sleep 0.5
    i=0
    while [ $i -lt "$RUNS" ]; do
        service "$base/defs/p$i"
        "$work/helper" pickup "$base/dir" "$base/defs/p$i" "p$i" "$base/stamps" || echo -1
        i=$((i + 1))
    done | median
    stop_tree "$TREE"
}

bench_restart() {
    base=$work/restart-$1
    mkdir -p "$base/dir"
    service "$base/dir/r"
    start_tree "$1" "$base/dir" "$base/stamps"
    wait_stamps "$base/stamps" 1 || true
    i=0
    while [ $i -lt "$RUNS" ]; do
        sleep 1.2          # past the throttle: runs count as healthy
        "$work/helper" restart "$base/dir/r" "$base/stamps/r" || echo -1
        i=$((i + 1))
    done | median
    stop_tree "$TREE"
}

bench_revive() {
    base=$work/revive-$1
    mkdir -p "$base/dir"
    service "$base/dir/v"
    start_tree "$1" "$base/dir" "$base/stamps"
    wait_stamps "$base/stamps" 1 || true
    i=0
    while [ $i -lt "$RUNS" ]; do
        sleep 1.2          # past runsvdir's one-second restart throttle
        "$work/helper" revive "$base/dir/v" "$(runsv_pids "$TREE" | head -n 1)" || echo -1
        i=$((i + 1))
    done | median
    stop_tree "$TREE"
}

bench_control() {
    base=$work/control-$1
    mkdir -p "$base/dir"
    service "$base/dir/c" exiting
    start_tree "$1" "$base/dir" "$base/stamps"
    wait_stamps "$base/stamps" 1 || true
    i=0
    while [ $i -lt "$RUNS" ]; do
        "$work/helper" control "$base/dir/c" || echo -1
        printf u > "$base/dir/c/supervise/control"
        sleep 0.2
        i=$((i + 1))
    done | median
    stop_tree "$TREE"
}

switches() {
    total=0
    for pid in "$@"; do
        total=$((total + $(field "/proc/$pid/status" voluntary_ctxt_switches)))
    done
    echo $total
}

# bench_idle KIND: "runsvdir-wakeups runsv-wakeups" over IDLE_SECONDS.
bench_idle() {
    base=$work/idle-$1
    mkdir -p "$base/dir"
    i=0
    while [ $i -lt 100 ]; do service "$base/dir/s$i"; i=$((i + 1)); done
    start_tree "$1" "$base/dir" "$base/stamps"
    wait_stamps "$base/stamps" 100 || true
    sleep 1
    children=$(runsv_pids "$TREE")
    dir_before=$(switches "$TREE")
    sv_before=$(switches $children)
    sleep "$IDLE_SECONDS"
    echo "$(($(switches "$TREE") - dir_before)) $(($(switches $children) - sv_before))"
    stop_tree "$TREE"
}

# tree_running KIND BASE N: N services in BASE/dir, started by a runsvdir
# of KIND (TREE is its pid); prints the microseconds until all of them run.
tree_running() {
    mkdir -p "$2/dir" "$2/stamps"
    n=0
    while [ $n -lt "$3" ]; do service "$2/dir/s$n"; n=$((n + 1)); done
    sync
    sleep 1
    start=$(date +%s%N)
    start_tree "$1" "$2/dir" "$2/stamps"
    "$work/helper" count "$2/stamps" "$3" "$start" || echo -1
}

# bench_tree KIND N: "tree-pss-kB pss-per-runsv uss-per-runsv vmpeak", once
# all N services run
bench_tree() {
    base=$work/tree-$1-$2
    tree_running "$1" "$base" "$2" > /dev/null
    sleep 1
    children=$(runsv_pids "$TREE")
    tree_pss=$(for pid in "$TREE" $children; do field "/proc/$pid/smaps_rollup" Pss; done |
        awk '{ s += $1 } END { print s }')
    dir_pss=$(field "/proc/$TREE/smaps_rollup" Pss)
    uss=$(for pid in $children; do
            awk '/^Private_(Clean|Dirty):/ { s += $2 } END { print s }' "/proc/$pid/smaps_rollup"
        done | awk '{ s += $1 } END { if (NR) printf "%.1f", s / NR; else print "-" }')
    peak=$(for pid in $children; do field "/proc/$pid/status" VmPeak; done | median)
    per=$(awk -v t="$tree_pss" -v d="$dir_pss" -v n="$2" 'BEGIN { printf "%.1f", (t - d) / n }')
    echo "$tree_pss $per $uss $peak"
    stop_tree "$TREE"
}

# start_once KIND TURN: microseconds until MANY services of a fresh tree
# run. Old trees are kept until the end: an ext4 without a journal (this
# project's machines' root) makes inodes several times slower for minutes
# after thousands were deleted, which a boot never sees.
start_once() {
    tree_running "$1" "$work/start-$1-$2" "$MANY"
    stop_tree "$TREE"
}

# bench_start: "ours runit", medians of RUNS starts each, taking turns at
# going first.
bench_start() {
    : > "$work/start-ours.us"
    : > "$work/start-runit.us"
    turn=0
    while [ $turn -lt "$RUNS" ]; do
        if [ $((turn % 2)) -eq 0 ]; then kinds="ours runit"; else kinds="runit ours"; fi
        for kind in $kinds; do
            start_once "$kind" "$turn" >> "$work/start-$kind.us"
        done
        turn=$((turn + 1))
    done
    echo "$(median < "$work/start-ours.us") $(median < "$work/start-runit.us")"
}

line() { printf '%-44s %12s %12s %8s\n' "$@"; }
row() { line "$1" "$2" "$3" "$(ratio "$2" "$3")"; }

echo "runsvdir/runsv: ours ($INITBOX) against Debian's runit; medians of $RUNS"
line "figure" ours runit ratio

ours=$(bench_pickup ours); theirs=$(bench_pickup runit)
row "pickup of a new service (ms)" "$(ms "$ours")" "$(ms "$theirs")"
ours=$(bench_restart ours); theirs=$(bench_restart runit)
row "restart after kill -9 of ./run (ms)" "$(ms "$ours")" "$(ms "$theirs")"
ours=$(bench_revive ours); theirs=$(bench_revive runit)
row "runsv restarted after kill -9 of runsv (ms)" "$(ms "$ours")" "$(ms "$theirs")"
ours=$(bench_control ours); theirs=$(bench_control runit)
row "command answered during throttle (ms)" "$(ms "$ours")" "$(ms "$theirs")"

set -- $(bench_idle ours) $(bench_idle runit)
row "wake-ups of runsvdir in ${IDLE_SECONDS} s (100 svc)" "$1" "$3"
row "wake-ups of 100 runsv in ${IDLE_SECONDS} s" "$2" "$4"

set -- $(bench_start)
row "time until $MANY services run (ms)" "$(ms "$1")" "$(ms "$2")"

for n in 1 100 "$MANY"; do
    set -- $(bench_tree ours "$n") $(bench_tree runit "$n")
    row "tree of $n: Pss of runsvdir + runsv (kB)" "$1" "$5"
    row "tree of $n: Pss per runsv (kB)" "$2" "$6"
    row "tree of $n: USS per runsv (kB)" "$3" "$7"
    row "tree of $n: VmPeak of a runsv (kB)" "$4" "$8"
done

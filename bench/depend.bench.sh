#!/bin/sh
# bench/depend.bench.sh - dependencies and readiness against runit's idiom
#
# The graph: 50 services in 5 levels of 10 (l1s0 .. l5s9), each service of
# levels 2-5 needing 2 of the level below (lKsI needs l(K-1)sI and
# l(K-1)s(I+1 mod 10)), and top needing all of level 5. Every service runs
# the same small C program (bench/depend-helper.c), which becomes ready D ms
# after it starts (D = 0 and 20).
#   ours    initbox's runsvdir/runsv/sv; each service has a needs file and
#           notification-fd (the program writes a newline to descriptor 3
#           after D ms); ./run is the program itself
#   runit   Debian's runsvdir/runsv/sv, runit's idiom: ./run begins with
#           `sv start DEP1 DEP2 || exit 1` (SVDIR set to the directory)
#           and a ./check script tests a file the program writes after D ms
# Figures, medians of RUNS fresh trees of each, ours and runit taking turns:
#   plain     for reference, 51 services without dependency files: from
#             starting runsvdir until all of them run
#   start     from starting runsvdir until top's program runs; the floor is
#             the critical path, 6 x D plus 6 process starts (a process
#             start, fork to main of the static program, is measured)
#   rollback  ours only: kill -9 of l1s0's program (up for over a second)
#             until top's program runs again with a new pid (runit has no
#             rollback: there top keeps running; checked once)
#   stop      `sv force-stop` of all 51: until every supervise/status says
#             down, and until sv returns (ours by stop levels, runit's all
#             at once, then its 420 ms polls)
#   idle      context switches (voluntary and not) of runsvdir and of the
#             51 runsv over IDLE seconds once top runs (D = 0), and of a
#             chain of 100 (each needing the one before) under ours
#   memory    USS per runsv (Private_Clean + Private_Dirty of
#             smaps_rollup), 100 services with and without dependency files
# Restart after kill -9 of a plain service is bench/supervise.bench.sh's.
#
# Environment: INITBOX (the static build, bench/run.sh), BENCH_RUNS
# (default 20), BENCH_IDLE_SECONDS (default 60).
set -eu
: "${INITBOX:?INITBOX must name the initbox binary}"
RUNS=${BENCH_RUNS:-20}
IDLE=${BENCH_IDLE_SECONDS:-60}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/depend-bench.XXXXXX)
GROUPS_STARTED=

cleanup() {
    for group in $GROUPS_STARTED; do
        kill -KILL "-$group" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

cc -O2 -static -o "$work/helper" "$here/depend-helper.c" 2>/dev/null ||
    cc -O2 -o "$work/helper" "$here/depend-helper.c"
ln -s "$work/helper" "$work/run"
mkdir -p "$work/ours" "$work/runit"
for name in runsv runsvdir sv; do
    ln -s "$INITBOX" "$work/ours/$name"
    ln -s "/usr/bin/$name" "$work/runit/$name"
done

median() { sort -n | awk '$1 >= 0 { v[++n] = $1 } END { if (n) print v[int((n + 1) / 2)]; else print "-" }'; }
failures() { awk '$1 < 0 { n++ } END { print n + 0 }'; }
ms() { awk -v us="$1" 'BEGIN { if (us == "-" || us < 0) print "-"; else printf "%.1f", us / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.3g", a / b }'; }

# service KIND DIR DEP...: a service of KIND in DIR needing the DEPs.
service() {
    kind=$1 dir=$2
    shift 2
    mkdir -p "$dir"
    if [ "$kind" = ours ]; then
        ln -s "$work/run" "$dir/run"
        echo 3 > "$dir/notification-fd"
        [ $# -eq 0 ] || printf '%s\n' "$@" > "$dir/needs"
    else
        {
            echo '#!/bin/sh'
            [ $# -eq 0 ] || echo "sv start $* || exit 1"
            echo "exec $work/run"
        } > "$dir/run"
        printf '#!/bin/sh\ntest -e ready\n' > "$dir/check"
        chmod 755 "$dir/run" "$dir/check"
    fi
}

# graph KIND DIR: the 51 services.
graph() {
    i=0
    while [ $i -lt 10 ]; do
        service "$1" "$2/l1s$i"
        level=2
        while [ $level -le 5 ]; do
            service "$1" "$2/l${level}s$i" "l$((level - 1))s$i" "l$((level - 1))s$(((i + 1) % 10))"
            level=$((level + 1))
        done
        i=$((i + 1))
    done
    service "$1" "$2/top" l5s0 l5s1 l5s2 l5s3 l5s4 l5s5 l5s6 l5s7 l5s8 l5s9
}

# chain KIND DIR: 100 services, each needing the one before (or none).
chain() {
    service "$1" "$2/c0"
    i=1
    while [ $i -lt 100 ]; do
        service "$1" "$2/c$i" "c$((i - 1))"
        i=$((i + 1))
    done
}

# plain DIR [N]: N (100) services without dependency files.
plain() {
    i=0
    while [ $i -lt "${2:-100}" ]; do
        mkdir -p "$1/p$i"
        ln -s "$work/run" "$1/p$i/run"
        i=$((i + 1))
    done
}

# start_tree KIND DIR STAMPS DELAY: runsvdir of KIND on DIR in its own
# session; TREE is its pid (and process group).
start_tree() {
    mkdir -p "$3"
    PATH=$work/$1:$PATH SVDIR=$2 STAMP_DIR=$3 DELAY_MS=$4 \
        setsid "$work/$1/runsvdir" "$2" </dev/null >/dev/null 2>>"$work/stderr" &
    TREE=$!
    GROUPS_STARTED="$GROUPS_STARTED $TREE"
}

stop_tree() {
    kill -KILL "-$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

runsv_pids() { ps -o pid= --ppid "$1" | tr -d ' '; }
field() { awk -v key="$2:" '$1 == key { print $2 }' "$1"; }

# one_run KIND D TURN: a fresh graph; appends the start, rollback and stop
# times (microseconds) to $work/KIND-D.{start,rollback,stop}.
one_run() {
    base=$work/run-$1-$2-$3
    cp -a "$work/graph-$1" "$base"
    sync
    sleep 0.3
    start=$(date +%s%N)
    start_tree "$1" "$base" "$base.stamps" "$2"
    took=$("$work/helper" wait "$base.stamps/top" -1 "$start")
    echo "$took" >> "$work/$1-$2.start"
    if [ "$took" -lt 0 ]; then
        echo "start: $1 D=$2 turn $3: top did not run within 60 s" >> "$work/notes"
        stop_tree "$TREE"
        return 0
    fi
    if [ "$1" = ours ]; then
        sleep 1.2       # past runsv's one-second restart throttle
        old=$(cat "$base/top/supervise/pid")
        "$work/helper" kill "$base/l1s0" "$base.stamps/top" >> "$work/$1-$2.rollback"
        [ "$(cat "$base/top/supervise/pid")" != "$old" ] ||
            echo "rollback: top kept pid $old" >> "$work/notes"
    elif [ "$3" = 0 ] && [ "$2" = 0 ]; then
        # runit: nothing rolls top back when a dependency dies.
        sleep 1.2
        old=$(cat "$base/top/supervise/pid")
        kill -KILL "$(cat "$base/l1s0/supervise/pid")"
        sleep 1.5
        if [ "$(cat "$base/top/supervise/pid")" = "$old" ]; then
            echo yes > "$work/runit-top-kept"
        else
            echo no > "$work/runit-top-kept"
        fi
    fi
    sleep 0.5
    "$work/helper" stop "$work/$1/sv" "$base"/* >> "$work/$1-$2.stop"
    stop_tree "$TREE"
}

# plain_run KIND TURN: 51 services without dependency files; appends the
# time until all run to $work/KIND.plain.
plain_run() {
    base=$work/plain-$1-$2
    cp -a "$work/plain51" "$base"
    sync
    sleep 0.3
    start=$(date +%s%N)
    start_tree "$1" "$base" "$base.stamps" 0
    "$work/helper" count "$base.stamps" 51 "$start" >> "$work/$1.plain"
    stop_tree "$TREE"
}

# until_stamp STAMPS NAME: wait until NAME's program has started.
until_stamp() { "$work/helper" wait "$1/$2" -1 0 > /dev/null; }

switches() {
    total=0
    for pid in "$@"; do
        total=$((total + $(field "/proc/$pid/status" voluntary_ctxt_switches) +
            $(field "/proc/$pid/status" nonvoluntary_ctxt_switches)))
    done
    echo $total
}

uss() {
    for pid in "$@"; do
        awk '/^Private_(Clean|Dirty):/ { s += $2 } END { print s }' "/proc/$pid/smaps_rollup"
    done | awk '{ s += $1 } END { if (NR) printf "%.1f", s / NR; else print "-" }'
}

graph runit "$work/graph-runit"
graph ours "$work/graph-ours"
plain "$work/plain51" 51

echo "dependencies: ours ($INITBOX) against Debian's runit with sv start and ./check; medians of $RUNS"
spawn=$("$work/helper" spawn 101)
echo "process start (fork to main of the static program): $spawn us"

line() { printf '%-48s %11s %11s %8s\n' "$@"; }
line "figure" ours runit ratio
turn=0
while [ $turn -lt "$RUNS" ]; do
    if [ $((turn % 2)) -eq 0 ]; then kinds="ours runit"; else kinds="runit ours"; fi
    for kind in $kinds; do plain_run "$kind" "$turn"; done
    turn=$((turn + 1))
done
ours=$(median < "$work/ours.plain")
theirs=$(median < "$work/runit.plain")
line "51 services without dependencies: all run (ms)" "$(ms "$ours")" "$(ms "$theirs")" "$(ratio "$ours" "$theirs")"
for d in 0 20; do
    for kind in ours runit; do
        : > "$work/$kind-$d.start"
        : > "$work/$kind-$d.rollback"
        : > "$work/$kind-$d.stop"
    done
    turn=0
    while [ $turn -lt "$RUNS" ]; do
        if [ $((turn % 2)) -eq 0 ]; then kinds="ours runit"; else kinds="runit ours"; fi
        for kind in $kinds; do one_run "$kind" "$d" "$turn"; done
        turn=$((turn + 1))
    done
    ours=$(median < "$work/ours-$d.start")
    theirs=$(median < "$work/runit-$d.start")
    floor=$(awk -v d="$d" -v s="$spawn" 'BEGIN { printf "%.1f", 6 * d + 6 * s / 1000 }')
    line "ordered start, D=$d: runsvdir to top (ms)" "$(ms "$ours")" "$(ms "$theirs")" "$(ratio "$ours" "$theirs")"
    line "  floor: 6 x $d ms + 6 process starts (ms)" "$floor" "$floor" ""
    line "  ours / floor, runit / floor" "$(ratio "$(ms "$ours")" "$floor")" "$(ratio "$(ms "$theirs")" "$floor")" ""
    line "rollback and restore, D=$d: kill -9 l1s0 (ms)" "$(ms "$(median < "$work/ours-$d.rollback")")" "-" ""
    ours=$(cut -d' ' -f1 "$work/ours-$d.stop" | median)
    theirs=$(cut -d' ' -f1 "$work/runit-$d.stop" | median)
    line "sv force-stop of 51, D=$d: all down (ms)" "$(ms "$ours")" "$(ms "$theirs")" "$(ratio "$ours" "$theirs")"
    ours=$(cut -d' ' -f2 "$work/ours-$d.stop" | median)
    theirs=$(cut -d' ' -f2 "$work/runit-$d.stop" | median)
    line "  sv returns (ms)" "$(ms "$ours")" "$(ms "$theirs")" "$(ratio "$ours" "$theirs")"
    for file in "$work"/*-$d.start "$work"/*-$d.rollback "$work"/*-$d.stop; do
        n=$(tr ' ' '\n' < "$file" | failures)
        [ "$n" = 0 ] || echo "  $(basename "$file"): $n of $RUNS runs timed out (60 s)"
    done
done
[ ! -e "$work/runit-top-kept" ] ||
    echo "runit: after kill -9 of l1s0, top kept running (same pid): $(cat "$work/runit-top-kept")"
[ ! -e "$work/notes" ] || sed 's/^/  note: /' "$work/notes"

# Idle: the graph under both, a chain of 100 under ours, one window.
# counts PID: "runsvdir-switches runsv-switches runsv-count" now.
counts() {
    children=$(runsv_pids "$1" | tr '\n' ' ')
    echo "$(switches "$1") $(switches $children) $(echo $children | wc -w)"
}
graph ours "$work/idle-graph-ours"
graph runit "$work/idle-graph-runit"
chain ours "$work/idle-chain-ours"
start_tree ours "$work/idle-graph-ours" "$work/idle-graph-ours.stamps" 0
graph_ours=$TREE
start_tree runit "$work/idle-graph-runit" "$work/idle-graph-runit.stamps" 0
graph_runit=$TREE
start_tree ours "$work/idle-chain-ours" "$work/idle-chain-ours.stamps" 0
chain_ours=$TREE
until_stamp "$work/idle-graph-ours.stamps" top
until_stamp "$work/idle-graph-runit.stamps" top
until_stamp "$work/idle-chain-ours.stamps" c99
sleep 1
before="$(counts $graph_ours) $(counts $graph_runit) $(counts $chain_ours)"
sleep "$IDLE"
set -- $before $(counts $graph_ours) $(counts $graph_runit) $(counts $chain_ours)
line "wake-ups of runsvdir in $IDLE s (graph of 51)" $((${10} - $1)) $((${13} - $4)) ""
line "wake-ups of the $3 / $6 runsv in $IDLE s" $((${11} - $2)) $((${14} - $5)) ""
line "wake-ups of $9 runsv in $IDLE s (chain of 100)" $((${17} - $8)) "-" ""
[ "$3 $6 $9" = "${12} ${15} ${18}" ] ||
    echo "  note: runsv came or went during the window ($3 $6 $9, then ${12} ${15} ${18})"
for tree in $graph_ours $graph_runit $chain_ours; do stop_tree "$tree"; done

# Memory: 100 services with and without dependency files.
memory() {
    start_tree "$1" "$2" "$2.stamps" 0
    until_stamp "$2.stamps" "$3"
    sleep 1
    uss $(runsv_pids "$TREE")
    stop_tree "$TREE"
}
plain "$work/mem-plain-ours"
plain "$work/mem-plain-runit"
chain ours "$work/mem-chain-ours"
ours=$(memory ours "$work/mem-plain-ours" p99)
theirs=$(memory runit "$work/mem-plain-runit" p99)
line "USS per runsv, 100 plain services (kB)" "$ours" "$theirs" "$(ratio "$ours" "$theirs")"
ours=$(memory ours "$work/mem-chain-ours" c99)
line "USS per runsv, chain of 100 with needs (kB)" "$ours" "-" ""

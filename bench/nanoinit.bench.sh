#!/bin/sh
# bench/nanoinit.bench.sh - nanoinit beside tini, tini-static, dumb-init
# and catatonit (those installed), each as PID 1 of a new PID namespace:
#
#   memory     VmRSS, Pss and VmPeak of PID 1, idle, its command sleeping
#   wake-ups   context switches of PID 1 in 3 idle seconds (goal: 0)
#   orphans    10,000 orphans, 1,000 at a time, exit together: the
#              milliseconds PID 1 takes to reap them (from their release
#              until PID 1 has no child left but the main process), and
#              the seconds to make and reap them all (median of 3 runs
#              each), with the ratios to a bare PID 1 that only loops on
#              wait()
#   latency    median microseconds for SIGUSR1 sent to PID 1 to come back
#              forwarded to the main process (2,000 round trips, median
#              of 3 runs)
#
# INITBOX is the binary measured (bench/run.sh: the static build).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
INITBOX=${INITBOX:-$top/build/static/initbox}
ORPHANS=${ORPHANS:-10000}
ROUNDS=${ROUNDS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

cc -O2 -o "$work/helper" "$top/bench/nanoinit-helper.c"
ln -s "$INITBOX" "$work/nanoinit"
# No startup files, hooks, runsvdir or environment directory: the
# comparison is of the PID 1 duties the others have too.
NANOINIT_STARTUP_DIRS=$work/none NANOINIT_RC_LOCAL= NANOINIT_ENV_DIR=
NANOINIT_SERVICE_DIR=$work/none NANOINIT_PRE_SHUTDOWN_DIRS=$work/none
NANOINIT_POST_SHUTDOWN_DIRS=$work/none
export NANOINIT_STARTUP_DIRS NANOINIT_RC_LOCAL NANOINIT_ENV_DIR NANOINIT_SERVICE_DIR \
    NANOINIT_PRE_SHUTDOWN_DIRS NANOINIT_POST_SHUTDOWN_DIRS

# prefix NAME: how program NAME runs a command as PID 1 ("" if absent).
prefix() {
    case $1 in
        nanoinit) echo "$work/nanoinit -q --" ;;
        nanoinit+env) echo "env NANOINIT_ENV_DIR=$work/env $work/nanoinit -q --" ;;
        tini|tini-static) [ -x "/usr/bin/$1" ] && echo "/usr/bin/$1 --" ;;
        catatonit) [ -x /usr/bin/catatonit ] && echo "/usr/bin/catatonit --" ;;
        dumb-init) [ -x /usr/bin/dumb-init ] && echo /usr/bin/dumb-init ;;
        bare) echo "$work/helper reaper" ;;
    esac
}
programs=
for name in nanoinit nanoinit+env tini tini-static dumb-init catatonit; do
    [ -n "$(prefix "$name")" ] && programs="$programs $name"
done
mkdir -p "$work/env"

pid1_of() {
    child=$(cat "/proc/$1/task/$1/children" 2>/dev/null || true)
    echo "${child%% *}"
}

field() { awk -v name="$1:" '$1 == name { print $2 }' "$2"; }

# memory NAME: "RSS Pss VmPeak wake-ups" of PID 1 running sleep.
memory() {
    unshare --pid --fork --mount-proc $(prefix "$1") sleep 1000 </dev/null >/dev/null 2>&1 &
    ns=$!
    pid=
    while [ -z "$pid" ]; do sleep 0.1; pid=$(pid1_of "$ns"); done
    sleep 1
    before=$(( $(field voluntary_ctxt_switches "/proc/$pid/status") \
        + $(field nonvoluntary_ctxt_switches "/proc/$pid/status") ))
    sleep 3
    after=$(( $(field voluntary_ctxt_switches "/proc/$pid/status") \
        + $(field nonvoluntary_ctxt_switches "/proc/$pid/status") ))
    echo "$(field VmRSS "/proc/$pid/status") $(field Pss "/proc/$pid/smaps_rollup")" \
        "$(field VmPeak "/proc/$pid/status") $((after - before))"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$ns" 2>/dev/null || true
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# orphan_run PREFIX...: "REAP-MS SECONDS" of one orphans run.
orphan_run() {
    start=$(date +%s%N)
    reap=$(unshare --pid --fork --mount-proc "$@" "$work/helper" orphans "$ORPHANS" \
        </dev/null 2>/dev/null || true)
    end=$(date +%s%N)
    echo "$reap $start $end" | awk '{ printf "%s %.2f\n", $1, ($3 - $2) / 1e9 }'
}

echo "PID 1 programs: $programs (and a bare wait() loop)"
echo "orphans: $ORPHANS, rounds: $ROUNDS"
: >"$work/times"
round=0
while [ "$round" -lt "$ROUNDS" ]; do
    for name in bare $programs; do
        [ "$name" = nanoinit+env ] && continue
        echo "$name $(orphan_run $(prefix "$name"))" >>"$work/times"
    done
    round=$((round + 1))
done
# orphan_time NAME COLUMN: the median of that column of NAME's runs.
orphan_time() { awk -v name="$1" -v column="$2" '$1 == name { print $column }' "$work/times" | median; }
ratio() { echo "$1 $2" | awk '{ printf "%.2f", $1 / $2 }'; }
bare_reap=$(orphan_time bare 2)
bare_total=$(orphan_time bare 3)

format='%-13s %6s %6s %7s %6s %8s %6s %7s %6s %8s\n'
printf "\n$format" "" RSS Pss VmPeak wake- "reap" "x" "make+" "x" signal
printf "$format" program kB kB kB ups ms bare "reap s" bare "us"
printf "$format" bare - - - - "$bare_reap" 1.00 "$bare_total" 1.00 -
for name in $programs; do
    set -- $(memory "$name")
    reap=- reap_ratio=- total=- total_ratio=- latency=-
    if [ "$name" != nanoinit+env ]; then
        reap=$(orphan_time "$name" 2)
        reap_ratio=$(ratio "$reap" "$bare_reap")
        total=$(orphan_time "$name" 3)
        total_ratio=$(ratio "$total" "$bare_total")
        latency=$(for i in 1 2 3; do
            unshare --pid --fork --mount-proc $(prefix "$name") "$work/helper" latency 2000 \
                </dev/null 2>/dev/null || true
        done | median)
    fi
    printf "$format" "$name" "$1" "$2" "$3" "$4" "$reap" "$reap_ratio" "$total" \
        "$total_ratio" "$latency"
done
echo
echo "nanoinit+env: the same with an environment directory (my_init's"
echo "/etc/container_environment): import, files and dumps."

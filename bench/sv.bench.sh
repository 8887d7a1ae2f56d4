#!/bin/sh
# bench/sv.bench.sh - `sv status` over 1000 supervised services: ours
# against Debian's /usr/bin/sv, alternating, in one run.
#
# Debian's runsvdir supervises the services (1000 runsv, 1000 sleep); all
# of them live in one process group that is killed on exit, whatever
# happens. Environment: INITBOX (binary under test), SERVICES (1000),
# ROUNDS (21).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
INITBOX=${INITBOX:-$top/build/static/initbox}
services=${SERVICES:-1000}
rounds=${ROUNDS:-21}

tmp=$(mktemp -d /tmp/sv-bench.XXXXXX)
group=
cleanup() {
    [ -z "$group" ] || kill -s KILL -- "-$group" 2>/dev/null || :
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

mkdir "$tmp/service"
i=0
while [ "$i" -lt "$services" ]; do
    mkdir "$tmp/service/s$i"
    printf '#!/bin/sh\nexec sleep 100000\n' > "$tmp/service/s$i/run"
    chmod 755 "$tmp/service/s$i/run"
    i=$((i + 1))
done
ln -s "$INITBOX" "$tmp/sv"

setsid /usr/bin/runsvdir "$tmp/service" </dev/null >/dev/null 2>&1 &
group=$!

# Wait (at most 120 s) until every service runs.
waited=0
while :; do
    running=$(cat "$tmp"/service/*/supervise/stat 2>/dev/null | grep -c '^run$' || :)
    [ "$running" -lt "$services" ] || break
    waited=$((waited + 1))
    if [ "$waited" -gt 1200 ]; then
        echo "only $running of $services services came up" >&2
        exit 1
    fi
    sleep 0.1
done

names=$(cd "$tmp/service" && ls)
export SVDIR="$tmp/service"

# elapsed PROGRAM: microseconds of one `PROGRAM status` over all services,
# the mean of $batch runs in a row (so that starting `date` weighs little).
batch=5
elapsed() {
    start=$(date +%s%N)
    run=0
    while [ "$run" -lt "$batch" ]; do
        # shellcheck disable=SC2086
        "$1" status $names >/dev/null || :
        run=$((run + 1))
    done
    end=$(date +%s%N)
    echo $(((end - start) / 1000 / batch))
}

# The outputs must agree (up to the seconds, which may tick in between).
"$tmp/sv" status $names | sed 's/ [0-9]*s$//' > "$tmp/ours.txt" || :
/usr/bin/sv status $names | sed 's/ [0-9]*s$//' > "$tmp/theirs.txt" || :
if ! cmp -s "$tmp/ours.txt" "$tmp/theirs.txt"; then
    echo "outputs differ:" >&2
    diff "$tmp/ours.txt" "$tmp/theirs.txt" | head >&2
    exit 1
fi

: > "$tmp/ours"
: > "$tmp/theirs"
round=0
while [ "$round" -lt "$rounds" ]; do
    elapsed "$tmp/sv" >> "$tmp/ours"
    elapsed /usr/bin/sv >> "$tmp/theirs"
    round=$((round + 1))
done

median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ours=$(median "$tmp/ours")
theirs=$(median "$tmp/theirs")
echo "sv status, $services running services, median of $rounds samples of $batch runs:"
awk -v o="$ours" -v t="$theirs" 'BEGIN {
    printf "  initbox sv  %8.2f ms\n", o / 1000
    printf "  runit sv    %8.2f ms\n", t / 1000
    printf "  ratio (initbox / runit) %.2f\n", o / t
}'

#!/bin/sh
# bench/run.sh - run every benchmark bench/*.bench.sh against the static build
#
# Each benchmark measures initbox side by side with its reference (runit,
# tini, ...) in the same run and prints medians and ratios. Set BENCH to
# a space-separated list of names (e.g. BENCH="size svlogd") to run a few.
# Missing Debian packages are installed first (scripts/deps.sh).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
# The programs compared with: runit, tini, dumb-init, catatonit.
sh scripts/deps.sh build test bench
make -s STATIC=1
INITBOX=${INITBOX:-$top/build/static/initbox}
export INITBOX
for script in bench/*.bench.sh; do
    name=$(basename "$script" .bench.sh)
    case " ${BENCH:-$name} " in *" $name "*) ;; *) continue ;; esac
    echo "== $name"
    sh "$script"
    echo
done

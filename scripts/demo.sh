#!/bin/sh
# scripts/demo.sh - show initbox working, in a throwaway directory
#
# Run by "make demo" (which builds first). Everything happens under a
# temporary directory that is removed at the end; nothing on the host is
# touched. Parts that need root are skipped, with a note, without it.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
INITBOX=${INITBOX:-$top/build/initbox}
demo=$(mktemp -d "${TMPDIR:-/tmp}/initbox-demo.XXXXXX")
tree=
# A supervision tree still running (the demo stopped half-way) is ended
# by killing its unshare, which kills its nanoinit (--kill-child), which
# as PID 1 of its namespace takes everything in it along. Should this
# shell die without its traps, the kernel kills that unshare
# (setpriv --pdeathsig).
cleanup() {
    if [ -n "$tree" ]; then
        kill -KILL "$tree" 2>/dev/null || true
        wait "$tree" 2>/dev/null || true
    fi
    rm -rf "$demo"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }
has() { "$INITBOX" --list | grep -qx "$1"; }
is_root() { [ "$(id -u)" = 0 ]; }

# The size README quotes is the static musl build's (make STATIC=1); the
# demo runs whichever build it was given and says which.
if file -L "$INITBOX" 2>/dev/null | grep -q 'statically linked'; then
    kind="static"
else
    kind="glibc build; README quotes the static one of make STATIC=1"
fi
say "one binary, $(stat -c %s "$INITBOX") bytes ($kind), answering to these names"
"$INITBOX" --list | paste -sd' '

say "a busybox-style symlink farm in a root file system"
mkdir -p "$demo/root/bin"
cp "$INITBOX" "$demo/root/bin/initbox"
run "$demo/root/bin/initbox" --install -s "$demo/root"
(cd "$demo/root" && find . -type l | sort | head -n 5 | while read -r link; do
    echo "  $link -> $(readlink "$link")"; done)
PATH=$demo/root/usr/bin:$demo/root/usr/sbin:$demo/root/sbin:$PATH
export PATH

# status_has SERVICE TEXT: sv status SERVICE mentions TEXT.
status_has() { sv status "$1" 2>/dev/null | grep -q "$2"; }
# wait_until TENTHS CMD...: poll CMD every 0.1 s, give up after TENTHS.
wait_until() {
    n=$1
    shift
    until "$@"; do
        [ "$n" -gt 0 ] || { echo "demo: gave up waiting for: $*" >&2; return 1; }
        n=$((n - 1))
        sleep 0.1
    done
}

on_our_death=
! command -v setpriv >/dev/null || on_our_death="setpriv --pdeathsig KILL"
# start_tree DIR: nanoinit as PID 1 of a new PID namespace, supervising
# the services of DIR/service, its other directories empty; its pid (that
# of unshare) in $tree.
start_tree() {
    mkdir -p "$1/service" "$1/none"
    NANOINIT_SERVICE_DIR=$1/service NANOINIT_STARTUP_DIRS=$1/none \
    NANOINIT_RC_LOCAL=$1/none/rc.local NANOINIT_ENV_DIR=$1/env \
    NANOINIT_PRE_SHUTDOWN_DIRS=$1/none NANOINIT_POST_SHUTDOWN_DIRS=$1/none \
        $on_our_death unshare --pid --fork --kill-child --mount-proc nanoinit &
    tree=$!
}
# is_supervised SERVICE: a runsv supervises $SVDIR/SERVICE.
is_supervised() { sv status "$1" 2>/dev/null | grep -Eq '^(down|run|finish): '; }

if has nanoinit && has runsvdir && has runsv && has sv && has svlogd \
    && is_root && command -v unshare >/dev/null; then
    say "a supervision tree: nanoinit as PID 1 of a new PID namespace"
    cp -R "$top/examples/hello" "$top/examples/crasher" "$demo/root/" 2>/dev/null
    mkdir -p "$demo/service"
    mv "$demo/root/hello" "$demo/root/crasher" "$demo/service/"
    SVDIR=$demo/service
    export SVDIR
    start_tree "$demo"
    wait_until 100 status_has hello '^run: hello: .*; run: log:'
    wait_until 100 status_has crasher '^run: crasher'
    run sv status hello crasher
    first=$(sv status crasher | sed -n 's/.*(pid \([0-9]*\)).*/\1/p')
    echo "  (crasher crashes every second; runsv starts it again)"
    wait_until 60 eval '! status_has crasher "(pid $first)" && status_has crasher "^run:"'
    run sv status crasher
    run sv restart hello
    run sv stop hello
    run sv status hello
    echo "  hello's log, kept by svlogd:"
    sed 's/^/    /' "$demo/service/hello/log/main/current" | head -n 4
    run sv start hello
    say "shutting down: TERM to PID 1 stops every service through runsv's x"
    nanoinit_pid=$(pgrep -P "$tree" | head -n 1)
    run kill -TERM "$nanoinit_pid"
    wait "$tree" && echo "  nanoinit exited 0" || echo "  nanoinit exited $?"
    tree=
    left=$(pgrep -f "$demo" | grep -v "^$$\$" || true)
    [ -z "$left" ] && echo "  no process left behind" || echo "  still running: $left"
fi

if has nanoinit && has runsvdir && has runsv && has sv \
    && is_root && command -v unshare >/dev/null; then
    say "dependencies and readiness: db says when it is ready, app needs db and cache, web comes after app"
    cp -R "$top/examples/deps" "$demo/deps"
    (cd "$demo/deps" && for service in db cache app web; do
        printf '  %-6s' "$service:"; for file in needs after notification-fd; do
            [ -e "$service/$file" ] && printf ' %s: %s' "$file" "$(grep -v '^#' "$service/$file" | paste -sd' ')"
        done; echo; done)
    SVDIR=$demo/deps/service
    export SVDIR
    start_tree "$demo/deps"
    echo "  (enabling db, cache and app together; app waits until both are ready)"
    for service in db cache app; do ln -s "../$service" "$SVDIR/$service"; done
    wait_until 100 is_supervised app
    echo "  (then web: it waits while app is wanted up and not ready)"
    ln -s ../web "$SVDIR/web"
    wait_until 100 is_supervised web
    run sv status app cache db web
    run sv -w 10 start db
    run sv -w 10 start web
    run sv status app cache db web
    say "roll back and restore: app stops while db is down, and comes back with it"
    run sv down db
    wait_until 100 status_has app 'waiting: needs db'
    run sv status app db web
    run sv -w 10 up db
    run sv -w 10 start app
    say "an ordered stop: dependents first, lines in argument order"
    run sv force-stop app cache db web
    nanoinit_pid=$(pgrep -P "$tree" | head -n 1)
    kill -TERM "$nanoinit_pid"
    wait "$tree" && echo "  nanoinit exited 0" || echo "  nanoinit exited $?"
    tree=
    left=$(pgrep -f "$demo" | grep -v "^$$\$" || true)
    [ -z "$left" ] && echo "  no process left behind" || echo "  still running: $left"
fi

if has chpst; then
    say "chpst: an envdir, limits and a nice value for a program"
    mkdir "$demo/env"
    echo "hello from an envdir" > "$demo/env/GREETING"
    : > "$demo/env/HOME"
    run chpst -e "$demo/env" -o 64 -n 5 sh -c \
        'echo "$GREETING; HOME=${HOME-unset}; open files: $(ulimit -n); nice: $(nice)"'
    if is_root; then
        run chpst -u nobody:nogroup sh -c 'echo "now running as $(id -un):$(id -gn)"'
        run setuidgid nobody id
    fi
    say "setlock: runit's does not wait for a held lock unless given -n"
    chpst -L "$demo/lock" sleep 2 &
    holder=$!
    while ! [ -e "$demo/lock" ] || flock -n "$demo/lock" true 2>/dev/null; do sleep 0.05; done
    run setlock "$demo/lock" echo "never printed" || echo "  (exit $?: the lock is held)"
    run setlock -n "$demo/lock" echo "printed once the lock was free"
    wait "$holder"
fi

if has utmpset && is_root && command -v unshare >/dev/null; then
    say "utmpset: log out tty5 in a private /var/run/utmp"
    mkdir "$demo/run"
    # One glibc utmp record: USER_PROCESS on tty5 for "alice".
    { printf '\007\000\000\000\071\060\000\000tty5'; head -c 28 /dev/zero
      printf '5\000\000\000alice'; head -c 283 /dev/zero
      head -c 52 /dev/zero; } > "$demo/run/utmp"
    unshare --mount --propagation private sh -c '
        mount --bind "$1/run" /run && mount --bind "$1/run" /var/log || exit 1
        printf "$ utmpset -w tty5\n"; utmpset -w tty5 && echo "  exit 0"
        printf "$ utmpset tty5\n"; utmpset tty5 || echo "  exit $?"' sh "$demo"
    echo "  wtmp now holds $(($(stat -c %s "$demo/run/wtmp") / 384)) logout record"
fi

say "done: everything ran in $demo, now removed"

# tests/lib.sh - helpers shared by the shunit2 suites (sourced first)
#
# INITBOX names the binary under test (make check sets it). With
# INITBOX_REFERENCE=1 the compatibility tests run Debian's runit programs
# instead, to prove they assert runit's real behaviour.

# Suites live in tests/ (make check) and in tests/faults/ and tests/soak/
# (make check-faults, make soak); TESTS_DIR is tests/ for all of them.
TESTS_DIR=$(cd "$(dirname "$0")" && pwd)
[ -f "$TESTS_DIR/lib.sh" ] || TESTS_DIR=${TESTS_DIR%/*}
TOP=$(cd "$TESTS_DIR/.." && pwd)
: "${INITBOX:=$TOP/build/initbox}"
: "${INITBOX_REFERENCE:=}"
export INITBOX INITBOX_REFERENCE
STARTED_PIDS=

# Debian's runit program for an applet name (chpst's personalities are
# chpst under another name, as runit installs them nowhere).
reference_program() {
    case $1 in
        utmpset|runsvchdir) echo "/usr/sbin/$1" ;;
        runit) echo /sbin/runit ;;
        runit-init|init) echo /lib/runit/runit-init ;;
        envdir|envuidgid|pgrphack|setuidgid|setlock|softlimit) echo /usr/bin/chpst ;;
        *) echo "/usr/bin/$1" ;;
    esac
}

# The directory of links NAME -> program under test, made on first use
# (inside SHUNIT_TMPDIR, which shunit2 removes at the end).
applet_bin() {
    bin=$SHUNIT_TMPDIR/bin
    if [ ! -d "$bin" ]; then
        mkdir -p "$bin"
        if [ -n "$INITBOX_REFERENCE" ]; then
            for name in chpst envdir envuidgid pgrphack setuidgid setlock \
                        softlimit utmpset runsv runsvdir runsvchdir sv svlogd runit runit-init init; do
                ln -s "$(reference_program "$name")" "$bin/$name"
            done
        else
            for name in $("$INITBOX" --list); do
                ln -s "$INITBOX" "$bin/$name"
            done
        fi
    fi
    echo "$bin"
}

# reachable_dir: $reachable, a new directory that every user can reach
# (mode 0755, in /tmp whatever TMPDIR says), for what a test runs as
# another user: the checkout may be in /root (mode 0700 on Debian), and
# shunit2's SHUNIT_TMPDIR is private too. remove_reachable_dirs (call it
# in tearDown) removes every one made.
REACHABLE_DIRS=
reachable_dir() {
    reachable=$(mktemp -d /tmp/initbox-test.XXXXXX) || return 1
    chmod 755 "$reachable"
    REACHABLE_DIRS="$REACHABLE_DIRS $reachable"
}

remove_reachable_dirs() {
    for reachable in $REACHABLE_DIRS; do
        rm -rf "$reachable"
    done
    REACHABLE_DIRS=
}

# reachable_applet_bin: $reachable_bin, applet_bin's farm in a new
# reachable_dir, its links to a copy of the program under test there (in
# reference mode to Debian's programs, which every user reaches).
reachable_applet_bin() {
    reachable_dir || return 1
    reachable_bin=$reachable/bin
    mkdir "$reachable_bin"
    if [ -n "$INITBOX_REFERENCE" ]; then
        cp -P "$(applet_bin)"/* "$reachable_bin/"
    else
        cp "$INITBOX" "$reachable/initbox"
        for name in $("$INITBOX" --list); do
            ln -s ../initbox "$reachable_bin/$name"
        done
    fi
}

# applet NAME ARGS...: run applet NAME, argv[0] = NAME's path in the farm.
applet() {
    name=$1
    shift
    "$(applet_bin)/$name" "$@"
}

# True when the program under test has applet NAME.
applet_enabled() {
    if [ -n "$INITBOX_REFERENCE" ]; then
        [ -x "$(reference_program "$1")" ]
    else
        "$INITBOX" --list 2>/dev/null | grep -qx "$1"
    fi
}

# In reference mode, skip the rest of an initbox-only test:
#   test_x() { initbox_only || return 0; ... }
# scripts/run-tests.sh counts the "skipped:" lines.
initbox_only() {
    [ -z "$INITBOX_REFERENCE" ] && return 0
    echo "skipped: ${_shunit_test_:-test}: initbox only"
    startSkipping
    return 1
}

# make_service DIR SCRIPT: a service directory whose run script is SCRIPT.
make_service() {
    mkdir -p "$1"
    printf '#!/bin/sh\n%s\n' "$2" > "$1/run"
    chmod 755 "$1/run"
}

# start_bg CMD...: run CMD in the background in its own process group;
# stop_started kills every group started so (call it in tearDown). CMD
# may be "applet NAME ARGS...".
start_bg() {
    if [ "$1" = applet ]; then
        shift
        name=$1
        shift
        set -- "$(applet_bin)/$name" "$@"
    fi
    setsid "$@" &
    STARTED_PIDS="$STARTED_PIDS $!"
    BG_PID=$!
}

stop_started() {
    for pid in $STARTED_PIDS; do
        kill -TERM "-$pid" 2>/dev/null
        kill -CONT "-$pid" 2>/dev/null
    done
    for pid in $STARTED_PIDS; do
        wait_for 30 not_alive "$pid" || kill -KILL "-$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    STARTED_PIDS=
}

not_alive() { ! kill -0 "$1" 2>/dev/null; }

# wait_for TENTHS CMD...: poll CMD every 0.1 s until it succeeds (0) or
# TENTHS tenths of a second have passed (1). TENTHS only bounds a hang:
# on a machine busy with other work what takes a moment may take many
# seconds, so the suites wait 30 s (300) for what should come at once.
wait_for() {
    tenths=$1
    shift
    while ! "$@"; do
        [ "$tenths" -gt 0 ] || return 1
        tenths=$((tenths - 1))
        sleep 0.1
    done
    return 0
}

# Shell text for a script: prints when the process running it ($$) was
# forked, in clock ticks since boot. A time a script reads later (date)
# is shifted by however long the exec took on a busy machine.
fork_ticks_of_self='sed "s/.*) //" /proc/$$/stat | cut -d" " -f20'

# starts_spaced FILE: every fork time in FILE (fork_ticks_of_self) at
# least 0.9 s after the one before: a lower bound, which a slow machine
# cannot break.
starts_spaced() {
    awk -v hz="$(getconf CLK_TCK)" '
        NR > 1 && ($1 - last) / hz < 0.9 { bad = 1 } { last = $1 } END { exit bad }' "$1"
}

# is_idle PID: PID sleeps in poll(2) or select(2), waiting for events:
# a positive sign that it is done with what it was doing (a fixed sleep
# is no sign on a busy machine).
is_idle() {
    [ "$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null)" = S ] &&
        grep -q 'poll\|select' "/proc/$1/wchan" 2>/dev/null
}

# leftover_pids DIR: the live processes working below DIR (a directory in
# SHUNIT_TMPDIR) or naming it in their arguments, with their descendants
# (a process in another mount namespace may show neither).
leftover_pids() {
    # Only a directory inside this suite's own: an empty DIR (tearDown
    # runs once more at exit) would name every process there is.
    [ -n "${SHUNIT_TMPDIR:-}" ] || return 0
    case $1 in "$SHUNIT_TMPDIR"/?*) ;; *) return 0 ;; esac
    set -- $({ find /proc/[0-9]*/cwd -maxdepth 0 \
                   \( -lname "$1" -o -lname "$1/*" -o -lname "$1 *" \)
               grep -lF "$1" /proc/[0-9]*/cmdline; } 2>/dev/null | cut -d/ -f3)
    while [ $# -gt 0 ]; do
        echo "$1"
        set -- "$@" $(cat "/proc/$1/task/"*/children 2>/dev/null)
        shift
    done | sort -u
}

# no_leftovers DIR: for tearDown, after the test's own clean-up: fail the
# test if processes of DIR outlive a wait (a hang's bound), and kill them.
no_leftovers() {
    leftover_dir=$1
    wait_for 300 eval '[ -z "$(leftover_pids "$leftover_dir")" ]' && return 0
    left=$(leftover_pids "$1")
    endSkipping
    fail "processes left behind: $(ps -o pid=,args= -p "$(echo $left | tr ' ' ,)" | tr -s ' \n' ' ')"
    kill -KILL $left 2>/dev/null
}

# in_pid_namespace CMD...: CMD as PID 1 of a new PID namespace with its
# own /proc (and so its own mount namespace).
in_pid_namespace() {
    unshare --pid --fork --mount-proc "$@"
}

# in_mount_namespace CMD...: CMD in a private mount namespace, where tests
# may mount over /run, /var/log or /etc without touching the host.
in_mount_namespace() {
    unshare --mount --propagation private "$@"
}

# The file's permission bits in octal, e.g. 644.
file_mode() { stat -c %a "$1"; }

# assert_file_is FILE FORMAT [ARG...]: FILE holds exactly what
# printf FORMAT ARG... prints, trailing newlines included.
assert_file_is() {
    actual_file=$1
    shift
    # shellcheck disable=SC2059
    printf "$@" > "$SHUNIT_TMPDIR/expected.bytes"
    cmp -s "$SHUNIT_TMPDIR/expected.bytes" "$actual_file"
    assertTrue "expected $(od -c "$SHUNIT_TMPDIR/expected.bytes" | head -n 8) but got $(od -c "$actual_file" | head -n 8)" "$?"
}

# assert_version_then FILE FORMAT [ARG...]: FILE holds a "$Id: ... $"
# version line (runit's or ours), then exactly what printf prints.
assert_version_then() {
    version_file=$1
    shift
    head -n 1 "$version_file" | grep -q '^\$Id: .* \$$'
    assertTrue "version line: $(head -n 1 "$version_file")" "$?"
    tail -n +2 "$version_file" > "$SHUNIT_TMPDIR/after-version"
    assert_file_is "$SHUNIT_TMPDIR/after-version" "$@"
}

#!/bin/sh
# scripts/rootfs.sh - a root file system for FROM scratch container images
#
#   scripts/rootfs.sh [INITBOX [TARBALL]]
#
# INITBOX (default build/static/initbox) must be statically linked. The
# tarball (default build/rootfs.tar) holds /bin/initbox and its symbolic
# links (initbox --install -s), /sbin/nanoinit as the entry point, an
# example service in /etc/service/example (a small static program, from
# scripts/rootfs-example.c), the empty directories my_init-style images
# use, and minimal /etc/passwd and /etc/group. What must be written at
# run time lives in /run, so that the image also runs with a read-only
# root and a tmpfs at /run: the service's supervise/ is a link to
# /run/runit/supervise/example (Debian's layout; runsv makes it) and the
# environment dumps /etc/container_environment.sh and .json are links to
# /run (nanoinit writes through them). A Dockerfile is written next to
# the tarball, with nanoinit's timeouts fitting the 10 s of docker stop
# and podman stop, and a .dockerignore that sends only the tarball:
#
#   FROM scratch
#   ADD rootfs.tar /
#   ENV KILL_PROCESS_TIMEOUT=3 KILL_ALL_PROCESSES_TIMEOUT=2
#   ENTRYPOINT ["/sbin/nanoinit"]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
initbox=${1:-$top/build/static/initbox}
tarball=${2:-$top/build/rootfs.tar}

# The image's entry point is nanoinit, which starts runsvdir and runsv
# for /etc/service; sv is its health probe: a build without them would
# make an image that cannot start.
missing=
for applet in nanoinit runsvdir runsv sv; do
    "$initbox" --list 2>/dev/null | grep -qx "$applet" || missing="$missing $applet"
done
if [ -n "$missing" ]; then
    echo "rootfs.sh: $initbox lacks what the image needs:$missing (enable them: make defconfig, or menuconfig)" >&2
    exit 100
fi
case $(file -L "$initbox" 2>/dev/null) in
    *"statically linked"*|*"static-pie linked"*) ;;
    *) echo "rootfs.sh: $initbox is not a statically linked program (make STATIC=1)" >&2; exit 100 ;;
esac
if command -v musl-gcc >/dev/null; then cc=musl-gcc; else cc=${CC:-cc}; fi

root=$(mktemp -d)
chmod 755 "$root"
trap 'rm -rf "$root"' EXIT INT TERM
mkdir -p "$root/bin" "$root/etc/service/example" "$root/etc/my_init.d" \
    "$root/etc/container_environment" "$root/etc/my_init.pre_shutdown.d" \
    "$root/etc/my_init.post_shutdown.d" "$root/usr/local/bin" \
    "$root/proc" "$root/sys" "$root/dev" "$root/run" "$root/var/log" "$root/tmp"
chmod 1777 "$root/tmp"
cp "$initbox" "$root/bin/initbox"
chmod 755 "$root/bin/initbox"
"$root/bin/initbox" --install -s "$root"

$cc -static -Os -s -o "$root/usr/local/bin/example" "$top/scripts/rootfs-example.c"
# No shell in the image: ./run is the program itself (a link to it).
ln -s /usr/local/bin/example "$root/etc/service/example/run"
ln -s /run/runit/supervise/example "$root/etc/service/example/supervise"
ln -s /run/container_environment.sh "$root/etc/container_environment.sh"
ln -s /run/container_environment.json "$root/etc/container_environment.json"

printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n' \
    >"$root/etc/passwd"
printf 'root:x:0:\ndocker_env:x:8377:\nnogroup:x:65534:\n' >"$root/etc/group"

mkdir -p "$(dirname "$tarball")"
tar --numeric-owner --owner=0 --group=0 -C "$root" -cf "$tarball.tmp" .
mv "$tarball.tmp" "$tarball"
# Worst case of a shutdown without hooks: 2 x 3 + 2 + 2 = 10 s (docs/containers.md).
printf 'FROM scratch\nADD %s /\nENV KILL_PROCESS_TIMEOUT=3 KILL_ALL_PROCESSES_TIMEOUT=2\nENTRYPOINT ["/sbin/nanoinit"]\n' \
    "$(basename "$tarball")" >"$(dirname "$tarball")/Dockerfile"
printf '*\n!%s\n' "$(basename "$tarball")" >"$(dirname "$tarball")/.dockerignore"
echo "rootfs.sh: $tarball ($(wc -c <"$tarball") bytes) and $(dirname "$tarball")/Dockerfile"

#!/bin/sh
# scripts/deps.sh - install the Debian packages initbox needs, and say which
#
#   sh scripts/deps.sh [GROUP...]     (default: build test)
#
# Groups:
#   build      gcc, make, musl-tools (the static musl build), file
#   test       shunit2; runit, tini and dumb-init as the reference programs
#              the suites and benchmarks compare against; util-linux
#              (unshare, flock)
#   bench      catatonit, the fourth container init make bench compares
#              nanoinit with (beside tini and dumb-init from test)
#   vm         qemu-system-x86, linux-image-cloud-amd64, cpio and
#              busybox-static, for the boot tests under qemu (make check-vm)
#   menuconfig kconfig-frontends (make menuconfig)
#   fuzz       clang and libclang-rt-14-dev (libFuzzer, ASan, UBSan) for
#              make fuzz
#   container  podman with runc, and catatonit (podman builds the infra
#              container of a pod from it), for the image of make rootfs
#              run for real (make check-container)
#
# Only missing packages are installed (apt-get, as root or through sudo);
# nothing happens when everything is there.
set -eu

packages_for() {
    case $1 in
        build) echo gcc make libc6-dev musl-tools file ;;
        test) echo shunit2 runit tini dumb-init util-linux procps ;;
        bench) echo catatonit ;;
        vm) echo qemu-system-x86 linux-image-cloud-amd64 cpio busybox-static ;;
        menuconfig) echo kconfig-frontends ;;
        fuzz) echo clang libclang-rt-14-dev ;;
        container) echo podman runc catatonit ;;
        *) echo "deps.sh: unknown group: $1 (build, test, bench, vm, menuconfig, fuzz, container)" >&2; exit 100 ;;
    esac
}

[ $# -gt 0 ] || set -- build test
for group in "$@"; do
    packages_for "$group" >/dev/null || exit 100
done
missing=
for group in "$@"; do
    for package in $(packages_for "$group"); do
        status=$(dpkg-query -W -f '${Status}' "$package" 2>/dev/null || true)
        case $status in
            *" installed") ;;
            *) missing="$missing $package" ;;
        esac
    done
done
[ -n "$missing" ] || exit 0

echo "deps.sh: installing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
export DEBIAN_FRONTEND=noninteractive
# The kernel package would build an initrd of its own, which we never use.
export INITRD=No
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive INITRD=No \
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps.sh: installed:$missing"

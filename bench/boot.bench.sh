#!/bin/sh
# bench/boot.bench.sh - boot timings under qemu: initbox's init vs Debian's runit
#
# Boots the same initramfs (busybox stage scripts, no services) with each
# as PID 1, BOOTS times each (default 5), and prints the medians, in guest
# seconds from the kernel's own time stamps, of
#   - the kernel handing over to PID 1 ("Run /sbin/init as init process")
#     until stage 2 runs (its first line, a mark written to /dev/kmsg);
#   - `init 0` (a mark written just before) until "reboot: Power down".
# Needs what scripts/boot-vm needs; says so and skips when it is missing.
top=$(cd "$(dirname "$0")/.." && pwd)
set -- --bench "${BOOTS:-5}"
[ -n "${INITBOX:-}" ] && set -- "$@" --initbox "$INITBOX"
"$top/scripts/boot-vm" "$@"
status=$?
[ "$status" = 2 ] && { echo "boot benchmark skipped: see the message above"; exit 0; }
exit "$status"

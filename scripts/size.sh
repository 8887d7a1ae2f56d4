#!/bin/sh
# scripts/size.sh - size of the static musl binary per configuration
#
# Builds (make STATIC=1) the default configuration, the bare multiplexer
# (allnoconfig) and each applet alone, each in build/size/NAME, and prints
# their sizes. The default configuration, every applet, is to fit the
# budget of 94 KiB (dependencies and readiness included; tests/build.test
# reads it from here): when it does not, it says by how much and exits 1.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
command -v musl-gcc >/dev/null || { echo "size.sh: musl-gcc missing (apt-get install musl-tools)" >&2; exit 1; }
budget=96256
work=build/size
mkdir -p "$work"

# build NAME: make STATIC=1 with $work/NAME.config into $work/NAME.
build() {
    MAKEFLAGS= KCONFIG_CONFIG=$work/$1.config make -s STATIC=1 SANITIZE= BUILD=$work/$1 >/dev/null
    stat -c %s "$work/$1/initbox"
}

KCONFIG_CONFIG=$work/all.config scripts/genconfig.sh defconfig >/dev/null
KCONFIG_CONFIG=$work/none.config scripts/genconfig.sh allnoconfig >/dev/null
all=$(build all)
none=$(build none)
printf '%-22s %8s %8s\n' configuration bytes "over bare"
printf '%-22s %8d %8s\n' "multiplexer only" "$none" -
for applet in $(sed -n 's/^config \([A-Z0-9]*\)$/\1/p' config.in | grep -v _); do
    name=$(echo "$applet" | tr 'A-Z' 'a-z')
    sed "s/^# CONFIG_$applet is not set/CONFIG_$applet=y/" "$work/none.config" > "$work/$name.config"
    size=$(build "$name")
    printf '%-22s %8d %8d\n' "$name alone" "$size" $((size - none))
done
printf '%-22s %8d %8s   (budget %d, %d%% used)\n' "all applets" "$all" - "$budget" $((all * 100 / budget))
if [ "$all" -gt "$budget" ]; then
    echo "size.sh: over budget by $((all - budget)) bytes" >&2
    exit 1
fi

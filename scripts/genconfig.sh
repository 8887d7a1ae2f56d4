#!/bin/sh
# scripts/genconfig.sh - the one build-configuration generator: config.in, .config and build/ from the applet blocks
#
# Every applet file applets/NAME.c carries its own Kconfig stanzas in its
# first comment and, on one line after it, the paths it is installed at:
#     /* install: usr/bin/chpst usr/bin/envdir ... */
# The first path's base name is the applet itself, the others are aliases.
# From those blocks this script writes:
#
#   genconfig.sh config.in            config.in on standard output
#   genconfig.sh defconfig|allyesconfig|allnoconfig|oldconfig
#                                     a fresh .config (oldconfig keeps the
#                                     choices made and adds new symbols
#                                     with their defaults)
#   genconfig.sh build DIR            DIR/config.h, DIR/applets.h and
#                                     DIR/applets.mk from .config (missing
#                                     symbols take their default), each
#                                     rewritten only when it changes
#
# KCONFIG_CONFIG names the configuration file (default .config), as it does
# for kconfig-mconf; APPLETS_DIR the applet sources (default applets/, the
# tests point it elsewhere).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
applets_dir=${APPLETS_DIR:-$top/applets}
config=${KCONFIG_CONFIG:-.config}
mode=${1:-}

# One awk program reads .config (if any) and every applet block, then
# prints what the mode asks for.
generate() {
    what=$1
    if [ -f "$config" ]; then saved=$config; else saved=/dev/null; fi
    awk -v what="$what" -v saved="$saved" '
    function fail(msg) { print "genconfig: " FILENAME ": " msg > "/dev/stderr"; failed = 1; exit 1 }
    # s as the inside of a C string literal. Built by concatenation: awks
    # differ in how gsub and printf treat backslashes.
    function cstring(s,  out, i, c) {
        out = ""
        for (i = 1; i <= length(s); i++) {
            c = substr(s, i, 1)
            if (c == "\\" || c == "\"") out = out "\\"
            out = out c
        }
        return out
    }
    BEGIN {
        while ((getline line < saved) > 0) {
            if (line ~ /^CONFIG_[A-Z0-9_]+=y$/) {
                sub(/^CONFIG_/, "", line); sub(/=y$/, "", line); chosen[line] = "y"
            } else if (line ~ /^# CONFIG_[A-Z0-9_]+ is not set$/) {
                split(line, word, " "); sub(/^CONFIG_/, "", word[2]); chosen[word[2]] = "n"
            }
        }
    }
    FNR == 1 { inblock = 0; done = 0; applet = ""; inhelp = 0 }
    done && /^\/\* install:/ {
        sub(/^\/\* install:[ \t]*/, ""); sub(/[ \t]*\*\/[ \t]*$/, "")
        install[applet] = $0
        next
    }
    done { next }
    !inblock && /^config [A-Z0-9_]+$/ { inblock = 1 }
    !inblock { next }
    /^\*\/$/ { done = 1; next }
    /^config / {
        sym = $2; nsym++; order[nsym] = sym; help[sym] = ""; inhelp = 0
        if (applet == "") {
            applet = sym; napplets++; applets[napplets] = sym; file[sym] = FILENAME
            expect = FILENAME; sub(/.*\//, "", expect); sub(/\.c$/, "", expect)
            if (tolower(sym) != expect) fail("first symbol " sym " is not the file name")
        }
        owner[sym] = applet; def[sym] = "n"; deps[sym] = ""; stanza[applet] = stanza[applet] $0 "\n"
        next
    }
    {
        stanza[applet] = stanza[applet] $0 "\n"
        if (inhelp) {
            text = $0
            if (text !~ /^[ \t]*$/) { sub(/^\t  /, "", text); sub(/^\t/, "", text) } else text = ""
            help[sym] = help[sym] text "\n"
            next
        }
    }
    /^\tbool "/ { prompt[sym] = $0; next }
    /^\tdefault [yn]$/ { def[sym] = $2; next }
    /^\tdepends on / { d = $0; sub(/^\tdepends on /, "", d); gsub(/[ \t]/, "", d); deps[sym] = d; next }
    /^\thelp$/ { inhelp = 1; next }
    /^[ \t]*$/ { next }
    { fail("line not understood in applet block: " $0) }
    END {
        if (failed) exit 1
        for (i = 1; i <= nsym; i++) {
            s = order[i]
            if (what == "allyesconfig") value[s] = "y"
            else if (what == "allnoconfig") value[s] = "n"
            else if (what == "defconfig" || !(s in chosen)) value[s] = def[s]
            else value[s] = chosen[s]
        }
        # A symbol whose dependencies are off is off; repeat until stable.
        do {
            changed = 0
            for (i = 1; i <= nsym; i++) {
                s = order[i]
                if (value[s] != "y" || deps[s] == "") continue
                n = split(deps[s], dep, "&&")
                for (j = 1; j <= n; j++)
                    if (value[dep[j]] != "y") { value[s] = "n"; changed = 1 }
            }
        } while (changed)
        if (what == "config.in") emit_config_in()
        else if (what == "config.h") emit_config_h()
        else if (what == "applets.h") emit_applets_h()
        else if (what == "applets.mk") emit_applets_mk()
        else emit_dotconfig()
    }
    function emit_config_in(  i) {
        print "# initbox build configuration."
        print "# GENERATED by scripts/genconfig.sh from the blocks in applets/*.c:"
        print "# edit those and run \"make config.in\", never this file."
        print ""
        print "mainmenu \"initbox configuration\""
        print ""
        print "menu \"Applets\""
        for (i = 1; i <= napplets; i++) printf "\n%s", stanza[applets[i]]
        print ""
        print "endmenu"
    }
    function emit_dotconfig(  i) {
        print "# initbox configuration, made by scripts/genconfig.sh " what
        for (i = 1; i <= nsym; i++) {
            s = order[i]
            if (value[s] == "y") print "CONFIG_" s "=y"
            else print "# CONFIG_" s " is not set"
        }
    }
    function emit_config_h(  i) {
        print "/* build/config.h - GENERATED by scripts/genconfig.sh from .config */"
        for (i = 1; i <= nsym; i++)
            print "#define CONFIG_" order[i] " " (value[order[i]] == "y" ? 1 : 0)
    }
    function emit_applets_mk(  i, list) {
        list = ""
        for (i = 1; i <= napplets; i++)
            if (value[applets[i]] == "y") list = list " " tolower(applets[i])
        print "# GENERATED by scripts/genconfig.sh from .config"
        print "APPLETS :=" list
    }
    # HELP(main, "text") once per enabled applet, then one
    # APPLET(name, main, "dir") row per name, sorted by name.
    function emit_applets_h(  i, j, n, a, main, path, dir, name, count, rows, k, t, text) {
        print "/* build/applets.h - GENERATED by scripts/genconfig.sh from .config */"
        count = 0
        for (i = 1; i <= napplets; i++) {
            a = applets[i]
            if (value[a] != "y") continue
            main = tolower(a)
            if (!(a in install)) { FILENAME = file[a]; fail("no /* install: ... */ line") }
            text = ""
            n = split(help[a], helpline, "\n")
            while (n > 0 && helpline[n] == "") n--
            for (j = 1; j <= n; j++) text = text cstring(helpline[j]) "\\" "n"
            print "HELP(" main ", \"" text "\")"
            n = split(install[a], path, " ")
            for (j = 1; j <= n; j++) {
                name = path[j]; sub(/.*\//, "", name)
                dir = path[j]; if (dir ~ /\//) sub(/\/[^\/]*$/, "", dir); else dir = ""
                rows[++count] = sprintf("APPLET(%s, %s, \"%s\")", name, main, dir)
                key[count] = name
            }
        }
        for (i = 2; i <= count; i++)
            for (j = i; j > 1 && key[j - 1] > key[j]; j--) {
                t = key[j]; key[j] = key[j - 1]; key[j - 1] = t
                t = rows[j]; rows[j] = rows[j - 1]; rows[j - 1] = t
            }
        for (i = 1; i <= count; i++) print rows[i]
    }
    ' "$applets_dir"/*.c
}

# Replace $2 by the output of "generate $1" only when the content differs,
# so make rebuilds only what a configuration change really touches.
update() {
    generate "$1" > "$2.tmp"
    if cmp -s "$2.tmp" "$2"; then rm -f "$2.tmp"; else mv "$2.tmp" "$2"; fi
}

case $mode in
config.in)
    generate config.in ;;
defconfig|allyesconfig|allnoconfig|oldconfig)
    generate "$mode" > "$config.tmp"
    [ ! -f "$config" ] || cp "$config" "$config.old"
    mv "$config.tmp" "$config"
    echo "genconfig: wrote $config ($mode)" ;;
build)
    dir=${2:?usage: genconfig.sh build DIR}
    mkdir -p "$dir"
    update config.h "$dir/config.h"
    update applets.h "$dir/applets.h"
    update applets.mk "$dir/applets.mk" ;;
*)
    echo "usage: genconfig.sh config.in|defconfig|allyesconfig|allnoconfig|oldconfig|build DIR" >&2
    exit 100 ;;
esac

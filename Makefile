# initbox - one small multi-call binary that boots and supervises Linux.
#
#   make                   build build/initbox (glibc, dynamic)
#   make STATIC=1          build build/static/initbox (musl-gcc, static, stripped)
#   make SANITIZE=1        build build/sanitize/initbox (ASan + UBSan)
#   make check             build, then run tests/unit and every tests/*.test
#   make check-vm          boot tests under qemu (slow; see scripts/boot-vm)
#   make check-faults      injected faults: tests/faults/*.test (slow)
#   make check-container   the image of make rootfs under podman and runc,
#                          and examples/initbox-pod.yaml under podman kube play
#   make soak              10,000 services and long floods: tests/soak/*.test
#                          (SOAK_SECONDS=N, default 600; SOAK_SERVICES=N,
#                          default 10000; SOAK_CRASHING=N crash-looping
#                          services, default 1000; SOAK_RUNIT=1 adds
#                          runit's figures; CI runs it shorter)
#   make fuzz              every fuzz/NAME.c harness under libFuzzer with ASan +
#                          UBSan (clang), FUZZ_SECONDS each (default 18: about
#                          3 minutes in all)
#   make size              size of the static binary per configuration
#   make bench             benchmarks against Debian's runit (bench/)
#   make rootfs            build/rootfs.tar for FROM scratch images (scripts/rootfs.sh)
#   make dist              initbox-VERSION.tar.gz of the committed tree (git archive)
#   make distcheck         make dist, then make check in the unpacked tarball
#   make install PREFIX=/ DESTDIR=...   binary, links and man pages under the
#                          root PREFIX (busybox layout); FORCE=1 replaces files
#                          that are not links to initbox
#   make defconfig | allyesconfig | allnoconfig | oldconfig | menuconfig
#   make config.in         regenerate config.in from the applet blocks

STATIC ?=
SANITIZE ?=
PREFIX ?= $(CURDIR)/_install
DESTDIR ?=
WERROR ?=

ifneq ($(STATIC),)
BUILD ?= build/static
CC := musl-gcc
else ifneq ($(SANITIZE),)
BUILD ?= build/sanitize
else
BUILD ?= build
endif

CFLAGS ?= -Os
CFLAGS += -std=c99 -D_GNU_SOURCE -Wall -Wextra -Wvla -Wshadow \
	-ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
	-iquote $(BUILD) -iquote lib
LDFLAGS += -Wl,--gc-sections
ifneq ($(WERROR),)
CFLAGS += -Werror
endif
ifneq ($(STATIC),)
# The size build: no jump tables (8 bytes a case in .rodata) and no
# inlining of functions called once (it duplicates more than it saves
# here) take 1.7 kB off; general registers only (no floating point is
# used) spares each variadic function (err, fmt, open) the prologue that
# saves the eight SSE argument registers: 0.6 kB; arrays and strings of
# 32 bytes or more aligned only as the ABI asks (not to 32 bytes, for
# vector loads we do not make): 0.2 kB; -Oz rather than -Os (GCC 12:
# constants by push and pop, fewer copies of small code; svlogd's
# throughput measured the same): 0.8 kB. NOSTRIP=1 keeps the symbols for
# nm.
CFLAGS += -fno-stack-protector -fno-unwind-tables -flto -fno-pie \
	-fno-jump-tables -fno-inline-functions-called-once -mgeneral-regs-only \
	-malign-data=abi -Oz
LDFLAGS += -flto -flto-partition=one -Oz -static -no-pie $(if $(NOSTRIP),,-s) -Wl,--build-id=none -Wl,-z,norelro -Wl,-z,noseparate-code
endif
ifneq ($(SANITIZE),)
CFLAGS += -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif

KCONFIG_CONFIG ?= .config
export KCONFIG_CONFIG

LIB_SRCS := $(sort $(wildcard lib/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
UNIT_SRCS := $(sort $(wildcard tests/unit/*.c))
UNIT_BINS := $(UNIT_SRCS:%.c=$(BUILD)/%)
FUZZ_NAMES := $(sort $(basename $(notdir $(filter-out fuzz/common.c fuzz/replay.c,\
	$(wildcard fuzz/*.c)))))
FUZZ_REPLAY_BINS := $(FUZZ_NAMES:%=$(BUILD)/fuzz-replay/fuzz-%)
APPLETS :=
-include $(BUILD)/applets.mk
APPLET_OBJS := $(BUILD)/applets/initbox.o $(APPLETS:%=$(BUILD)/applets/%.o)

.PHONY: all check check-vm check-faults check-container soak fuzz dist distcheck check-config-in unit size bench install clean \
	defconfig allyesconfig allnoconfig oldconfig menuconfig demo rootfs
.DELETE_ON_ERROR:

all: $(BUILD)/initbox

$(BUILD)/initbox: $(APPLET_OBJS) $(BUILD)/libinitbox.a
	$(CC) $(LDFLAGS) -o $@ $(APPLET_OBJS) $(BUILD)/libinitbox.a

$(BUILD)/libinitbox.a: $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJS)

# Generated configuration: genconfig.sh rewrites a file only when its
# content changes, so these rules cost nothing when nothing changed.
$(BUILD)/.generated: scripts/genconfig.sh $(wildcard applets/*.c) \
		$(wildcard $(KCONFIG_CONFIG))
	scripts/genconfig.sh build $(BUILD)
	touch $@
$(BUILD)/config.h $(BUILD)/applets.h $(BUILD)/applets.mk: $(BUILD)/.generated ;

# Objects are rebuilt when the compiler or its flags change.
$(BUILD)/.flags: FORCE
	@mkdir -p $(@D)
	@echo '$(CC) $(CFLAGS) $(LDFLAGS)' | cmp -s - $@ || echo '$(CC) $(CFLAGS) $(LDFLAGS)' > $@

$(BUILD)/applets/initbox.o: $(BUILD)/applets.h
$(BUILD)/applets/%.o: applets/%.c $(BUILD)/config.h $(BUILD)/.flags
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<
# The version, one place: the file VERSION, baked into lib/err.o.
VERSION := $(shell cat VERSION)
$(BUILD)/lib/err.o: CFLAGS += -DINITBOX_VERSION='"$(VERSION)"'
$(BUILD)/lib/err.o: VERSION
$(BUILD)/lib/%.o: lib/%.c $(BUILD)/.flags
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<
$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libinitbox.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libinitbox.a

-include $(wildcard $(BUILD)/applets/*.d $(BUILD)/lib/*.d)

config.in: FORCE
	scripts/genconfig.sh config.in > $@.tmp && mv $@.tmp $@

check-config-in:
	@scripts/genconfig.sh config.in | cmp -s - config.in || \
		{ echo "config.in is stale: run 'make config.in' and commit it" >&2; exit 1; }

defconfig allyesconfig allnoconfig oldconfig:
	scripts/genconfig.sh $@

menuconfig: config.in
	@command -v kconfig-mconf >/dev/null || { echo "make menuconfig needs" \
		"kconfig-mconf: apt-get install kconfig-frontends" >&2; exit 1; }
	kconfig-mconf config.in

unit: $(UNIT_BINS)
	@for t in $(UNIT_BINS); do $$t || exit 1; done

check: all check-config-in $(UNIT_BINS) $(FUZZ_REPLAY_BINS)
	INITBOX=$(abspath $(BUILD)/initbox) \
		UNIT_TESTS="$(abspath $(UNIT_BINS) $(FUZZ_REPLAY_BINS))" \
		scripts/run-tests.sh

# Fuzzing: fuzz/NAME.c is one harness (LLVMFuzzerTestOneInput), its seeds
# in fuzz/corpus/NAME, the inputs of fixed crashes in fuzz/regress/NAME.
# make check replays both through each harness, built like the unit tests
# (gcc, musl with STATIC=1, the sanitizers with SANITIZE=1); make fuzz
# builds them with clang's libFuzzer into build/fuzz and runs each for
# FUZZ_SECONDS (scripts/fuzz.sh). Harnesses of applets include the
# applet's .c; they and lib/err.c are compiled with exit() caught.
FUZZ_CATCH_EXIT := -Dexit=fuzz_exit
FUZZ_SECONDS ?= 18

$(BUILD)/fuzz-replay/%.o: fuzz/%.c $(BUILD)/.flags
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(FUZZ_CATCH_EXIT) -iquote fuzz -MMD -MP -c -o $@ $<
$(BUILD)/fuzz-replay/common.o: fuzz/common.c $(BUILD)/.flags
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -iquote fuzz -MMD -MP -c -o $@ $<
$(BUILD)/fuzz-replay/replay-%.o: fuzz/replay.c $(BUILD)/.flags
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -iquote fuzz -DFUZZ_DIR='"$(abspath fuzz)"' -DFUZZ_NAME='"$*"' \
		-c -o $@ $<
$(BUILD)/fuzz-replay/err.o: lib/err.c VERSION $(BUILD)/.flags
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(FUZZ_CATCH_EXIT) -DINITBOX_VERSION='"$(VERSION)"' -c -o $@ $<
$(BUILD)/fuzz-replay/fuzz-%: $(BUILD)/fuzz-replay/%.o $(BUILD)/fuzz-replay/replay-%.o \
		$(BUILD)/fuzz-replay/common.o $(BUILD)/fuzz-replay/err.o $(BUILD)/libinitbox.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.o,$^) $(BUILD)/libinitbox.a

FUZZ_BUILD := build/fuzz
FUZZ_CFLAGS := -std=c99 -D_GNU_SOURCE -Wall -Wextra -Wvla -g -O1 \
	-fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined -iquote lib -iquote fuzz
FUZZ_LIB_OBJS := $(filter-out %/mem.o %/err.o,$(LIB_SRCS:%.c=$(FUZZ_BUILD)/%.o)) \
	$(FUZZ_BUILD)/err.o $(FUZZ_BUILD)/common.o

$(FUZZ_BUILD)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<
$(FUZZ_BUILD)/err.o: lib/err.c VERSION
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) $(FUZZ_CATCH_EXIT) -DINITBOX_VERSION='"$(VERSION)"' -c -o $@ $<
$(FUZZ_BUILD)/common.o: fuzz/common.c
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -c -o $@ $<
$(FUZZ_BUILD)/%.o: fuzz/%.c
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) $(FUZZ_CATCH_EXIT) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<
$(FUZZ_BUILD)/%: $(FUZZ_BUILD)/%.o $(FUZZ_LIB_OBJS)
	clang -fsanitize=fuzzer,address,undefined -o $@ $^

.SECONDARY: $(FUZZ_LIB_OBJS) $(FUZZ_NAMES:%=$(FUZZ_BUILD)/%.o) \
	$(FUZZ_NAMES:%=$(BUILD)/fuzz-replay/%.o) $(FUZZ_NAMES:%=$(BUILD)/fuzz-replay/replay-%.o)
-include $(wildcard $(BUILD)/fuzz-replay/*.d $(FUZZ_BUILD)/*.d $(FUZZ_BUILD)/lib/*.d)

fuzz: $(FUZZ_NAMES:%=$(FUZZ_BUILD)/%)
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh $(FUZZ_NAMES)

# Faults injected into running applets, and the long scale and soak runs:
# same runner, one suite at a time (they load the machine themselves).
check-faults: all
	INITBOX=$(abspath $(BUILD)/initbox) SUITES=$(abspath tests/faults) JOBS=1 \
		scripts/run-tests.sh

# The image users build from make rootfs, under a real container runtime
# (sh scripts/deps.sh container); skipped, in one line, without one.
check-container: rootfs
	INITBOX=$(abspath build/static/initbox) ROOTFS=$(abspath build/rootfs.tar) \
		SUITES=$(abspath tests/container) JOBS=1 scripts/run-tests.sh

SOAK_SECONDS ?= 600
SOAK_SERVICES ?= 10000
SOAK_CRASHING ?= 1000
soak: all
	INITBOX=$(abspath $(BUILD)/initbox) SUITES=$(abspath tests/soak) JOBS=1 \
		SOAK_SECONDS=$(SOAK_SECONDS) SOAK_SERVICES=$(SOAK_SERVICES) \
		SOAK_CRASHING=$(SOAK_CRASHING) scripts/run-tests.sh

# Real boots under qemu, ours and Debian's runit side by side (about
# 1-2 minutes; not part of check).
check-vm:
	scripts/boot-vm --compare

size:
	scripts/size.sh

bench:
	bench/run.sh

rootfs:
	$(MAKE) STATIC=1
	scripts/rootfs.sh build/static/initbox build/rootfs.tar

# PREFIX is the root of a file system, as for initbox --install: the
# binary goes to ROOT/bin/initbox, the links to ROOT/sbin/init,
# ROOT/usr/bin/sv, ..., the man pages of the built applets to
# ROOT/usr/share/man/man8. A file in the way that is not a link to
# initbox (a distribution's /sbin/init) is kept and named, unless FORCE=1.
# STATIC=1 installs the static, stripped build.
FORCE ?=
ROOT_DIR = $(shell printf '%s\n' '$(DESTDIR)$(PREFIX)' | sed -e 's://*:/:g' -e 's:/$$::')
MAN_PAGES = $(wildcard $(APPLETS:%=docs/%.8))
install: $(BUILD)/initbox
	mkdir -p $(ROOT_DIR)/bin $(ROOT_DIR)/usr/share/man/man8
	cp $(BUILD)/initbox $(ROOT_DIR)/bin/initbox.tmp
	mv $(ROOT_DIR)/bin/initbox.tmp $(ROOT_DIR)/bin/initbox
	$(ROOT_DIR)/bin/initbox --install -s $(if $(FORCE),-f) $(or $(ROOT_DIR),/)
	$(if $(MAN_PAGES),cp $(MAN_PAGES) $(ROOT_DIR)/usr/share/man/man8/)

# The release tarball: what is committed at HEAD, under initbox-VERSION/.
# It builds and passes make check on its own: nothing in the build or
# the tests asks git.
DIST := initbox-$(VERSION)
dist:
	@git rev-parse --git-dir >/dev/null 2>&1 || { echo "make dist needs" \
		"the git checkout (the tarball is made from its HEAD)" >&2; exit 1; }
	git archive --format=tar.gz --prefix=$(DIST)/ -o $(DIST).tar.gz HEAD
	@echo "$(DIST).tar.gz"

distcheck: dist
	rm -rf build/distcheck
	mkdir -p build/distcheck
	tar -xzf $(DIST).tar.gz -C build/distcheck
	test ! -e build/distcheck/$(DIST)/.git
	$(MAKE) -C build/distcheck/$(DIST) check

clean:
	rm -rf build _install initbox-*.tar.gz

demo: $(BUILD)/initbox
	INITBOX=$(abspath $(BUILD)/initbox) scripts/demo.sh

FORCE:

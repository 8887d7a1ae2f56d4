# initbox - one small multi-call binary that boots and supervises Linux.
#
#   make                   build build/initbox (glibc, dynamic)
#   make STATIC=1          build build/static/initbox (musl-gcc, static, stripped)
#   make SANITIZE=1        build build/sanitize/initbox (ASan + UBSan)
#   make check             build, then run tests/unit and every tests/*.test
#   make check-vm          boot tests under qemu (slow; see scripts/boot-vm)
#   make check-faults      injected faults: tests/faults/*.test (slow)
#   make soak              10,000 services and long floods: tests/soak/*.test
#                          (SOAK_SECONDS=N, default 600; SOAK_SERVICES=N,
#                          default 10000; SOAK_CRASHING=N crash-looping
#                          services, default 1000; CI runs it shorter)
#   make size              size of the static binary per configuration
#   make bench             benchmarks against Debian's runit (bench/)
#   make rootfs            build/rootfs.tar for FROM scratch images (scripts/rootfs.sh)
#   make install PREFIX=/ DESTDIR=...   binary and links (busybox layout)
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
# here) take 1.7 kB off; NOSTRIP=1 keeps the symbols for nm.
CFLAGS += -fno-stack-protector -fno-unwind-tables -flto -fno-pie \
	-fno-jump-tables -fno-inline-functions-called-once
LDFLAGS += -flto -flto-partition=one -Os -static -no-pie $(if $(NOSTRIP),,-s) -Wl,--build-id=none -Wl,-z,norelro -Wl,-z,noseparate-code
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
APPLETS :=
-include $(BUILD)/applets.mk
APPLET_OBJS := $(BUILD)/applets/initbox.o $(APPLETS:%=$(BUILD)/applets/%.o)

.PHONY: all check check-vm check-faults soak check-config-in unit size bench install clean \
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

check: all check-config-in $(UNIT_BINS)
	INITBOX=$(abspath $(BUILD)/initbox) UNIT_TESTS="$(abspath $(UNIT_BINS))" \
		scripts/run-tests.sh

# Faults injected into running applets, and the long scale and soak runs:
# same runner, one suite at a time (they load the machine themselves).
check-faults: all
	INITBOX=$(abspath $(BUILD)/initbox) SUITES=$(abspath tests/faults) JOBS=1 \
		scripts/run-tests.sh

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

install: $(BUILD)/initbox
	mkdir -p $(DESTDIR)$(PREFIX)/bin
	cp $(BUILD)/initbox $(DESTDIR)$(PREFIX)/bin/initbox.tmp
	mv $(DESTDIR)$(PREFIX)/bin/initbox.tmp $(DESTDIR)$(PREFIX)/bin/initbox
	$(DESTDIR)$(PREFIX)/bin/initbox --install -s $(DESTDIR)$(PREFIX)

clean:
	rm -rf build _install

demo: $(BUILD)/initbox
	INITBOX=$(abspath $(BUILD)/initbox) scripts/demo.sh

FORCE:

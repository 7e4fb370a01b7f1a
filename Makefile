# pith: plain Makefile, pkg-config for dependencies.
#   make            release library and CLI in build/rel
#   make check      every test, built with AddressSanitizer + UBSan
#   make demo       build and run pith on a bundled sample page
# Debian packages are checked (and installed when root) by scripts/deps.sh.

CC ?= cc
CXX ?= c++
PREFIX ?= /usr/local
BUILD ?= rel
SHARED ?= ../shared

PKGS := libxml-2.0 uchardet jansson zlib libdeflate libzstd libbrotlidec
# libcurl: headers only; the pith command loads it for its first URL (cli/fetch.c)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) libcurl 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN := -Wall -Wextra -Werror
ifeq ($(BUILD),asan)
OPT := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else ifeq ($(BUILD),tsan)
OPT := -O1 -g -fsanitize=thread
else
OPT := -O2 -g
endif
CPPFLAGS += -D_GNU_SOURCE -Iinclude -Isrc
CFLAGS += -std=c17 $(WARN) $(OPT) $(PKG_CFLAGS) -MMD -MP
CXXFLAGS += -std=c++17 $(WARN) $(OPT) -MMD -MP
LDFLAGS += $(OPT)

B := build/$(BUILD)
SRCS := $(wildcard src/*.c src/*/*.c)
CXXSRCS := $(wildcard src/*/*.cc)
OBJS := $(SRCS:src/%.c=$(B)/obj/%.o) $(CXXSRCS:src/%.cc=$(B)/obj/%.o)
EXTRA_LIBS := $(if $(CXXSRCS),-lcld2 -lstdc++,)
LIBS := $(PKG_LIBS) $(EXTRA_LIBS) -lm -lpthread
LIB := $(B)/libpith.a
CLI := $(B)/pith
TEST_SRCS := $(wildcard tests/unit/test_*.c)
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(B)/tests/%)
TOOL_SRCS := $(wildcard tests/tools/*.c)
TOOL_BINS := $(TOOL_SRCS:tests/tools/%.c=$(B)/tools/%)
ADV_SRCS := $(wildcard tests/adversarial/*.c)
ADV_BINS := $(ADV_SRCS:tests/adversarial/%.c=$(B)/adversarial/%)

.PHONY: all build deps deps-quiet check test unit demo conformance bench bench-parse bench-extract \
        fuzz install clean tsan quality python adversarial-tools valgrind

# The first goal checks the Debian packages, then builds in a sub-make so that
# pkg-config runs after any install.
all: deps-quiet
	@$(MAKE) --no-print-directory build

build: $(LIB) $(CLI)

deps:
	@sh scripts/deps.sh

deps-quiet:
	@sh scripts/deps.sh --quiet

$(B)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(B)/obj/%.o: src/%.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -c $< -o $@

$(LIB): $(OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

CLI_SRCS := $(wildcard cli/*.c)
$(CLI): $(CLI_SRCS) $(wildcard cli/*.h) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) -Iinclude $(CFLAGS) -D_GNU_SOURCE $(CLI_SRCS) $(LIB) $(LDFLAGS) $(LIBS) -o $@

$(B)/tests/%: tests/unit/%.c tests/unit/t.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $< $(LIB) $(LDFLAGS) $(LIBS) -o $@

$(B)/tools/%: tests/tools/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $< $(LIB) $(LDFLAGS) $(LIBS) -o $@

$(B)/adversarial/%: tests/adversarial/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $< $(LIB) $(LDFLAGS) $(LIBS) -o $@

unit: $(TEST_BINS) $(TOOL_BINS) $(CLI)

# The adversarial corpus generator and its measuring wrapper, with the CLI
# (tests/adversarial/run_adversarial.sh builds them in build/rel).
adversarial-tools: $(ADV_BINS) $(CLI)

# Everything, under AddressSanitizer and UndefinedBehaviorSanitizer.
check: deps
	$(MAKE) BUILD=asan unit
	BUILD_DIR=build/asan SHARED=$(SHARED) sh tests/run.sh

conformance: deps
	$(MAKE) BUILD=asan unit
	B=build/asan SHARED=$(SHARED) sh tests/html5lib/run_html5lib.sh

# ThreadSanitizer: the thread test (tests/unit/test_threads.c) and the CLI's
# worker threads over the fixtures and every benchmark set (tests/tsan/tsan.sh).
tsan: deps
	$(MAKE) BUILD=tsan build/tsan/tests/test_threads build/tsan/pith
	B=build/tsan SHARED=$(SHARED) sh tests/tsan/tsan.sh

# The release CLI under valgrind over every benchmark set (scripts/valgrind.sh).
valgrind: deps
	$(MAKE) BUILD=rel build
	SHARED=$(SHARED) sh scripts/valgrind.sh

demo: all
	@$(MAKE) --no-print-directory BUILD=rel build >/dev/null
	@echo "== pith -f txt docs/sample.html"
	@$(CLI) -f txt docs/sample.html
	@echo "== pith -f json docs/sample.html"
	@$(CLI) -f json docs/sample.html

install: all
	install -d $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/bin \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/libpith.a
	install -m 644 include/pith.h $(DESTDIR)$(PREFIX)/include/pith.h
	install -m 755 $(CLI) $(DESTDIR)$(PREFIX)/bin/pith
	install -m 644 docs/pith.1 $(DESTDIR)$(PREFIX)/share/man/man1/pith.1
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(shell sed -n 's/.*PITH_VERSION_STRING "\(.*\)"/\1/p' include/pith.h)|' \
	    -e 's|@PKGS@|$(PKGS)|' -e 's|@EXTRA_LIBS@|$(EXTRA_LIBS)|' \
	    docs/pith.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/pith.pc

# The Python package into $(PYTHON) (Debian's by default). Debian marks its
# Python as externally managed, so outside a virtual environment pass
# PIP_FLAGS=--break-system-packages (or use python3 -m venv --system-site-packages).
PYTHON ?= /usr/bin/python3
PIP_FLAGS ?=
python: deps
	$(PYTHON) -m pip install --no-build-isolation --no-index $(PIP_FLAGS) ./python

clean:
	rm -rf build

-include $(wildcard $(B)/obj/*.d $(B)/obj/*/*.d $(B)/tests/*.d $(B)/tools/*.d $(B)/adversarial/*.d)
-include bench/bench.mk
-include fuzz/fuzz.mk

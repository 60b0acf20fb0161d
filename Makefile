# zhiqian - one non-recursive GNU Makefile, out-of-tree builds.
#
#   make            optimised binary build/zhiqian (+ the web UI in build/web when web/ has one)
#   make run        install missing dependencies, build, init a demo database and serve it
#   make test       everything CI checks (see scripts/test-all)
#   make asan       sanitiser build in build/asan/
#   make fuzz       libFuzzer targets in build/fuzz/
#   make bench      benchmarks (docs/benchmarks.md)
#   make valgrind   memcheck over the unit suite and a short end-to-end run
#   make fmt / fmt-check / lint
#   make web-test / screenshots   browser tests of the web UI (docs/web.md)

.SUFFIXES:
.DELETE_ON_ERROR:
.SECONDARY:
SHELL := /bin/bash
# Out-of-tree root; variants live in $(B), $(B)/asan, $(B)/fuzz.
BUILD ?= build
# V=1 shows full command lines.
Q := $(if $(V),,@)
B := $(BUILD)

PKGS     := sqlite3 libpq jansson libsodium libmicrohttpd xlsxwriter minizip expat \
            cairo pangocairo libqrencode
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -lpthread

WARN := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wformat=2 -Wwrite-strings -Wpointer-arith -Wvla -Wno-format-nonliteral -Werror
DEFS := -D_GNU_SOURCE
INC  := -Isrc

LIB_SRC   := $(filter-out src/main.c,$(sort $(wildcard src/*/*.c)))
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
DATA      := $(sort $(wildcard data/*.csv))
MIGR      := $(sort $(wildcard src/store/migrations/*/*.sql))
EMBED_ARGS = $(foreach f,$(DATA),$(f)=$(f)) $(foreach f,$(MIGR),$(patsubst src/store/%,%,$(f))=$(f))

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
GITREV  := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
DEFS    += -DZQ_VERSION='"$(VERSION)"' -DZQ_GITREV='"$(GITREV)"'

.PHONY: all run test asan fuzz fuzz-run bench bench-import bench-import-rss bench-scan bench-http \
        fmt fmt-check lint checksrc deps clean unit e2e web web-test screenshots valgrind
all: $(B)/zhiqian web

# ---- the embedding tool and generated sources (shared by every variant) ----
$(B)/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -O1 -o $@ $<

$(B)/gen/embedded.c: $(B)/tools/embed $(DATA) $(MIGR) Makefile
	@mkdir -p $(@D)
	$(B)/tools/embed $@ $(EMBED_ARGS)

# ---- one template per build variant ----
# $(1) dir, $(2) compiler, $(3) flags, $(4) link flags
define VARIANT
$(1)/obj/%.o: %.c
	@mkdir -p $$(@D)
	@echo "  CC      $$@"
	$(Q)$(2) $(3) $(WARN) $(DEFS) $(INC) $(PKG_CFLAGS) -MMD -MP -c -o $$@ $$<

$(1)/obj/gen/embedded.o: $(B)/gen/embedded.c
	@mkdir -p $$(@D)
	$(2) $(3) $(DEFS) $(INC) -c -o $$@ $$<

$(1)/libzhiqian.a: $(patsubst %.c,$(1)/obj/%.o,$(LIB_SRC)) $(1)/obj/gen/embedded.o
	@rm -f $$@
	@echo "  AR      $$@"
	$(Q)ar rcs $$@ $$^

$(1)/zhiqian: $(1)/obj/src/main.o $(1)/libzhiqian.a
	@echo "  LD      $$@"
	$(Q)$(2) $(3) -o $$@ $$^ $(PKG_LIBS) $(4)

$(1)/tests/%: $(1)/obj/tests/unit/%.o $(1)/libzhiqian.a
	@mkdir -p $$(@D)
	@echo "  LD      $$@"
	$(Q)$(2) $(3) -o $$@ $$^ $(PKG_LIBS) $(4)

-include $(shell find $(1)/obj -name '*.d' 2>/dev/null)
endef

REL_FLAGS  := -O2 -g
ASAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CC    := clang
FUZZ_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
              -fno-sanitize-recover=all -DZQ_FUZZING

$(eval $(call VARIANT,$(B),$(CC),$(REL_FLAGS),))
$(eval $(call VARIANT,$(B)/asan,$(CC),$(ASAN_FLAGS),))
$(eval $(call VARIANT,$(B)/fuzz,$(FUZZ_CC),$(FUZZ_FLAGS),))

UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/asan/tests/%,$(UNIT_SRC))
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(FUZZ_SRC))

$(B)/fuzz/fuzz_%: $(B)/fuzz/obj/tests/fuzz/fuzz_%.o $(B)/fuzz/libzhiqian.a
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS)

asan: $(B)/asan/zhiqian $(UNIT_BINS)
fuzz: $(FUZZ_BINS)

# ---- web UI (Vue 3 + Element Plus + ECharts, built by Vite; docs/web.md) ----
# npm ci runs when the lockfile changes; the build when a source changes.
WEB_SRC := web/index.html web/vite.config.js web/package.json $(shell find web/src -type f 2>/dev/null)
NPM_CHECK = command -v npm >/dev/null || { echo "zhiqian: 构建网页前端需要 Node.js 20 和 npm（Debian: apt-get install nodejs npm）" >&2; exit 1; }
web: $(B)/web/index.html

web/node_modules/.zq-ci: web/package-lock.json web/package.json
	@$(NPM_CHECK)
	@echo "  NPM     ci (web/)"
	$(Q)cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(B)/web/index.html: $(WEB_SRC) web/node_modules/.zq-ci
	@$(NPM_CHECK)
	@echo "  VITE    $(B)/web"
	$(Q)cd web && ZQ_WEB_OUT=$(abspath $(B)/web) npx --no-install vite build --logLevel warn
	@touch $@

# Browser tests and screenshots against a fresh demo database.
web-test: $(B)/zhiqian web
	@node web/tests/browser.mjs --bin $(B)/zhiqian
screenshots: $(B)/zhiqian web
	@node web/tests/browser.mjs --bin $(B)/zhiqian --screenshots docs/screenshots

# ---- developer entry points ----
deps:
	@scripts/deps

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/run-demo

test: deps
	@$(MAKE) --no-print-directory $(B)/zhiqian asan fuzz web
	@scripts/test-all

unit: asan
	@scripts/test-all unit

e2e: asan $(B)/zhiqian
	@scripts/test-all e2e

# SIGKILL during import, scan and API writes; 50 trials each on SQLite and PostgreSQL.
.PHONY: crash-test
crash-test: $(B)/zhiqian
	@scripts/crash-test

# Replays each corpus, then fuzzes each target for FUZZ_SECONDS (default 60).
fuzz-run: fuzz
	@scripts/fuzz-run $(or $(FUZZ_SECONDS),60) $(FUZZ_TARGETS)

# memcheck over the unit suite and a short end-to-end run (docs/reliability.md)
REL_UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))
valgrind: $(B)/zhiqian $(REL_UNIT_BINS)
	@scripts/valgrind

bench: $(B)/zhiqian
	@scripts/bench all
bench-import bench-import-rss bench-scan bench-http bench-reader bench-gen: $(B)/zhiqian
	@scripts/bench $(patsubst bench-%,%,$@)

# SOAK_SECONDS (default 600) of mixed load against `zhiqian serve`: 0 5xx, flat RSS,
# no descriptor growth, a clean log and audit chain (scripts/soak, docs/reliability-soak.md).
.PHONY: soak
SOAK_SECONDS ?= 600
soak: $(B)/zhiqian
	@SOAK_SECONDS=$(SOAK_SECONDS) scripts/soak

FMT_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)
fmt:
	clang-format -i $(FMT_FILES)
fmt-check:
	@clang-format --dry-run --Werror $(FMT_FILES) && echo "fmt-check: ok"

checksrc:
	@scripts/checksrc

# Lints docs/openapi.yaml (@redocly/cli from tools/openapi/package-lock.json)
# and checks it against the route table.
.PHONY: openapi-lint
openapi-lint:
	@scripts/openapi-check

lint: $(B)/gen/embedded.c
	@scripts/lint

clean:
	rm -rf $(B)

# Fuzzing (included by the Makefile).
#   make fuzz [FUZZ_TIME=60] [FUZZ_MAXLEN=16384]
# builds fuzz/fuzz_html.c and the library with clang -fsanitize=fuzzer,
# address,undefined into build/fuzz and runs it for FUZZ_TIME seconds on a
# working corpus (build/fuzz/corpus/html, seeded from fuzz/corpus/html).
# Findings are written to fuzz/crashes/, which `make check` replays.

FUZZ_TIME ?= 60
FUZZ_MAXLEN ?= 16384
FUZZ_CC ?= clang
FUZZ_CXX ?= clang++
FUZZ_OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

.PHONY: fuzz fuzz-build

fuzz: fuzz-build
	@mkdir -p build/fuzz/corpus/html fuzz/crashes
	build/fuzz/fuzz_html -max_total_time=$(FUZZ_TIME) -max_len=$(FUZZ_MAXLEN) -timeout=10 \
	    -dict=fuzz/html.dict -artifact_prefix=fuzz/crashes/ -print_final_stats=1 \
	    build/fuzz/corpus/html fuzz/corpus/html

fuzz-build: deps-quiet
	@$(MAKE) --no-print-directory BUILD=fuzz CC=$(FUZZ_CC) CXX=$(FUZZ_CXX) \
	    OPT="$(FUZZ_OPT) -fsanitize=fuzzer-no-link" build/fuzz/fuzz_html

build/fuzz/fuzz_html: fuzz/fuzz_html.c build/fuzz/libpith.a
	$(CC) $(CPPFLAGS) $(CFLAGS) -fsanitize=fuzzer $< build/fuzz/libpith.a $(LDFLAGS) -fsanitize=fuzzer $(LIBS) -o $@

# The plain-compiler replay of the corpus and saved crashes, for make check.
$(B)/fuzz/replay_html: fuzz/replay.c fuzz/fuzz_html.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) fuzz/replay.c fuzz/fuzz_html.c $(LIB) $(LDFLAGS) $(LIBS) -o $@

unit: $(B)/fuzz/replay_html

# The metadata target (fuzz/fuzz_meta.c): JSON-LD, dates, bylines, the
# pipeline's metadata path. Findings go to fuzz/crashes/meta/.
.PHONY: fuzz-meta
fuzz-meta: fuzz-build-meta
	@mkdir -p build/fuzz/corpus/meta fuzz/crashes/meta
	build/fuzz/fuzz_meta -max_total_time=$(FUZZ_TIME) -max_len=$(FUZZ_MAXLEN) -timeout=10 \
	    -artifact_prefix=fuzz/crashes/meta/ -print_final_stats=1 \
	    build/fuzz/corpus/meta fuzz/corpus/meta

fuzz-build-meta: deps-quiet
	@$(MAKE) --no-print-directory BUILD=fuzz CC=$(FUZZ_CC) CXX=$(FUZZ_CXX) \
	    OPT="$(FUZZ_OPT) -fsanitize=fuzzer-no-link" build/fuzz/fuzz_meta

build/fuzz/fuzz_meta: fuzz/fuzz_meta.c build/fuzz/libpith.a
	$(CC) $(CPPFLAGS) $(CFLAGS) -fsanitize=fuzzer $< build/fuzz/libpith.a $(LDFLAGS) -fsanitize=fuzzer $(LIBS) -o $@

$(B)/fuzz/replay_meta: fuzz/replay.c fuzz/fuzz_meta.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) fuzz/replay.c fuzz/fuzz_meta.c $(LIB) $(LDFLAGS) $(LIBS) -o $@

unit: $(B)/fuzz/replay_meta

# Fuzzing (included by the Makefile). One libFuzzer target per fuzz/fuzz_<t>.c:
#   html     the HTML parser and the encoding decoder
#   meta     JSON-LD, dates, bylines and the pipeline's metadata path
#   extract  the whole pipeline through the public API, three option sets
#   text     text cleaning (PITH_INPUT_TEXT) and rendering
#   warc     the WARC reader from memory or a descriptor, plain/gzip/zstd
#   http     HTTP heads, chunked transfer coding, content codings
# Each has a dictionary fuzz/<t>.dict, a seed corpus fuzz/corpus/<t>/ (seeds
# from fuzz/gen_corpus.py plus units kept by `make fuzz-merge`) and saved
# findings fuzz/crashes/<t>/, all replayed by `make check`.
#
#   make fuzz-<t> [FUZZ_TIME=60]       one target
#   make fuzz-all [FUZZ_TIME=60] [FUZZ_JOBS=1|2]   every target, with a summary
#   make fuzz-merge [FUZZ_MERGE=t...]  minimise the working corpora into fuzz/corpus/
#   make fuzz                          the html target (as before)
# Targets build with clang -fsanitize=fuzzer,address,undefined into build/fuzz;
# working corpora live in build/fuzz/corpus/<t>.

FUZZ_TARGETS := html meta extract text warc http
FUZZ_TIME ?= 60
FUZZ_JOBS ?= 1
FUZZ_MAXLEN ?=
FUZZ_CC ?= clang
FUZZ_CXX ?= clang++
FUZZ_OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
# the compressors the warc and http harnesses use to make valid streams
FUZZ_LIBS := $(shell pkg-config --libs libbrotlienc 2>/dev/null)

.PHONY: fuzz fuzz-build fuzz-all fuzz-merge fuzz-corpus $(FUZZ_TARGETS:%=fuzz-%) $(FUZZ_TARGETS:%=fuzz-build-%)

fuzz: fuzz-html

fuzz-build: deps-quiet
	@$(MAKE) --no-print-directory BUILD=fuzz CC=$(FUZZ_CC) CXX=$(FUZZ_CXX) \
	    OPT="$(FUZZ_OPT) -fsanitize=fuzzer-no-link" $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)

$(FUZZ_TARGETS:%=fuzz-build-%): fuzz-build-%: deps-quiet
	@$(MAKE) --no-print-directory BUILD=fuzz CC=$(FUZZ_CC) CXX=$(FUZZ_CXX) \
	    OPT="$(FUZZ_OPT) -fsanitize=fuzzer-no-link" build/fuzz/fuzz_$*

build/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_util.h build/fuzz/libpith.a
	$(CC) $(CPPFLAGS) $(CFLAGS) -fsanitize=fuzzer $< build/fuzz/libpith.a $(LDFLAGS) -fsanitize=fuzzer \
	    $(LIBS) $(FUZZ_LIBS) -o $@

$(FUZZ_TARGETS:%=fuzz-%): fuzz-%: fuzz-build-%
	FUZZ_NICE= sh fuzz/run_all.sh $(FUZZ_TIME) 1 "$(FUZZ_MAXLEN)" $*

fuzz-all: fuzz-build
	sh fuzz/run_all.sh $(FUZZ_TIME) $(FUZZ_JOBS) "$(FUZZ_MAXLEN)" $(FUZZ_TARGETS)

# Minimises each working corpus together with the kept one into a fresh
# fuzz/corpus/<t>/ (libFuzzer -set_cover_merge=1, the greedy form of -merge=1:
# the fewest units that keep every edge; -use_counters=0 leaves hit counts
# out, which keeps the kept corpus to a few hundred files), then writes the
# hand-made seeds back; review the diff and commit. FUZZ_MERGE picks the targets.
FUZZ_MERGE ?= $(FUZZ_TARGETS)
fuzz-merge: fuzz-build
	@for t in $(FUZZ_MERGE); do \
	    rm -rf build/fuzz/merge/$$t && mkdir -p build/fuzz/merge/$$t build/fuzz/corpus/$$t && \
	    build/fuzz/fuzz_$$t -set_cover_merge=1 -use_counters=0 -timeout=10 build/fuzz/merge/$$t fuzz/corpus/$$t build/fuzz/corpus/$$t \
	        >build/fuzz/merge-$$t.log 2>&1 || { tail -5 build/fuzz/merge-$$t.log; exit 1; }; \
	    rm -rf fuzz/corpus/$$t && mv build/fuzz/merge/$$t fuzz/corpus/$$t && \
	    python3 fuzz/gen_corpus.py $$t >/dev/null && \
	    echo "fuzz-merge: $$t: $$(ls fuzz/corpus/$$t | wc -l) files, $$(du -sk fuzz/corpus/$$t | cut -f1) KiB"; \
	done

# Writes the hand-made seeds (fuzz/gen_corpus.py) into fuzz/corpus/<t>/.
fuzz-corpus:
	python3 fuzz/gen_corpus.py

# The plain-compiler replay of every corpus input and saved finding, for make
# check (tests/fuzz/run_replay.sh).
$(B)/fuzz/replay_%: fuzz/replay.c fuzz/fuzz_%.c fuzz/fuzz_util.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) fuzz/replay.c fuzz/fuzz_$*.c $(LIB) $(LDFLAGS) $(LIBS) $(FUZZ_LIBS) -o $@

unit: $(FUZZ_TARGETS:%=$(B)/fuzz/replay_%)

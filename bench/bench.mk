# Benchmarks (included by the Makefile). Each bench-* target is a program
# that prints ratios against reference parsers measured in the same run;
# `make bench` runs every target listed in BENCH_TARGETS (other .mk files
# append theirs).
#   make bench-parse [BENCH_REPS=10] [BENCH_PAGES=dir]

BENCH_TARGETS += bench-parse
BENCH_PAGES ?= $(SHARED)/bench/sets/scrapinghub/pages
BENCH_REPS ?= 10
GUMBO_FLAGS = $(shell pkg-config --cflags --libs gumbo 2>/dev/null || echo -lgumbo)

.PHONY: bench bench-parse

# The list is read when the recipe runs, so targets added by files included
# after this one count too.
bench:
	@for t in $(BENCH_TARGETS); do $(MAKE) --no-print-directory $$t || exit 1; done

bench-parse: deps-quiet
	@$(MAKE) --no-print-directory BUILD=rel build/rel/bench/bench_parse
	@if [ -d "$(BENCH_PAGES)" ]; then build/rel/bench/bench_parse "$(BENCH_PAGES)" $(BENCH_REPS); \
	else echo "bench-parse: skipped: $(BENCH_PAGES) not found (set SHARED=path/to/shared)"; fi

build/rel/bench/bench_parse: bench/bench_parse.c build/rel/libpith.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $< build/rel/libpith.a $(LDFLAGS) $(LIBS) $(GUMBO_FLAGS) -o $@

# Tokenizer alone (pith's tokenizer against memchr and libxml2, same run).
BENCH_TARGETS += bench-tokenizer
.PHONY: bench-tokenizer
bench-tokenizer: deps-quiet
	@$(MAKE) --no-print-directory BUILD=rel build/rel/bench/bench_tokenizer
	@if [ -d "$(BENCH_PAGES)" ]; then build/rel/bench/bench_tokenizer "$(BENCH_PAGES)" $(BENCH_REPS); \
	else echo "bench-tokenizer: skipped: $(BENCH_PAGES) not found (set SHARED=path/to/shared)"; fi

build/rel/bench/bench_tokenizer: bench/bench_tokenizer.c build/rel/libpith.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $< build/rel/libpith.a $(LDFLAGS) $(LIBS) -o $@

# Extraction (pith_extract + JSON rendering) against libxml2's parser alone.
#   make bench-extract [BENCH_EXTRACT_REPS=5] [BENCH_PAGES=dir]
BENCH_TARGETS += bench-extract
BENCH_EXTRACT_REPS ?= 5
.PHONY: bench-extract
bench-extract: deps-quiet
	@$(MAKE) --no-print-directory BUILD=rel build/rel/bench/bench_extract
	@if [ -d "$(BENCH_PAGES)" ]; then build/rel/bench/bench_extract "$(BENCH_PAGES)" $(BENCH_EXTRACT_REPS); \
	else echo "bench-extract: skipped: $(BENCH_PAGES) not found (set SHARED=path/to/shared)"; fi

build/rel/bench/bench_extract: bench/bench_extract.c build/rel/libpith.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $< build/rel/libpith.a $(LDFLAGS) $(LIBS) -o $@

# The pith command over a gzipped WARC built from the pages: pages/s and MB/s
# with -j 1 and -j 2, against the same pages from files and zcat of the archive.
#   make bench-warc [BENCH_WARC_REPS=7] [BENCH_WARC_COPIES=12] [BENCH_PAGES=dir]
BENCH_TARGETS += bench-warc
BENCH_WARC_REPS ?= 7
BENCH_WARC_COPIES ?= 12
.PHONY: bench-warc
bench-warc: deps-quiet
	@$(MAKE) --no-print-directory BUILD=rel build/rel/pith build/rel/bench/bench_warc
	@if [ -d "$(BENCH_PAGES)" ]; then build/rel/bench/bench_warc build/rel/pith "$(BENCH_PAGES)" build/rel/bench $(BENCH_WARC_REPS) $(BENCH_WARC_COPIES); \
	else echo "bench-warc: skipped: $(BENCH_PAGES) not found (set SHARED=path/to/shared)"; fi

build/rel/bench/bench_warc: bench/bench_warc.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $< $(LDFLAGS) -lz -lpthread -o $@

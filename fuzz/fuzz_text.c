/*
 * libFuzzer target for text cleaning (PITH_INPUT_TEXT): segmentation,
 * classification, language, bylines and dates in flattened text, and the
 * renderers on the result.
 *
 * The first byte: bits 0-1 the focus; bit 2 calls pith_text_clean() directly
 * on the raw bytes (past the pipeline's empty and binary checks, so NUL bytes
 * and control characters reach the cleaner); bits 3-4 the second output
 * format (txt, md, xml, html; JSON is always rendered); bit 5 gives a page
 * URL; bit 7 cleans the same input again and requires identical output.
 *
 * Checks: statuses are known, rendered output is valid UTF-8 and valid JSON
 * or XML. The time budget is off so that slow inputs show as timeouts.
 *
 * Built by `make fuzz-text`; fuzz/replay.c replays it in `make check`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/result.h"
#include "fuzz_util.h"
#include "pith.h"
#include "text/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const pith_format second_fmt[4] = {PITH_FORMAT_TXT, PITH_FORMAT_MD, PITH_FORMAT_XML,
                                          PITH_FORMAT_HTML};

/* Cleans the input one way or the other; returns the result and its status. */
static const pith_result *clean(pith_extractor *ex, pith_arena *arena, pith_result *own,
                                const pith_options *o, bool direct, const char *in, size_t n,
                                const char *url, pith_status *st)
{
    if (!direct) {
        pith_result *r = NULL;
        *st = pith_extract(ex, o, in, n, url, NULL, &r);
        fuzz_check_result(r, *st);
        return r;
    }
    pith_arena_reset(arena);
    pith_result_reset(own, arena);
    *st = pith_text_clean(in, n, o, own);
    FUZZ_CHECK((unsigned)*st < PITH_STATUS_COUNT_);
    if (!pith_result_finish(own)) *st = PITH_ERR_NOMEM;
    own->status = *st;
    return own;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pith_extractor *ex;
    static pith_arena arena;
    static pith_result own;
    static pith_buf first;
    if (!ex) {
        if (!(ex = pith_extractor_new())) return 0;
        pith_arena_init(&arena);
    }
    if (!size) return 0;
    unsigned sel = data[0];
    const char *in = (const char *)data + 1;
    size_t n = size - 1;

    pith_options o;
    pith_options_init(&o);
    o.time_budget = 0;
    o.input = PITH_INPUT_TEXT;
    o.focus = (pith_focus)((sel & 3) % 3);
    bool direct = sel & 4;
    pith_format f2 = second_fmt[(sel >> 3) & 3];
    const char *url = sel & 32 ? "https://news.example.de/politik/2024-03-05/artikel.html" : NULL;
    (void)pith_text_looks_plain(in, n);

    pith_status st;
    const pith_result *r = clean(ex, &arena, &own, &o, direct, in, n, url, &st);
    const char *out;
    size_t len;
    FUZZ_CHECK(fuzz_render_checked(ex, r, f2, &o, NULL, &out, &len) == PITH_OK);
    FUZZ_CHECK(fuzz_render_checked(ex, r, PITH_FORMAT_JSON, &o, NULL, &out, &len) == PITH_OK);
    if (!(sel & 0x80)) return 0;

    pith_buf_reset(&first);
    if (!pith_buf_append(&first, out, len)) return 0;
    pith_status st2;
    r = clean(ex, &arena, &own, &o, direct, in, n, url, &st2);
    FUZZ_CHECK(st2 == st);
    FUZZ_CHECK(fuzz_render_checked(ex, r, PITH_FORMAT_JSON, &o, NULL, &out, &len) == PITH_OK);
    fuzz_check_same(&first, out, len);
    return 0;
}

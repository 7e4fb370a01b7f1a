/*
 * libFuzzer target for the whole pipeline through the public API: decode,
 * parse, metadata, content extraction, result finishing and rendering.
 *
 * The first byte picks one of three option sets that reach different code:
 *   0: defaults (balanced), rendered as pretty JSON and plain text;
 *   1: focus=recall with links, images, comments, a page URL (links are
 *      resolved against it) and a Content-Type charset, rendered as XML and
 *      Markdown;
 *   2: focus=precision, no tables, tight node/depth/attribute/output limits,
 *      rendered as HTML and JSONL.
 * Bit 6 (option set 0) gives a time budget that is spent at the first check,
 * so the stages' early exits run on every kind of input (the parser stops at
 * its first token, so this stays reproducible).
 * Bit 7 extracts the same input a second time on the same extractor and
 * requires byte-identical output (state must not leak between documents).
 *
 * Checks: every status is known and matches the result; rendered output is
 * NUL-terminated, valid UTF-8, and valid JSON (jansson) or well-formed XML
 * (libxml2); an output limit gives PITH_ERR_OUTPUT_TOO_LARGE and no bytes.
 * The time budget is off so that a slow input shows as a fuzzer timeout
 * instead of being cut short.
 *
 * Built by `make fuzz-extract`; fuzz/replay.c drives the same function from
 * a plain compiler in `make check`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "pith.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const content_types[4] = {
    NULL, "text/html; charset=windows-1252", "text/html; charset=\"Shift_JIS\"", "text/html;charset=utf-8"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pith_extractor *ex;
    static pith_buf first;
    if (!ex && !(ex = pith_extractor_new())) return 0;
    if (!size) return 0;
    unsigned sel = data[0];
    const char *in = (const char *)data + 1;
    size_t n = size - 1;

    pith_options o;
    pith_options_init(&o);
    o.time_budget = 0;
    const char *url = NULL, *ctype = NULL;
    pith_format f1 = PITH_FORMAT_JSON, f2 = PITH_FORMAT_TXT;
    switch (sel % 3) {
    case 0:
        if (sel & 0x40) o.time_budget = 1e-9;
        break;
    case 1:
        o.focus = PITH_FOCUS_RECALL;
        o.links = o.images = o.comments = 1;
        url = "https://www.example.org/news/2024/05/article.html?id=7#top";
        ctype = content_types[(sel >> 2) & 3];
        f1 = PITH_FORMAT_XML;
        f2 = PITH_FORMAT_MD;
        break;
    default:
        o.focus = PITH_FOCUS_PRECISION;
        o.input = PITH_INPUT_HTML;
        o.tables = 0;
        o.max_nodes = 400;
        o.max_depth = 24;
        o.max_attributes = 6;
        o.max_output_bytes = 1500;
        url = "http://example.com/";
        f1 = PITH_FORMAT_HTML;
        f2 = PITH_FORMAT_JSONL;
        break;
    }

    pith_result *r = NULL;
    pith_status st = pith_extract(ex, &o, in, n, url, ctype, &r);
    fuzz_check_result(r, st);
    const char *out;
    size_t len;
    fuzz_render_checked(ex, r, f2, &o, "fuzz-input", &out, &len);
    fuzz_render_checked(ex, r, f1, &o, "fuzz-input", &out, &len);
    if (!(sel & 0x80)) return 0;

    /* the same input again on the same extractor: the same bytes out */
    pith_buf_reset(&first);
    if (!pith_buf_append(&first, out, len)) return 0;
    pith_status st2 = pith_extract(ex, &o, in, n, url, ctype, &r);
    FUZZ_CHECK(st2 == st);
    fuzz_check_result(r, st2);
    fuzz_render_checked(ex, r, f1, &o, "fuzz-input", &out, &len);
    fuzz_check_same(&first, out, len);
    return 0;
}

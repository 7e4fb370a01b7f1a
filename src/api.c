/* The public API: the extractor, the pipeline and the result accessors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/buf.h"
#include "core/clock.h"
#include "core/result.h"
#include "dom/dom.h"
#include "extract/extract.h"
#include "html/encoding.h"
#include "html/html.h"
#include "meta/meta.h"
#include "pith.h"
#include "render/render.h"
#include "text/text.h"

struct pith_extractor {
    pith_doc doc;
    pith_arena arena;   /* result strings */
    pith_result result;
    pith_buf out;       /* rendered output */
    pith_budget budget; /* of the current pith_extract() */
    pith_budget render_budget;
};

static const char *const status_text[PITH_STATUS_COUNT_] = {
#define PITH_STATUS(id, name, text) [PITH_##id] = text,
#include "core/status.def"
#undef PITH_STATUS
};

const char *pith_strerror(pith_status s)
{
    if ((unsigned)s < PITH_STATUS_COUNT_ && status_text[s]) return status_text[s];
    return "unknown status";
}

int pith_status_has_result(pith_status s)
{
    switch (s) {
    case PITH_OK:
    case PITH_ERR_EMPTY:
    case PITH_ERR_BINARY:
    case PITH_ERR_NO_CONTENT:
    case PITH_ERR_TOO_DEEP:
    case PITH_ERR_TOO_MANY_NODES:
    case PITH_ERR_TOO_MANY_ATTRS:
    case PITH_ERR_TIMEOUT:
    case PITH_ERR_MALFORMED:
        return 1;
    default:
        return 0;
    }
}

const char *pith_version(void) { return PITH_VERSION_STRING; }

void pith_options_init(pith_options *o)
{
    memset(o, 0, sizeof *o);
    o->size = sizeof *o;
    o->focus = PITH_FOCUS_BALANCED;
    o->input = PITH_INPUT_AUTO;
    o->tables = 1;
    o->max_input_bytes = (size_t)256 << 20;
    o->max_nodes = 8u << 20;
    o->max_depth = 512;
    o->max_attributes = 1024;
    o->time_budget = 2.0;
    o->max_output_bytes = (size_t)256 << 20;
}

/* Copies the caller's options over the defaults, reading no more than the
 * caller's struct holds. */
static void take_options(pith_options *dst, const pith_options *src)
{
    pith_options_init(dst);
    if (!src || src->size < sizeof(size_t)) return;
    size_t n = src->size < sizeof *dst ? src->size : sizeof *dst;
    memcpy(dst, src, n);
    dst->size = sizeof *dst;
}

pith_extractor *pith_extractor_new(void)
{
    pith_extractor *ex = calloc(1, sizeof *ex);
    if (!ex) return NULL;
    if (!pith_doc_init(&ex->doc)) {
        pith_doc_free(&ex->doc);
        free(ex);
        return NULL;
    }
    pith_arena_init(&ex->arena);
    pith_buf_init(&ex->out);
    pith_result_reset(&ex->result, &ex->arena);
    return ex;
}

void pith_extractor_free(pith_extractor *ex)
{
    if (!ex) return;
    pith_doc_free(&ex->doc);
    pith_arena_free(&ex->arena);
    pith_buf_free(&ex->out);
    free(ex);
}

/* Binary input: NUL bytes or many control characters early on, unless
 * UTF-16 (with a byte-order mark or without) explains them. */
static bool looks_binary(const char *d, size_t n)
{
    if (n >= 2 && (((unsigned char)d[0] == 0xFF && (unsigned char)d[1] == 0xFE) ||
                   ((unsigned char)d[0] == 0xFE && (unsigned char)d[1] == 0xFF)))
        return false;
    if (pith_enc_guess_utf16(d, n) != PITH_ENC_NONE) return false;
    size_t m = n < 1024 ? n : 1024, bad = 0, i = 0;
#ifdef __SSE2__
    /* sixteen bytes at a time: control bytes other than white space and ESC count one, NUL eight */
    for (; i + 16 <= m; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(d + i));
        __m128i ctl = _mm_and_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)), _mm_cmpgt_epi8(x, _mm_set1_epi8(-1)));
        __m128i ok = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\r'))),
                                  _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\t')),
                                                            _mm_cmpeq_epi8(x, _mm_set1_epi8('\f'))),
                                               _mm_cmpeq_epi8(x, _mm_set1_epi8(0x1b))));
        /* per lane: 1 for a control byte, 8 for NUL; summed with one SAD */
        __m128i w = _mm_add_epi8(_mm_and_si128(_mm_andnot_si128(ok, ctl), _mm_set1_epi8(1)),
                                 _mm_and_si128(_mm_cmpeq_epi8(x, _mm_setzero_si128()), _mm_set1_epi8(7)));
        __m128i sum = _mm_sad_epu8(w, _mm_setzero_si128());
        bad += (size_t)_mm_cvtsi128_si32(sum) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
    }
#endif
    for (; i < m; i++) {
        unsigned char c = (unsigned char)d[i];
        if (c == 0) bad += 8;
        else if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b) bad++;
    }
    return bad * 10 > m;
}

/* Plain text rather than HTML, judged on UTF-8: UTF-16 without a mark is
 * judged on its first 16 KiB decoded. */
static bool looks_plain(const char *d, size_t n)
{
    pith_enc e = pith_enc_guess_utf16(d, n);
    if (e == PITH_ENC_NONE) return pith_text_looks_plain(d, n);
    pith_buf u;
    pith_buf_init(&u);
    pith_decode(e, d, n < 16384 ? n : 16384, &u);
    bool plain = !u.oom && u.len && pith_text_looks_plain(u.data, u.len);
    pith_buf_free(&u);
    return plain;
}

static bool only_space(const char *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r' || d[i] == '\f')) return false;
    return true;
}

static const char *charset_of(const char *content_type, char *buf, size_t cap)
{
    if (!content_type) return NULL;
    const char *p = content_type;
    while ((p = strchr(p, ';'))) {
        p++;
        while (*p == ' ' || *p == '\t') p++;
        if (strncasecmp(p, "charset", 7) != 0) continue;
        p += 7;
        while (*p == ' ') p++;
        if (*p != '=') continue;
        p++;
        while (*p == ' ' || *p == '"' || *p == '\'') p++;
        size_t n = 0;
        while (p[n] && p[n] != ';' && p[n] != '"' && p[n] != '\'' && p[n] != ' ' && n + 1 < cap) n++;
        if (!n) return NULL;
        memcpy(buf, p, n);
        buf[n] = '\0';
        return buf;
    }
    return NULL;
}

/* The reason string for a limit the document ran into, naming the limit
 * and its value; `detail` (may be NULL) is what extraction said besides. */
static const char *limit_reason(pith_result *r, pith_status st, const pith_options *o, const pith_budget *b,
                                size_t len, const char *detail)
{
    char m[512];
    switch (st) {
    case PITH_ERR_TOO_LARGE:
        if (o->max_input_bytes && len > o->max_input_bytes)
            snprintf(m, sizeof m, "input of %zu bytes is larger than the limit of %zu bytes (max_input_bytes)",
                     len, o->max_input_bytes);
        else
            snprintf(m, sizeof m, "input of %zu bytes is larger than the 4 GiB a document may have", len);
        break;
    case PITH_ERR_TOO_MANY_NODES:
        snprintf(m, sizeof m, "the document has more than %u %s (max_nodes); the rest was dropped", o->max_nodes,
                 r->from_text ? "lines" : "nodes");
        break;
    case PITH_ERR_TOO_DEEP:
        /* the tree builder keeps at least 16 levels */
        snprintf(m, sizeof m, "elements are nested deeper than %u levels (max_depth); deeper content was flattened",
                 o->max_depth < 16 ? 16 : o->max_depth);
        break;
    case PITH_ERR_TOO_MANY_ATTRS:
        snprintf(m, sizeof m, "an element has more than %u attributes (max_attributes); the rest were dropped",
                 o->max_attributes);
        break;
    case PITH_ERR_TIMEOUT:
        snprintf(m, sizeof m, "the time budget of %g s (time_budget) ran out during %s; the result is partial",
                 b->seconds, b->over_in ? b->over_in : "extraction");
        break;
    default:
        return detail;
    }
    size_t n = strlen(m);
    if (detail && n + 2 < sizeof m) snprintf(m + n, sizeof m - n, "; %s", detail);
    return pith_result_strdup(r, m, strlen(m));
}

pith_status pith_extract(pith_extractor *ex, const pith_options *user_opts, const char *data,
                         size_t len, const char *url, const char *content_type, pith_result **out)
{
    if (!ex || (!data && len)) return PITH_ERR_INVALID;
    pith_options o;
    take_options(&o, user_opts);
    pith_arena_reset(&ex->arena);
    pith_result *r = &ex->result;
    pith_result_reset(r, &ex->arena);
    pith_budget_start(&ex->budget, o.time_budget);
    r->budget = &ex->budget;
    if (out) *out = r;
    pith_status st = PITH_OK;
    bool meta_cut = false; /* metadata stopped at its share of the budget */

    if (o.max_input_bytes && len > o.max_input_bytes) {
        st = PITH_ERR_TOO_LARGE;
    } else if (len == 0 || only_space(data, len)) {
        st = PITH_ERR_EMPTY;
    } else if (looks_binary(data, len)) {
        st = PITH_ERR_BINARY;
    } else if (o.input == PITH_INPUT_TEXT ||
               (o.input == PITH_INPUT_AUTO && looks_plain(data, len))) {
        if (url) pith_result_set(r, &r->url, url, strlen(url));
        ex->budget.stage = "text cleaning";
        st = pith_text_clean(data, len, &o, r);
    } else {
        char csbuf[64];
        pith_parse_options po = {
            .charset = charset_of(content_type, csbuf, sizeof csbuf),
            .max_input_bytes = o.max_input_bytes,
            .max_nodes = o.max_nodes,
            .max_depth = o.max_depth,
            .max_attributes = o.max_attributes,
            /* the parser has half of the budget: the passes after it are
             * linear in what it built and need about as long again */
            .deadline = ex->budget.deadline > 0 ? ex->budget.deadline - ex->budget.seconds / 2 : 0,
            /* when decoding a huge input used up the parser's share, the
             * start of the page still makes a partial result; the tree
             * builder's work per token is bounded, so this costs milliseconds */
            .min_tokens = 65536,
            .grace_end = ex->budget.deadline,
        };
        ex->budget.stage = "parsing";
        st = pith_html_parse(&ex->doc, data, len, &po);
        /* the parser stopped at its half of the budget; the other half is
         * the later stages' to make a partial result of what it built (the
         * reason says where the time ran out) */
        if (st == PITH_ERR_TIMEOUT) ex->budget.over_in = "parsing";
        if (ex->doc.encoding[0]) r->encoding = pith_result_strdup(r, ex->doc.encoding, strlen(ex->doc.encoding));
        r->encoding_source = ex->doc.encoding_source;
        if (st != PITH_ERR_NOMEM) {
            /* metadata may spend half of the time left, no more: the rest
             * is content extraction's, so a page whose metadata is slow
             * (a huge JSON-LD) still keeps article text */
            pith_budget mb = ex->budget;
            if (mb.deadline > 0) {
                double now = pith_now(), left = ex->budget.deadline - now;
                mb.deadline = now + (left > 0 ? left / 2 : 0);
            }
            mb.stage = "metadata";
            r->budget = &mb;
            pith_meta_extract(&ex->doc, &o, url, r);
            r->budget = &ex->budget;
            if (mb.over) meta_cut = true;
            ex->budget.stage = "content extraction";
            pith_status es = pith_extract_content(&ex->doc, &o, url, r);
            ex->budget.stage = "metadata";
            pith_meta_finish(&ex->doc, &o, r);
            if (st == PITH_OK || es == PITH_ERR_NOMEM) st = es;
        }
    }
    /* a spent budget outranks the other limits: the result is partial */
    if (meta_cut && !ex->budget.over && !ex->budget.over_in) ex->budget.over_in = "metadata";
    if ((pith_budget_over(&ex->budget) || meta_cut) && st != PITH_ERR_NOMEM) st = PITH_ERR_TIMEOUT;
    if (!pith_result_finish(r)) st = PITH_ERR_NOMEM;
    r->status = st;
    if (st != PITH_OK) {
        /* a limit names itself and its value; what extraction said (why no
         * text was found) follows it */
        r->reason = limit_reason(r, st, &o, &ex->budget, len, r->reason);
        if (!r->reason) r->reason = pith_strerror(st);
    }
    return st;
}

pith_status pith_render(pith_extractor *ex, const pith_result *r, pith_format fmt,
                        const pith_options *user_opts, const char *source, const char **out,
                        size_t *out_len)
{
    if (!ex || !r || !out) return PITH_ERR_INVALID;
    pith_options o;
    take_options(&o, user_opts);
    /* the limits stop the renderer as it goes: the buffer refuses bytes past
     * max_output_bytes, and the renderers check the budget per block */
    pith_buf_reset(&ex->out);
    ex->out.max = o.max_output_bytes;
    pith_budget_start(&ex->render_budget, o.time_budget);
    ex->render_budget.stage = "rendering";
    pith_status st = pith_render_result(r, fmt, &o, source, &ex->render_budget, &ex->out);
    if (ex->out.oom) st = PITH_ERR_NOMEM;
    else if (ex->out.over) st = PITH_ERR_OUTPUT_TOO_LARGE;
    else if (st == PITH_OK && pith_budget_over(&ex->render_budget)) st = PITH_ERR_TIMEOUT;
    if (st != PITH_OK) pith_buf_reset(&ex->out); /* no partial documents */
    if (!ex->out.data) pith_buf_reserve(&ex->out, 0);
    *out = ex->out.data ? ex->out.data : "";
    if (out_len) *out_len = ex->out.len;
    return st;
}

pith_status pith_result_status(const pith_result *r) { return r->status; }
const char *pith_result_reason(const pith_result *r) { return r->reason; }
const char *pith_result_title(const pith_result *r) { return r->title; }
const char *pith_result_text(const pith_result *r) { return r->text; }
size_t pith_result_author_count(const pith_result *r) { return r->authors.n; }
const char *pith_result_author(const pith_result *r, size_t i) { return i < r->authors.n ? r->authors.items[i] : NULL; }
const char *pith_result_date(const pith_result *r) { return r->date; }
const char *pith_result_modified(const pith_result *r) { return r->modified; }
const char *pith_result_language(const pith_result *r) { return r->language; }
const char *pith_result_sitename(const pith_result *r) { return r->sitename; }
const char *pith_result_url(const pith_result *r) { return r->url; }
const char *pith_result_description(const pith_result *r) { return r->description; }
const char *pith_result_agency(const pith_result *r) { return r->agency; }
const char *pith_result_encoding(const pith_result *r) { return r->encoding; }
const char *pith_result_encoding_source(const pith_result *r) { return r->encoding_source; }
size_t pith_result_block_count(const pith_result *r) { return r->n_blocks; }
const pith_block *pith_result_block(const pith_result *r, size_t i) { return i < r->n_blocks ? &r->blocks[i] : NULL; }
size_t pith_result_image_count(const pith_result *r) { return r->n_images; }
const pith_image *pith_result_image(const pith_result *r, size_t i) { return i < r->n_images ? &r->images[i] : NULL; }

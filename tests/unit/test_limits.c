/* The library's limits (pith_options) in every stage: each one, passed on a
 * crafted input, gives its own status and a reason naming it, and stops the
 * stage it is in. Statuses are asserted, never times: a time budget is
 * made to run out by giving a deadline that has already passed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/result.h"
#include "extract/extract.h"
#include "html/html.h"
#include "meta/meta.h"
#include "meta/meta_internal.h"
#include "pith.h"
#include "render/render.h"
#include "t.h"

static const char PARA[] =
    "<p>The council voted on Tuesday to extend the programme for another three years, after a "
    "debate that lasted well into the evening and drew a large crowd to the town hall.</p>";

/* A page: `n` copies of PARA inside an article, optionally wrapped in `depth` divs. */
static char *page(int n, int depth)
{
    pith_buf b;
    pith_buf_init(&b);
    pith_buf_puts(&b, "<html><head><title>Council extends programme</title>"
                      "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"H\"}"
                      "</script></head><body>");
    for (int i = 0; i < depth; i++) pith_buf_puts(&b, "<div>");
    pith_buf_puts(&b, "<article><h1>Council extends programme</h1>");
    for (int i = 0; i < n; i++) pith_buf_puts(&b, PARA);
    pith_buf_puts(&b, "</article>");
    for (int i = 0; i < depth; i++) pith_buf_puts(&b, "</div>");
    pith_buf_puts(&b, "</body></html>");
    return b.data;
}

/* Plain text of `n` lines: paragraphs, each different, with a blank line between. */
static char *text_lines(int n)
{
    pith_buf b;
    pith_buf_init(&b);
    for (int i = 0; i < n; i++)
        pith_buf_printf(&b, i % 2 ? "\n" : "On day %d the council voted to extend the programme for another "
                                           "three years, and the crowd in the hall applauded the decision.\n", i);
    return b.data;
}

static int has(const char *s, const char *w) { return s && strstr(s, w) != NULL; }

static pith_status extract(pith_extractor *ex, const pith_options *o, const char *s, pith_result **r)
{
    return pith_extract(ex, o, s, strlen(s), NULL, NULL, r);
}

/* Defaults: a normal page passes no limit. */
static void test_defaults(pith_extractor *ex)
{
    char *p = page(20, 5);
    pith_result *r;
    CHECK(extract(ex, NULL, p, &r) == PITH_OK);
    CHECK(pith_result_reason(r) == NULL);
    CHECK(pith_result_block_count(r) >= 20);
    free(p);
}

static void test_input_size(pith_extractor *ex)
{
    pith_options o;
    pith_options_init(&o);
    char *p = page(20, 0);
    o.max_input_bytes = 1000;
    pith_result *r;
    CHECK(extract(ex, &o, p, &r) == PITH_ERR_TOO_LARGE);
    CHECK(pith_result_status(r) == PITH_ERR_TOO_LARGE);
    CHECK(has(pith_result_reason(r), "max_input_bytes"));
    CHECK(has(pith_result_reason(r), "1000 bytes"));
    char *t = text_lines(200);
    o.input = PITH_INPUT_TEXT;
    CHECK(extract(ex, &o, t, &r) == PITH_ERR_TOO_LARGE);
    o.max_input_bytes = 0; /* no limit */
    CHECK(extract(ex, &o, t, &r) == PITH_OK);
    free(p);
    free(t);
}

static void test_nodes(pith_extractor *ex)
{
    pith_options o;
    pith_options_init(&o);
    char *p = page(200, 0);
    o.max_nodes = 100;
    pith_result *r;
    CHECK(extract(ex, &o, p, &r) == PITH_ERR_TOO_MANY_NODES);
    CHECK(has(pith_result_reason(r), "max_nodes"));
    CHECK(has(pith_result_reason(r), "100 nodes"));
    CHECK(pith_result_block_count(r) > 0); /* the part kept is still extracted */
    CHECK(pith_result_block_count(r) < 100);
    free(p);

    /* text: lines are the nodes; the block array is bounded by the limit */
    char *t = text_lines(1000);
    o.input = PITH_INPUT_TEXT;
    CHECK(extract(ex, &o, t, &r) == PITH_ERR_TOO_MANY_NODES);
    CHECK(has(pith_result_reason(r), "100 lines"));
    CHECK(pith_result_block_count(r) > 0 && pith_result_block_count(r) <= 100);
    o.max_nodes = 1000;
    CHECK(extract(ex, &o, t, &r) == PITH_OK);
    free(t);
}

static void test_depth_attrs(pith_extractor *ex)
{
    pith_options o;
    pith_options_init(&o);
    char *p = page(10, 100);
    pith_result *r;
    CHECK(extract(ex, &o, p, &r) == PITH_OK);
    o.max_depth = 40;
    CHECK(extract(ex, &o, p, &r) == PITH_ERR_TOO_DEEP);
    CHECK(has(pith_result_reason(r), "max_depth"));
    CHECK(has(pith_result_reason(r), "40 levels"));
    CHECK(pith_result_block_count(r) > 0);
    free(p);

    pith_options_init(&o);
    o.max_attributes = 3;
    const char *a = "<article><p a=1 b=2 c=3 d=4 e=5>The council voted on Tuesday to extend the programme "
                    "for another three years after a long debate in the town hall.</p></article>";
    CHECK(extract(ex, &o, a, &r) == PITH_ERR_TOO_MANY_ATTRS);
    CHECK(has(pith_result_reason(r), "max_attributes"));
    CHECK(pith_result_block_count(r) == 1);
}

/* The public path: a budget that is over at the first check. */
static void test_time_public(pith_extractor *ex)
{
    pith_options o;
    pith_options_init(&o);
    o.time_budget = 1e-9;
    char *p = page(50, 0);
    pith_result *r;
    CHECK(extract(ex, &o, p, &r) == PITH_ERR_TIMEOUT);
    CHECK(has(pith_result_reason(r), "time_budget"));
    CHECK(has(pith_result_reason(r), "parsing"));
    free(p);
    /* text cleaning checks per line: 10000 lines reach a check */
    char *t = text_lines(10000);
    o.input = PITH_INPUT_TEXT;
    CHECK(extract(ex, &o, t, &r) == PITH_ERR_TIMEOUT);
    CHECK(has(pith_result_reason(r), "text cleaning"));
    o.time_budget = 0; /* none */
    CHECK(extract(ex, &o, t, &r) == PITH_OK);
    free(t);
}

/* A budget whose deadline has passed and whose next tick reads the clock. */
static void spent(pith_budget *b, const char *stage)
{
    pith_budget_start(b, 1);
    b->deadline = pith_now() - 1;
    b->work = PITH_BUDGET_STEP - 1;
    b->stage = stage;
}

/* Each stage on its own, through the internal calls, with a spent budget:
 * metadata, JSON-LD, content extraction and text cleaning stop and say so. */
static void test_time_stages(void)
{
    pith_doc doc;
    CHECK(pith_doc_init(&doc));
    char *p = page(300, 3);
    CHECK(pith_html_parse(&doc, p, strlen(p), NULL) == PITH_OK);
    pith_options o;
    pith_options_init(&o);
    pith_arena a;
    pith_arena_init(&a);
    pith_result r;
    pith_budget b;

    /* without a budget everything is found */
    pith_result_reset(&r, &a);
    pith_meta_extract(&doc, &o, NULL, &r);
    CHECK(r.title != NULL);
    CHECK(pith_extract_content(&doc, &o, NULL, &r) == PITH_OK);
    CHECK(r.n_blocks >= 300);

    pith_arena_reset(&a);
    pith_result_reset(&r, &a);
    spent(&b, "metadata");
    r.budget = &b;
    pith_meta_extract(&doc, &o, NULL, &r);
    CHECK(b.over);
    CHECK_STR(b.over_in, "metadata");
    CHECK(r.title == NULL); /* the walk stopped before the <title> */

    pith_arena_reset(&a);
    pith_result_reset(&r, &a);
    spent(&b, "content extraction");
    r.budget = &b;
    CHECK(pith_extract_content(&doc, &o, NULL, &r) == PITH_ERR_TIMEOUT);
    CHECK(b.over);
    CHECK_STR(b.over_in, "content extraction");
    CHECK(r.n_blocks < 300);

    /* JSON-LD: counted before jansson parses the script */
    static const char ld[] = "{\"@type\":\"NewsArticle\",\"headline\":\"From JSON-LD\"}";
    meta_jsonld j;
    memset(&j, 0, sizeof j);
    pith_arena_reset(&a);
    pith_result_reset(&r, &a);
    meta_jsonld_read(&r, ld, sizeof ld - 1, &j);
    CHECK_STR(j.headline, "From JSON-LD");
    memset(&j, 0, sizeof j);
    spent(&b, "metadata");
    r.budget = &b;
    meta_jsonld_read(&r, ld, sizeof ld - 1, &j);
    CHECK(j.headline == NULL);
    CHECK(b.over);

    pith_arena_free(&a);
    pith_doc_free(&doc);
    free(p);
}

/* Rendering: the output limit stops the renderer as it goes (the buffer never
 * grows past it), at the exact size; a spent budget stops it too. */
static void test_render(pith_extractor *ex)
{
    pith_options o;
    pith_options_init(&o);
    char *p = page(400, 0);
    pith_result *r;
    CHECK(extract(ex, &o, p, &r) == PITH_OK);
    const char *out;
    size_t len, full;
    static const pith_format fmts[] = {PITH_FORMAT_TXT, PITH_FORMAT_MD, PITH_FORMAT_JSON,
                                       PITH_FORMAT_HTML, PITH_FORMAT_XML, PITH_FORMAT_JSONL};
    for (size_t f = 0; f < sizeof fmts / sizeof *fmts; f++) {
        o.max_output_bytes = 0;
        CHECK(pith_render(ex, r, fmts[f], &o, NULL, &out, &full) == PITH_OK);
        o.max_output_bytes = full;
        CHECK(pith_render(ex, r, fmts[f], &o, NULL, &out, &len) == PITH_OK && len == full);
        o.max_output_bytes = full - 1;
        CHECK(pith_render(ex, r, fmts[f], &o, NULL, &out, &len) == PITH_ERR_OUTPUT_TOO_LARGE);
        CHECK(len == 0 && out && out[0] == '\0');
    }

    /* inside: the buffer stops at its limit instead of growing and being cut after */
    pith_buf b;
    pith_buf_init(&b);
    b.max = 2000;
    pith_options_init(&o);
    pith_render_result(r, PITH_FORMAT_MD, &o, NULL, NULL, &b);
    CHECK(b.over);
    CHECK(b.len <= 2000 && b.cap <= 4096);
    pith_buf_free(&b);

    /* a spent budget: the renderer stops at its next block */
    pith_budget bud;
    spent(&bud, "rendering");
    pith_buf_init(&b);
    pith_render_result(r, PITH_FORMAT_TXT, &o, NULL, &bud, &b);
    CHECK(bud.over);
    CHECK(b.len < 2000);
    pith_buf_free(&b);

    free(p);
    /* the public call with a tiny budget: 3000 blocks reach a check */
    p = page(3000, 0);
    CHECK(extract(ex, &o, p, &r) == PITH_OK);
    o.time_budget = 1e-9;
    CHECK(pith_render(ex, r, PITH_FORMAT_JSON, &o, NULL, &out, &len) == PITH_ERR_TIMEOUT);
    CHECK(len == 0);
    free(p);
}

/* A table of one wide row and many one-cell rows: Markdown output grows with
 * the cells, not with rows x columns (body rows are not padded). */
static void test_md_table(pith_extractor *ex)
{
    pith_buf b;
    pith_buf_init(&b);
    pith_buf_puts(&b, "<article>");
    pith_buf_puts(&b, PARA);
    pith_buf_puts(&b, "<table><tr>");
    for (int i = 0; i < 2000; i++) pith_buf_puts(&b, "<td>a</td>");
    pith_buf_puts(&b, "</tr>");
    for (int i = 0; i < 2000; i++) pith_buf_puts(&b, "<tr><td>b</td></tr>");
    pith_buf_puts(&b, "</table></article>");
    pith_result *r;
    pith_options o;
    pith_options_init(&o);
    CHECK(pith_extract(ex, &o, b.data, b.len, NULL, NULL, &r) == PITH_OK);
    const char *out;
    size_t len;
    CHECK(pith_render(ex, r, PITH_FORMAT_MD, &o, NULL, &out, &len) == PITH_OK);
    CHECK(len < 100000); /* padded, it was over 12 MB */
    CHECK(strstr(out, "| b |\n") != NULL);
    pith_buf_free(&b);
}

int main(void)
{
    pith_extractor *ex = pith_extractor_new();
    CHECK(ex != NULL);
    if (!ex) return T_DONE("limits");
    test_defaults(ex);
    test_input_size(ex);
    test_nodes(ex);
    test_depth_attrs(ex);
    test_time_public(ex);
    test_time_stages();
    test_render(ex);
    test_md_table(ex);
    pith_extractor_free(ex);
    return T_DONE("limits");
}

/* Parser limits on hostile input: a page nested a million deep, a 100 MB
 * text node, a million attributes on one element, random bytes, too many
 * nodes and an expired deadline each end with a clear status and a
 * consistent, bounded tree. */
#include <stdint.h>
#include <stdlib.h>

#include "core/buf.h"
#include "core/clock.h"
#include "html/html.h"
#include "t.h"

/* Whether the links under the document agree both ways and every node is
 * reached once (the same checks as the fuzz target). */
static int tree_ok(const pith_doc *d)
{
    uint32_t seen = 0;
    for (pith_nid n = pith_doc_next(d, PITH_DOC, PITH_DOC, true); n != PITH_NIL;
         n = pith_doc_next(d, PITH_DOC, n, true)) {
        if (n >= d->n_nodes || ++seen > d->n_nodes) return 0;
        const pith_node *x = &d->nodes[n];
        if (x->parent == PITH_NIL || x->parent >= d->n_nodes) return 0;
        const pith_node *p = &d->nodes[x->parent];
        if (x->prev == PITH_NIL ? p->first != n : d->nodes[x->prev].next != n) return 0;
        if (x->next == PITH_NIL ? p->last != n : d->nodes[x->next].prev != n) return 0;
        if (x->type == PITH_NODE_ELEMENT && (uint64_t)x->a + x->b > d->n_attrs) return 0;
        if ((x->type == PITH_NODE_TEXT || x->type == PITH_NODE_COMMENT) && (uint64_t)x->a + x->b > d->n_chars)
            return 0;
    }
    return 1;
}

/* The deepest element nesting, by an iterative pre-order walk (parents
 * come before their children, so one pass fills the depth array). */
static uint32_t max_depth(const pith_doc *d)
{
    uint32_t *depth = calloc(d->n_nodes, sizeof *depth), best = 0;
    if (!depth) return UINT32_MAX;
    for (pith_nid n = pith_doc_next(d, PITH_DOC, PITH_DOC, true); n != PITH_NIL;
         n = pith_doc_next(d, PITH_DOC, n, true)) {
        depth[n] = depth[d->nodes[n].parent] + 1;
        if (depth[n] > best) best = depth[n];
    }
    free(depth);
    return best;
}

static uint32_t count_tag(const pith_doc *d, uint32_t tag)
{
    uint32_t c = 0;
    for (pith_nid n = pith_doc_next(d, PITH_DOC, PITH_DOC, true); n != PITH_NIL;
         n = pith_doc_next(d, PITH_DOC, n, true))
        c += pith_is_el(d, n, tag);
    return c;
}

static pith_nid first_tag(const pith_doc *d, uint32_t tag)
{
    for (pith_nid n = pith_doc_next(d, PITH_DOC, PITH_DOC, true); n != PITH_NIL;
         n = pith_doc_next(d, PITH_DOC, n, true))
        if (pith_is_el(d, n, tag)) return n;
    return PITH_NIL;
}

/* prefix + unit x times + suffix, in a buffer the caller frees. */
static char *repeat(const char *prefix, const char *unit, size_t times, const char *suffix, size_t *len)
{
    size_t pl = strlen(prefix), ul = strlen(unit), sl = strlen(suffix);
    size_t n = pl + ul * times + sl;
    char *p = malloc(n + 1);
    if (!p) return NULL;
    memcpy(p, prefix, pl);
    for (size_t i = 0; i < times; i++) memcpy(p + pl + i * ul, unit, ul);
    memcpy(p + pl + ul * times, suffix, sl);
    p[n] = '\0';
    *len = n;
    return p;
}

static pith_doc doc;

static pith_status parse(const char *p, size_t n, const pith_parse_options *o)
{
    return pith_html_parse(&doc, p, n, o);
}

static void test_deep(void)
{
    size_t n;
    char *p = repeat("", "<div>", 1000000, "deep text", &n);
    CHECK(p != NULL);
    if (!p) return;
    CHECK(parse(p, n, NULL) == PITH_ERR_TOO_DEEP);
    CHECK(tree_ok(&doc));
    uint32_t dd = max_depth(&doc);
    CHECK(dd <= 512 + 4);          /* html, body and the document around the cap */
    /* deeper content is flattened, not dropped */
    CHECK(count_tag(&doc, PITH_TAG_DIV) == 1000000);
    pith_buf b;
    pith_buf_init(&b);
    CHECK(pith_doc_text_content(&doc, PITH_DOC, &b) && b.data && strstr(b.data, "deep text"));
    pith_buf_free(&b);
    /* a smaller cap from the options */
    pith_parse_options o = {.max_depth = 100};
    CHECK(parse(p, n, &o) == PITH_ERR_TOO_DEEP);
    CHECK(max_depth(&doc) <= 100 + 4);
    CHECK(tree_ok(&doc));
    free(p);
    /* the same with formatting elements (adoption agency, reconstruction)
     * and with tables (foster parenting) */
    p = repeat("", "<b><i><a>x", 100000, "</a></i></b>y", &n);
    pith_status st = parse(p, n, NULL);
    CHECK(st == PITH_OK || st == PITH_ERR_TOO_DEEP);
    CHECK(tree_ok(&doc) && max_depth(&doc) <= 512 + 4);
    free(p);
    p = repeat("", "<table><tr><td>x", 100000, "", &n);
    st = parse(p, n, NULL);
    CHECK(st == PITH_OK || st == PITH_ERR_TOO_DEEP);
    CHECK(tree_ok(&doc) && max_depth(&doc) <= 512 + 4);
    free(p);
}

static void test_big_text(void)
{
    size_t n;
    char *p = repeat("<p>", "aaaaaaaaaa", 10000000, "</p>", &n);   /* 100 MB of text */
    CHECK(p != NULL);
    if (!p) return;
    CHECK(parse(p, n, NULL) == PITH_OK);
    CHECK(tree_ok(&doc));
    pith_nid para = first_tag(&doc, PITH_TAG_P);
    CHECK(para != PITH_NIL);
    uint64_t text = 0;
    uint32_t nodes = 0;
    for (pith_nid c = para ? doc.nodes[para].first : PITH_NIL; c != PITH_NIL; c = doc.nodes[c].next) {
        CHECK(doc.nodes[c].type == PITH_NODE_TEXT);
        text += doc.nodes[c].b;
        nodes++;
    }
    CHECK(text == 100000000u);
    CHECK(nodes == 1);
    /* the input limit is a status, before any work */
    pith_parse_options o = {.max_input_bytes = 1000000};
    CHECK(parse(p, n, &o) == PITH_ERR_TOO_LARGE);
    CHECK(tree_ok(&doc));
    free(p);
}

static void test_many_attrs(void)
{
    size_t n = 0, cap = 16 * 1000000;
    char *p = malloc(cap);
    CHECK(p != NULL);
    if (!p) return;
    n += (size_t)sprintf(p, "<div");
    for (int i = 0; i < 1000000; i++) n += (size_t)sprintf(p + n, " a%d=x", i);
    n += (size_t)sprintf(p + n, ">text</div>");
    CHECK(parse(p, n, NULL) == PITH_ERR_TOO_MANY_ATTRS);
    CHECK(tree_ok(&doc));
    pith_nid div = first_tag(&doc, PITH_TAG_DIV);
    CHECK(div != PITH_NIL && doc.nodes[div].b == 1024);   /* the default max_attributes */
    CHECK(div && pith_doc_attr(&doc, div, "a0") && pith_doc_attr(&doc, div, "a1023"));
    CHECK(div && !pith_doc_attr(&doc, div, "a1024"));
    pith_parse_options o = {.max_attributes = 10};
    CHECK(parse(p, n, &o) == PITH_ERR_TOO_MANY_ATTRS);
    div = first_tag(&doc, PITH_TAG_DIV);
    CHECK(div != PITH_NIL && doc.nodes[div].b == 10);
    free(p);
    /* a million copies of one attribute: duplicates dropped, not a limit */
    p = repeat("<div", " a=1", 1000000, ">x</div>", &n);
    CHECK(parse(p, n, NULL) == PITH_OK);
    div = first_tag(&doc, PITH_TAG_DIV);
    CHECK(div != PITH_NIL && doc.nodes[div].b == 1);
    free(p);
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void test_random(void)
{
    static const char *const soup[] = {"<", ">", "</", "/>", "div", "p", "table", "tr", "td", "b", "i", "a",
                                       "svg", "math", "template", "select", "option", "script", "<!--", "-->",
                                       "=", "'", "\"", "&", "&amp;", "&#", ";", " ", "\n", "x", "\0", "\xC3",
                                       "<![CDATA[", "]]>", "<!DOCTYPE", "frameset", "body", "html", "head"};
    size_t cap = 256 * 1024;
    char *p = malloc(cap);
    CHECK(p != NULL);
    if (!p) return;
    for (int round = 0; round < 32; round++) {
        size_t n = 0;
        if (round % 2 == 0) {
            for (n = 0; n < cap; n++) p[n] = (char)(next_rand() >> 56);
        } else {
            while (n + 16 < cap) {
                const char *w = soup[next_rand() % (sizeof soup / sizeof *soup)];
                size_t l = w[0] ? strlen(w) : 1;
                memcpy(p + n, w, l);
                n += l;
            }
        }
        pith_parse_options o = {0};
        if (round % 4 >= 2) {
            o.max_nodes = 1000;
            o.max_depth = 20;
            o.max_attributes = 3;
        }
        pith_status st = parse(p, n, &o);
        CHECK(st == PITH_OK || st == PITH_ERR_TOO_DEEP || st == PITH_ERR_TOO_MANY_NODES ||
              st == PITH_ERR_TOO_MANY_ATTRS);
        CHECK(tree_ok(&doc));
        if (o.max_nodes) CHECK(doc.n_nodes <= o.max_nodes + 2);
    }
    free(p);
}

static void test_nodes_and_time(void)
{
    size_t n;
    char *p = repeat("", "<p>x", 200000, "", &n);
    pith_parse_options o = {.max_nodes = 1000};
    CHECK(parse(p, n, &o) == PITH_ERR_TOO_MANY_NODES);
    CHECK(doc.n_nodes <= 1000 + 2);
    CHECK(tree_ok(&doc));
    /* a deadline already past: the parse stops with TIMEOUT, tree usable */
    pith_parse_options t = {.deadline = pith_now() - 1.0};
    CHECK(parse(p, n, &t) == PITH_ERR_TIMEOUT);
    CHECK(tree_ok(&doc));
    CHECK(count_tag(&doc, PITH_TAG_P) < 200000);
    free(p);
    /* empty input is fine */
    CHECK(parse("", 0, NULL) == PITH_OK);
    CHECK(tree_ok(&doc));
}

int main(void)
{
    if (!pith_doc_init(&doc)) return 1;
    test_deep();
    test_big_text();
    test_many_attrs();
    test_random();
    test_nodes_and_time();
    pith_doc_free(&doc);
    return T_DONE("parse_limits");
}

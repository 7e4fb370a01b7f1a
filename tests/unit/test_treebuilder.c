/*
 * Tree construction, fed tokens directly (independent of the tokenizer):
 * implied elements, misnested formatting, foster parenting, foreign
 * content, templates, fragments, the limits, and the serialisers.
 */
#include <stdlib.h>

#include "core/buf.h"
#include "html/serialize.h"
#include "html/tree_foreign.h"
#include "html/treebuilder.h"
#include "t.h"

/*
 * A tiny tokenizer for well-formed test markup only: <tag a="v" b>, </tag>,
 * <tag/>, <!--c-->, <!DOCTYPE name>, and text (no character references).
 */
static void feed(pith_tb *tb, const char *s)
{
    pith_tok_attr attrs[16];
    char names[16][32], values[16][64];
    while (*s && !tb->done) {
        pith_token tk;
        memset(&tk, 0, sizeof tk);
        if (*s != '<') {
            const char *e = strchr(s, '<');
            if (!e) e = s + strlen(s);
            tk.type = PITH_TOK_CHARS;
            tk.data = s;
            tk.data_len = (size_t)(e - s);
            s = e;
        } else if (!strncmp(s, "<!--", 4)) {
            const char *e = strstr(s, "-->");
            tk.type = PITH_TOK_COMMENT;
            tk.data = s + 4;
            tk.data_len = (size_t)(e - s - 4);
            s = e + 3;
        } else if (!strncmp(s, "<!DOCTYPE ", 10)) {
            const char *e = strchr(s, '>');
            tk.type = PITH_TOK_DOCTYPE;
            tk.name = s + 10;
            tk.name_len = (size_t)(e - s - 10);
            s = e + 1;
        } else {
            bool end = s[1] == '/';
            const char *p = s + (end ? 2 : 1), *n = p;
            while (*p && *p != ' ' && *p != '>' && *p != '/') p++;
            tk.type = end ? PITH_TOK_END_TAG : PITH_TOK_START_TAG;
            tk.name = n;
            tk.name_len = (size_t)(p - n);
            tk.tag = pith_tag_lookup(n, tk.name_len);
            while (*p == ' ') {
                p++;
                const char *an = p;
                while (*p != '=' && *p != ' ' && *p != '>' && *p != '/') p++;
                size_t k = tk.n_attrs++;
                snprintf(names[k], sizeof names[k], "%.*s", (int)(p - an), an);
                values[k][0] = '\0';
                if (*p == '=') {
                    const char *v = p + 2, *ve = strchr(v, '"');
                    snprintf(values[k], sizeof values[k], "%.*s", (int)(ve - v), v);
                    p = ve + 1;
                }
                attrs[k] = (pith_tok_attr){names[k], strlen(names[k]), values[k], strlen(values[k])};
            }
            tk.attrs = attrs;
            if (*p == '/') {
                tk.self_closing = true;
                p++;
            }
            s = p + 1;
        }
        pith_tb_token(tb, &tk);
    }
    pith_token eof;
    memset(&eof, 0, sizeof eof);
    eof.type = PITH_TOK_EOF;
    pith_tb_token(tb, &eof);
}

/* Builds a document from test markup and returns its html5lib dump
 * (a static buffer, valid until the next call). */
static const char *tree(pith_doc *d, const char *markup)
{
    static pith_buf out;
    pith_doc_reset(d);
    pith_tb tb;
    pith_tb_init(&tb, d, NULL);
    feed(&tb, markup);
    pith_tb_free(&tb);
    pith_buf_reset(&out);
    pith_serialize_test(d, PITH_DOC, &out);
    return out.data ? out.data : "";
}

static const char *frag(pith_doc *d, const char *ctx, uint8_t ns, const char *markup)
{
    static pith_buf out;
    pith_doc_reset(d);
    pith_tb tb;
    pith_tb_init_fragment(&tb, d, NULL, ctx, strlen(ctx), ns);
    pith_nid root = tb.root;
    feed(&tb, markup);
    pith_tb_free(&tb);
    pith_buf_reset(&out);
    pith_serialize_test(d, root, &out);
    return out.data ? out.data : "";
}

static void test_implied(pith_doc *d)
{
    CHECK_STR(tree(d, "Hi"), "| <html>\n|   <head>\n|   <body>\n|     \"Hi\"\n");
    CHECK_STR(tree(d, "<!DOCTYPE html><title>T</title><p>a<p>b"),
              "| <!DOCTYPE html>\n| <html>\n|   <head>\n|     <title>\n|       \"T\"\n|   <body>\n"
              "|     <p>\n|       \"a\"\n|     <p>\n|       \"b\"\n");
    CHECK(d->quirks == 0);
    tree(d, "<p>x");
    CHECK(d->quirks == 2);
    /* consecutive character tokens extend one text node */
    CHECK_STR(tree(d, "<p>a<!---->b</p>c<i></i>d"),
              "| <html>\n|   <head>\n|   <body>\n|     <p>\n|       \"a\"\n|       <!--  -->\n|       \"b\"\n"
              "|     \"c\"\n|     <i>\n|     \"d\"\n");
    CHECK_STR(tree(d, "<ul><li>a<li>b</ul>"),
              "| <html>\n|   <head>\n|   <body>\n|     <ul>\n|       <li>\n|         \"a\"\n"
              "|       <li>\n|         \"b\"\n");
}

static void test_formatting(pith_doc *d)
{
    /* adoption agency */
    CHECK_STR(tree(d, "<b>1<p>2</b>3</p>"),
              "| <html>\n|   <head>\n|   <body>\n|     <b>\n|       \"1\"\n|     <p>\n|       <b>\n"
              "|         \"2\"\n|       \"3\"\n");
    /* reconstruction after a block closes */
    CHECK_STR(tree(d, "<p><i>a</p>b"),
              "| <html>\n|   <head>\n|   <body>\n|     <p>\n|       <i>\n|         \"a\"\n|     <i>\n"
              "|       \"b\"\n");
    /* Noah's Ark: at most three identical entries are reconstructed */
    const char *got = tree(d, "<p><b><b><b><b>x</p>y");
    int n = 0;
    for (const char *p = strstr(got, "\"x\""); p && (p = strstr(p, "<b>")); p++) n++;
    CHECK(n == 3);
    /* the list keeps clones' attributes */
    CHECK_STR(tree(d, "<a href=\"u\">1<div>2</a>3</div>"),
              "| <html>\n|   <head>\n|   <body>\n|     <a>\n|       href=\"u\"\n|       \"1\"\n|     <div>\n"
              "|       <a>\n|         href=\"u\"\n|         \"2\"\n|       \"3\"\n");
}

static void test_tables(pith_doc *d)
{
    CHECK_STR(tree(d, "<table>x<tr><td>c</table>"),
              "| <html>\n|   <head>\n|   <body>\n|     \"x\"\n|     <table>\n|       <tbody>\n|         <tr>\n"
              "|           <td>\n|             \"c\"\n");
    CHECK_STR(tree(d, "<table><b>f</b><tr><td>c"),
              "| <html>\n|   <head>\n|   <body>\n|     <b>\n|       \"f\"\n|     <table>\n|       <tbody>\n"
              "|         <tr>\n|           <td>\n|             \"c\"\n");
    /* whitespace stays in the table */
    CHECK_STR(tree(d, "<table> <tr> </tr></table>"),
              "| <html>\n|   <head>\n|   <body>\n|     <table>\n|       \" \"\n|       <tbody>\n|         <tr>\n"
              "|           \" \"\n");
}

static void test_foreign_and_template(pith_doc *d)
{
    CHECK_STR(tree(d, "<svg viewbox=\"0\"><foreignobject><p>x</p></foreignobject><clippath/></svg>"),
              "| <html>\n|   <head>\n|   <body>\n|     <svg svg>\n|       viewBox=\"0\"\n"
              "|       <svg foreignObject>\n|         <p>\n|           \"x\"\n|       <svg clipPath>\n");
    CHECK_STR(tree(d, "<math><mi>x</mi><p>y"),
              "| <html>\n|   <head>\n|   <body>\n|     <math math>\n|       <math mi>\n|         \"x\"\n"
              "|     <p>\n|       \"y\"\n");
    CHECK_STR(tree(d, "<template><td>x</td></template>"),
              "| <html>\n|   <head>\n|     <template>\n|       content\n|         <td>\n|           \"x\"\n"
              "|   <body>\n");
    CHECK_STR(frag(d, "tr", PITH_NS_HTML, "<td>a<td>b"),
              "| <td>\n|   \"a\"\n| <td>\n|   \"b\"\n");
    CHECK_STR(frag(d, "foreignObject", PITH_NS_SVG, "<p>x"), "| <p>\n|   \"x\"\n");
    /* the tables are sorted (binary search) and find every entry */
    size_t n;
    const pith_name_map *m = pith_svg_tag_table(&n);
    for (size_t i = 0; i < n; i++) {
        CHECK_STR(pith_svg_tag_adjust(m[i].from, strlen(m[i].from)), m[i].to);
        if (i) CHECK(strcmp(m[i - 1].from, m[i].from) < 0);
    }
    m = pith_svg_attr_table(&n);
    for (size_t i = 0; i < n; i++) {
        CHECK_STR(pith_svg_attr_adjust(m[i].from, strlen(m[i].from)), m[i].to);
        if (i) CHECK(strcmp(m[i - 1].from, m[i].from) < 0);
    }
}

static void test_limits(pith_doc *d)
{
    /* depth cap: content beyond it is flattened, the status says so */
    pith_doc_reset(d);
    d->max_depth = 20;
    pith_buf in;
    pith_buf_init(&in);
    for (int i = 0; i < 1000; i++) pith_buf_puts(&in, "<div>");
    pith_buf_puts(&in, "x");
    pith_tb tb;
    pith_tb_init(&tb, d, NULL);
    feed(&tb, in.data);
    pith_tb_free(&tb);
    CHECK(d->status == PITH_ERR_TOO_DEEP);
    uint32_t maxdepth = 0, divs = 0;
    for (pith_nid n = pith_doc_next(d, PITH_DOC, PITH_DOC, true); n; n = pith_doc_next(d, PITH_DOC, n, true)) {
        uint32_t k = 0;
        for (pith_nid p = n; p != PITH_DOC; p = d->nodes[p].parent) k++;
        if (k > maxdepth) maxdepth = k;
        if (pith_is_el(d, n, PITH_TAG_DIV)) divs++;
    }
    CHECK(divs == 1000);          /* nothing dropped */
    CHECK(maxdepth <= 21);        /* nothing deeper than the cap (+ the text) */
    /* node cap: parsing stops with the status and a valid tree */
    pith_doc_reset(d);
    d->max_depth = 512;
    d->max_nodes = 50;
    pith_tb_init(&tb, d, NULL);
    feed(&tb, in.data);
    pith_tb_free(&tb);
    CHECK(d->status == PITH_ERR_TOO_MANY_NODES);
    CHECK(d->n_nodes <= 52);
    d->max_nodes = 8u << 20;
    /* many unclosed formatting elements and tables stay cheap and bounded */
    pith_buf_reset(&in);
    for (int i = 0; i < 20000; i++) pith_buf_puts(&in, i % 2 ? "<b id=\"x\">" : "<table>");
    pith_doc_reset(d);
    pith_tb_init(&tb, d, NULL);
    feed(&tb, in.data);
    pith_tb_free(&tb);
    CHECK(!d->oom);
    /* distinct unclosed formatting elements: reconstruction stays bounded
     * per token (the list is capped), not one more element per repeat */
    pith_buf_reset(&in);
    for (int i = 0; i < 2000; i++) pith_buf_printf(&in, "<p><b id=\"%d\"></p>", i);
    pith_doc_reset(d);
    pith_tb_init(&tb, d, NULL);
    feed(&tb, in.data);
    pith_tb_free(&tb);
    CHECK(d->status == PITH_OK && d->n_nodes < 2000 * 40);
    pith_buf_free(&in);
}

static void test_html_serializer(pith_doc *d)
{
    tree(d, "<p class=\"a&b\">x & y\xC2\xA0<br><textarea>t</textarea><svg><path xlink:href=\"u\"/></svg>");
    pith_buf out;
    pith_buf_init(&out);
    pith_nid body = d->nodes[d->nodes[PITH_DOC].first].last;
    pith_serialize_html(d, body, false, &out);
    CHECK_STR(out.data, "<p class=\"a&amp;b\">x &amp; y&nbsp;<br><textarea>t</textarea>"
                        "<svg><path xlink:href=\"u\"></path></svg></p>");
    pith_buf_reset(&out);
    pith_serialize_html(d, body, true, &out);
    CHECK(!strncmp(out.data, "<body><p", 8) && strstr(out.data, "</svg></p></body>"));
    pith_buf_free(&out);
}

/* End to end through the tokenizer: pith_html_parse and its limits. */
static void test_parse(pith_doc *d)
{
    pith_parse_options o = {0};
    const char *page = "<!doctype html><title>T&amp;</title><p class=x>a&lt;b<script>if (a<b) x()</script>";
    CHECK(pith_html_parse(d, page, strlen(page), &o) == PITH_OK);
    pith_buf out;
    pith_buf_init(&out);
    pith_serialize_test(d, PITH_DOC, &out);
    CHECK_STR(out.data, "| <!DOCTYPE html>\n| <html>\n|   <head>\n|     <title>\n|       \"T&\"\n|   <body>\n"
                        "|     <p>\n|       class=\"x\"\n|       \"a<b\"\n|       <script>\n|         \"if (a<b) x()\"\n");
    CHECK_STR(d->encoding, "utf-8");
    /* script text is serialised as is, other text escaped */
    pith_buf_reset(&out);
    pith_serialize_html(d, d->nodes[d->nodes[PITH_DOC].last].last, false, &out);
    CHECK_STR(out.data, "<p class=\"x\">a&lt;b<script>if (a<b) x()</script></p>");
    /* a deadline in the past: PITH_ERR_TIMEOUT, and what was built stays valid */
    o.deadline = 1e-9;
    CHECK(pith_html_parse(d, page, strlen(page), &o) == PITH_ERR_TIMEOUT);
    CHECK(d->status == PITH_ERR_TIMEOUT);
    o.deadline = 0;
    /* depth cap through the whole parser */
    pith_buf_reset(&out);
    for (int i = 0; i < 100000; i++) pith_buf_puts(&out, "<span>");
    o.max_depth = 64;
    CHECK(pith_html_parse(d, out.data, out.len, &o) == PITH_ERR_TOO_DEEP);
    CHECK(d->n_nodes > 100000);
    /* input size cap */
    o.max_depth = 0;
    o.max_input_bytes = 10;
    CHECK(pith_html_parse(d, page, strlen(page), &o) == PITH_ERR_TOO_LARGE);
    o.max_input_bytes = 0;
    /* fragment parsing with a context element */
    pith_nid root;
    CHECK(pith_html_parse_utf8(d, "<td>x</td>", 10, &o, "tr", PITH_NS_HTML, &root) == PITH_OK);
    pith_buf_reset(&out);
    pith_serialize_test(d, root, &out);
    CHECK_STR(out.data, "| <td>\n|   \"x\"\n");
    pith_buf_free(&out);
}

int main(void)
{
    pith_doc d;
    if (!pith_doc_init(&d)) return 1;
    test_implied(&d);
    test_formatting(&d);
    test_tables(&d);
    test_foreign_and_template(&d);
    test_limits(&d);
    test_html_serializer(&d);
    test_parse(&d);
    pith_doc_free(&d);
    return T_DONE("test_treebuilder");
}

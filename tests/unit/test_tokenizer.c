/* The HTML tokenizer: attributes, character references in text and in
 * attribute values, CR/CRLF, U+0000, script data escapes, the end of input
 * inside a tag, state switching as the tree builder does it, CDATA, the
 * entity table, reuse, and a tag with many duplicate attributes. */
#include <stdlib.h>

#include "dom/dom.h"
#include "html/entities.h"
#include "html/tokenizer.h"
#include "t.h"

static pith_tokenizer tok;
static char out[1 << 16];

/* Appends bytes to `out`, showing U+0000 as \0 so results are C strings. */
static void put(size_t *o, const char *p, size_t n)
{
    for (size_t i = 0; i < n && *o + 3 < sizeof out; i++) {
        if (p[i] == '\0') {
            out[(*o)++] = '\\';
            out[(*o)++] = '0';
        } else {
            out[(*o)++] = p[i];
        }
    }
}

/* Tokenizes `len` bytes in state `st` (with last start tag `last`) and
 * returns the tokens as text: C(chars) S(name a=v ...[/]) E(name)
 * M(comment) D(name|public|system|q) -- one per token, EOF last. */
static const char *toks_n(const char *in, size_t len, pith_tok_state st, const char *last)
{
    size_t o = 0;
    pith_tok_init(&tok, in, len);
    pith_tok_set_state(&tok, st);
    if (last) pith_tok_set_last_start_tag(&tok, last, strlen(last));
    pith_token k;
    while (pith_tok_next(&tok, &k)) {
        switch (k.type) {
        case PITH_TOK_CHARS:
            put(&o, "C(", 2);
            put(&o, k.data, k.data_len);
            break;
        case PITH_TOK_START_TAG:
            put(&o, "S(", 2);
            put(&o, k.name, k.name_len);
            for (size_t i = 0; i < k.n_attrs; i++) {
                put(&o, " ", 1);
                put(&o, k.attrs[i].name, k.attrs[i].name_len);
                put(&o, "=", 1);
                put(&o, k.attrs[i].value, k.attrs[i].value_len);
            }
            if (k.self_closing) put(&o, "/", 1);
            break;
        case PITH_TOK_END_TAG:
            put(&o, "E(", 2);
            put(&o, k.name, k.name_len);
            break;
        case PITH_TOK_COMMENT:
            put(&o, "M(", 2);
            put(&o, k.data, k.data_len);
            break;
        case PITH_TOK_DOCTYPE:
            put(&o, "D(", 2);
            if (k.name) put(&o, k.name, k.name_len);
            put(&o, "|", 1);
            if (k.public_id) put(&o, k.public_id, k.public_id_len);
            put(&o, "|", 1);
            if (k.system_id) put(&o, k.system_id, k.system_id_len);
            if (k.force_quirks) put(&o, "|q", 2);
            break;
        case PITH_TOK_EOF:
            put(&o, "EOF", 3);
            break;
        }
        if (k.type != PITH_TOK_EOF) put(&o, ")", 1);
    }
    out[o] = '\0';
    return out;
}

#define TOKS(lit) toks_n(lit, sizeof lit - 1, PITH_TOKSTATE_DATA, NULL)
#define TOKS_IN(lit, st, last) toks_n(lit, sizeof lit - 1, st, last)

static void test_tags_and_attributes(void)
{
    CHECK_STR(TOKS("a<B Class=x ID='y' data-z=\"1 2\" hidden>b</B >"),
              "C(a)S(b class=x id=y data-z=1 2 hidden=)C(b)E(b)EOF");
    CHECK_STR(TOKS("<img src=a.png/>"), "S(img src=a.png/)EOF");   /* '/' belongs to the value */
    CHECK_STR(TOKS("<br/>"), "S(br/)EOF");
    CHECK_STR(TOKS("<a x=1 X=2 x=3 y=4>"), "S(a x=1 y=4)EOF");   /* duplicates dropped */
    CHECK_STR(TOKS("<a =b>"), "S(a =b=)EOF");
    CHECK_STR(TOKS("<a b=\"c\"d>"), "S(a b=c d=)EOF");
    CHECK_STR(TOKS("< a></>x<?pi?>"), "C(< a>x)M(?pi?)EOF");
    CHECK_STR(TOKS("</ x>"), "M( x)EOF");
    pith_token k;
    pith_tok_init(&tok, "<div>", 5);
    CHECK(pith_tok_next(&tok, &k) && k.type == PITH_TOK_START_TAG && k.tag == PITH_TAG_DIV);
    CHECK(pith_tok_next(&tok, &k) && k.type == PITH_TOK_EOF);
    CHECK(!pith_tok_next(&tok, &k));
}

static void test_references(void)
{
    CHECK_STR(TOKS("&amp;&lt&gt;x &copy=2 &notit; &notin; &#x41;&#66;&#0;&#x80;&#xD800;&#1114112;&bogus; &"),
              "C(&<>x \xC2\xA9=2 \xC2\xACit; \xE2\x88\x89 AB\xEF\xBF\xBD\xE2\x82\xAC\xEF\xBF\xBD\xEF\xBF\xBD&bogus; &)EOF");
    /* in attribute values, a reference without ';' before '=' or an
     * alphanumeric stays as written */
    CHECK_STR(TOKS("<a href=\"?x=1&copy=2&copyx&copy;&amp\" t=&lt;&gt>"),
              "S(a href=?x=1&copy=2&copyx\xC2\xA9& t=<>)EOF");
    CHECK_STR(TOKS("&#x;&#;&#x110000000000000000000;"), "C(&#x;&#;\xEF\xBF\xBD)EOF");
    CHECK_STR(TOKS("&CounterClockwiseContourIntegral;"), "C(\xE2\x88\xB3)EOF");
    const char *v;
    size_t vl;
    CHECK(pith_entity_match("nbsp;x", 6, &v, &vl) == 5 && vl == 2 && !memcmp(v, "\xC2\xA0", 2));
    CHECK(pith_entity_match("nbspx", 5, &v, &vl) == 4);
    CHECK(pith_entity_match("nbs", 3, &v, &vl) == 0);
    CHECK(pith_entity_match("acE;", 4, &v, &vl) == 4 && vl == 5);   /* two code points */
}

static void test_newlines_and_nul(void)
{
    CHECK_STR(TOKS("a\r\nb\rc\r\r\nd<x y='1\r\n2'>\r"), "C(a\nb\nc\n\nd)S(x y=1\n2)C(\n)EOF");
    CHECK_STR(TOKS("a\0b<x\0 y\0=\"\0\">"),
              "C(a\\0b)S(x\xEF\xBF\xBD y\xEF\xBF\xBD=\xEF\xBF\xBD)EOF");
    CHECK_STR(TOKS_IN("a\0b", PITH_TOKSTATE_RCDATA, NULL), "C(a\xEF\xBF\xBD" "b)EOF");
    CHECK_STR(TOKS_IN("a\0b", PITH_TOKSTATE_PLAINTEXT, NULL), "C(a\xEF\xBF\xBD" "b)EOF");
    CHECK_STR(TOKS("<!--a\0-->"), "M(a\xEF\xBF\xBD)EOF");
}

static void test_script_escapes(void)
{
    CHECK_STR(TOKS_IN("a<!--<script>x</script>y</script>--></script>z", PITH_TOKSTATE_SCRIPT_DATA, "script"),
              "C(a<!--<script>x</script>y)E(script)C(-->)E(script)C(z)EOF");
    CHECK_STR(TOKS_IN("<!--</script>", PITH_TOKSTATE_SCRIPT_DATA, "script"), "C(<!--)E(script)EOF");
    CHECK_STR(TOKS_IN("<!--<script></SCRIPT --></script>", PITH_TOKSTATE_SCRIPT_DATA, "script"),
              "C(<!--<script></SCRIPT -->)E(script)EOF");
    CHECK_STR(TOKS_IN("&amp;</style>", PITH_TOKSTATE_RAWTEXT, "style"), "C(&amp;)E(style)EOF");
    CHECK_STR(TOKS_IN("&amp;</titlex></title>", PITH_TOKSTATE_RCDATA, "title"), "C(&</titlex>)E(title)EOF");
    CHECK_STR(TOKS_IN("</title>", PITH_TOKSTATE_RCDATA, NULL), "C(</title>)EOF");
}

static void test_end_of_input(void)
{
    CHECK_STR(TOKS("text<div class="), "C(text)EOF");
    CHECK_STR(TOKS("text<div class='a"), "C(text)EOF");
    CHECK_STR(TOKS("text<"), "C(text<)EOF");
    CHECK_STR(TOKS("text</"), "C(text</)EOF");
    CHECK_STR(TOKS("<!--x"), "M(x)EOF");
    CHECK_STR(TOKS("<!DOCTYPE html"), "D(html|||q)EOF");
    CHECK_STR(TOKS_IN("x</script", PITH_TOKSTATE_SCRIPT_DATA, "script"), "C(x</script)EOF");
    CHECK_STR(TOKS_IN("x</script a=", PITH_TOKSTATE_SCRIPT_DATA, "script"), "C(x)EOF");
    CHECK_STR(TOKS(""), "EOF");
}

static void test_doctype_and_cdata(void)
{
    CHECK_STR(TOKS("<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\" 'http://x'>"),
              "D(html|-//W3C//DTD HTML 4.01//EN|http://x)EOF");
    CHECK_STR(TOKS("<!DOCTYPE>"), "D(|||q)EOF");
    CHECK_STR(TOKS("<![CDATA[x]]>"), "M([CDATA[x]])EOF");
    pith_tok_init(&tok, "a<![CDATA[<b>]]>c", 17);
    pith_tok_set_cdata_allowed(&tok, true);
    pith_token k;
    CHECK(pith_tok_next(&tok, &k) && k.type == PITH_TOK_CHARS && k.data_len == 5 && !memcmp(k.data, "a<b>c", 5));
}

/* The tree builder switches state after a start tag, between two calls. */
static void test_state_switch(void)
{
    const char *in = "x<title>a<b>&amp;</title><p>";
    pith_tok_init(&tok, in, strlen(in));
    pith_token k;
    CHECK(pith_tok_next(&tok, &k) && k.type == PITH_TOK_CHARS && k.data == in);   /* no copy */
    CHECK(pith_tok_next(&tok, &k) && k.type == PITH_TOK_START_TAG && k.tag == PITH_TAG_TITLE);
    pith_tok_set_state(&tok, PITH_TOKSTATE_RCDATA);
    CHECK(pith_tok_next(&tok, &k) && k.type == PITH_TOK_CHARS && k.data_len == 5 && !memcmp(k.data, "a<b>&", 5));
    CHECK(pith_tok_next(&tok, &k) && k.type == PITH_TOK_END_TAG && k.tag == PITH_TAG_TITLE);
    CHECK(pith_tok_next(&tok, &k) && k.type == PITH_TOK_START_TAG && k.tag == PITH_TAG_P);
}

/* A second document reuses the buffers; a tag with thousands of
 * attributes, half of them repeats, keeps the first of each name. */
static void test_reuse_and_many_attributes(void)
{
    size_t n = 6000, cap = n * 16 + 16, o = 0;
    char *in = malloc(cap);
    o += (size_t)snprintf(in + o, cap - o, "<a");
    for (size_t i = 0; i < n; i++) o += (size_t)snprintf(in + o, cap - o, " a%zu=%zu", i % (n / 2), i);
    o += (size_t)snprintf(in + o, cap - o, ">");
    pith_token k;
    pith_tok_init(&tok, in, o);
    CHECK(pith_tok_next(&tok, &k) && k.type == PITH_TOK_START_TAG && k.n_attrs == n / 2);
    CHECK(k.n_attrs == n / 2 && k.attrs[n / 2 - 1].value_len == 4 && !memcmp(k.attrs[n / 2 - 1].value, "2999", 4));
    const char *abuf = tok.abuf.data;
    pith_tok_init(&tok, in, o);
    CHECK(pith_tok_next(&tok, &k) && k.n_attrs == n / 2 && tok.abuf.data == abuf);
    free(in);
}

int main(void)
{
    test_tags_and_attributes();
    test_references();
    test_newlines_and_nul();
    test_script_escapes();
    test_end_of_input();
    test_doctype_and_cdata();
    test_state_switch();
    test_reuse_and_many_attributes();
    pith_tok_free(&tok);
    return T_DONE("test_tokenizer");
}

/* The renderers on a hand-built result: structure, escaping, validity. */
#include <stdlib.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/result.h"
#include "render/render.h"
#include "t.h"

static pith_arena arena;
static pith_result res;
static pith_buf out;

static void build(void)
{
    pith_arena_reset(&arena);
    pith_result_reset(&res, &arena);
    pith_result *r = &res;
    pith_result_set(r, &r->title, "A \"quoted\" <title> & more", 26);
    pith_strlist_add(r, &r->authors, "Ann Lee", 7);
    pith_strlist_add(r, &r->authors, "Bo Zhu", 6);
    pith_result_set(r, &r->date, "2024-06-18", 10);
    pith_result_set(r, &r->language, "en", 2);
    pith_result_add_block(r, PITH_BLOCK_HEADING, 2, "First part", 10);
    pith_block *b = pith_result_add_block(r, PITH_BLOCK_PARAGRAPH, 0, "Line *one* with [x]\n# not a heading", 35);
    b->rich = "Line *one* with [a link](https://e.org/a_(b))\n\\# not a heading";
    pith_result_add_block(r, PITH_BLOCK_LIST, 0, "apple\n  green\npear", 18);
    pith_result_add_block(r, PITH_BLOCK_LIST, 1, "one\ntwo", 7);
    b = pith_result_add_block(r, PITH_BLOCK_TABLE, 0, "h1\th2\th3\na|b\tc\nlonely", 21);
    b->flags = PITH_BLOCK_F_TABLE_HEADER;
    pith_result_add_block(r, PITH_BLOCK_QUOTE, 0, "Said so.", 8);
    pith_result_add_block(r, PITH_BLOCK_CODE, 0, "x = ```y```;\n  z", 16);
    pith_result_add_block(r, PITH_BLOCK_PARAGRAPH, 0, "bad \xff\xfe utf8 \x01 ctl \xe2\x80\xa8 ls", 24);
    pith_image *im = pith_result_add_image(r, "https://e.org/p (1).jpg", "A caption", "Photo: Someone");
    im->lead = 1;
    pith_result_add_image(r, NULL, "Only a caption", NULL); /* as found in flattened text */
    pith_result_finish(r);
}

static const char *render(pith_format f, bool links, bool images)
{
    pith_options o;
    pith_options_init(&o);
    o.links = links;
    o.images = images;
    pith_buf_reset(&out);
    CHECK(pith_render_result(&res, f, &o, "src/x.html", NULL, &out) == PITH_OK);
    return out.data ? out.data : "";
}

static bool valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + strlen(s);
    while (p < e) {
        size_t k = pith_utf8_seq_len(p, e);
        if (!k) return false;
        p += k;
    }
    return true;
}

static void test_txt(void)
{
    const char *s = render(PITH_FORMAT_TXT, false, false);
    CHECK(!strncmp(s, "A \"quoted\" <title> & more\n\nFirst part\n\nLine *one*", 49));
    CHECK(strstr(s, "\n- apple\n  - green\n- pear\n") != NULL);
    CHECK(strstr(s, "\n1. one\n2. two\n") != NULL);
    CHECK(strstr(s, "\nh1 | h2 | h3\na|b | c\nlonely\n") != NULL);
    CHECK(strstr(s, "x = ```y```;\n  z\n") != NULL);
    CHECK(valid_utf8(s));
}

static void test_md(void)
{
    const char *s = render(PITH_FORMAT_MD, false, false);
    CHECK(!strncmp(s, "---\ntitle: \"A \\\"quoted\\\" <title> & more\"\nauthors:\n  - \"Ann Lee\"\n", 63));
    CHECK(strstr(s, "\n# A \"quoted\" \\<title> & more\n") != NULL);
    CHECK(strstr(s, "\n## First part\n") != NULL);
    CHECK(strstr(s, "Line \\*one\\* with \\[x\\]  \n\\# not a heading\n") != NULL);
    CHECK(strstr(s, "\n- apple\n  - green\n- pear\n") != NULL);
    CHECK(strstr(s, "\n1. one\n2. two\n") != NULL);
    /* rows padded to three cells, the pipe escaped */
    CHECK(strstr(s, "| h1 | h2 | h3 |\n| --- | --- | --- |\n| a\\|b | c |  |\n| lonely |  |  |\n") != NULL);
    CHECK(strstr(s, "\n> Said so.\n") != NULL);
    CHECK(strstr(s, "\n````\nx = ```y```;\n  z\n````\n") != NULL);
    CHECK(strstr(s, "https://") == NULL); /* no links, no images */
    s = render(PITH_FORMAT_MD, true, true);
    CHECK(strstr(s, "Line *one* with [a link](https://e.org/a_(b))  \n\\# not a heading\n") != NULL);
    CHECK(strstr(s, "![](https://e.org/p%20%281%29.jpg)\n*A caption* (Photo: Someone)\n") != NULL);
    CHECK(strstr(s, "\n\n*Only a caption*\n") != NULL);
    CHECK(valid_utf8(s));
}

static void test_json(void)
{
    const char *s = render(PITH_FORMAT_JSON, false, false);
    CHECK(!strncmp(s, "{\n  \"title\": \"A \\\"quoted\\\" <title> & more\",\n  \"authors\": [\n    \"Ann Lee\",", 70));
    CHECK(strstr(s, "\"items\": [\n        {\n          \"text\": \"apple\",\n          \"lists\": [\n"
                    "            {\n              \"ordered\": false,\n              \"items\": [\n                {\n"
                    "                  \"text\": \"green\"\n                }\n              ]\n            }\n"
                    "          ]\n        },\n"
                    "        {\n          \"text\": \"pear\"\n        }\n      ]") != NULL);
    CHECK(strstr(s, "\"bad \\ufffd\\ufffd utf8 \\u0001 ctl \\u2028 ls\"") != NULL);
    CHECK(strstr(s, "\"lead\": true") != NULL);
    CHECK(strstr(s, "\"status\"") == NULL);
    CHECK(strstr(s, "\"markdown\"") == NULL);
    s = render(PITH_FORMAT_JSONL, true, false);
    CHECK(!strncmp(s, "{\"source\":\"src/x.html\",\"title\":", 31));
    CHECK(strchr(s, '\n') == s + strlen(s) - 1);
    /* rows padded to a rectangle */
    CHECK(strstr(s, "\"rows\":[[\"h1\",\"h2\",\"h3\"],[\"a|b\",\"c\",\"\"],[\"lonely\",\"\",\"\"]]") != NULL);
    CHECK(strstr(s, "\"markdown\":\"Line *one*") != NULL);
    res.status = PITH_ERR_EMPTY;
    res.reason = "input is empty";
    s = render(PITH_FORMAT_JSONL, false, false);
    CHECK(strstr(s, "\"status\":\"empty\",\"reason\":\"input is empty\"}") != NULL);
    res.status = PITH_OK;
    res.reason = NULL;
}

static void test_xml_html(void)
{
    const char *s = render(PITH_FORMAT_XML, false, false);
    CHECK(strstr(s, "<title>A \"quoted\" &lt;title&gt; &amp; more</title>") != NULL);
    CHECK(strstr(s, "<article source=\"src/x.html\" status=\"ok\">") != NULL);
    CHECK(strstr(s, "<row><cell>a|b</cell><cell>c</cell></row>") != NULL);
    CHECK(strstr(s, "bad \xef\xbf\xbd\xef\xbf\xbd utf8   ctl") != NULL);
    CHECK(valid_utf8(s));
    s = render(PITH_FORMAT_HTML, true, true);
    CHECK(strstr(s, "<html lang=\"en\">") != NULL);
    CHECK(strstr(s, "<p>Line <em>one</em> with <a href=\"https://e.org/a_(b)\">a link</a><br>\n# not a heading</p>") != NULL);
    CHECK(strstr(s, "<ul>\n<li>apple<ul>\n<li>green</li>\n</ul>\n</li>\n<li>pear</li>\n</ul>\n") != NULL);
    CHECK(strstr(s, "<thead>\n<tr><th>h1</th><th>h2</th><th>h3</th></tr>\n</thead>") != NULL);
    CHECK(strstr(s, "<figcaption>A caption <small class=\"credit\">Photo: Someone</small></figcaption>") != NULL);
    CHECK(strstr(s, "<figure>\n<figcaption>Only a caption</figcaption>\n</figure>") != NULL);
    CHECK(valid_utf8(s));
}

/* Rich text that never closes what it opens still gives balanced HTML. */
static void test_rich_hostile(void)
{
    pith_arena_reset(&arena);
    pith_result_reset(&res, &arena);
    const char *hostile[] = {"[[[[(", "**a *b [c](d **e", "[a `](x)` b", "\\", "*", "[x](", "_a_b_"};
    for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
        pith_block *b = pith_result_add_block(&res, PITH_BLOCK_PARAGRAPH, 0, "t", 1);
        b->rich = hostile[i];
    }
    const char *s = render(PITH_FORMAT_HTML, true, false);
    int depth = 0;
    bool negative = false;
    for (const char *p = strstr(s, "<article>"); p && *p; p++) {
        if (!strncmp(p, "<em>", 4) || !strncmp(p, "<strong>", 8) || !strncmp(p, "<a ", 3)) depth++;
        if (!strncmp(p, "</em>", 5) || !strncmp(p, "</strong>", 9) || !strncmp(p, "</a>", 4)) depth--;
        if (depth < 0) negative = true;
    }
    CHECK(!negative);
    CHECK(depth == 0);
}

int main(void)
{
    pith_arena_init(&arena);
    pith_buf_init(&out);
    build();
    test_txt();
    test_md();
    test_json();
    test_xml_html();
    test_rich_hostile();
    pith_buf_free(&out);
    pith_arena_free(&arena);
    return T_DONE("render");
}

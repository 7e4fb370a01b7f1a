/* Structure of the body: nested lists, tables with spans and captions, as
 * extraction builds them and as every format writes them; table layout on
 * hostile spans. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/result.h"
#include "pith.h"
#include "render/render.h"
#include "t.h"

/* Sentences enough for a block to count as article text. */
#define PARA "<p>This is a long paragraph of article text, with commas, clauses, and enough words to score well.</p>"

static pith_extractor *ex;

static pith_result *extract(const char *html, int links, const char *url)
{
    pith_options o;
    pith_options_init(&o);
    o.links = links;
    o.images = 1;
    pith_result *r = NULL;
    pith_extract(ex, &o, html, strlen(html), url, NULL, &r);
    return r;
}

static const char *render(pith_result *r, pith_format f, int links)
{
    pith_options o;
    pith_options_init(&o);
    o.links = links;
    o.images = 1;
    const char *out = NULL;
    size_t n = 0;
    CHECK(pith_render(ex, r, f, &o, NULL, &out, &n) == PITH_OK);
    return out ? out : "";
}

static const pith_block *find_block(const pith_result *r, pith_block_type t, size_t nth)
{
    for (size_t i = 0; i < pith_result_block_count(r); i++) {
        const pith_block *b = pith_result_block(r, i);
        if (b->type == t && nth-- == 0) return b;
    }
    return NULL;
}

static void test_nested_lists(void)
{
    pith_result *r = extract("<body><div>" PARA
                             "<ul><li>Fruit<ul><li>Apple</li><li>Pear<ol start=3><li>ripe</li><li value=7>green</li></ol></li></ul>"
                             " after</li><li></li><li>Bread</li></ul>"
                             "<ol reversed><li>three</li><li>two</li><li>one</li></ol>" PARA "</div></body>",
                             0, NULL);
    const pith_block *b = find_block(r, PITH_BLOCK_LIST, 0);
    CHECK(b != NULL);
    if (!b) return;
    /* one line per item, the empty one gone, text after a nested list a line of its own */
    CHECK_STR(b->text, "Fruit\nApple\nPear\nripe\ngreen\nafter\nBread");
    CHECK(b->n_items == 7);
    if (b->n_items == 7) {
        static const int depth[] = {0, 1, 1, 2, 2, 0, 0}, number[] = {0, 0, 0, 3, 7, 0, 0};
        static const int fresh[] = {1, 1, 0, 1, 0, 0, 0};
        for (int i = 0; i < 7; i++) {
            CHECK(b->items[i].depth == depth[i]);
            CHECK(b->items[i].number == number[i]);
            CHECK(((b->items[i].flags & PITH_ITEM_F_NEW_LIST) != 0) == fresh[i]);
        }
        CHECK(b->items[3].flags & PITH_ITEM_F_ORDERED);
        CHECK(!(b->items[0].flags & PITH_ITEM_F_ORDERED));
    }
    const pith_block *o = find_block(r, PITH_BLOCK_LIST, 1);
    CHECK(o && o->level == 1 && o->n_items == 3);
    if (o && o->n_items == 3) CHECK(o->items[0].number == 3 && o->items[2].number == 1);
    /* the joined text keeps an item a line */
    CHECK(strstr(pith_result_text(r), "Fruit\nApple\nPear\nripe\ngreen\nafter\nBread\nthree\ntwo\none\n") != NULL);

    const char *s = render(r, PITH_FORMAT_MD, 0);
    CHECK(strstr(s, "\n- Fruit\n  - Apple\n  - Pear\n\n    3. ripe\n    7. green\n- after\n- Bread\n") != NULL);
    CHECK(strstr(s, "\n3. three\n2. two\n1. one\n") != NULL);
    s = render(r, PITH_FORMAT_TXT, 0);
    CHECK(strstr(s, "\n- Fruit\n  - Apple\n  - Pear\n    3. ripe\n    7. green\n- after\n- Bread\n") != NULL);
    s = render(r, PITH_FORMAT_HTML, 0);
    CHECK(strstr(s, "<ul>\n<li>Fruit<ul>\n<li>Apple</li>\n<li>Pear<ol start=\"3\">\n<li>ripe</li>\n<li value=\"7\">green</li>\n"
                    "</ol>\n</li>\n</ul>\n</li>\n<li>after</li>\n<li>Bread</li>\n</ul>\n") != NULL);
    CHECK(strstr(s, "<ol start=\"3\">\n<li>three</li>\n<li value=\"2\">two</li>\n<li value=\"1\">one</li>\n</ol>") != NULL);
    s = render(r, PITH_FORMAT_XML, 0);
    CHECK(strstr(s, "<item>Pear<list ordered=\"true\" start=\"3\">\n") != NULL);
    CHECK(strstr(s, "<item>green</item>\n            </list></item>\n        </list></item>\n      <item>after</item>") != NULL);
    s = render(r, PITH_FORMAT_JSONL, 0);
    CHECK(strstr(s, "\"items\":[{\"text\":\"Fruit\",\"lists\":[{\"ordered\":false,\"items\":[{\"text\":\"Apple\"},"
                    "{\"text\":\"Pear\",\"lists\":[{\"ordered\":true,\"start\":3,\"items\":[{\"text\":\"ripe\",\"number\":3},"
                    "{\"text\":\"green\",\"number\":7}]}]}]}]},"
                    "{\"text\":\"after\"},{\"text\":\"Bread\"}]") != NULL);
    CHECK(strstr(s, "\"ordered\":true,\"start\":3,\"items\":[{\"text\":\"three\",\"number\":3},{\"text\":\"two\",\"number\":2}") != NULL);

    /* two lists in one item stay two lists in every format */
    r = extract("<body><div>" PARA "<ul><li>a<ul><li>b</li></ul><ol><li>c</li><li>d</li></ol></li><li>e</li></ul>" PARA
                "</div></body>", 0, NULL);
    s = render(r, PITH_FORMAT_MD, 0);
    CHECK(strstr(s, "\n- a\n  - b\n  1) c\n  2) d\n- e\n") != NULL);
    s = render(r, PITH_FORMAT_JSONL, 0);
    CHECK(strstr(s, "\"items\":[{\"text\":\"a\",\"lists\":[{\"ordered\":false,\"items\":[{\"text\":\"b\"}]},"
                    "{\"ordered\":true,\"start\":1,\"items\":[{\"text\":\"c\",\"number\":1},{\"text\":\"d\",\"number\":2}]}]},"
                    "{\"text\":\"e\"}]") != NULL);
    s = render(r, PITH_FORMAT_HTML, 0);
    CHECK(strstr(s, "<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n<ol>\n<li>c</li>\n<li>d</li>\n</ol>\n</li>\n<li>e</li>\n</ul>") != NULL);
    s = render(r, PITH_FORMAT_XML, 0);
    CHECK(strstr(s, "<item>a<list ordered=\"false\">\n          <item>b</item>\n        </list><list ordered=\"true\">\n"
                    "          <item>c</item>\n          <item>d</item>\n        </list></item>\n      <item>e</item>") != NULL);

    /* links in nested items */
    r = extract("<body><div>" PARA "<ul><li><a href='/x'>one</a> of the items, with words<ul><li>two words, and <a href='y'>three</a></li></ul></li></ul>" PARA "</div></body>",
                1, "https://e.org/d/p.html");
    s = render(r, PITH_FORMAT_MD, 1);
    CHECK(strstr(s, "\n- [one](https://e.org/x) of the items, with words\n  - two words, and [three](https://e.org/d/y)\n") != NULL);

    /* deep nesting is kept to PITH_LIST_MAX_DEPTH and stays valid */
    pith_buf deep;
    pith_buf_init(&deep);
    pith_buf_puts(&deep, "<body><div>" PARA);
    for (int i = 0; i < 40; i++) pith_buf_printf(&deep, "<ul><li>level %d", i);
    for (int i = 0; i < 40; i++) pith_buf_puts(&deep, "</li></ul>");
    pith_buf_puts(&deep, PARA "</div></body>");
    r = extract(deep.data, 0, NULL);
    b = find_block(r, PITH_BLOCK_LIST, 0);
    CHECK(b && b->n_items == 40);
    if (b && b->n_items == 40) CHECK(b->items[39].depth == PITH_LIST_MAX_DEPTH && b->items[8].depth == 8);
    s = render(r, PITH_FORMAT_JSON, 0);
    CHECK(strstr(s, "\"text\": \"level 39\"") != NULL);
    json_error_t jerr;
    json_t *j = json_loads(s, 0, &jerr);
    CHECK(j != NULL); /* the writer's depth holds the deepest list */
    json_decref(j);
    pith_buf_free(&deep);
}

static void test_tables(void)
{
    pith_result *r = extract("<body><div>" PARA
                             "<table><caption>Results <b>2024</b></caption><thead>"
                             "<tr><th rowspan=2>Team</th><th colspan=2>Games</th></tr>"
                             "<tr><th>Won</th><th>Lost</th></tr></thead><tbody>"
                             "<tr><td>Ash</td><td>3</td><td>1</td></tr>"
                             "<tr><td></td><td></td><td> </td></tr>"
                             "<tr><td rowspan=3>Birch</td><td colspan=2>none</td></tr>"
                             "<tr><td>2<br>in <i>side</i></td><td>0</td></tr>"
                             "</tbody></table>" PARA "</div></body>",
                             0, NULL);
    const pith_block *b = find_block(r, PITH_BLOCK_TABLE, 0);
    CHECK(b != NULL);
    if (!b) return;
    CHECK_STR(b->caption, "Results 2024");
    CHECK(b->header_rows == 2);
    CHECK(b->flags & PITH_BLOCK_F_TABLE_HEADER);
    /* the empty row is gone; the rowspan is clipped to the rows left */
    CHECK(b->n_rows == 5 && b->n_cols == 3);
    CHECK_STR(b->text, "Team\tGames\nWon\tLost\nAsh\t3\t1\nBirch\tnone\n2 in side\t0");
    CHECK(b->grid != NULL);
    if (b->grid && b->n_cells == 10) {
        CHECK(b->cells[0].rowspan == 2 && b->cells[1].colspan == 2 && b->cells[3].col == 1);
        CHECK(b->cells[7].rowspan == 2 && b->cells[8].colspan == 2);
        CHECK(b->grid[4 * 3 + 0] == 7); /* Birch covers row 4 */
        CHECK(b->cells[9].col == 1);
    }
    CHECK(strstr(pith_result_text(r), "\nResults 2024\nTeam\tGames\n") != NULL);
    const char *s = render(r, PITH_FORMAT_MD, 0);
    CHECK(strstr(s, "\n*Results 2024*\n\n| Team | Games Won | Games Lost |\n| --- | --- | --- |\n| Ash | 3 | 1 |\n"
                    "| Birch | none |  |\n| Birch | 2 in side | 0 |\n") != NULL);
    s = render(r, PITH_FORMAT_TXT, 0);
    CHECK(strstr(s, "\nResults 2024\nTeam | Games Won | Games Lost\nAsh | 3 | 1\nBirch | none\nBirch | 2 in side | 0\n") != NULL);
    s = render(r, PITH_FORMAT_HTML, 0);
    CHECK(strstr(s, "<table>\n<caption>Results 2024</caption>\n<thead>\n<tr><th rowspan=\"2\">Team</th><th colspan=\"2\">Games</th></tr>\n"
                    "<tr><th>Won</th><th>Lost</th></tr>\n</thead>\n<tbody>\n<tr><td>Ash</td><td>3</td><td>1</td></tr>\n"
                    "<tr><td rowspan=\"2\">Birch</td><td colspan=\"2\">none</td></tr>\n<tr><td>2 in side</td><td>0</td></tr>\n</tbody>\n</table>\n") != NULL);
    s = render(r, PITH_FORMAT_XML, 0);
    CHECK(strstr(s, "<table header=\"true\" header_rows=\"2\" rows=\"5\" cols=\"3\">\n      <caption>Results 2024</caption>\n"
                    "      <row><cell header=\"true\" rowspan=\"2\">Team</cell><cell header=\"true\" colspan=\"2\">Games</cell></row>\n") != NULL);
    s = render(r, PITH_FORMAT_JSONL, 0);
    CHECK(strstr(s, "\"caption\":\"Results 2024\",\"header\":true,\"header_rows\":2,\"rows\":[[\"Team\",\"Games\",\"Games\"],"
                    "[\"Team\",\"Won\",\"Lost\"],[\"Ash\",\"3\",\"1\"],[\"Birch\",\"none\",\"none\"],[\"Birch\",\"2 in side\",\"0\"]],"
                    "\"spans\":[{\"row\":0,\"col\":0,\"rowspan\":2,\"colspan\":1},") != NULL);

    /* key-value rows (a th then a td) have no header row */
    r = extract("<body><div>" PARA "<table><tr><th>Weight</th><td>1 kg</td></tr><tr><th>Size</th><td>L</td></tr></table>" PARA "</div></body>", 0, NULL);
    b = find_block(r, PITH_BLOCK_TABLE, 0);
    CHECK(b && b->header_rows == 0);
    s = render(r, PITH_FORMAT_MD, 0);
    CHECK(strstr(s, "|  |  |\n| --- | --- |\n| Weight | 1 kg |\n| Size | L |\n") != NULL);

    /* a table of one column or one row is layout: its cells are paragraphs */
    r = extract("<body><div>" PARA "<table><tr><td><p>First cell of a layout table, with words.</p></td></tr>"
                "<tr><td>Second cell of the same table, also with words.</td></tr></table>"
                "<table><tr><td>Left cell with words in it.</td><td>Right cell with words in it.</td></tr></table>" PARA "</div></body>",
                0, NULL);
    CHECK(find_block(r, PITH_BLOCK_TABLE, 0) == NULL);
    CHECK(strstr(pith_result_text(r), "\nFirst cell of a layout table, with words.\nSecond cell of the same table, also with words.\n"
                                      "Left cell with words in it.\nRight cell with words in it.\n") != NULL);

    /* cells with links: rich text per cell */
    r = extract("<body><div>" PARA "<table><tr><th>Name</th><th>Site</th></tr><tr><td>Ash</td><td><a href='/a|b'>home | page</a></td></tr></table>"
                PARA "</div></body>", 1, "https://e.org/");
    s = render(r, PITH_FORMAT_MD, 1);
    CHECK(strstr(s, "| Name | Site |\n| --- | --- |\n| Ash | [home \\| page](https://e.org/a\\|b) |\n") != NULL);
}

static void test_images(void)
{
    pith_result *r = extract("<html><head><base href='/a/b/'></head><body><div>"
                             "<img src='data:image/gif;base64,R0lGOD' data-src='lead.jpg' alt=' The  lead\n photo '>" PARA
                             "<img src='/img/blank.gif' data-srcset='s.jpg 300w, l.jpg 1200w, m.jpg 800w' alt='Sized'>" PARA
                             "<img srcset='x1.png 1x, x3.png 3x, x2.png 2x'>"
                             "<picture><source srcset='https://cdn.e.org/w_400,h_300/p.webp 400w, https://cdn.e.org/w_900,h_600/p.webp 900w'>"
                             "<img src='placeholder.svg' alt='Pic'></picture>"
                             "<img src='icon.png' width='16' height='16' alt='icon'><img src='/t.gif' width=1 height=1>"
                             PARA "</div></body></html>",
                             1, "https://e.org/news/story.html");
    CHECK(pith_result_image_count(r) == 4);
    const pith_image *im = pith_result_image(r, 0);
    if (im) {
        CHECK_STR(im->src, "https://e.org/a/b/lead.jpg");
        CHECK_STR(im->alt, "The lead photo");
        CHECK(im->lead == 1 && im->block == 0);
    }
    im = pith_result_image(r, 1);
    if (im) {
        CHECK_STR(im->src, "https://e.org/a/b/l.jpg");
        CHECK(im->lead == 0 && im->block == 1);
    }
    im = pith_result_image(r, 2);
    if (im) CHECK_STR(im->src, "https://e.org/a/b/x3.png");
    im = pith_result_image(r, 3);
    if (im) {
        CHECK_STR(im->src, "https://cdn.e.org/w_900,h_600/p.webp");
        CHECK(im->block == 2);
    }
    const char *s = render(r, PITH_FORMAT_MD, 1);
    CHECK(strstr(s, "![The lead photo](https://e.org/a/b/lead.jpg)\n\nThis is") != NULL);
    CHECK(strstr(s, "well.\n\n![Sized](https://e.org/a/b/l.jpg)\n\nThis is") != NULL);
    s = render(r, PITH_FORMAT_HTML, 1);
    CHECK(strstr(s, "<figure>\n<img src=\"https://e.org/a/b/l.jpg\" alt=\"Sized\">\n</figure>\n<p>This is") != NULL);

    /* without a base element or a given address, the canonical one */
    r = extract("<html><head><link rel=canonical href='https://c.org/x/page'></head><body><div>" PARA
                "<p>See <a href='../y'>this report</a>, with words around it to read as text.</p>"
                "<img src='pic.jpg' alt='A picture'>" PARA "</div></body></html>", 1, NULL);
    im = pith_result_image(r, 0);
    CHECK(im && im->src && !strcmp(im->src, "https://c.org/x/pic.jpg"));
    s = render(r, PITH_FORMAT_MD, 1);
    CHECK(strstr(s, "[this report](https://c.org/y)") != NULL);
}

static void test_title_heading(void)
{
    pith_result *r = extract("<html><head><title>Tide tables for the estuary | Harbour News</title></head><body><article>"
                             "<h3>Tide tables for the estuary</h3>" PARA "<h3>Next steps</h3>" PARA "</article></body></html>",
                             0, NULL);
    /* the body keeps it; formats that write the title above leave it out */
    const pith_block *b = pith_result_block(r, 0);
    CHECK(b && b->type == PITH_BLOCK_HEADING && b->level == 3);
    const char *s = render(r, PITH_FORMAT_MD, 0);
    CHECK(strstr(s, "### Tide") == NULL && strstr(s, "\n### Next steps\n") != NULL);
    s = render(r, PITH_FORMAT_TXT, 0);
    CHECK(strstr(s, "\nTide tables for the estuary\n") == NULL);
    s = render(r, PITH_FORMAT_HTML, 0);
    CHECK(strstr(s, "<h3>Tide") == NULL && strstr(s, "<h3>Next steps</h3>") != NULL);
    s = render(r, PITH_FORMAT_JSON, 0);
    CHECK(strstr(s, "\"level\": 3,\n      \"text\": \"Tide tables for the estuary\"") != NULL);
}

/* Layout of hand-made cells: clamps, clipping, the size bound. */
static void test_layout(void)
{
    pith_arena a;
    pith_arena_init(&a);
    pith_result r;
    pith_result_reset(&r, &a);
    pith_block b;
    /* colspan over 1000 counts as 1000, rowspan over 65534 (and 0) end with the row group */
    pith_table_cell *c = pith_arena_alloc(&a, 4 * sizeof *c);
    c[0] = (pith_table_cell){.text = "a", .row = 0, .rowspan = 100000, .colspan = 5000};
    c[1] = (pith_table_cell){.text = "b", .row = 2, .rowspan = 1, .colspan = 1};
    uint32_t ge[3] = {2, 2, 3};
    memset(&b, 0, sizeof b);
    CHECK(pith_table_layout(&r, &b, c, 2, 3, ge));
    CHECK(c[0].rowspan == 2 && c[0].colspan == 1000 && c[1].col == 0);
    CHECK(b.grid != NULL && b.n_cols == 1000);
    c[0] = (pith_table_cell){.text = "a", .row = 0, .rowspan = 0, .colspan = 1};
    c[1] = (pith_table_cell){.text = "b", .row = 0, .rowspan = 1, .colspan = 1};
    c[2] = (pith_table_cell){.text = "c", .row = 1, .rowspan = 1, .colspan = 1};
    c[3] = (pith_table_cell){.text = "d", .row = 2, .rowspan = 1, .colspan = 1};
    memset(&b, 0, sizeof b);
    CHECK(pith_table_layout(&r, &b, c, 4, 3, ge));
    CHECK(c[0].rowspan == 2 && c[2].col == 1 && c[3].col == 0 && b.n_cols == 2);
    /* a cell past column 1000: the table is not laid out, cells keep their order */
    c[0] = (pith_table_cell){.text = "a", .row = 0, .rowspan = 1, .colspan = 1000};
    c[1] = (pith_table_cell){.text = "b", .row = 0, .rowspan = 1, .colspan = 1};
    memset(&b, 0, sizeof b);
    CHECK(pith_table_layout(&r, &b, c, 2, 1, NULL));
    CHECK(b.grid == NULL && c[0].colspan == 1 && c[1].col == 1 && b.n_cols == 2);

    /* many rows with a wide span: no grid, memory stays linear */
    size_t n = 20000;
    c = pith_arena_alloc(&a, n * sizeof *c);
    for (size_t i = 0; i < n; i++) c[i] = (pith_table_cell){.text = "x", .row = (uint32_t)i, .rowspan = 1, .colspan = 1000};
    memset(&b, 0, sizeof b);
    CHECK(pith_table_layout(&r, &b, c, n, (uint32_t)n, NULL));
    CHECK(b.grid == NULL && b.n_cols == 1 && c[5].colspan == 1);

    /* overlapping spans (a table model error) still give a grid in bounds */
    c = pith_arena_alloc(&a, 4 * sizeof *c);
    c[0] = (pith_table_cell){.text = "a", .row = 0, .rowspan = 1, .colspan = 1};
    c[1] = (pith_table_cell){.text = "b", .row = 0, .rowspan = 3, .colspan = 1};
    c[2] = (pith_table_cell){.text = "c", .row = 1, .rowspan = 1, .colspan = 3};
    c[3] = (pith_table_cell){.text = "d", .row = 2, .rowspan = 1, .colspan = 1};
    memset(&b, 0, sizeof b);
    CHECK(pith_table_layout(&r, &b, c, 4, 3, NULL));
    CHECK(b.grid != NULL && b.n_cols == 3 && b.n_rows == 3);
    if (b.grid) CHECK(b.grid[2 * 3 + 1] == 1 && b.grid[2 * 3 + 0] == 3);
    pith_arena_free(&a);
}

/* Lists and tables built without structure (by hand, or from flattened
 * text) get the plain one their text implies. */
static void test_synthesised(void)
{
    pith_arena a;
    pith_arena_init(&a);
    pith_result r;
    pith_result_reset(&r, &a);
    pith_result_add_block(&r, PITH_BLOCK_LIST, 1, "one\n\ttwo\nthree", 14);
    pith_block *t = pith_result_add_block(&r, PITH_BLOCK_TABLE, 0, "h1\th2\na\nb\tc\td", 14);
    t->flags = PITH_BLOCK_F_TABLE_HEADER;
    CHECK(pith_result_finish(&r));
    const pith_block *l = &r.blocks[0];
    CHECK(l->n_items == 3);
    if (l->n_items == 3) CHECK(l->items[1].depth == 1 && l->items[1].number == 1 && l->items[2].number == 2);
    t = &r.blocks[1];
    CHECK(t->n_cells == 6 && t->n_rows == 3 && t->n_cols == 3 && t->header_rows == 1 && t->grid);
    if (t->grid) CHECK(t->grid[1 * 3 + 1] == PITH_NO_CELL);
    pith_buf out;
    pith_buf_init(&out);
    pith_options o;
    pith_options_init(&o);
    pith_render_result(&r, PITH_FORMAT_MD, &o, NULL, NULL, &out);
    CHECK(strstr(out.data, "1. one\n   1. two\n2. three\n") != NULL);
    CHECK(strstr(out.data, "| h1 | h2 |  |\n| --- | --- | --- |\n| a |  |  |\n| b | c | d |\n") != NULL);
    pith_buf_free(&out);
    pith_arena_free(&a);
}

int main(void)
{
    ex = pith_extractor_new();
    test_nested_lists();
    test_tables();
    test_images();
    test_title_heading();
    test_layout();
    test_synthesised();
    pith_extractor_free(ex);
    return T_DONE("structure");
}

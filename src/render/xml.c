/*
 * XML: the result as one <article> element. Schema (docs/pith.1, FORMATS):
 *   <article source? status reason?>
 *     <title/> <authors><author/>*</authors> <date/> <modified/> <language/>
 *     <sitename/> <url/> <description/> <image/> <tags><tag/>*</tags>
 *     <categories><category/>*</categories> <license/> <agency/> <encoding/>
 *     <images><image src lead="true|false" block><alt/>?<caption/>?<credit/>?</image>*</images>
 *       (block: the body block the image stands before)
 *     <body> <heading level="N"/> <paragraph/> <quote/> <code/>
 *            <list ordered="true|false" start?><item>text <list/>?</item>*</list>
 *              (a nested list sits in the item it belongs to)
 *            <table header="true|false" header_rows rows cols><caption/>?
 *              <row><cell header? colspan? rowspan?/>*</row>*</table> </body>
 *     <comments/>? <warnings><warning/>*</warnings>?
 *   </article>
 * Unknown single fields are left out; the document is always UTF-8 and
 * well-formed whatever bytes the page held.
 */
#include "render.h"

#include <string.h>

void pith_render_xml_escape(pith_buf *out, const char *s, size_t n, bool attr)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n, *run = p;
    while (p < end) {
        unsigned c = *p;
        const char *rep = NULL;
        size_t k = 1;
        if (c >= 0x80) {
            k = pith_utf8_seq_len(p, end);
            /* U+FFFE and U+FFFF are not XML characters */
            if (k == 3 && c == 0xEF && p[1] == 0xBF && p[2] >= 0xBE) rep = "\xEF\xBF\xBD";
            else if (k) { p += k; continue; }
            else { rep = "\xEF\xBF\xBD"; k = 1; }
        } else if (c == '&') rep = "&amp;";
        else if (c == '<') rep = "&lt;";
        else if (c == '>') rep = "&gt;";
        else if (c == '"' && attr) rep = "&quot;";
        else if (c == '\'' && attr) rep = "&#39;";
        else if (c == '\n' && attr) rep = "&#10;";
        else if (c == '\t' && attr) rep = "&#9;";
        else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) rep = " ";
        if (!rep) { p++; continue; }
        pith_buf_append(out, run, (size_t)(p - run));
        pith_buf_puts(out, rep);
        p += k;
        run = p;
    }
    pith_buf_append(out, run, (size_t)(p - run));
}

static void esc(pith_buf *out, const char *s) { pith_render_xml_escape(out, s, strlen(s), false); }

static void elem(pith_buf *out, const char *indent, const char *name, const char *v)
{
    if (!v) return;
    pith_buf_printf(out, "%s<%s>", indent, name);
    esc(out, v);
    pith_buf_printf(out, "</%s>\n", name);
}

static void list(pith_buf *out, const char *outer, const char *inner, const pith_strlist *l)
{
    if (!l->n) return;
    pith_buf_printf(out, "  <%s>\n", outer);
    for (size_t i = 0; i < l->n; i++) elem(out, "    ", inner, l->items[i]);
    pith_buf_printf(out, "  </%s>\n", outer);
}

static void indent(pith_buf *out, int n)
{
    for (int i = 0; i < n; i++) pith_buf_puts(out, "  ");
}

static void open_list(pith_buf *out, const pith_list_line *ln)
{
    pith_buf_printf(out, "<list ordered=\"%s\"", ln->ordered ? "true" : "false");
    if (ln->ordered && ln->number != 1) pith_buf_printf(out, " start=\"%d\"", ln->number);
    pith_buf_puts(out, ">\n");
}

/* A list: <item>s, a nested list inside the item it belongs to. */
static void put_list(pith_buf *out, const pith_block *b)
{
    int depth = -1; /* depth of the open <item> */
    pith_list_iter it;
    pith_list_line ln;
    pith_list_begin(&it, b, false);
    indent(out, 2);
    pith_buf_printf(out, "<list ordered=\"%s\"", b->level == 1 ? "true" : "false");
    bool first = true;
    while (pith_list_next(&it, &ln)) {
        int d = ln.depth;
        if (first) {
            if (ln.ordered && ln.number != 1) pith_buf_printf(out, " start=\"%d\"", ln.number);
            pith_buf_puts(out, ">\n");
            first = false;
        }
        while (depth > d) {
            pith_buf_puts(out, "</item>\n");
            indent(out, 2 + 2 * depth);
            pith_buf_puts(out, "</list>");
            depth--;
        }
        if (depth == d) {
            pith_buf_puts(out, "</item>\n");
            if (ln.new_list && d > 0) {
                indent(out, 2 + 2 * d);
                pith_buf_puts(out, "</list>");
                depth = d - 1;
            }
        }
        if (depth < d && d > 0) open_list(out, &ln); /* no space joins the item's text */
        depth = d;
        indent(out, 3 + 2 * d);
        pith_buf_puts(out, "<item>");
        pith_render_xml_escape(out, ln.text, ln.len, false);
    }
    if (first) pith_buf_puts(out, ">\n");
    while (depth > 0) {
        pith_buf_puts(out, "</item>\n");
        indent(out, 2 + 2 * depth);
        pith_buf_puts(out, "</list>");
        depth--;
    }
    if (depth == 0) pith_buf_puts(out, "</item>\n");
    indent(out, 2);
    pith_buf_puts(out, "</list>\n");
}

/* A table: its caption, rows of cells as they are, spans as attributes. */
static void put_table(pith_buf *out, const pith_block *b)
{
    pith_buf_printf(out, "    <table header=\"%s\" header_rows=\"%u\" rows=\"%u\" cols=\"%u\">\n",
                    b->header_rows ? "true" : "false", (unsigned)b->header_rows, (unsigned)b->n_rows,
                    (unsigned)b->n_cols);
    elem(out, "      ", "caption", b->caption);
    uint32_t row = UINT32_MAX;
    for (size_t i = 0; i < b->n_cells; i++) {
        const pith_table_cell *c = &b->cells[i];
        if (c->row != row) {
            if (row != UINT32_MAX) pith_buf_puts(out, "</row>\n");
            pith_buf_puts(out, "      <row>");
            row = c->row;
        }
        pith_buf_puts(out, "<cell");
        if (c->flags & PITH_CELL_F_HEADER) pith_buf_puts(out, " header=\"true\"");
        if (c->colspan > 1) pith_buf_printf(out, " colspan=\"%u\"", (unsigned)c->colspan);
        if (c->rowspan > 1) pith_buf_printf(out, " rowspan=\"%u\"", (unsigned)c->rowspan);
        pith_buf_putc(out, '>');
        esc(out, pith_cell_text(c, false));
        pith_buf_puts(out, "</cell>");
    }
    if (row != UINT32_MAX) pith_buf_puts(out, "</row>\n");
    pith_buf_puts(out, "    </table>\n");
}

static void block(pith_buf *out, const pith_block *b)
{
    const char *s = b->text;
    switch (b->type) {
    case PITH_BLOCK_HEADING:
        pith_buf_printf(out, "    <heading level=\"%d\">", pith_heading_level(b));
        esc(out, s);
        pith_buf_puts(out, "</heading>\n");
        break;
    case PITH_BLOCK_LIST: put_list(out, b); break;
    case PITH_BLOCK_TABLE: put_table(out, b); break;
    default: {
        const char *name = pith_block_type_name(b->type);
        pith_buf_printf(out, "    <%s>", name);
        esc(out, s);
        pith_buf_printf(out, "</%s>\n", name);
    }
    }
}

void pith_render_xml(const pith_result *r, const pith_options *o, const char *source,
                     pith_budget *budget, pith_buf *out)
{
    (void)o;
    pith_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<article");
    if (source) {
        pith_buf_puts(out, " source=\"");
        pith_render_xml_escape(out, source, strlen(source), true);
        pith_buf_putc(out, '"');
    }
    pith_buf_printf(out, " status=\"%s\"", pith_status_name(r->status));
    if (r->status != PITH_OK) {
        const char *reason = r->reason ? r->reason : pith_strerror(r->status);
        pith_buf_puts(out, " reason=\"");
        pith_render_xml_escape(out, reason, strlen(reason), true);
        pith_buf_putc(out, '"');
    }
    pith_buf_puts(out, ">\n");
    elem(out, "  ", "title", r->title);
    list(out, "authors", "author", &r->authors);
    elem(out, "  ", "date", r->date);
    elem(out, "  ", "modified", r->modified);
    elem(out, "  ", "language", r->language);
    elem(out, "  ", "sitename", r->sitename);
    elem(out, "  ", "url", r->url);
    elem(out, "  ", "description", r->description);
    elem(out, "  ", "image", r->image);
    list(out, "tags", "tag", &r->tags);
    list(out, "categories", "category", &r->categories);
    elem(out, "  ", "license", r->license);
    elem(out, "  ", "agency", r->agency);
    elem(out, "  ", "encoding", r->encoding);
    if (r->n_images) {
        pith_buf_puts(out, "  <images>\n");
        for (size_t i = 0; i < r->n_images; i++) {
            const pith_image *im = &r->images[i];
            pith_buf_puts(out, "    <image");
            if (im->src) {
                pith_buf_puts(out, " src=\"");
                pith_render_xml_escape(out, im->src, strlen(im->src), true);
                pith_buf_putc(out, '"');
            }
            pith_buf_printf(out, " lead=\"%s\" block=\"%zu\">", im->lead ? "true" : "false",
                            im->block < r->n_blocks ? im->block : r->n_blocks);
            if (im->alt || im->caption || im->credit) {
                pith_buf_putc(out, '\n');
                elem(out, "      ", "alt", im->alt);
                elem(out, "      ", "caption", im->caption);
                elem(out, "      ", "credit", im->credit);
                pith_buf_puts(out, "    ");
            }
            pith_buf_puts(out, "</image>\n");
        }
        pith_buf_puts(out, "  </images>\n");
    }
    pith_buf_puts(out, "  <body>\n");
    for (size_t i = 0; i < r->n_blocks; i++) {
        if (!r->blocks[i].text || !*r->blocks[i].text) continue;
        if (pith_render_stop(budget, out, r->blocks[i].text)) return;
        block(out, &r->blocks[i]);
    }
    pith_buf_puts(out, "  </body>\n");
    elem(out, "  ", "comments", r->comments);
    list(out, "warnings", "warning", &r->warnings);
    pith_buf_puts(out, "</article>\n");
}

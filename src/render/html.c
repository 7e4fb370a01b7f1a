/*
 * HTML: a clean standalone document holding only the article (title,
 * byline, blocks, figures), everything escaped. With links asked for, a
 * block's rich Markdown is turned into <a>, <em>, <strong> and <code>.
 */
#include "render.h"

#include <string.h>

static void esc(pith_buf *out, const char *s, size_t n) { pith_render_xml_escape(out, s, n, false); }
static void esc_attr(pith_buf *out, const char *s) { pith_render_xml_escape(out, s, strlen(s), true); }

static bool is_punct(unsigned char c)
{
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
           (c >= '{' && c <= '~');
}

static bool is_word(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Longest stretch searched for the end of a link, which keeps the
 * conversion linear on text full of unmatched brackets. */
enum { LINK_SCAN = 4096, MAX_OPEN = 8 };

/* Finds "[text](url)" starting at s[0] == '['; on success sets the offsets of
 * ']' and of the url, its length, and returns the length of the whole link. */
static size_t find_link(const char *s, size_t n, size_t *close, size_t *url, size_t *url_len)
{
    size_t lim = n < LINK_SCAN ? n : LINK_SCAN, i = 1;
    while (i < lim && s[i] != ']' && s[i] != '[') i += s[i] == '\\' ? 2 : 1;
    if (i + 1 >= lim || s[i] != ']' || s[i + 1] != '(') return 0;
    size_t u = i + 2, j = u;
    int depth = 0;
    while (j < lim && s[j] != '\n' && (s[j] != ')' || depth > 0)) {
        if (s[j] == '(') depth++;
        else if (s[j] == ')') depth--;
        j++;
    }
    if (j >= lim || s[j] != ')') return 0;
    *close = i;
    *url = u;
    *url_len = j - u;
    return j + 1;
}

/* Appends inline Markdown as HTML, with every tag it opens closed. */
static void md_inline(pith_buf *out, const char *s, size_t n)
{
    const char *last_star = NULL, *last_under = NULL;
    for (size_t i = n; i-- > 0;) {
        if (!last_star && s[i] == '*') last_star = s + i;
        if (!last_under && s[i] == '_') last_under = s + i;
        if (last_star && last_under) break;
    }
    const char *open[MAX_OPEN];
    int nopen = 0;
    size_t link_close = 0, link_end = 0; /* offsets of the open link's ']' and end */
    bool in_link = false;
    size_t i = 0, run = 0;
#define FLUSH() (esc(out, s + run, i - run))
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (in_link && i >= link_close) {
            /* a code span may have stepped over the ']' */
            FLUSH();
            while (nopen) pith_buf_printf(out, "</%s>", open[--nopen]);
            pith_buf_puts(out, "</a>");
            in_link = false;
            i = run = i > link_end ? i : link_end;
            continue;
        }
        if (c == '\\' && i + 1 < n && is_punct((unsigned char)s[i + 1])) {
            FLUSH();
            esc(out, s + i + 1, 1);
            i += 2;
            run = i;
        } else if (c == '`') {
            const char *e = memchr(s + i + 1, '`', n - i - 1);
            if (!e) { i++; continue; }
            FLUSH();
            pith_buf_puts(out, "<code>");
            esc(out, s + i + 1, (size_t)(e - s) - i - 1);
            pith_buf_puts(out, "</code>");
            i = run = (size_t)(e - s) + 1;
        } else if (c == '[' && !in_link) {
            size_t cl, u, ul, len = find_link(s + i, n - i, &cl, &u, &ul);
            if (!len) { i++; continue; }
            FLUSH();
            pith_buf_puts(out, "<a href=\"");
            pith_render_xml_escape(out, s + i + u, ul, true);
            pith_buf_puts(out, "\">");
            in_link = true;
            link_close = i + cl;
            link_end = i + len;
            i = run = i + 1;
        } else if (c == '*' || c == '_') {
            size_t k = 1;
            while (i + k < n && s[i + k] == (char)c) k++;
            bool intraword = c == '_' && i > 0 && is_word((unsigned char)s[i - 1]) &&
                             i + k < n && is_word((unsigned char)s[i + k]);
            const char *tag = k >= 2 ? "strong" : "em";
            const char *last = c == '*' ? last_star : last_under;
            bool closes = nopen && !strcmp(open[nopen - 1], tag);
            bool opens = !closes && nopen < MAX_OPEN && last > s + i + k - 1;
            if (intraword || (!closes && !opens) || k > 3) { i += k; continue; }
            FLUSH();
            if (closes) pith_buf_printf(out, "</%s>", open[--nopen]);
            else { pith_buf_printf(out, "<%s>", tag); open[nopen++] = tag; }
            i += k >= 2 ? 2 : 1;
            run = i;
        } else {
            i++;
        }
    }
    FLUSH();
#undef FLUSH
    while (nopen) pith_buf_printf(out, "</%s>", open[--nopen]);
    if (in_link) pith_buf_puts(out, "</a>");
}

/* Appends a line of block text: plain text escaped, or rich converted. */
static void put_inline(pith_buf *out, const char *s, size_t n, bool rich)
{
    if (rich) md_inline(out, s, n);
    else esc(out, s, n);
}

/* Appends multi-line text with <br> between lines. */
static void put_lines(pith_buf *out, const char *s, bool rich)
{
    bool first = true;
    while (s) {
        size_t n;
        const char *next = pith_render_line(s, &n);
        if (!first) pith_buf_puts(out, "<br>\n");
        put_inline(out, s, n, rich);
        first = false;
        s = next;
    }
}

/* Opens a list: <ul>, or <ol> with its start when that is not 1. */
static void open_list(pith_buf *out, const pith_list_line *ln)
{
    if (!ln->ordered) pith_buf_puts(out, "<ul>\n");
    else if (ln->number != 1) pith_buf_printf(out, "<ol start=\"%d\">\n", ln->number);
    else pith_buf_puts(out, "<ol>\n");
}

/* Nested lists as nested <ul>/<ol> inside their parent <li>; an item whose
 * number does not follow the one before it gets a value. */
static void put_list(pith_buf *out, const pith_block *b, bool rich)
{
    bool ordered[PITH_LIST_MAX_DEPTH + 1];
    int last[PITH_LIST_MAX_DEPTH + 1];
    int depth = -1; /* depth of the open <li> */
    pith_list_iter it;
    pith_list_line ln;
    pith_list_begin(&it, b, rich);
    while (pith_list_next(&it, &ln)) {
        int d = ln.depth;
        while (depth > d) {
            pith_buf_printf(out, "</li>\n</%s>\n", ordered[depth] ? "ol" : "ul");
            depth--;
        }
        if (depth == d) {
            pith_buf_puts(out, "</li>\n");
            if (ln.new_list) {
                pith_buf_printf(out, "</%s>\n", ordered[d] ? "ol" : "ul");
                depth = d - 1;
            }
        }
        if (depth < d) {
            open_list(out, &ln);
            ordered[d] = ln.ordered;
            last[d] = ln.number - 1;
        }
        depth = d;
        if (ln.ordered && ln.number != last[d] + 1) pith_buf_printf(out, "<li value=\"%d\">", ln.number);
        else pith_buf_puts(out, "<li>");
        last[d] = ln.number;
        put_inline(out, ln.text, ln.len, rich);
    }
    while (depth >= 0) {
        pith_buf_printf(out, "</li>\n</%s>\n", ordered[depth] ? "ol" : "ul");
        depth--;
    }
}

/* A table with its caption, header rows in <thead>, spans as attributes. */
static void put_table(pith_buf *out, const pith_block *b, bool rich)
{
    pith_buf_puts(out, "<table>\n");
    if (b->caption) {
        pith_buf_puts(out, "<caption>");
        esc(out, b->caption, strlen(b->caption));
        pith_buf_puts(out, "</caption>\n");
    }
    uint32_t row = UINT32_MAX;
    for (size_t i = 0; i < b->n_cells; i++) {
        const pith_table_cell *c = &b->cells[i];
        if (c->row != row) {
            if (row != UINT32_MAX) pith_buf_puts(out, "</tr>\n");
            if (c->row == b->header_rows && row != UINT32_MAX && row < b->header_rows)
                pith_buf_puts(out, "</thead>\n");
            if (row == UINT32_MAX) pith_buf_puts(out, c->row < b->header_rows ? "<thead>\n" : "<tbody>\n");
            else if (c->row == b->header_rows && row < b->header_rows) pith_buf_puts(out, "<tbody>\n");
            pith_buf_puts(out, "<tr>");
            row = c->row;
        }
        const char *tag = c->flags & PITH_CELL_F_HEADER ? "th" : "td";
        pith_buf_printf(out, "<%s", tag);
        uint32_t rs = c->rowspan;
        /* a header cell's rows end with the thead */
        if (c->row < b->header_rows && rs > b->header_rows - c->row) rs = b->header_rows - c->row;
        if (c->colspan > 1) pith_buf_printf(out, " colspan=\"%u\"", (unsigned)c->colspan);
        if (rs > 1) pith_buf_printf(out, " rowspan=\"%u\"", (unsigned)rs);
        pith_buf_putc(out, '>');
        const char *t = pith_cell_text(c, rich);
        put_inline(out, t, strlen(t), rich);
        pith_buf_printf(out, "</%s>", tag);
    }
    if (row != UINT32_MAX) pith_buf_puts(out, row < b->header_rows ? "</tr>\n</thead>\n" : "</tr>\n</tbody>\n");
    pith_buf_puts(out, "</table>\n");
}

static void put_figure(pith_buf *out, const pith_image *im)
{
    if (!im->src && !im->caption && !im->credit) return;
    pith_buf_puts(out, "<figure>\n");
    if (im->src) {
        pith_buf_puts(out, "<img src=\"");
        esc_attr(out, im->src);
        pith_buf_puts(out, "\" alt=\"");
        if (im->alt) esc_attr(out, im->alt);
        pith_buf_puts(out, "\">\n");
    }
    if (im->caption || im->credit) {
        pith_buf_puts(out, "<figcaption>");
        if (im->caption) esc(out, im->caption, strlen(im->caption));
        if (im->caption && im->credit) pith_buf_putc(out, ' ');
        if (im->credit) {
            pith_buf_puts(out, "<small class=\"credit\">");
            esc(out, im->credit, strlen(im->credit));
            pith_buf_puts(out, "</small>");
        }
        pith_buf_puts(out, "</figcaption>\n");
    }
    pith_buf_puts(out, "</figure>\n");
}

static void meta(pith_buf *out, const char *attr, const char *name, const char *v)
{
    if (!v) return;
    pith_buf_printf(out, "<meta %s=\"%s\" content=\"", attr, name);
    esc_attr(out, v);
    pith_buf_puts(out, "\">\n");
}

static void head(const pith_result *r, pith_buf *out)
{
    pith_buf_puts(out, "<!DOCTYPE html>\n<html");
    if (r->language) {
        pith_buf_puts(out, " lang=\"");
        esc_attr(out, r->language);
        pith_buf_putc(out, '"');
    }
    pith_buf_puts(out, ">\n<head>\n<meta charset=\"utf-8\">\n");
    if (r->title) {
        pith_buf_puts(out, "<title>");
        esc(out, r->title, strlen(r->title));
        pith_buf_puts(out, "</title>\n");
    }
    for (size_t i = 0; i < r->authors.n; i++) meta(out, "name", "author", r->authors.items[i]);
    meta(out, "name", "date", r->date);
    meta(out, "name", "description", r->description);
    meta(out, "property", "og:site_name", r->sitename);
    meta(out, "property", "og:image", r->image);
    if (r->url) {
        pith_buf_puts(out, "<link rel=\"canonical\" href=\"");
        esc_attr(out, r->url);
        pith_buf_puts(out, "\">\n");
    }
    pith_buf_puts(out, "</head>\n<body>\n<article>\n");
}

static void byline(const pith_result *r, pith_buf *out)
{
    if (!r->authors.n && !r->date) return;
    pith_buf_puts(out, "<p class=\"byline\">");
    for (size_t i = 0; i < r->authors.n; i++) {
        if (i) pith_buf_puts(out, ", ");
        pith_buf_puts(out, "<span class=\"author\">");
        esc(out, r->authors.items[i], strlen(r->authors.items[i]));
        pith_buf_puts(out, "</span>");
    }
    if (r->date) {
        if (r->authors.n) pith_buf_puts(out, " ");
        pith_buf_puts(out, "<time datetime=\"");
        esc_attr(out, r->date);
        pith_buf_puts(out, "\">");
        esc(out, r->date, strlen(r->date));
        pith_buf_puts(out, "</time>");
    }
    pith_buf_puts(out, "</p>\n");
}

void pith_render_html(const pith_result *r, const pith_options *o, pith_budget *budget, pith_buf *out)
{
    bool links = o && o->links, images = o && o->images;
    head(r, out);
    if (r->title) {
        pith_buf_puts(out, "<h1>");
        esc(out, r->title, strlen(r->title));
        pith_buf_puts(out, "</h1>\n");
    }
    byline(r, out);
    if (images)
        for (size_t i = 0; i < r->n_images; i++)
            if (r->images[i].lead) put_figure(out, &r->images[i]);
    /* the title is written above: a heading repeating it is left out */
    size_t title_block = pith_render_title_block(r);
    size_t next_img = 0;
    for (size_t i = 0; i < r->n_blocks; i++) {
        const pith_block *b = &r->blocks[i];
        /* the other images where they stood among the blocks */
        for (; images && next_img < r->n_images && r->images[next_img].block <= i; next_img++)
            if (!r->images[next_img].lead) put_figure(out, &r->images[next_img]);
        if (!b->text || !*b->text || i == title_block) continue;
        if (pith_render_stop(budget, out, b->text)) return;
        bool rich = links && b->rich && *b->rich && b->type != PITH_BLOCK_CODE;
        const char *s = rich ? b->rich : b->text;
        switch (b->type) {
        case PITH_BLOCK_HEADING: {
            int lv = pith_heading_level(b);
            pith_buf_printf(out, "<h%d>", lv);
            put_lines(out, s, rich);
            pith_buf_printf(out, "</h%d>\n", lv);
            break;
        }
        case PITH_BLOCK_LIST: put_list(out, b, rich); break;
        case PITH_BLOCK_TABLE: put_table(out, b, rich); break;
        case PITH_BLOCK_QUOTE:
            pith_buf_puts(out, "<blockquote><p>");
            put_lines(out, s, rich);
            pith_buf_puts(out, "</p></blockquote>\n");
            break;
        case PITH_BLOCK_CODE:
            pith_buf_puts(out, "<pre><code>");
            esc(out, b->text, strlen(b->text));
            pith_buf_puts(out, "</code></pre>\n");
            break;
        default:
            pith_buf_puts(out, "<p>");
            put_lines(out, s, rich);
            pith_buf_puts(out, "</p>\n");
        }
    }
    if (images)
        for (size_t i = next_img; i < r->n_images; i++)
            if (!r->images[i].lead) put_figure(out, &r->images[i]);
    if (r->comments && *r->comments) {
        pith_buf_puts(out, "<section class=\"comments\">\n<h2>Comments</h2>\n<p>");
        put_lines(out, r->comments, false);
        pith_buf_puts(out, "</p>\n</section>\n");
    }
    pith_buf_puts(out, "</article>\n</body>\n</html>\n");
}

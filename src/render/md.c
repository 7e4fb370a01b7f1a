/*
 * Markdown (CommonMark with pipe tables): optional YAML front matter, the
 * title as "# Title", then the blocks. Plain text is escaped so that it
 * renders as itself; block->rich (already Markdown) is used as-is when links
 * are asked for. Table cells never contain a newline and every row has the
 * same number of cells, so tables never break.
 */
#include "render.h"

#include <string.h>

static bool is_word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* True when an '&' at s[0] starts something a Markdown renderer would read
 * as a character reference ("&amp;", "&#38;"). */
static bool looks_entity(const char *s, size_t n)
{
    size_t i = 1;
    if (i < n && s[i] == '#') i++;
    size_t start = i;
    while (i < n && i < 34 && is_word_byte((unsigned char)s[i]) && (unsigned char)s[i] < 0x80) i++;
    return i > start && i < n && s[i] == ';';
}

/* Appends inline text escaped so that no character starts emphasis, a link,
 * code, raw HTML or (with `pipes`) a table cell. */
static void put_inline(pith_buf *out, const char *s, size_t n, bool pipes)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool esc = false;
        switch (c) {
        case '\\': case '`': case '*': case '[': case ']': esc = true; break;
        case '|': esc = pipes; break;
        case '_':
            esc = !(i > 0 && is_word_byte((unsigned char)s[i - 1]) && i + 1 < n &&
                    is_word_byte((unsigned char)s[i + 1]));
            break;
        case '<':
            esc = i + 1 < n && (is_word_byte((unsigned char)s[i + 1]) || s[i + 1] == '/' ||
                                s[i + 1] == '!' || s[i + 1] == '?');
            break;
        case '&': esc = looks_entity(s + i, n - i); break;
        default: break;
        }
        if (!esc) continue;
        pith_render_put_clean(out, s + run, i - run);
        pith_buf_putc(out, '\\');
        run = i;
    }
    pith_render_put_clean(out, s + run, n - run);
}

/* Appends one line of plain text escaped, including what would start a block
 * at the beginning of a line (heading, quote, list marker, fence, rule). */
static void put_line(pith_buf *out, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
    if (!n) return;
    unsigned char c = (unsigned char)s[0];
    bool esc = false;
    if (c == '#' || c == '>' || c == '~' || c == '=' || c == '+' || c == '-') {
        esc = true;
    } else if (c >= '0' && c <= '9') {
        size_t i = 0;
        while (i < n && i < 9 && s[i] >= '0' && s[i] <= '9') i++;
        if (i < n && (s[i] == '.' || s[i] == ')') && (i + 1 == n || s[i + 1] == ' ')) {
            pith_render_put_clean(out, s, i);
            pith_buf_putc(out, '\\');
            s += i;
            n -= i;
        }
    }
    if (esc) pith_buf_putc(out, '\\');
    put_inline(out, s, n, false);
}

/* Appends text that may hold several lines, each after `prefix` and ending
 * in a hard break: plain text escaped, its blank lines left out; rich text
 * (Markdown already) as it is. */
static void put_lines(pith_buf *out, const char *s, const char *prefix, bool rich)
{
    bool first = true;
    while (s) {
        size_t n;
        const char *next = pith_render_line(s, &n);
        if (!rich)
            while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
        if (n) {
            if (!first) pith_buf_puts(out, "  \n");
            pith_buf_puts(out, prefix);
            if (rich) pith_render_put_clean(out, s, n);
            else put_line(out, s, n);
            first = false;
        }
        s = next;
    }
    pith_buf_putc(out, '\n');
}

/* Nested lists: an item's children are indented to its text's column; a
 * list that follows another at the same depth switches its marker ('-' and
 * '*', '.' and ')') so that it stays a list of its own. An ordered list
 * nested under an item's text may only interrupt it when it starts at 1,
 * so another start gets a blank line first. */
static void put_list(pith_buf *out, const pith_block *b, bool rich)
{
    int col[PITH_LIST_MAX_DEPTH + 2] = {0};
    bool alt[PITH_LIST_MAX_DEPTH + 1] = {false};
    pith_list_iter it;
    pith_list_line ln;
    int prev = -1;
    pith_list_begin(&it, b, rich);
    while (pith_list_next(&it, &ln)) {
        int d = ln.depth;
        if (ln.new_list) {
            alt[d] = d <= prev ? !alt[d] : false;
            if (ln.ordered && ln.number != 1 && d > 0 && d > prev) pith_buf_putc(out, '\n');
        }
        prev = d;
        for (int i = 0; i < col[d]; i++) pith_buf_putc(out, ' ');
        size_t before = out->len;
        if (ln.ordered) {
            long num = ln.number < 0 ? 0 : ln.number > 999999999 ? 999999999 : ln.number;
            pith_buf_printf(out, "%ld%c ", num, alt[d] ? ')' : '.');
        } else {
            pith_buf_puts(out, alt[d] ? "* " : "- ");
        }
        col[d + 1] = col[d] + (int)(out->len - before);
        if (rich) pith_render_put_clean(out, ln.text, ln.len);
        else put_line(out, ln.text, ln.len);
        pith_buf_putc(out, '\n');
    }
}

/* Appends one table cell's text for a pipe table. */
static void put_cell(pith_buf *out, const char *s, size_t n, bool rich)
{
    while (n && (*s == ' ' || *s == '\r')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\r')) n--;
    if (!rich) {
        put_inline(out, s, n, true);
        return;
    }
    const char *run = s;
    for (const char *q = s; q < s + n; q++) {
        if (*q != '|' || (q > s && q[-1] == '\\')) continue;
        pith_render_put_clean(out, run, (size_t)(q - run));
        pith_buf_putc(out, '\\');
        run = q;
    }
    pith_render_put_clean(out, run, (size_t)(s + n - run));
}

/* The header of a laid-out table: one row that joins, column by column,
 * the header rows' texts ("Matches" over "Won" gives "Matches Won"). */
static void put_header(pith_buf *out, const pith_block *b, bool rich)
{
    pith_buf_putc(out, '|');
    for (uint32_t x = 0; x < b->n_cols; x++) {
        pith_buf_putc(out, ' ');
        uint32_t y = 0, last = PITH_NO_CELL, k;
        bool any = false;
        while ((k = pith_table_header_next(b, x, &y, &last)) != PITH_NO_CELL) {
            const char *t = pith_cell_text(&b->cells[k], rich);
            if (any) pith_buf_putc(out, ' ');
            put_cell(out, t, strlen(t), rich);
            any = true;
        }
        pith_buf_puts(out, " |");
    }
    pith_buf_putc(out, '\n');
}

static void put_delimiter(pith_buf *out, uint32_t ncols)
{
    pith_buf_putc(out, '|');
    for (uint32_t c = 0; c < ncols; c++) pith_buf_puts(out, " --- |");
    pith_buf_putc(out, '\n');
}

/* A pipe table: the caption as a line above it, header rows joined into
 * one, spans expanded into a rectangular grid (a row-spanning cell repeats
 * in each of its rows, a column-spanning one fills its first column). A
 * table too large to lay out has rows of its cells as they are. */
static void put_table(pith_buf *out, const pith_block *b, bool rich)
{
    if (!b->n_cells || !b->n_cols) return;
    if (b->caption) {
        pith_buf_putc(out, '*');
        put_inline(out, b->caption, strlen(b->caption), false);
        pith_buf_puts(out, "*\n\n");
    }
    if (!b->grid) {
        size_t i = 0;
        bool header = b->header_rows > 0;
        if (!header) {
            pith_buf_putc(out, '|');
            for (uint32_t c = 0; c < b->n_cols; c++) pith_buf_puts(out, "  |");
            pith_buf_putc(out, '\n');
            put_delimiter(out, b->n_cols);
        }
        while (i < b->n_cells && !pith_buf_full(out)) {
            uint32_t row = b->cells[i].row;
            pith_buf_putc(out, '|');
            for (; i < b->n_cells && b->cells[i].row == row; i++) {
                const char *t = pith_cell_text(&b->cells[i], rich);
                pith_buf_putc(out, ' ');
                put_cell(out, t, strlen(t), rich);
                pith_buf_puts(out, " |");
            }
            pith_buf_putc(out, '\n');
            if (header) put_delimiter(out, b->n_cols);
            header = false;
        }
        return;
    }
    if (b->header_rows) {
        put_header(out, b, rich);
    } else {
        /* pipe tables need a header row; an empty one keeps the data as data */
        pith_buf_putc(out, '|');
        for (uint32_t c = 0; c < b->n_cols; c++) pith_buf_puts(out, "  |");
        pith_buf_putc(out, '\n');
    }
    put_delimiter(out, b->n_cols);
    for (uint32_t y = b->header_rows; y < b->n_rows && !pith_buf_full(out); y++) {
        pith_buf_putc(out, '|');
        for (uint32_t x = 0; x < b->n_cols; x++) {
            uint32_t k = b->grid[(size_t)y * b->n_cols + x];
            pith_buf_putc(out, ' ');
            if (k != PITH_NO_CELL && b->cells[k].col == x) {
                const char *t = pith_cell_text(&b->cells[k], rich);
                put_cell(out, t, strlen(t), rich);
            }
            pith_buf_puts(out, " |");
        }
        pith_buf_putc(out, '\n');
    }
}

static void put_code(pith_buf *out, const char *s)
{
    size_t longest = 0, cur = 0;
    for (const char *p = s; *p; p++) {
        cur = *p == '`' ? cur + 1 : 0;
        if (cur > longest) longest = cur;
    }
    size_t fence = longest >= 3 ? longest + 1 : 3;
    for (size_t i = 0; i < fence; i++) pith_buf_putc(out, '`');
    pith_buf_putc(out, '\n');
    size_t n = strlen(s);
    pith_render_put_clean(out, s, n);
    if (n && s[n - 1] != '\n') pith_buf_putc(out, '\n');
    for (size_t i = 0; i < fence; i++) pith_buf_putc(out, '`');
    pith_buf_putc(out, '\n');
}

/* Appends a URL for a Markdown link destination, percent-encoding the bytes
 * that would end or break it. */
static void put_url(pith_buf *out, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c <= ' ' || c == '(' || c == ')' || c == '<' || c == '>' || c == 0x7F)
            pith_buf_printf(out, "%%%02X", c);
        else
            pith_render_put_clean(out, s, 1);
    }
}

/* True when an image has something to show: a source or a caption/credit
 * (images found in flattened text have no source). */
static bool image_shown(const pith_image *im) { return im->src || im->caption || im->credit; }

static void put_image(pith_buf *out, const pith_image *im)
{
    if (im->src) {
        pith_buf_puts(out, "![");
        if (im->alt) put_inline(out, im->alt, strlen(im->alt), false);
        pith_buf_puts(out, "](");
        put_url(out, im->src);
        pith_buf_puts(out, ")\n");
    }
    if (im->caption) {
        pith_buf_putc(out, '*');
        put_inline(out, im->caption, strlen(im->caption), false);
        pith_buf_putc(out, '*');
        if (im->credit) pith_buf_putc(out, ' ');
    }
    if (im->credit) {
        pith_buf_putc(out, '(');
        put_inline(out, im->credit, strlen(im->credit), false);
        pith_buf_putc(out, ')');
    }
    if (im->caption || im->credit) pith_buf_putc(out, '\n');
}

static void yaml_field(pith_buf *out, const char *key, const char *v)
{
    if (!v) return;
    pith_buf_puts(out, key);
    pith_buf_puts(out, ": ");
    pith_json_string(out, v); /* a JSON string is a valid YAML double-quoted scalar */
    pith_buf_putc(out, '\n');
}

static void yaml_list(pith_buf *out, const char *key, const pith_strlist *l)
{
    if (!l->n) return;
    pith_buf_puts(out, key);
    pith_buf_puts(out, ":\n");
    for (size_t i = 0; i < l->n; i++) {
        pith_buf_puts(out, "  - ");
        pith_json_string(out, l->items[i]);
        pith_buf_putc(out, '\n');
    }
}

static void front_matter(const pith_result *r, pith_buf *out)
{
    if (!r->title && !r->authors.n && !r->date && !r->sitename && !r->url && !r->language &&
        !r->description)
        return;
    pith_buf_puts(out, "---\n");
    yaml_field(out, "title", r->title);
    yaml_list(out, "authors", &r->authors);
    yaml_field(out, "date", r->date);
    yaml_field(out, "modified", r->modified);
    yaml_field(out, "sitename", r->sitename);
    yaml_field(out, "url", r->url);
    yaml_field(out, "language", r->language);
    yaml_field(out, "description", r->description);
    yaml_field(out, "image", r->image);
    yaml_list(out, "tags", &r->tags);
    yaml_list(out, "categories", &r->categories);
    yaml_field(out, "license", r->license);
    yaml_field(out, "agency", r->agency);
    pith_buf_puts(out, "---\n\n");
}

void pith_render_md(const pith_result *r, const pith_options *o, pith_budget *budget, pith_buf *out)
{
    bool links = o && o->links, images = o && o->images;
    front_matter(r, out);
    bool any = false;
    if (r->title) {
        pith_buf_puts(out, "# ");
        put_inline(out, r->title, strlen(r->title), false);
        pith_buf_putc(out, '\n');
        any = true;
    }
    if (images) {
        for (size_t i = 0; i < r->n_images; i++) {
            if (!r->images[i].lead || !image_shown(&r->images[i])) continue;
            if (any) pith_buf_putc(out, '\n');
            put_image(out, &r->images[i]);
            any = true;
        }
    }
    /* the title is written above: a heading repeating it is left out */
    size_t title_block = pith_render_title_block(r), next_img = 0;
    for (size_t i = 0; i < r->n_blocks; i++) {
        const pith_block *b = &r->blocks[i];
        /* the other images where they stood among the blocks */
        for (; images && next_img < r->n_images && r->images[next_img].block <= i; next_img++) {
            const pith_image *im = &r->images[next_img];
            if (im->lead || !image_shown(im)) continue;
            if (any) pith_buf_putc(out, '\n');
            put_image(out, im);
            any = true;
        }
        if (!b->text || !*b->text || i == title_block) continue;
        if (pith_render_stop(budget, out, b->text)) return;
        bool rich = links && b->rich && *b->rich && b->type != PITH_BLOCK_CODE;
        if (any) pith_buf_putc(out, '\n');
        any = true;
        switch (b->type) {
        case PITH_BLOCK_HEADING: {
            int lv = pith_heading_level(b);
            char hashes[8] = "######";
            hashes[lv] = ' ';
            hashes[lv + 1] = '\0';
            pith_buf_puts(out, hashes);
            /* a heading is one line: inner newlines become spaces */
            const char *s = rich ? b->rich : b->text;
            for (bool first = true; s; first = false) {
                size_t n;
                const char *next = pith_render_line(s, &n);
                if (!first) pith_buf_putc(out, ' ');
                if (rich) pith_render_put_clean(out, s, n);
                else if (first) put_line(out, s, n);
                else put_inline(out, s, n, false);
                s = next;
            }
            pith_buf_putc(out, '\n');
            break;
        }
        case PITH_BLOCK_LIST: put_list(out, b, rich); break;
        case PITH_BLOCK_TABLE: put_table(out, b, rich); break;
        case PITH_BLOCK_QUOTE:
            put_lines(out, rich ? b->rich : b->text, "> ", rich);
            break;
        case PITH_BLOCK_CODE: put_code(out, b->text); break;
        default:
            put_lines(out, rich ? b->rich : b->text, "", rich);
        }
    }
    if (images) {
        for (size_t i = next_img; i < r->n_images; i++) {
            if (r->images[i].lead || !image_shown(&r->images[i])) continue;
            if (any) pith_buf_putc(out, '\n');
            put_image(out, &r->images[i]);
            any = true;
        }
    }
    if (r->comments && *r->comments) {
        if (any) pith_buf_putc(out, '\n');
        pith_buf_puts(out, "## Comments\n\n");
        put_lines(out, r->comments, "", false);
    }
}

/*
 * JSON (pretty, 2-space indent) and JSONL (one line, with "source"). Every
 * field is always present (null or [] when unknown) so that consumers see one
 * schema; "comments", "status"/"reason" and "warnings" appear only when they
 * say something.
 */
#include "render.h"

#include <string.h>

void pith_json_string_n(pith_buf *out, const char *str, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)str, *end = p + n, *run = p;
    pith_buf_putc(out, '"');
    while (p < end) {
        unsigned c = *p;
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') { p++; continue; }
        if (c >= 0x80) {
            size_t k = pith_utf8_seq_len(p, end);
            /* U+2028/2029 are valid JSON but end lines in JavaScript */
            bool sep = k == 3 && c == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9);
            if (k && !sep) { p += k; continue; }
            pith_buf_append(out, run, (size_t)(p - run));
            if (sep) pith_buf_puts(out, p[2] == 0xA8 ? "\\u2028" : "\\u2029");
            else pith_buf_puts(out, "\\ufffd"); /* an invalid UTF-8 byte */
            p += k ? k : 1;
            run = p;
            continue;
        }
        pith_buf_append(out, run, (size_t)(p - run));
        switch (c) {
        case '"': pith_buf_puts(out, "\\\""); break;
        case '\\': pith_buf_puts(out, "\\\\"); break;
        case '\n': pith_buf_puts(out, "\\n"); break;
        case '\r': pith_buf_puts(out, "\\r"); break;
        case '\t': pith_buf_puts(out, "\\t"); break;
        case '\b': pith_buf_puts(out, "\\b"); break;
        case '\f': pith_buf_puts(out, "\\f"); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            pith_buf_append(out, u, 6);
        }
        }
        run = ++p;
    }
    pith_buf_append(out, run, (size_t)(p - run));
    pith_buf_putc(out, '"');
}

void pith_json_string(pith_buf *out, const char *s)
{
    if (!s) pith_buf_puts(out, "null");
    else pith_json_string_n(out, s, strlen(s));
}

/* A tiny streaming writer: tracks nesting, commas and indentation. */
enum { JW_MAX_DEPTH = 48 }; /* nested lists take 3 levels each */
typedef struct jw {
    pith_buf *out;
    bool pretty;
    int depth;
    bool first[JW_MAX_DEPTH];
} jw;

static void jw_sep(jw *w)
{
    if (w->depth == 0) return;
    if (!w->first[w->depth]) pith_buf_putc(w->out, ',');
    w->first[w->depth] = false;
    if (w->pretty) {
        pith_buf_putc(w->out, '\n');
        for (int i = 0; i < w->depth; i++) pith_buf_puts(w->out, "  ");
    }
}

static void jw_key(jw *w, const char *k)
{
    jw_sep(w);
    pith_json_string(w->out, k);
    pith_buf_puts(w->out, w->pretty ? ": " : ":");
}

static void jw_open(jw *w, char c)
{
    pith_buf_putc(w->out, c);
    if (w->depth + 1 < JW_MAX_DEPTH) w->depth++;
    w->first[w->depth] = true;
}

static void jw_close(jw *w, char c)
{
    bool empty = w->first[w->depth];
    w->depth--;
    if (w->pretty && !empty) {
        pith_buf_putc(w->out, '\n');
        for (int i = 0; i < w->depth; i++) pith_buf_puts(w->out, "  ");
    }
    pith_buf_putc(w->out, c);
}

static void jw_str_field(jw *w, const char *k, const char *v)
{
    jw_key(w, k);
    pith_json_string(w->out, v);
}

static void jw_list_field(jw *w, const char *k, const pith_strlist *l)
{
    jw_key(w, k);
    jw_open(w, '[');
    for (size_t i = 0; i < l->n; i++) {
        jw_sep(w);
        pith_json_string(w->out, l->items[i]);
    }
    jw_close(w, ']');
}

static void jw_int_field(jw *w, const char *k, long v)
{
    jw_key(w, k);
    pith_buf_printf(w->out, "%ld", v);
}

static void jw_bool_field(jw *w, const char *k, bool v)
{
    jw_key(w, k);
    pith_buf_puts(w->out, v ? "true" : "false");
}

/* The list's items as objects {"text", "list"?}; a nested list is the
 * "list" ({"ordered", "start"?, "items"}) of the item it belongs to, and a
 * second list nested in the same item continues the first. */
static void jw_items(jw *w, const pith_block *b)
{
    int depth = -1; /* depth of the open item object */
    pith_list_iter it;
    pith_list_line ln;
    pith_list_begin(&it, b, false);
    jw_key(w, "items");
    jw_open(w, '[');
    while (pith_list_next(&it, &ln)) {
        int d = ln.depth;
        while (depth > d) {
            jw_close(w, '}'); /* item */
            jw_close(w, ']'); /* items */
            jw_close(w, '}'); /* list */
            depth--;
        }
        if (depth == d) jw_close(w, '}');
        if (depth < d && d > 0) {
            jw_key(w, "list");
            jw_open(w, '{');
            jw_bool_field(w, "ordered", ln.ordered);
            if (ln.ordered) jw_int_field(w, "start", ln.number);
            jw_key(w, "items");
            jw_open(w, '[');
        }
        depth = d;
        jw_sep(w);
        jw_open(w, '{');
        jw_key(w, "text");
        pith_json_string_n(w->out, ln.text, ln.len);
    }
    while (depth > 0) {
        jw_close(w, '}');
        jw_close(w, ']');
        jw_close(w, '}');
        depth--;
    }
    if (depth == 0) jw_close(w, '}');
    jw_close(w, ']');
}

/* The table as a rectangular grid of cell texts, spanned positions holding
 * the spanning cell's text (rows as they are when it has no grid), and the
 * spans themselves. */
static void jw_table(jw *w, const pith_block *b)
{
    jw_str_field(w, "caption", b->caption);
    jw_bool_field(w, "header", b->header_rows > 0);
    jw_int_field(w, "header_rows", (long)b->header_rows);
    jw_key(w, "rows");
    jw_open(w, '[');
    if (b->grid) {
        for (uint32_t y = 0; y < b->n_rows; y++) {
            jw_sep(w);
            jw_open(w, '[');
            for (uint32_t x = 0; x < b->n_cols; x++) {
                uint32_t k = b->grid[(size_t)y * b->n_cols + x];
                jw_sep(w);
                pith_json_string(w->out, k == PITH_NO_CELL ? "" : pith_cell_text(&b->cells[k], false));
            }
            jw_close(w, ']');
        }
    } else {
        for (size_t i = 0; i < b->n_cells; i++) {
            if (!i || b->cells[i].row != b->cells[i - 1].row) {
                if (i) jw_close(w, ']');
                jw_sep(w);
                jw_open(w, '[');
            }
            jw_sep(w);
            pith_json_string(w->out, pith_cell_text(&b->cells[i], false));
        }
        if (b->n_cells) jw_close(w, ']');
    }
    jw_close(w, ']');
    bool spans = false;
    for (size_t i = 0; i < b->n_cells && !spans; i++) spans = b->cells[i].rowspan > 1 || b->cells[i].colspan > 1;
    if (!spans) return;
    jw_key(w, "spans");
    jw_open(w, '[');
    for (size_t i = 0; i < b->n_cells; i++) {
        const pith_table_cell *c = &b->cells[i];
        if (c->rowspan <= 1 && c->colspan <= 1) continue;
        jw_sep(w);
        jw_open(w, '{');
        jw_int_field(w, "row", (long)c->row);
        jw_int_field(w, "col", (long)c->col);
        jw_int_field(w, "rowspan", (long)c->rowspan);
        jw_int_field(w, "colspan", (long)c->colspan);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void jw_block(jw *w, const pith_block *b, bool links)
{
    jw_sep(w);
    jw_open(w, '{');
    jw_str_field(w, "type", pith_block_type_name(b->type));
    if (b->type == PITH_BLOCK_HEADING) jw_int_field(w, "level", pith_heading_level(b));
    jw_str_field(w, "text", b->text);
    if (links && b->rich) jw_str_field(w, "markdown", b->rich);
    if (b->type == PITH_BLOCK_LIST) {
        jw_bool_field(w, "ordered", b->level == 1);
        if (b->level == 1 && b->n_items) jw_int_field(w, "start", b->items[0].number);
        jw_items(w, b);
    } else if (b->type == PITH_BLOCK_TABLE) {
        jw_table(w, b);
    }
    jw_close(w, '}');
}

static void jw_image(jw *w, const pith_image *im)
{
    jw_sep(w);
    jw_open(w, '{');
    jw_str_field(w, "src", im->src);
    jw_str_field(w, "alt", im->alt);
    jw_str_field(w, "caption", im->caption);
    jw_str_field(w, "credit", im->credit);
    jw_key(w, "lead");
    pith_buf_puts(w->out, im->lead ? "true" : "false");
    jw_close(w, '}');
}

void pith_render_json(const pith_result *r, const pith_options *o, const char *source,
                      bool pretty, pith_buf *out)
{
    jw w = {.out = out, .pretty = pretty};
    jw_open(&w, '{');
    if (!pretty) jw_str_field(&w, "source", source);
    jw_str_field(&w, "title", r->title);
    jw_list_field(&w, "authors", &r->authors);
    jw_str_field(&w, "date", r->date);
    jw_str_field(&w, "modified", r->modified);
    jw_str_field(&w, "language", r->language);
    jw_str_field(&w, "sitename", r->sitename);
    jw_str_field(&w, "url", r->url);
    jw_str_field(&w, "description", r->description);
    jw_str_field(&w, "image", r->image);
    jw_list_field(&w, "tags", &r->tags);
    jw_list_field(&w, "categories", &r->categories);
    jw_str_field(&w, "license", r->license);
    jw_str_field(&w, "agency", r->agency);
    jw_str_field(&w, "encoding", r->encoding);
    jw_str_field(&w, "text", r->text ? r->text : "");
    jw_key(&w, "images");
    jw_open(&w, '[');
    for (size_t i = 0; i < r->n_images; i++) jw_image(&w, &r->images[i]);
    jw_close(&w, ']');
    jw_key(&w, "body");
    jw_open(&w, '[');
    bool links = o && o->links;
    for (size_t i = 0; i < r->n_blocks; i++)
        if (r->blocks[i].text && *r->blocks[i].text) jw_block(&w, &r->blocks[i], links);
    jw_close(&w, ']');
    if (r->comments) jw_str_field(&w, "comments", r->comments);
    if (r->status != PITH_OK) {
        jw_str_field(&w, "status", pith_status_name(r->status));
        jw_str_field(&w, "reason", r->reason ? r->reason : pith_strerror(r->status));
    }
    if (r->warnings.n) jw_list_field(&w, "warnings", &r->warnings);
    jw_close(&w, '}');
    pith_buf_putc(out, '\n');
}

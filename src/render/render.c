/* The render dispatcher and the helpers the format renderers share. */
#include "render.h"
#include "../core/title.h"

#include <stdint.h>
#include <string.h>

static const char *const status_names[PITH_STATUS_COUNT_] = {
#define PITH_STATUS(id, name, text) [PITH_##id] = name,
#include "../core/status.def"
#undef PITH_STATUS
};

/* status.def has a line for each status. */
#define PITH_STATUS(id, name, text) +1
_Static_assert(0
#include "../core/status.def"
               == PITH_STATUS_COUNT_, "core/status.def lists every pith_status");
#undef PITH_STATUS

const char *pith_status_name(pith_status st)
{
    if ((unsigned)st < PITH_STATUS_COUNT_ && status_names[st]) return status_names[st];
    return "unknown";
}

const char *pith_format_ext(pith_format fmt)
{
    switch (fmt) {
    case PITH_FORMAT_TXT: return "txt";
    case PITH_FORMAT_MD: return "md";
    case PITH_FORMAT_JSON: return "json";
    case PITH_FORMAT_HTML: return "html";
    case PITH_FORMAT_XML: return "xml";
    case PITH_FORMAT_JSONL: return "jsonl";
    }
    return "out";
}

const char *pith_block_type_name(pith_block_type t)
{
    switch (t) {
    case PITH_BLOCK_PARAGRAPH: return "paragraph";
    case PITH_BLOCK_HEADING: return "heading";
    case PITH_BLOCK_LIST: return "list";
    case PITH_BLOCK_TABLE: return "table";
    case PITH_BLOCK_QUOTE: return "quote";
    case PITH_BLOCK_CODE: return "code";
    }
    return "paragraph";
}

void pith_render_put_clean(pith_buf *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n, *run = p;
    while (p < end) {
        unsigned c = *p;
        if (c >= 0x20 && c < 0x7F) { p++; continue; }
        if (c == '\t' || c == '\n') { p++; continue; }
        size_t k = c >= 0x80 ? pith_utf8_seq_len(p, end) : 0;
        if (k) { p += k; continue; }
        pith_buf_append(out, run, (size_t)(p - run));
        if (c == 0x7F || c < 0x20) pith_buf_putc(out, ' ');
        else pith_buf_puts(out, "\xEF\xBF\xBD");
        run = ++p;
    }
    pith_buf_append(out, run, (size_t)(p - run));
}

const char *pith_render_line(const char *s, size_t *len)
{
    const char *nl = strchr(s, '\n');
    if (!nl) { *len = strlen(s); return NULL; }
    *len = (size_t)(nl - s);
    return nl + 1;
}

void pith_list_begin(pith_list_iter *it, const pith_block *b, bool rich)
{
    it->b = b;
    it->s = rich && b->rich ? b->rich : b->text;
    it->i = 0;
    it->prev = -1;
}

bool pith_list_next(pith_list_iter *it, pith_list_line *line)
{
    const pith_block *b = it->b;
    while (it->s) {
        size_t n;
        const char *s = it->s, *next = pith_render_line(s, &n);
        size_t i = it->i++;
        it->s = next;
        while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
        if (!n) continue;
        const pith_list_item *item = i < b->n_items && b->items ? &b->items[i] : NULL;
        int d = item ? item->depth : 0;
        if (d < 0) d = 0;
        if (d > it->prev + 1) d = it->prev + 1;
        if (d > PITH_LIST_MAX_DEPTH) d = PITH_LIST_MAX_DEPTH;
        line->text = s;
        line->len = n;
        line->depth = d;
        line->ordered = item ? (item->flags & PITH_ITEM_F_ORDERED) != 0 : b->level == 1;
        line->number = item ? item->number : (int)i + 1;
        if (!line->ordered) line->number = 0;
        line->new_list = d > it->prev || (item && (item->flags & PITH_ITEM_F_NEW_LIST));
        it->prev = d;
        return true;
    }
    return false;
}

size_t pith_render_title_block(const pith_result *r)
{
    if (!r->title) return SIZE_MAX;
    size_t i = 0;
    while (i < r->n_blocks && (!r->blocks[i].text || !*r->blocks[i].text)) i++;
    if (i >= r->n_blocks || r->blocks[i].type != PITH_BLOCK_HEADING) return SIZE_MAX;
    return pith_title_repeats(r->blocks[i].text, r->title, false) ? i : SIZE_MAX;
}

int pith_heading_level(const pith_block *b)
{
    return b->level < 1 ? 2 : b->level > 6 ? 6 : b->level;
}

uint32_t pith_table_header_next(const pith_block *b, uint32_t x, uint32_t *y, uint32_t *last)
{
    while (b->grid && x < b->n_cols && *y < b->header_rows && *y < b->n_rows) {
        uint32_t k = b->grid[(size_t)(*y)++ * b->n_cols + x];
        if (k == PITH_NO_CELL || k == *last) continue;
        const pith_table_cell *c = &b->cells[k];
        if (c->col != x && b->header_rows == 1) continue;
        const char *t = c->text ? c->text : "";
        if (!*t || (*last != PITH_NO_CELL && !strcmp(t, b->cells[*last].text ? b->cells[*last].text : ""))) continue;
        *last = k;
        return k;
    }
    return PITH_NO_CELL;
}

const char *pith_cell_text(const pith_table_cell *c, bool rich)
{
    if (rich && c->rich) return c->rich;
    return c->text ? c->text : "";
}

pith_status pith_render_result(const pith_result *r, pith_format fmt, const pith_options *opts,
                               const char *source, pith_budget *budget, pith_buf *out)
{
    switch (fmt) {
    case PITH_FORMAT_TXT: pith_render_txt(r, opts, budget, out); break;
    case PITH_FORMAT_MD: pith_render_md(r, opts, budget, out); break;
    case PITH_FORMAT_JSON: pith_render_json(r, opts, source, true, budget, out); break;
    case PITH_FORMAT_JSONL: pith_render_json(r, opts, source, false, budget, out); break;
    case PITH_FORMAT_HTML: pith_render_html(r, opts, budget, out); break;
    case PITH_FORMAT_XML: pith_render_xml(r, opts, source, budget, out); break;
    default: return PITH_ERR_INVALID;
    }
    return out->oom ? PITH_ERR_NOMEM : PITH_OK;
}

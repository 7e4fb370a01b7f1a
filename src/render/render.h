/*
 * Renderers: txt, md, json, jsonl, html, xml. Each reads a finished
 * pith_result and appends to a pith_buf; none allocates per block beyond the
 * output buffer, and every output is valid UTF-8 (invalid input bytes become
 * U+FFFD) so that JSON and XML consumers never choke on a page's bad bytes.
 */
#ifndef PITH_RENDER_H
#define PITH_RENDER_H
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/clock.h"
#include "../core/result.h"
#include "../core/utf8.h"

/* Appends `r` rendered as `fmt` to `out`. `source` is for JSONL's "source".
 * Rendering stops early (leaving partial output) when `out` reaches its
 * `max` or `budget` (may be NULL) runs out; the caller tells these apart by
 * out->over and pith_budget_over(). */
pith_status pith_render_result(const pith_result *r, pith_format fmt, const pith_options *opts,
                               const char *source, pith_budget *budget, pith_buf *out);

/* True when rendering should stop: the output is full (over its limit or out
 * of memory) or the time budget ran out. Counts a block of `text` as work. */
static inline bool pith_render_stop(pith_budget *budget, const pith_buf *out, const char *text)
{
    if (pith_buf_full(out)) return true;
    return pith_budget_tick(budget, 1 + (text ? strlen(text) / 64 : 0));
}

/* Appends `s` as a JSON string literal (quotes included); NULL gives null. */
void pith_json_string(pith_buf *out, const char *s);
/* Same for `n` bytes that need not be NUL-terminated. */
void pith_json_string_n(pith_buf *out, const char *s, size_t n);

/* The format's usual file extension without the dot ("txt", "md", ...). */
const char *pith_format_ext(pith_format fmt);

/* The block type's name in JSON and XML ("paragraph", "heading", ...). */
const char *pith_block_type_name(pith_block_type t);

/* Appends n bytes, replacing invalid UTF-8 and control characters other than
 * tab and newline (which are kept) by U+FFFD and a space respectively. */
void pith_render_put_clean(pith_buf *out, const char *s, size_t n);

/* Splits block text into lines: *len gets the length of the line at `s`, the
 * return value points at the next line or NULL after the last one. */
const char *pith_render_line(const char *s, size_t *len);

/* One line of a list block, as the renderers write it. */
typedef struct pith_list_line {
    const char *text;      /* the item's text (or rich text), spaces trimmed */
    size_t len;
    int depth;             /* 0 .. PITH_LIST_MAX_DEPTH, at most one more than the last line's */
    int number;            /* 0 in a bullet list */
    bool ordered;
    bool new_list;         /* the line starts a list: the block's, a nested or a sibling one */
} pith_list_line;

typedef struct pith_list_iter {
    const pith_block *b;
    const char *s;         /* the rest of the text */
    size_t i;              /* index of the next line */
    int prev;              /* depth of the last line given, -1 before the first */
} pith_list_iter;

/* Walks the non-empty lines of a list block (its rich text with `rich`),
 * each with its item's nesting, whatever the block's items hold. */
void pith_list_begin(pith_list_iter *it, const pith_block *b, bool rich);
bool pith_list_next(pith_list_iter *it, pith_list_line *line);

/* The index of the body's first block when it is a heading that repeats
 * the title (formats that write the title themselves leave it out), else
 * SIZE_MAX. */
size_t pith_render_title_block(const pith_result *r);

/* A heading block's level as every format writes it: 1 to 6. */
int pith_heading_level(const pith_block *b);

/* The header cells of column `x` of a laid-out table, top to bottom, each
 * once and without repeated texts ("Matches" over "Won"): call with *y = 0
 * and *last = PITH_NO_CELL, then until it returns PITH_NO_CELL. A spanning
 * cell of a single header row belongs to its first column only. */
uint32_t pith_table_header_next(const pith_block *b, uint32_t x, uint32_t *y, uint32_t *last);

/* The text (or rich text, when present) of a table cell; never NULL. */
const char *pith_cell_text(const pith_table_cell *c, bool rich);

/* The per-format entry points, appending to `out`. */
void pith_render_txt(const pith_result *r, const pith_options *o, pith_budget *budget, pith_buf *out);
void pith_render_md(const pith_result *r, const pith_options *o, pith_budget *budget, pith_buf *out);
void pith_render_json(const pith_result *r, const pith_options *o, const char *source,
                      bool pretty, pith_budget *budget, pith_buf *out);
void pith_render_html(const pith_result *r, const pith_options *o, pith_budget *budget, pith_buf *out);
void pith_render_xml(const pith_result *r, const pith_options *o, const char *source,
                     pith_budget *budget, pith_buf *out);
/* Appends text escaped for XML/HTML content (attr: also escapes quotes),
 * with invalid UTF-8 and XML-forbidden characters replaced. */
void pith_render_xml_escape(pith_buf *out, const char *s, size_t n, bool attr);
#endif

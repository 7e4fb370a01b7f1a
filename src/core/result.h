/*
 * The extraction result as the pipeline fills it. Every string lives in the
 * result's arena and is NUL-terminated; the result is emptied, not freed,
 * between documents. The public accessors in pith.h read this struct.
 */
#ifndef PITH_CORE_RESULT_H
#define PITH_CORE_RESULT_H
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "clock.h"
#include "pith.h"

typedef struct pith_strlist {
    const char **items;
    size_t n, cap;
} pith_strlist;

struct pith_result {
    pith_status status;
    const char *reason;          /* detail for status, or NULL */
    const char *title;
    const char *text;            /* blocks joined by '\n', set by pith_result_finish */
    const char *date, *modified; /* ISO 8601 */
    const char *language, *sitename, *url, *description, *image, *license;
    const char *agency;          /* wire service, e.g. "dpa" */
    const char *encoding, *encoding_source;
    const char *comments;        /* reader comments when asked for, else NULL */
    bool from_text;              /* input was cleaned as plain text */
    bool text_utf8;              /* text, and so every block's text, is valid UTF-8
                                  * (checked by pith_result_finish unless a stage that knows
                                  * its blocks are valid set it; renderers skip their own check) */
    pith_strlist authors, tags, categories, warnings;
    pith_block *blocks;
    size_t n_blocks, cap_blocks;
    pith_image *images;
    size_t n_images, cap_images;
    pith_arena *arena;
    pith_budget *budget;         /* the document's time budget, or NULL for none */
};

/* Empties `r` and makes it allocate from `a`. */
void pith_result_reset(pith_result *r, pith_arena *a);
/* A copy of `n` bytes in the result's arena, NUL-terminated; NULL on OOM. */
const char *pith_result_strdup(pith_result *r, const char *s, size_t n);
/* Sets *field to a copy of s (whitespace trimmed); empty strings become NULL. */
bool pith_result_set(pith_result *r, const char **field, const char *s, size_t n);
bool pith_strlist_add(pith_result *r, pith_strlist *l, const char *s, size_t n);
/* Appends a block; text is copied. Returns the block or NULL on OOM. */
pith_block *pith_result_add_block(pith_result *r, pith_block_type type, int level,
                                  const char *text, size_t n);
/* Appends a block whose NUL-terminated text already lives in the result's
 * arena, without copying it. Returns the block or NULL on OOM. */
pith_block *pith_result_add_block_owned(pith_result *r, pith_block_type type, int level,
                                        const char *text);
/* Appends an image, placed before the next block to come; strings may be
 * NULL. Returns the image or NULL on OOM. */
pith_image *pith_result_add_image(pith_result *r, const char *src, const char *caption,
                                  const char *credit);
/* Records a warning (e.g. "malformed JSON-LD ignored"). */
void pith_result_warn(pith_result *r, const char *msg);
/* Lays out the `n` cells of a table block and stores them in `b` (cells,
 * n_cells, n_rows, n_cols, grid). On entry each cell has `row` (its row,
 * rows numbered from 0 without gaps, cells in row order), `rowspan` as
 * written (0: to the end of its row group) and `colspan` as written;
 * `group_end[row]` is the first row after that row's group (NULL: one
 * group). Spans are clamped as the HTML table model does (colspan to 1000,
 * rowspan to 65534) and clipped to the row group; a table whose grid would
 * be too large for its size keeps its cells unspanned and gets no grid.
 * `cells` must live in the result's arena. False on OOM. */
bool pith_table_layout(pith_result *r, pith_block *b, pith_table_cell *cells, size_t n,
                       uint32_t n_rows, const uint32_t *group_end);
/* Joins the blocks into `text` (a table's caption as a line of its own)
 * and gives list and table blocks built without their structure (items,
 * cells) the plain one their text implies. */
bool pith_result_finish(pith_result *r);
#endif

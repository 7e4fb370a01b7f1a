/* Plain text: the title, a blank line, then the blocks separated by blank
 * lines; list items as "- item" (or "1. item"), nested items indented,
 * table captions on a line of their own and cells joined by " | ". */
#include "render.h"

#include <string.h>

/* Items one per line, nested ones indented by two spaces a level. */
static void put_list(pith_buf *out, const pith_block *b)
{
    pith_list_iter it;
    pith_list_line ln;
    pith_list_begin(&it, b, false);
    while (pith_list_next(&it, &ln)) {
        for (int i = 0; i < ln.depth; i++) pith_buf_puts(out, "  ");
        if (ln.ordered) pith_buf_printf(out, "%d. ", ln.number);
        else pith_buf_puts(out, "- ");
        pith_render_put_clean(out, ln.text, ln.len);
        pith_buf_putc(out, '\n');
    }
}

/* The caption on a line of its own, then the rows with cells joined by
 * " | ": header rows joined into one as in Markdown, a row-spanning cell
 * repeated in each of its rows. */
static void put_table(pith_buf *out, const pith_block *b)
{
    if (b->caption) {
        pith_render_put_clean(out, b->caption, strlen(b->caption));
        pith_buf_putc(out, '\n');
    }
    if (!b->grid) {
        for (size_t i = 0; i < b->n_cells; i++) {
            const pith_table_cell *c = &b->cells[i];
            if (i && c->row != b->cells[i - 1].row) pith_buf_putc(out, '\n');
            else if (i) pith_buf_puts(out, " | ");
            const char *t = pith_cell_text(c, false);
            pith_render_put_clean(out, t, strlen(t));
        }
        if (b->n_cells) pith_buf_putc(out, '\n');
        return;
    }
    if (b->header_rows) {
        for (uint32_t x = 0; x < b->n_cols; x++) {
            if (x) pith_buf_puts(out, " | ");
            uint32_t y = 0, last = PITH_NO_CELL, k;
            for (bool any = false; (k = pith_table_header_next(b, x, &y, &last)) != PITH_NO_CELL; any = true) {
                if (any) pith_buf_putc(out, ' ');
                pith_render_put_clean(out, b->cells[k].text, strlen(b->cells[k].text));
            }
        }
        pith_buf_putc(out, '\n');
    }
    for (uint32_t y = b->header_rows; y < b->n_rows; y++) {
        bool any = false;
        for (uint32_t x = 0; x < b->n_cols; x++) {
            uint32_t k = b->grid[(size_t)y * b->n_cols + x];
            if (k == PITH_NO_CELL || b->cells[k].col != x) continue;
            if (any) pith_buf_puts(out, " | ");
            pith_render_put_clean(out, b->cells[k].text, strlen(b->cells[k].text));
            any = true;
        }
        pith_buf_putc(out, '\n');
    }
}

void pith_render_txt(const pith_result *r, const pith_options *o, pith_budget *budget, pith_buf *out)
{
    (void)o;
    bool any = false;
    if (r->title) {
        pith_render_put_clean(out, r->title, strlen(r->title));
        pith_buf_putc(out, '\n');
        any = true;
    }
    /* the title is written above: a heading repeating it is left out */
    size_t title_block = pith_render_title_block(r);
    for (size_t i = 0; i < r->n_blocks; i++) {
        const pith_block *b = &r->blocks[i];
        if (!b->text || !*b->text || i == title_block) continue;
        if (pith_render_stop(budget, out, b->text)) return;
        if (any) pith_buf_putc(out, '\n');
        any = true;
        switch (b->type) {
        case PITH_BLOCK_LIST: put_list(out, b); break;
        case PITH_BLOCK_TABLE: put_table(out, b); break;
        default: {
            size_t n = strlen(b->text);
            pith_render_put_clean(out, b->text, n);
            if (b->text[n - 1] != '\n') pith_buf_putc(out, '\n');
        }
        }
    }
}

/* Plain text: the title, a blank line, then the blocks separated by blank
 * lines; list items as "- item" (or "1. item"), table cells joined by " | ". */
#include "render.h"

#include <string.h>

/* Nesting depth of a list item written with leading tabs or pairs of spaces;
 * *skip gets the number of indentation bytes. */
static int item_depth(const char *s, size_t n, size_t *skip)
{
    size_t i = 0;
    int d = 0, spaces = 0;
    while (i < n && (s[i] == '\t' || s[i] == ' ')) {
        if (s[i] == '\t') d++;
        else if (++spaces == 2) { d++; spaces = 0; }
        i++;
    }
    *skip = i;
    return d > 8 ? 8 : d;
}

static void put_list(pith_buf *out, const pith_block *b)
{
    const char *s = b->text;
    int number = 0;
    while (s) {
        size_t n, skip;
        const char *next = pith_render_line(s, &n);
        int depth = item_depth(s, n, &skip);
        if (n > skip) {
            for (int i = 0; i < depth; i++) pith_buf_puts(out, "  ");
            if (b->level == 1) pith_buf_printf(out, "%d. ", ++number);
            else pith_buf_puts(out, "- ");
            pith_render_put_clean(out, s + skip, n - skip);
            pith_buf_putc(out, '\n');
        }
        s = next;
    }
}

static void put_table(pith_buf *out, const pith_block *b)
{
    const char *s = b->text;
    while (s) {
        size_t n;
        const char *next = pith_render_line(s, &n);
        const char *p = s, *end = s + n;
        while (p <= end) {
            const char *tab = memchr(p, '\t', (size_t)(end - p));
            const char *cell_end = tab ? tab : end;
            pith_render_put_clean(out, p, (size_t)(cell_end - p));
            if (!tab) break;
            pith_buf_puts(out, " | ");
            p = tab + 1;
        }
        pith_buf_putc(out, '\n');
        s = next;
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
    for (size_t i = 0; i < r->n_blocks; i++) {
        const pith_block *b = &r->blocks[i];
        if (!b->text || !*b->text) continue;
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

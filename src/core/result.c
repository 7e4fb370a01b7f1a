#include "result.h"

#include <string.h>

#include "buf.h"
#include "utf8.h"

void pith_result_reset(pith_result *r, pith_arena *a)
{
    memset(r, 0, sizeof *r);
    r->arena = a;
}

const char *pith_result_strdup(pith_result *r, const char *s, size_t n)
{
    return pith_arena_strndup(r->arena, s ? s : "", s ? n : 0);
}

static bool is_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool pith_result_set(pith_result *r, const char **field, const char *s, size_t n)
{
    while (n && is_ws((unsigned char)*s)) { s++; n--; }
    while (n && is_ws((unsigned char)s[n - 1])) n--;
    if (!s || !n) { *field = NULL; return true; }
    const char *c = pith_result_strdup(r, s, n);
    *field = c;
    return c != NULL;
}

/* Grows an arena-backed array by doubling; the old copy is left in the arena. */
static void *grow(pith_arena *a, void *old, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap) return old;
    size_t c = *cap ? *cap * 2 : 8;
    void *p = pith_arena_alloc(a, c * elem);
    if (!p) return NULL;
    if (n) memcpy(p, old, n * elem);
    *cap = c;
    return p;
}

bool pith_strlist_add(pith_result *r, pith_strlist *l, const char *s, size_t n)
{
    const char **items = grow(r->arena, (void *)l->items, l->n, &l->cap, sizeof *items);
    if (!items) return false;
    l->items = items;
    const char *c = pith_result_strdup(r, s, n);
    if (!c) return false;
    l->items[l->n++] = c;
    return true;
}

pith_block *pith_result_add_block(pith_result *r, pith_block_type type, int level,
                                  const char *text, size_t n)
{
    const char *c = pith_result_strdup(r, text, n);
    return c ? pith_result_add_block_owned(r, type, level, c) : NULL;
}

pith_block *pith_result_add_block_owned(pith_result *r, pith_block_type type, int level,
                                        const char *c)
{
    pith_block *b = grow(r->arena, r->blocks, r->n_blocks, &r->cap_blocks, sizeof *b);
    if (!b) return NULL;
    r->blocks = b;
    b = &r->blocks[r->n_blocks++];
    memset(b, 0, sizeof *b);
    b->type = type;
    b->level = level;
    b->text = c;
    return b;
}

pith_image *pith_result_add_image(pith_result *r, const char *src, const char *caption,
                                  const char *credit)
{
    pith_image *im = grow(r->arena, r->images, r->n_images, &r->cap_images, sizeof *im);
    if (!im) return NULL;
    r->images = im;
    im = &r->images[r->n_images++];
    memset(im, 0, sizeof *im);
    im->block = r->n_blocks;
    if (src) im->src = pith_result_strdup(r, src, strlen(src));
    if (caption) im->caption = pith_result_strdup(r, caption, strlen(caption));
    if (credit) im->credit = pith_result_strdup(r, credit, strlen(credit));
    return im;
}

void pith_result_warn(pith_result *r, const char *msg)
{
    pith_strlist_add(r, &r->warnings, msg, strlen(msg));
}

enum {
    TABLE_MAX_COLSPAN = 1000,   /* HTML: larger colspans count as 1000 */
    TABLE_MAX_ROWSPAN = 65534,  /* HTML: larger rowspans count as 65534 */
    TABLE_MAX_COLS = 1000,      /* wider tables are not laid out */
    TABLE_MAX_GRID = 1 << 20    /* grid positions in one table */
};

bool pith_table_layout(pith_result *r, pith_block *b, pith_table_cell *cells, size_t n,
                       uint32_t n_rows, const uint32_t *group_end)
{
    b->cells = cells;
    b->n_cells = n;
    b->n_rows = n_rows;
    b->n_cols = 0;
    b->grid = NULL;
    /* a grid much larger than its cells is hostile markup (a colspan of
     * 1000 on every row): it is not laid out, so memory stays linear */
    uint64_t limit = (uint64_t)n * 16 < 4096 ? 4096 : (uint64_t)n * 16;
    if (limit > TABLE_MAX_GRID) limit = TABLE_MAX_GRID;
    uint32_t occ[TABLE_MAX_COLS]; /* per column, the first row where it is free */
    uint32_t ncols = 0, col = 0, row = UINT32_MAX;
    uint64_t area = 0;
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        pith_table_cell *c = &cells[i];
        if (c->row != row) { row = c->row; col = 0; }
        while (col < ncols && occ[col] > row) col++;
        uint32_t end = group_end ? group_end[row] : n_rows;
        if (end <= row || end > n_rows) end = n_rows;
        uint32_t cs = c->colspan < 1 ? 1 : c->colspan > TABLE_MAX_COLSPAN ? TABLE_MAX_COLSPAN : c->colspan;
        uint32_t rs = c->rowspan == 0 ? end - row : c->rowspan > TABLE_MAX_ROWSPAN ? TABLE_MAX_ROWSPAN : c->rowspan;
        if (rs > end - row) rs = end - row;
        if (rs < 1) rs = 1;
        if ((uint64_t)col + cs > TABLE_MAX_COLS) { ok = false; break; }
        for (uint32_t k = ncols; k < col; k++) occ[k] = 0;
        for (uint32_t k = col; k < col + cs; k++) occ[k] = row + rs;
        if (col + cs > ncols) ncols = col + cs;
        c->col = col;
        c->colspan = cs;
        c->rowspan = rs;
        col += cs;
        area += (uint64_t)cs * rs;
        if ((uint64_t)n_rows * ncols > limit || area > 2 * limit) ok = false;
    }
    if (ok && n_rows && ncols) {
        uint32_t *g = pith_arena_alloc(r->arena, (size_t)n_rows * ncols * sizeof *g);
        if (!g) return false;
        for (size_t k = 0; k < (size_t)n_rows * ncols; k++) g[k] = PITH_NO_CELL;
        for (size_t i = 0; i < n; i++) {
            const pith_table_cell *c = &cells[i];
            for (uint32_t y = c->row; y < c->row + c->rowspan; y++)
                for (uint32_t x = c->col; x < c->col + c->colspan; x++) g[(size_t)y * ncols + x] = (uint32_t)i;
        }
        b->grid = g;
        b->n_cols = ncols;
        return true;
    }
    /* too large to lay out: cells in their rows, one position each */
    ncols = 0;
    row = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        pith_table_cell *c = &cells[i];
        if (c->row != row) { row = c->row; col = 0; }
        c->col = col++;
        c->rowspan = c->colspan = 1;
        if (col > ncols) ncols = col;
    }
    b->n_cols = ncols;
    return true;
}

/* Nesting depth of a line written with leading tabs or pairs of spaces. */
static int indent_depth(const char *s, size_t n)
{
    int d = 0, spaces = 0;
    for (size_t i = 0; i < n && (s[i] == '\t' || s[i] == ' '); i++) {
        if (s[i] == '\t') d++;
        else if (++spaces == 2) { d++; spaces = 0; }
    }
    return d;
}

/* Items for a list block made without them: one per line, nested by the
 * line's indentation, numbered from 1 in an ordered list. */
static bool list_structure(pith_result *r, pith_block *b)
{
    size_t n = 1;
    for (const char *p = b->text; *p; p++) n += *p == '\n';
    pith_list_item *it = pith_arena_alloc(r->arena, n * sizeof *it);
    if (!it) return false;
    int number[PITH_LIST_MAX_DEPTH + 1];
    int prev = -1;
    size_t i = 0;
    for (const char *s = b->text; i < n; i++) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        int d = indent_depth(s, len);
        if (d > prev + 1) d = prev + 1;
        if (d > PITH_LIST_MAX_DEPTH) d = PITH_LIST_MAX_DEPTH;
        bool fresh = d > prev;
        if (fresh) number[d] = 0;
        it[i].depth = d;
        it[i].flags = (b->level == 1 ? PITH_ITEM_F_ORDERED : 0) | (fresh ? PITH_ITEM_F_NEW_LIST : 0);
        it[i].number = b->level == 1 ? ++number[d] : 0;
        prev = d;
        s = nl ? nl + 1 : s + len;
    }
    b->items = it;
    b->n_items = n;
    return true;
}

/* Cells for a table block made without them: rows are lines, cells are
 * separated by tabs, none spans. */
static bool table_structure(pith_result *r, pith_block *b)
{
    size_t n = 1, rows = 1;
    for (const char *p = b->text; *p; p++) {
        n += *p == '\n' || *p == '\t';
        rows += *p == '\n';
    }
    pith_table_cell *cells = pith_arena_alloc(r->arena, n * sizeof *cells);
    if (!cells) return false;
    const char *s = b->text;
    uint32_t row = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strcspn(s, "\t\n");
        memset(&cells[i], 0, sizeof cells[i]);
        cells[i].text = pith_result_strdup(r, s, len);
        if (!cells[i].text) return false;
        cells[i].row = row;
        cells[i].rowspan = cells[i].colspan = 1;
        if (row == 0 && (b->flags & PITH_BLOCK_F_TABLE_HEADER)) cells[i].flags = PITH_CELL_F_HEADER;
        if (s[len] == '\n') row++;
        s += len + (s[len] ? 1 : 0);
    }
    b->header_rows = b->flags & PITH_BLOCK_F_TABLE_HEADER ? 1 : 0;
    return pith_table_layout(r, b, cells, n, (uint32_t)rows, NULL);
}

bool pith_result_finish(pith_result *r)
{
    /* one plain block is the text already: no copy (it may be hundreds of MB) */
    if (r->n_blocks == 1 && r->blocks[0].type != PITH_BLOCK_LIST && r->blocks[0].type != PITH_BLOCK_TABLE) {
        r->text = r->blocks[0].text;
        return true;
    }
    size_t total = 0;
    for (size_t i = 0; i < r->n_blocks; i++) {
        pith_block *b = &r->blocks[i];
        if (b->type == PITH_BLOCK_LIST && !b->items && !list_structure(r, b)) return false;
        if (b->type == PITH_BLOCK_TABLE && !b->cells && !table_structure(r, b)) return false;
        total += strlen(b->text) + 1;
        if (b->type == PITH_BLOCK_TABLE && b->caption) total += strlen(b->caption) + 1;
    }
    char *t = pith_arena_alloc(r->arena, total + 1);
    if (!t) return false;
    size_t k = 0;
    for (size_t i = 0; i < r->n_blocks; i++) {
        const pith_block *b = &r->blocks[i];
        if (b->type == PITH_BLOCK_TABLE && b->caption) {
            size_t n = strlen(b->caption);
            if (k) t[k++] = '\n';
            memcpy(t + k, b->caption, n);
            k += n;
        }
        size_t n = strlen(b->text);
        if (k) t[k++] = '\n';
        memcpy(t + k, b->text, n);
        k += n;
    }
    t[k] = '\0';
    r->text = t;
    /* the blocks are joined at ASCII line breaks: the whole is valid only if every block is */
    if (!r->text_utf8) r->text_utf8 = pith_utf8_valid(t, k);
    return true;
}

/*
 * Emission: walks the chosen containers in document order and turns them
 * into blocks (paragraphs, headings, lists, tables, quotes, code), dropping
 * what conditional cleaning and the boilerplate phrases reject, and routing
 * figures, captions and credits to the result's images.
 */
#include <limits.h>
#include <string.h>
#include <strings.h>

#include "hints.h"
#include "internal.h"

enum { M_PARA, M_HEAD, M_LIST, M_TABLE, M_QUOTE, M_PRE };

/* A list item as the walk meets it: where its line starts in the block's
 * text (and rich text), its nesting and the list it belongs to. */
typedef struct irec {
    size_t off, roff;
    int depth;
    int value;         /* <li value>, or INT_MIN */
    uint32_t list;     /* index in the block's list records */
} irec;

/* A list (the block's own or one nested in it). */
typedef struct lrec {
    int start;         /* <ol start>, or INT_MIN */
    bool ordered, reversed;
    int count;         /* items kept, for reversed lists */
    int next;          /* numbering while the items are written */
} lrec;

/* A table cell as the walk meets it. */
typedef struct crec {
    size_t off, roff;  /* start of its text in t and rich */
    uint32_t row;      /* row ordinal among rows that have cells */
    uint32_t rowspan, colspan;
    bool header;
} crec;

/* A table row that has cells: its row group (thead, tbody, tfoot). */
typedef struct rrec {
    uint32_t group;
    bool head;         /* inside thead */
} rrec;

enum { LIST_STACK = 32 };

typedef struct em {
    pith_xctx *c;
    pith_buf t;          /* the block being built */
    pith_buf rich;       /* the same with inline Markdown links, when asked */
    int mode;
    pith_nid mode_root;  /* element that opened the mode */
    int level;
    int flags;
    uint32_t lnk;        /* bytes of t inside links */
    bool space;          /* a collapsed space is pending */
    bool links;
    int rows, cells;
    size_t n_para;       /* paragraphs emitted so far */
    pith_nid last_img;   /* last image seen, for captions that follow it */
    bool last_img_used;
    size_t last_img_block; /* blocks emitted when it was seen */
    pith_buf tmp, tmp2, tmp3;
    /* list structure: records of items and lists, the open lists */
    pith_buf items, lists;
    uint32_t lstack[LIST_STACK];
    int ldepth;          /* open lists, the block's own included */
    /* table structure: records of cells and rows, caption, nesting */
    pith_buf cellrecs, rowrecs, caption;
    uint32_t group;      /* row group ordinal */
    bool in_thead, row_open;
    int tnest;           /* tables open inside the table block */
    pith_nid flat_table; /* a table of data with one row or column, being walked */
} em;

static bool is_ws(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

void pith_x_text(pith_xctx *c, pith_nid root, pith_buf *out, unsigned skip_hints)
{
    pith_x_text_lines(c, root, out, skip_hints, 0, false);
}

/* The text of a caption without its credit parts. */
static void pith_x_text_skip(pith_xctx *c, pith_nid root, pith_buf *out, unsigned skip_hints, uint32_t skip_tag)
{
    pith_x_text_lines(c, root, out, skip_hints, skip_tag, false);
}

void pith_x_text_lines(pith_xctx *c, pith_nid root, pith_buf *out, unsigned skip_hints, uint32_t skip_tag, bool lines)
{
    pith_doc *d = c->d;
    bool pending = false, newline = false;
    pith_nid n = root;
    while (n) {
        const pith_node *nd = &d->nodes[n];
        bool descend = true;
        if (nd->type == PITH_NODE_ELEMENT) {
            uint16_t f = c->x[n].flags;
            if ((f & XF_DROP) || (n != root && (((f & XF_KILL) && !lines) || (c->x[n].hint & skip_hints) ||
                                                (skip_tag && nd->tag == skip_tag))))
                descend = false;
            else if (pith_x_props(d, n) & TP_BLOCK || nd->tag == PITH_TAG_BR) {
                pending = true;
                newline |= lines;
            }
        } else if (nd->type == PITH_NODE_TEXT) {
            const unsigned char *s = (const unsigned char *)d->chars + nd->a;
            for (uint32_t i = 0; i < nd->b; i++) {
                if (is_ws(s[i]) || (s[i] == 0xC2 && i + 1 < nd->b && s[i + 1] == 0xA0)) {
                    if (s[i] == 0xC2) i++;
                    pending = true;
                    continue;
                }
                if (pending && out->len && out->data[out->len - 1] != ' ' && out->data[out->len - 1] != '\n')
                    pith_buf_putc(out, newline ? '\n' : ' ');
                pending = newline = false;
                pith_buf_putc(out, (char)s[i]);
            }
        }
        n = pith_doc_next(d, root, n, descend);
    }
}

/* Trims trailing spaces of a buffer. */
static void rtrim(pith_buf *b)
{
    while (b->len && (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\t' ||
                      b->data[b->len - 1] == '\n'))
        b->len--;
    if (b->data) b->data[b->len] = '\0';
}

static bool boilerplate_block(const char *s, size_t n)
{
    if (n < 40 && pith_phrase_match(s, n, PK_LINE)) return true;
    if (n < 200 && pith_phrase_match(s, n, PK_LEAD)) return true;
    return false;
}

/* True when a text ends a sentence (., !, ?, closing quotes, CJK stops). */
static bool ends_sentence(const char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '"' || s[n - 1] == '\'' || s[n - 1] == ')')) n--;
    if (!n) return false;
    char ch = s[n - 1];
    if (ch == '.' || ch == '!' || ch == '?' || ch == ':' || ch == ';') return true;
    /* U+3002 ideographic full stop, U+FF01, U+FF1F, closing quotes U+201D, U+00BB, U+300D */
    if (n >= 3 && (unsigned char)s[n - 3] == 0xE3 && (unsigned char)s[n - 2] == 0x80 &&
        ((unsigned char)s[n - 1] == 0x82 || (unsigned char)s[n - 1] == 0x8D)) return true;
    if (n >= 3 && (unsigned char)s[n - 3] == 0xEF && (unsigned char)s[n - 2] == 0xBC &&
        ((unsigned char)s[n - 1] == 0x81 || (unsigned char)s[n - 1] == 0x9F)) return true;
    if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 && (unsigned char)s[n - 1] == 0x9D) return true;
    if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xBB) return true;
    return false;
}

static void put(em *e, const char *s, size_t n);

/* Appends `s` (n bytes) with the spaces at its ends trimmed. */
static void put_trimmed(pith_buf *b, const char *s, size_t n)
{
    while (n && *s == ' ') { s++; n--; }
    while (n && s[n - 1] == ' ') n--;
    pith_buf_append(b, s, n);
}

/* The list block: the lines of e->t that hold text, each with the item
 * record it starts at, numbered and nested (empty items are dropped). */
static pith_block *list_block(em *e)
{
    pith_xctx *c = e->c;
    const irec *ir = (const irec *)(void *)e->items.data;
    size_t ni = e->items.len / sizeof *ir;
    lrec *lr = (lrec *)(void *)e->lists.data;
    size_t nl = e->lists.len / sizeof *lr;
    pith_list_item *out = pith_arena_alloc(c->r->arena, (ni + 1) * sizeof *out);
    if (!out || !nl) return NULL;
    pith_buf *t = &e->tmp, *rt = &e->tmp2;
    pith_buf_reset(t);
    pith_buf_reset(rt);
    size_t k = 0, pos = 0, rpos = 0, j = 0, len = e->t.len;
    const char *tx = e->t.data ? e->t.data : "", *rx = e->rich.data ? e->rich.data : "";
    long cur = -1;
    for (;;) {
        const char *nl_at = memchr(tx + pos, '\n', len - pos);
        size_t end = nl_at ? (size_t)(nl_at - tx) : len;
        size_t rend = rpos;
        if (e->links) {
            const char *r_at = rpos < e->rich.len ? memchr(rx + rpos, '\n', e->rich.len - rpos) : NULL;
            rend = r_at ? (size_t)(r_at - rx) : e->rich.len;
        }
        while (j < ni && ir[j].off <= pos) cur = (long)j++;
        size_t a = pos, b = end;
        while (a < b && tx[a] == ' ') a++;
        if (a < b && k <= ni) {
            if (t->len) pith_buf_putc(t, '\n');
            put_trimmed(t, tx + pos, end - pos);
            if (e->links) {
                if (k) pith_buf_putc(rt, '\n');
                if (rpos <= rend) put_trimmed(rt, rx + rpos, rend - rpos);
            }
            /* number and flags are filled in below; meanwhile they hold the
             * item's value and list */
            uint32_t list = cur >= 0 ? ir[cur].list : 0;
            out[k].depth = cur >= 0 ? ir[cur].depth : 0;
            out[k].number = cur >= 0 ? ir[cur].value : INT_MIN;
            out[k].flags = (int)list;
            lr[list].count++;
            k++;
        }
        if (!nl_at) break;
        pos = end + 1;
        rpos = rend + 1;
    }
    if (!k || t->oom || rt->oom) return NULL;
    uint32_t open[PITH_LIST_MAX_DEPTH + 1];
    int prev = -1;
    for (size_t i = 0; i < k; i++) {
        uint32_t list = (uint32_t)out[i].flags;
        lrec *l = &lr[list < nl ? list : 0];
        int d = out[i].depth;
        if (d > prev + 1) d = prev + 1;
        if (d > PITH_LIST_MAX_DEPTH) d = PITH_LIST_MAX_DEPTH;
        bool fresh = d > prev || open[d] != list;
        open[d] = list;
        prev = d;
        int number = 0;
        if (l->ordered) {
            if (l->next == INT_MIN) l->next = l->start != INT_MIN ? l->start : l->reversed ? l->count : 1;
            if (out[i].number != INT_MIN) l->next = out[i].number;
            number = l->next;
            if (l->reversed) l->next = number > INT_MIN + 1 ? number - 1 : number;
            else l->next = number < INT_MAX ? number + 1 : number;
        }
        out[i].depth = d;
        out[i].number = number;
        out[i].flags = (l->ordered ? PITH_ITEM_F_ORDERED : 0) | (fresh ? PITH_ITEM_F_NEW_LIST : 0);
    }
    pith_block *blk = pith_result_add_block(c->r, PITH_BLOCK_LIST, e->level, t->data, t->len);
    if (!blk) return NULL;
    blk->items = out;
    blk->n_items = k;
    if (e->links) blk->rich = pith_result_strdup(c->r, rt->data ? rt->data : "", rt->len);
    return blk;
}

/* The table block: cells with text in rows that have any, the rows of the
 * thead (or leading rows of th only) as header rows, spans laid out. */
static void table_block(em *e)
{
    pith_xctx *c = e->c;
    pith_result *r = c->r;
    const crec *cr = (const crec *)(void *)e->cellrecs.data;
    size_t nc = e->cellrecs.len / sizeof *cr;
    const rrec *rr = (const rrec *)(void *)e->rowrecs.data;
    size_t nr = e->rowrecs.len / sizeof *rr;
    if (!nc || !nr) return;
    /* per row: ROW_TEXT when a cell has text, ROW_DATA when a cell is no
     * header; kept[i]: rows with text before row i (the others are dropped) */
    enum { ROW_TEXT = 1, ROW_DATA = 2 };
    pith_buf_reset(&e->tmp3);
    if (!pith_buf_reserve(&e->tmp3, (2 * nr + 1) * sizeof(uint32_t))) return;
    uint32_t *kept = (uint32_t *)(void *)e->tmp3.data, *row_flags = kept + nr + 1;
    memset(row_flags, 0, nr * sizeof *row_flags);
    const char *tx = e->t.data ? e->t.data : "";
    for (size_t i = 0; i < nc; i++) {
        size_t end = i + 1 < nc ? cr[i + 1].off - 1 : e->t.len;
        for (size_t k = cr[i].off; k < end; k++)
            if (tx[k] != ' ') { row_flags[cr[i].row] |= ROW_TEXT; break; }
        if (!cr[i].header && !rr[cr[i].row].head) row_flags[cr[i].row] |= ROW_DATA;
    }
    uint32_t n_rows = 0, header_rows = 0;
    bool leading = true;
    for (size_t i = 0; i < nr; i++) {
        kept[i] = n_rows;
        if (!(row_flags[i] & ROW_TEXT)) continue;
        n_rows++;
        if (leading && !(row_flags[i] & ROW_DATA)) header_rows++;
        else leading = false;
    }
    kept[nr] = n_rows;
    if (!n_rows) return;
    /* a table of headers only has its first row as header */
    if (header_rows == n_rows && n_rows > 1) header_rows = 1;
    size_t n_cells = 0;
    for (size_t i = 0; i < nc; i++) n_cells += (row_flags[cr[i].row] & ROW_TEXT) != 0;
    pith_table_cell *cells = pith_arena_alloc(r->arena, n_cells * sizeof *cells);
    uint32_t *group_end = pith_arena_alloc(r->arena, n_rows * sizeof *group_end);
    if (!cells || !group_end) return;
    /* each kept row's group ends where the next kept row has another group */
    uint32_t next_group = UINT32_MAX, end_row = n_rows;
    for (size_t i = nr; i-- > 0;) {
        if (!(row_flags[i] & ROW_TEXT)) continue;
        if (rr[i].group != next_group) end_row = kept[i] + 1;
        group_end[kept[i]] = end_row;
        next_group = rr[i].group;
    }
    pith_buf *t = &e->tmp, *rt = &e->tmp2;
    pith_buf_reset(t);
    pith_buf_reset(rt);
    const char *rx = e->rich.data ? e->rich.data : "";
    size_t m = 0;
    for (size_t i = 0; i < nc; i++) {
        const crec *x = &cr[i];
        if (!(row_flags[x->row] & ROW_TEXT)) continue;
        uint32_t row = kept[x->row];
        if (m) {
            char sep_ch = cells[m - 1].row != row ? '\n' : '\t';
            pith_buf_putc(t, sep_ch);
            if (e->links) pith_buf_putc(rt, sep_ch);
        }
        size_t end = i + 1 < nc ? cr[i + 1].off - 1 : e->t.len;
        size_t t0 = t->len;
        put_trimmed(t, tx + x->off, end - x->off);
        pith_table_cell *cell = &cells[m++];
        memset(cell, 0, sizeof *cell);
        cell->text = pith_result_strdup(r, t->data ? t->data + t0 : "", t->len - t0);
        if (!cell->text) return;
        if (e->links) {
            size_t rend = i + 1 < nc ? cr[i + 1].roff - 1 : e->rich.len;
            size_t r0 = rt->len;
            if (x->roff <= rend && rend <= e->rich.len) put_trimmed(rt, rx + x->roff, rend - x->roff);
            cell->rich = pith_result_strdup(r, rt->data ? rt->data + r0 : "", rt->len - r0);
        }
        cell->row = row;
        /* a rowspan across dropped rows covers the kept ones only */
        uint64_t span_end = (uint64_t)x->row + x->rowspan;
        cell->rowspan = x->rowspan == 0 ? 0 : kept[span_end < nr ? span_end : nr] - row;
        cell->colspan = x->colspan;
        cell->flags = x->header || rr[x->row].head ? PITH_CELL_F_HEADER : 0;
    }
    if (t->oom || rt->oom) return;
    pith_block *b = pith_result_add_block(r, PITH_BLOCK_TABLE, 0, t->data ? t->data : "", t->len);
    if (!b) return;
    if (e->links) b->rich = pith_result_strdup(r, rt->data ? rt->data : "", rt->len);
    b->header_rows = header_rows;
    b->flags = header_rows ? PITH_BLOCK_F_TABLE_HEADER : 0;
    if (e->caption.len) b->caption = pith_result_strdup(r, e->caption.data, e->caption.len);
    pith_table_layout(r, b, cells, m, n_rows, group_end);
}

/* Ends the current block and appends it to the result if it is content. */
static void flush(em *e)
{
    pith_xctx *c = e->c;
    if (e->mode == M_TABLE) {
        table_block(e);
        pith_buf_reset(&e->t);
        pith_buf_reset(&e->rich);
        e->lnk = 0;
        e->space = false;
        e->flags = 0;
        return;
    }
    rtrim(&e->t);
    size_t n = e->t.len;
    int mode = e->mode;
    if (n) {
        const char *s = e->t.data;
        bool keep = true;
        if (e->flat_table && mode == M_PARA) {
            /* cells of a small table of data, shown as paragraphs: the
             * table was judged as a whole, its cells are kept as they are */
        } else if (mode == M_PARA || mode == M_LIST || mode == M_QUOTE) {
            /* link-dense blocks: navigation or teasers (focus moves the bar) */
            float ld_max = c->o->focus == PITH_FOCUS_PRECISION ? 0.35f : c->o->focus == PITH_FOCUS_RECALL ? 0.7f : 0.5f;
            if ((float)e->lnk > ld_max * (float)n && (mode != M_PARA || n < 400)) keep = false;
            else if (boilerplate_block(s, n)) keep = false;
            /* precision: a short line that is no sentence (a label, a date, a name) */
            else if (c->o->focus == PITH_FOCUS_PRECISION && mode == M_PARA && n < 40 && !ends_sentence(s)) keep = false;
        } else if (mode == M_HEAD) {
            if (e->level <= 2 && pith_title_repeats(s, c->r->title, true)) keep = false;
            else if (pith_phrase_match(s, n, PK_LINE)) keep = false;
        }
        if (keep && mode == M_LIST) {
            list_block(e);
        } else if (keep) {
            static const pith_block_type types[] = {
                [M_PARA] = PITH_BLOCK_PARAGRAPH, [M_HEAD] = PITH_BLOCK_HEADING, [M_LIST] = PITH_BLOCK_LIST,
                [M_TABLE] = PITH_BLOCK_TABLE, [M_QUOTE] = PITH_BLOCK_QUOTE, [M_PRE] = PITH_BLOCK_CODE};
            pith_block *b = pith_result_add_block(c->r, types[mode], mode == M_HEAD || mode == M_LIST ? e->level : 0, s, n);
            if (b) {
                b->flags = e->flags;
                if (e->links) {
                    rtrim(&e->rich);
                    b->rich = pith_result_strdup(c->r, e->rich.data ? e->rich.data : "", e->rich.len);
                }
            }
            if (mode == M_PARA) e->n_para++;
        }
    }
    pith_buf_reset(&e->t);
    pith_buf_reset(&e->rich);
    e->lnk = 0;
    e->space = false;
    e->flags = 0;
}

static void put(em *e, const char *s, size_t n)
{
    pith_buf_append(&e->t, s, n);
    if (e->links) pith_buf_append(&e->rich, s, n);
}

/* A separator inside a block: '\n' between items or rows, '\t' between cells. */
static void sep(em *e, char ch)
{
    while (e->t.len && e->t.data[e->t.len - 1] == ' ') e->t.len--;
    while (e->links && e->rich.len && e->rich.data[e->rich.len - 1] == ' ') e->rich.len--;
    e->space = false;
    if (!e->t.len && ch != '\t') return;
    put(e, &ch, 1);
}

static void soft_space(em *e)
{
    if (e->t.len && !is_ws((unsigned char)e->t.data[e->t.len - 1])) e->space = true;
}

static void text(em *e, pith_nid n)
{
    pith_doc *d = e->c->d;
    const pith_node *nd = &d->nodes[n];
    const char *s = d->chars + nd->a;
    uint32_t len = nd->b;
    bool inlink = e->c->x[n].flags & XF_INLINK;
    size_t before = e->t.len;
    if (e->mode == M_PRE) {
        for (uint32_t i = 0; i < len; i++)
            if (s[i] != '\r') put(e, s + i, 1);
        return;
    }
    uint32_t i = 0;
    while (i < len) {
        unsigned char ch = (unsigned char)s[i];
        if (is_ws(ch) || (ch == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0)) {
            i += ch == 0xC2 ? 2 : 1;
            soft_space(e);
            continue;
        }
        uint32_t j = i;
        while (j < len && !is_ws((unsigned char)s[j]) &&
               !((unsigned char)s[j] == 0xC2 && j + 1 < len && (unsigned char)s[j + 1] == 0xA0))
            j++;
        if (e->space) {
            put(e, " ", 1);
            e->space = false;
        }
        put(e, s + i, j - i);
        i = j;
    }
    if (inlink) e->lnk += (uint32_t)(e->t.len - before);
}

/* True for an address that shows no picture of its own: a data: URI, or a
 * file named as a placeholder ("blank.gif", "spacer.png", "lazy-load.svg"). */
static bool placeholder_src(const char *v, size_t n)
{
    if (n >= 5 && !strncasecmp(v, "data:", 5)) return true;
    size_t q = 0;
    while (q < n && v[q] != '?' && v[q] != '#') q++;
    size_t slash = q;
    while (slash > 0 && v[slash - 1] != '/') slash--;
    static const char *const words[] = {"blank", "spacer", "pixel", "placeholder", "transparent", "lazy",
                                        "loading", "1x1", "empty", "dummy", "grey.gif", "gray.gif"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t wl = strlen(words[i]);
        for (size_t k = slash; k + wl <= q; k++)
            if (!strncasecmp(v + k, words[i], wl)) return true;
    }
    return false;
}

/* The largest candidate of a srcset ("a.jpg 480w, b.jpg 1200w" gives b.jpg;
 * x descriptors count when no candidate has a width); NULL when none. */
static const char *srcset_largest(const char *v, size_t n, size_t *len)
{
    const char *best = NULL;
    double best_w = -1, best_x = -1;
    bool have_w = false;
    size_t i = 0;
    while (i < n) {
        while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r' || v[i] == '\f' || v[i] == ',')) i++;
        size_t u = i;
        while (i < n && v[i] != ' ' && v[i] != '\t' && v[i] != '\n' && v[i] != '\r' && v[i] != '\f') i++;
        size_t ue = i;
        double w = -1, x = 1;
        if (ue > u && v[ue - 1] == ',') {
            while (ue > u && v[ue - 1] == ',') ue--;
        } else {
            /* descriptors up to the next comma */
            while (i < n && v[i] != ',') {
                while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n')) i++;
                size_t dstart = i;
                double num = 0, scale = 0;
                bool digits = false;
                for (; i < n && ((v[i] >= '0' && v[i] <= '9') || v[i] == '.'); i++) {
                    if (v[i] == '.') { if (!scale) scale = 1; continue; }
                    digits = true;
                    if (scale) { scale /= 10; num += (v[i] - '0') * scale; }
                    else if (num < 1e9) num = num * 10 + (v[i] - '0');
                }
                if (digits && i < n && (v[i] == 'w' || v[i] == 'W')) w = num;
                else if (digits && i < n && (v[i] == 'x' || v[i] == 'X')) x = num;
                while (i < n && v[i] != ',' && v[i] != ' ' && v[i] != '\t' && v[i] != '\n') i++;
                if (i == dstart) i++;
            }
        }
        if (ue <= u || placeholder_src(v + u, ue - u)) continue;
        bool better;
        if (w >= 0) { better = !have_w || w > best_w; if (better) { best_w = w; have_w = true; } }
        else { better = !have_w && x > best_x; if (better) best_x = x; }
        if (better || !best) {
            best = v + u;
            *len = ue - u;
        }
    }
    return best;
}

/* The address of an image: a lazy loader's attribute (data-src, ...), else
 * its src unless that is a placeholder, else the largest candidate of its
 * srcset, data-srcset or a <picture>'s <source>. */
static const char *img_src(pith_doc *d, pith_nid n, size_t *len)
{
    static const char *const lazy[] = {"data-src", "data-original", "data-lazy-src", "data-lazyload", "data-url"};
    for (size_t i = 0; i < sizeof lazy / sizeof *lazy; i++) {
        const char *v = pith_doc_attr_value(d, n, lazy[i], len);
        while (v && *len && *v == ' ') { v++; (*len)--; }
        if (v && *len && !placeholder_src(v, *len)) return v;
    }
    const char *v = pith_doc_attr_value(d, n, "src", len);
    while (v && *len && *v == ' ') { v++; (*len)--; }
    if (v && *len && !placeholder_src(v, *len)) return v;
    static const char *const sets[] = {"data-srcset", "data-lazy-srcset", "srcset"};
    for (size_t i = 0; i < sizeof sets / sizeof *sets; i++) {
        size_t sl;
        const char *set = pith_doc_attr_value(d, n, sets[i], &sl);
        const char *best = set ? srcset_largest(set, sl, len) : NULL;
        if (best) return best;
    }
    pith_nid p = d->nodes[n].parent;
    if (p && pith_is_el(d, p, PITH_TAG_PICTURE)) {
        for (pith_nid k = d->nodes[p].first; k; k = d->nodes[k].next) {
            if (!pith_is_el(d, k, PITH_TAG_SOURCE)) continue;
            size_t sl;
            const char *set = pith_doc_attr_value(d, k, "data-srcset", &sl);
            if (!set) set = pith_doc_attr_value(d, k, "srcset", &sl);
            const char *best = set ? srcset_largest(set, sl, len) : NULL;
            if (best) return best;
        }
    }
    return NULL;
}

/* True for an image too small to be a picture of the article (an icon, a
 * tracking pixel), by its width or height attribute. */
static bool tiny_image(const pith_doc *d, pith_nid n)
{
    static const char *const dims[] = {"width", "height"};
    for (size_t i = 0; i < 2; i++) {
        size_t len;
        const char *v = pith_doc_attr_value(d, n, dims[i], &len);
        if (!v) continue;
        size_t k = 0;
        while (k < len && v[k] == ' ') k++;
        long x = 0;
        bool digits = false;
        for (; k < len && v[k] >= '0' && v[k] <= '9' && x < 100000; k++) { x = x * 10 + (v[k] - '0'); digits = true; }
        if (digits && (k >= len || v[k] != '%') && x < 50) return true;
    }
    return false;
}

static bool trim_char(char c) { return c == ' ' || c == '(' || c == '|' || c == '/' || c == '-' || c == ','; }

/* Drops a credit's lead-in ("Photo by", "Foto:", "©"). */
static void strip_credit_prefix(const char **s, size_t *n)
{
    for (int round = 0; round < 2; round++) {
        size_t k = pith_phrase_prefix(*s, *n, PK_CREDIT);
        if (!k) break;
        *s += k;
        *n -= k;
        while (*n && (**s == ' ' || **s == ':')) { (*s)++; (*n)--; }
    }
}

/* Trailing " —", " |", "/" and spaces left on a caption once its credit is gone. */
static size_t trim_caption(const char *s, size_t n)
{
    for (;;) {
        while (n && trim_char(s[n - 1])) n--;
        if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
            ((unsigned char)s[n - 1] == 0x94 || (unsigned char)s[n - 1] == 0x93)) { n -= 3; continue; }
        return n;
    }
}

/* True when every word of s starts with a capital or is not a word
 * ("AP", "Mohamed El Saife/CBC", "Bespoke Real Estate"). */
static bool all_capitalised(const char *s, size_t n)
{
    bool start = true, any = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '/' || c == '-') { start = true; continue; }
        if (start && c >= 'a' && c <= 'z') return false;
        if (start && ((c >= 'A' && c <= 'Z') || c >= 0x80)) any = true;
        start = false;
    }
    return any;
}

/* Splits "caption text Foto: credit", "caption | credit" and
 * "caption (Credit Name)" into caption and credit. */
static void split_credit(const char *s, size_t n, size_t *cap_len, const char **credit, size_t *credit_len)
{
    *cap_len = n;
    *credit = NULL;
    *credit_len = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && s[i - 1] != ' ' && s[i - 1] != '(' && s[i - 1] != '|' && s[i - 1] != '/') continue;
        size_t k = pith_phrase_prefix(s + i, n - i, PK_CREDIT);
        if (!k) continue;
        k += i;
        while (k < n && (s[k] == ' ' || s[k] == ':')) k++;
        size_t end = n;
        if (i && s[i - 1] == '(') {
            for (size_t m = k; m < n; m++) if (s[m] == ')') { end = m; break; }
        }
        *credit = s + k;
        *credit_len = end > k ? end - k : 0;
        *cap_len = trim_caption(s, i);
        return;
    }
    /* "caption | credit" */
    for (size_t i = n; i-- > 1;) {
        if (s[i] != '|') continue;
        size_t k = i + 1;
        while (k < n && s[k] == ' ') k++;
        if (n - k > 0 && n - k <= 100) {
            *credit = s + k;
            *credit_len = n - k;
            *cap_len = trim_caption(s, i);
        }
        return;
    }
    /* "caption (Credit Name)" */
    if (n > 3 && s[n - 1] == ')') {
        size_t open = n - 1;
        while (open > 0 && s[open] != '(') open--;
        if (s[open] == '(' && open > 0 && n - open - 2 <= 60 && all_capitalised(s + open + 1, n - open - 2)) {
            *credit = s + open + 1;
            *credit_len = n - open - 2;
            *cap_len = trim_caption(s, open);
        }
    }
}

static void add_image(em *e, pith_nid img, const char *cap, size_t cap_len, const char *credit, size_t credit_len)
{
    pith_xctx *c = e->c;
    char *src = NULL, *alt = NULL;
    if (img) {
        size_t al;
        const char *a = pith_doc_attr_value(c->d, img, "alt", &al);
        if (a) {
            /* the alt text with its white space collapsed */
            pith_buf_reset(&e->tmp3);
            for (size_t i = 0; i < al; i++) {
                bool sp = a[i] == ' ' || a[i] == '\t' || a[i] == '\n' || a[i] == '\r' || a[i] == '\f';
                if (sp && (!e->tmp3.len || e->tmp3.data[e->tmp3.len - 1] == ' ')) continue;
                pith_buf_putc(&e->tmp3, sp ? ' ' : a[i]);
            }
            while (e->tmp3.len && e->tmp3.data[e->tmp3.len - 1] == ' ') e->tmp3.len--;
            if (e->tmp3.len) alt = (char *)pith_result_strdup(c->r, e->tmp3.data, e->tmp3.len);
        }
        size_t sl;
        const char *v = img_src(c->d, img, &sl);
        if (v) {
            pith_buf_reset(&e->tmp3);
            pith_x_resolve(c->url, v, sl, &e->tmp3);
            src = (char *)pith_result_strdup(c->r, e->tmp3.data ? e->tmp3.data : "", e->tmp3.len);
        }
    }
    if (credit) strip_credit_prefix(&credit, &credit_len);
    char *cp = cap_len ? (char *)pith_result_strdup(c->r, cap, cap_len) : NULL;
    char *cr = credit_len ? (char *)pith_result_strdup(c->r, credit, credit_len) : NULL;
    if (!src && !cp && !cr) return;
    pith_image *im = pith_result_add_image(c->r, src, cp, cr);
    if (!im) return;
    im->alt = alt;
    /* an image taken up after it was seen stands where it was seen */
    if (img && img == e->last_img && e->last_img_block < im->block) im->block = e->last_img_block;
}

/* Finds the first descendant of `root` with a tag or a hint. */
static pith_nid find_in(pith_xctx *c, pith_nid root, uint32_t tag, unsigned hint)
{
    pith_doc *d = c->d;
    for (pith_nid n = pith_doc_next(d, root, root, true); n;) {
        const pith_node *nd = &d->nodes[n];
        bool descend = true;
        if (nd->type == PITH_NODE_ELEMENT) {
            if (c->x[n].flags & XF_DROP) descend = false;
            else if ((tag && nd->tag == tag && nd->ns == PITH_NS_HTML) || (hint && (c->x[n].hint & hint))) return n;
        }
        n = pith_doc_next(d, root, n, descend);
    }
    return PITH_NIL;
}

/* The last image seen, when no caption or credit took it, becomes an image
 * entry of its own (with its alt text), unless it is too small to be one. */
static void pending_image(em *e)
{
    if (!e->last_img || e->last_img_used) return;
    e->last_img_used = true;
    if (!tiny_image(e->c->d, e->last_img)) add_image(e, e->last_img, NULL, 0, NULL, 0);
}

/* A caption element (and the image before it) becomes an image entry. */
static void caption_to_image(em *e, pith_nid img, pith_nid capel, pith_nid scope)
{
    pith_xctx *c = e->c;
    pith_buf_reset(&e->tmp);
    pith_buf_reset(&e->tmp2);
    if (capel) pith_x_text_skip(c, capel, &e->tmp, HK_CREDIT | HK_AUTHOR, PITH_TAG_CITE);
    pith_nid cred = find_in(c, scope, 0, HK_CREDIT);
    if (!cred && capel) cred = find_in(c, capel, 0, HK_AUTHOR);
    if (!cred && capel) cred = find_in(c, capel, PITH_TAG_CITE, 0);
    if (cred) pith_x_text(c, cred, &e->tmp2, 0);
    const char *cap = e->tmp.data ? e->tmp.data : "";
    size_t cl = e->tmp.len;
    const char *cr = e->tmp2.data;
    size_t crl = e->tmp2.len;
    if (!crl) split_credit(cap, cl, &cl, &cr, &crl);
    add_image(e, img, cap, cl, cr, crl);
}

/* An integer attribute as HTML parses it (leading spaces, a sign, digits,
 * anything after ignored), clamped to +-1e9; `dflt` when absent or invalid. */
static long attr_int(const pith_doc *d, pith_nid n, const char *name, long dflt)
{
    size_t len;
    const char *v = pith_doc_attr_value(d, n, name, &len);
    if (!v) return dflt;
    size_t i = 0;
    while (i < len && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r' || v[i] == '\f')) i++;
    bool neg = false;
    if (i < len && (v[i] == '-' || v[i] == '+')) neg = v[i++] == '-';
    if (i >= len || v[i] < '0' || v[i] > '9') return dflt;
    long x = 0;
    for (; i < len && v[i] >= '0' && v[i] <= '9'; i++)
        if (x < 1000000000L) x = x * 10 + (v[i] - '0');
    if (x > 1000000000L) x = 1000000000L;
    return neg ? -x : x;
}

/* Opens a list (the block's own or a nested one). */
static void list_push(em *e, pith_nid n)
{
    const pith_doc *d = e->c->d;
    lrec l = {.start = INT_MIN, .next = INT_MIN};
    l.ordered = pith_is_el(d, n, PITH_TAG_OL);
    if (l.ordered) {
        size_t len;
        l.reversed = pith_doc_attr_value(d, n, "reversed", &len) != NULL;
        long st = attr_int(d, n, "start", LONG_MIN);
        if (st != LONG_MIN) l.start = (int)st;
    }
    uint32_t id = (uint32_t)(e->lists.len / sizeof l);
    pith_buf_append(&e->lists, &l, sizeof l);
    if (e->ldepth < LIST_STACK) e->lstack[e->ldepth] = id;
    e->ldepth++;
}

/* Ends the current line of a list block, so that an item starts on its own. */
static void list_newline(em *e)
{
    while (e->t.len && e->t.data[e->t.len - 1] == ' ') e->t.len--;
    while (e->links && e->rich.len && e->rich.data[e->rich.len - 1] == ' ') e->rich.len--;
    e->space = false;
    if (e->t.len && e->t.data[e->t.len - 1] != '\n') put(e, "\n", 1);
}

/* Records that an item of the innermost open list starts here. */
static void item_rec(em *e, pith_nid li)
{
    int top = e->ldepth < LIST_STACK ? e->ldepth : LIST_STACK;
    irec it = {.off = e->t.len, .roff = e->rich.len, .depth = e->ldepth - 1, .value = INT_MIN,
               .list = top > 0 ? e->lstack[top - 1] : 0};
    if (li) {
        long v = attr_int(e->c->d, li, "value", LONG_MIN);
        if (v != LONG_MIN) it.value = (int)v;
    }
    pith_buf_append(&e->items, &it, sizeof it);
}

/* A row or cell separator of a table block. */
static void table_sep(em *e, char ch)
{
    while (e->t.len && e->t.data[e->t.len - 1] == ' ') e->t.len--;
    while (e->links && e->rich.len && e->rich.data[e->rich.len - 1] == ' ') e->rich.len--;
    e->space = false;
    put(e, &ch, 1);
}

/* A td or th of the table block starts: its row starts too when it is the
 * row's first. */
static void table_cell(em *e, pith_nid n, bool th)
{
    const pith_doc *d = e->c->d;
    if (!e->cells) {
        if (e->rows) table_sep(e, '\n');
        rrec rw = {.group = e->group, .head = e->in_thead};
        pith_buf_append(&e->rowrecs, &rw, sizeof rw);
        e->rows++;
    } else {
        table_sep(e, '\t');
    }
    e->cells++;
    long cs = attr_int(d, n, "colspan", 1), rs = attr_int(d, n, "rowspan", 1);
    crec x = {.off = e->t.len, .roff = e->rich.len, .row = (uint32_t)e->rows - 1, .header = th,
              .colspan = cs < 1 ? 1 : cs > 1000 ? 1000 : (uint32_t)cs,
              .rowspan = rs < 0 ? 1 : rs > 65534 ? 65534 : (uint32_t)rs};
    pith_buf_append(&e->cellrecs, &x, sizeof x);
}

/* True for a table shown as a grid: at least two rows and two columns
 * (a single row or column is layout, its cells are paragraphs). */
static bool grid_table(const pith_xctx *c, pith_nid table)
{
    const pith_doc *d = c->d;
    uint32_t rows = 0, cols = 0, cells = 0;
    for (pith_nid n = pith_doc_next(d, table, table, true); n;) {
        bool descend = true;
        if (d->nodes[n].type == PITH_NODE_ELEMENT) {
            uint32_t tp = pith_x_props(d, n);
            if (c->x[n].flags & XF_DROP) descend = false;
            else if (pith_is_el(d, n, PITH_TAG_TR)) {
                if (cells) rows++;
                cells = 0;
            } else if (tp & TP_CELL) {
                if (++cells > cols) cols = cells;
                descend = false;
            }
        }
        if (rows >= 2 && cols >= 2) return true;
        n = pith_doc_next(d, table, n, descend);
    }
    if (cells) rows++;
    return rows >= 2 && cols >= 2;
}

static void open_mode(em *e, int mode, pith_nid n, int level)
{
    flush(e);
    e->mode = mode;
    e->mode_root = n;
    e->level = level;
    e->rows = e->cells = 0;
    if (mode == M_LIST) {
        pith_buf_reset(&e->items);
        pith_buf_reset(&e->lists);
        e->ldepth = 0;
        list_push(e, n);
    } else if (mode == M_TABLE) {
        pith_buf_reset(&e->cellrecs);
        pith_buf_reset(&e->rowrecs);
        pith_buf_reset(&e->caption);
        e->group = 0;
        e->in_thead = false;
        e->tnest = 0;
    }
}

/* True for a link that goes somewhere (not a script or an empty href). */
static bool link_target(const pith_doc *d, pith_nid n)
{
    size_t hl;
    const char *h = pith_doc_attr_value(d, n, "href", &hl);
    while (h && hl && (*h == ' ' || *h == '\t' || *h == '\n')) { h++; hl--; }
    if (!h || !hl) return false;
    if (hl >= 11 && !strncasecmp(h, "javascript:", 11)) return false;
    return true;
}

/* Entering an element; false skips its subtree. */
static bool enter(em *e, pith_nid n, bool is_root)
{
    pith_xctx *c = e->c;
    pith_doc *d = c->d;
    const pith_node *nd = &d->nodes[n];
    if (nd->type == PITH_NODE_TEXT) {
        text(e, n);
        return false;
    }
    if (nd->type != PITH_NODE_ELEMENT) return false;
    const xnode *x = &c->x[n];
    if (x->flags & (XF_DROP | XF_KILL)) return false;
    uint32_t tp = pith_x_props(d, n);
    uint32_t tag = nd->ns == PITH_NS_HTML ? nd->tag : 0;
    if (!is_root && e->mode != M_PRE) {
        if (x->hint & HK_CAPTION) {
            caption_to_image(e, e->last_img_used ? PITH_NIL : e->last_img, n, n);
            e->last_img_used = true;
            return false;
        }
        if ((x->hint & HK_CREDIT) && x->txt < 200) {
            pith_buf_reset(&e->tmp);
            pith_x_text(c, n, &e->tmp, 0);
            if (!e->last_img_used || (c->r->n_images && !c->r->images[c->r->n_images - 1].credit)) {
                if (e->last_img_used && c->r->n_images)
                    c->r->images[c->r->n_images - 1].credit = pith_result_strdup(c->r, e->tmp.data ? e->tmp.data : "", e->tmp.len);
                else
                    add_image(e, e->last_img, NULL, 0, e->tmp.data, e->tmp.len);
                e->last_img_used = true;
            }
            return false;
        }
        if ((x->hint & HK_BYLINE) && x->txt < 300 && !(x->hint & HK_POS)) return false;
        if (x->flags & XF_CLEANED) return false;
    }
    if (tag == PITH_TAG_FIGURE && e->mode != M_PRE) {
        pending_image(e);
        pith_nid img = find_in(c, n, PITH_TAG_IMG, 0);
        pith_nid cap = find_in(c, n, PITH_TAG_FIGCAPTION, 0);
        if (!cap) cap = find_in(c, n, 0, HK_CAPTION);
        caption_to_image(e, img, cap, n);
        e->last_img_used = true;
        return false;
    }
    if (tag == PITH_TAG_IMG) {
        pending_image(e);
        e->last_img = n;
        e->last_img_block = c->r->n_blocks;
        e->last_img_used = false;
        return false;
    }
    if (tag == PITH_TAG_BR) {
        if (e->mode == M_PARA || e->mode == M_QUOTE || e->mode == M_PRE || e->mode == M_HEAD) sep(e, '\n');
        else soft_space(e);
        return false;
    }
    if (e->links && tag == PITH_TAG_A && link_target(d, n)) {
        if (e->space) { put(e, " ", 1); e->space = false; }
        pith_buf_putc(&e->rich, '[');
    }
    if (!(tp & TP_BLOCK)) return true;
    switch (e->mode) {
    case M_PARA:
        if (tp & TP_HEADING) open_mode(e, M_HEAD, n, (int)(tag - PITH_TAG_H1) + 1);
        else if ((tp & TP_LIST) && tag != PITH_TAG_DL) open_mode(e, M_LIST, n, tag == PITH_TAG_OL);
        else if (tag == PITH_TAG_TABLE && pith_x_data_table(c, n)) {
            if (grid_table(c, n)) {
                if (!c->o->tables) return false;
                open_mode(e, M_TABLE, n, 0);
            } else {
                flush(e);
                if (!e->flat_table) e->flat_table = n;
            }
        } else if (tag == PITH_TAG_PRE) open_mode(e, M_PRE, n, 0);
        else if (tag == PITH_TAG_BLOCKQUOTE) open_mode(e, M_QUOTE, n, 0);
        else flush(e);
        break;
    case M_LIST:
        if ((tp & TP_LIST) && tag != PITH_TAG_DL) {
            list_newline(e);
            list_push(e, n);
        } else if (tp & TP_ITEM) {
            list_newline(e);
            item_rec(e, tag == PITH_TAG_LI ? n : PITH_NIL);
        } else {
            soft_space(e);
        }
        break;
    case M_TABLE:
        if (e->tnest || tag == PITH_TAG_TABLE) {
            /* a table inside a cell is text of that cell */
            if (tag == PITH_TAG_TABLE) e->tnest++;
            soft_space(e);
        } else if (tag == PITH_TAG_CAPTION) {
            if (!e->caption.len) pith_x_text(c, n, &e->caption, 0);
            return false;
        } else if (tag == PITH_TAG_THEAD || tag == PITH_TAG_TBODY || tag == PITH_TAG_TFOOT) {
            e->group++;
            e->in_thead = tag == PITH_TAG_THEAD;
        } else if (tag == PITH_TAG_TR) {
            e->cells = 0;
        } else if (tp & TP_CELL) {
            table_cell(e, n, tag == PITH_TAG_TH);
        } else {
            soft_space(e);
        }
        break;
    case M_QUOTE:
        sep(e, '\n');
        break;
    default:
        soft_space(e);
        break;
    }
    return true;
}

static void leave(em *e, pith_nid n)
{
    pith_xctx *c = e->c;
    pith_doc *d = c->d;
    const pith_node *nd = &d->nodes[n];
    if (nd->type != PITH_NODE_ELEMENT) return;
    uint32_t tag = nd->ns == PITH_NS_HTML ? nd->tag : 0;
    if (e->links && tag == PITH_TAG_A && link_target(d, n)) {
        size_t hl;
        const char *href = pith_doc_attr_value(d, n, "href", &hl);
        pith_buf_puts(&e->rich, "](");
        if (href) pith_x_resolve(c->url, href, hl, &e->rich);
        pith_buf_putc(&e->rich, ')');
    }
    if (n == e->mode_root && e->mode != M_PARA) {
        flush(e);
        e->mode = M_PARA;
        e->mode_root = PITH_NIL;
        return;
    }
    uint32_t tp = pith_x_props(d, n);
    if (!(tp & TP_BLOCK)) return;
    if (e->mode == M_LIST && (tp & TP_LIST) && tag != PITH_TAG_DL) {
        /* a nested list ends: what follows in the item is a line of its own */
        e->ldepth--;
        list_newline(e);
        item_rec(e, PITH_NIL);
        return;
    }
    if (e->mode == M_TABLE && tag == PITH_TAG_TABLE && e->tnest) e->tnest--;
    if (e->mode == M_PARA) flush(e);
    if (n == e->flat_table) e->flat_table = PITH_NIL;
    else if (e->mode == M_QUOTE) sep(e, '\n');
    else if (e->mode != M_PRE) soft_space(e);
}

/* Walks one container: enter/leave events in document order, iteratively. */
static void walk(em *e, pith_nid root)
{
    pith_doc *d = e->c->d;
    if (!enter(e, root, true)) return;
    pith_nid n = d->nodes[root].first;
    if (!n) { leave(e, root); return; }
    pith_budget *budget = e->c->r->budget;
    for (;;) {
        /* out of time: the blocks so far stand, flushed by the caller */
        if (pith_budget_tick(budget, 1)) return;
        if (enter(e, n, false)) {
            if (d->nodes[n].first) {
                n = d->nodes[n].first;
                continue;
            }
            leave(e, n); /* an empty element still ends its block */
        }
        while (!d->nodes[n].next) {
            n = d->nodes[n].parent;
            leave(e, n);
            if (n == root) return;
        }
        n = d->nodes[n].next;
    }
}

/* The article's lead figures that sit before its text, inside the same
 * article element (the headline area): their images, not their text. */
static void lead_figures(em *e, pith_nid region, pith_nid first_root)
{
    pith_xctx *c = e->c;
    pith_doc *d = c->d;
    const xnode *x = c->x;
    for (uint32_t i = x[region].pos + 1; i < x[first_root].pos && i < c->n_ord; i++) {
        pith_nid n = c->ord[i];
        if (d->nodes[n].type != PITH_NODE_ELEMENT) continue;
        if (x[n].flags & (XF_KILL | XF_DROP)) {
            if (x[n].end > i) i = x[n].end;
            continue;
        }
        if (pith_is_el(d, n, PITH_TAG_FIGURE)) {
            pith_nid img = find_in(c, n, PITH_TAG_IMG, 0);
            pith_nid cap = find_in(c, n, PITH_TAG_FIGCAPTION, 0);
            if (!cap) cap = find_in(c, n, 0, HK_CAPTION);
            if (img || cap) caption_to_image(e, img, cap, n);
            if (x[n].end > i) i = x[n].end;
        }
    }
}

/* Normalised words of a text for comparing (lower-case ASCII letters and
 * digits, other bytes kept, everything else one space). */
static size_t norm_words(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    bool sp = false;
    for (size_t i = 0; i < n && k + 2 < cap; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 'A' && ch <= 'Z') ch = (unsigned char)(ch + 32);
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80) {
            if (sp && k) out[k++] = ' ';
            sp = false;
            out[k++] = (char)ch;
        } else {
            sp = true;
        }
    }
    out[k] = '\0';
    return k;
}

/* The article's teaser (standfirst) shown above its text: the block before
 * the text whose words are the page's description. Emitted first, as the
 * article's lead paragraph, with focus on recall only: most gold texts
 * (scrapinghub, readability) leave the teaser to the description field. */
static void lead_teaser(em *e, uint32_t from, pith_nid first_root)
{
    pith_xctx *c = e->c;
    pith_doc *d = c->d;
    const xnode *x = c->x;
    const char *desc = c->r->description;
    if (!desc) return;
    char nd[1024], nt[1024];
    size_t dl = norm_words(desc, strlen(desc), nd, sizeof nd);
    if (dl < 40 || dl >= sizeof nd - 8) return;
    pith_nid found = PITH_NIL;
    for (uint32_t i = from; i < x[first_root].pos && i < c->n_ord; i++) {
        pith_nid n = c->ord[i];
        if (d->nodes[n].type != PITH_NODE_ELEMENT) continue;
        if (x[n].flags & (XF_KILL | XF_DROP)) {
            if (x[n].end > i) i = x[n].end;
            continue;
        }
        /* a block whose own text is about as long as the description */
        if (x[n].blk != n || x[n].own * 10 < dl * 7 || x[n].txt > dl * 2 + 20 || x[n].ownlnk * 4 > x[n].own) continue;
        pith_buf_reset(&e->tmp);
        pith_x_text(c, n, &e->tmp, 0);
        size_t tl = norm_words(e->tmp.data ? e->tmp.data : "", e->tmp.len, nt, sizeof nt);
        /* equal, or the description is the text cut short */
        size_t m = dl < tl ? dl : tl;
        if (m * 10 >= dl * 8 && m >= 40 && !memcmp(nd, nt, m - 4)) found = n;
    }
    if (!found) return;
    pith_buf_reset(&e->tmp);
    pith_x_text(c, found, &e->tmp, 0);
    pith_buf_reset(&e->t);
    put(e, e->tmp.data ? e->tmp.data : "", e->tmp.len);
    e->mode = M_PARA;
    flush(e);
}

/* True for a line that reads as a date or time: "Nov. 19, 2019", "02/12/2024",
 * "5:50 PM", "2025年1月14日". */
static bool datelike(const char *s, size_t n)
{
    int digits = 0, year = 0, run = 0;
    bool clock = false, sep_date = false, cjk = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= '0' && c <= '9') {
            digits++;
            run++;
            if (run == 4 && (s[i - 3] == '1' || s[i - 3] == '2')) year++;
            if (i + 2 < n && s[i + 1] == ':' && s[i + 2] >= '0' && s[i + 2] <= '9') clock = true;
            if (i + 2 < n && (s[i + 1] == '/' || s[i + 1] == '.' || s[i + 1] == '-') && s[i + 2] >= '0' && s[i + 2] <= '9')
                sep_date = true;
        } else {
            run = 0;
        }
        /* 年 (E5 B9 B4), 月 (E6 9C 88), 日 (E6 97 A5) */
        if (c == 0xE5 && i + 2 < n && (unsigned char)s[i + 1] == 0xB9 && (unsigned char)s[i + 2] == 0xB4) cjk = true;
        if (c == 0xE6 && i + 2 < n && (unsigned char)s[i + 1] == 0x9C && (unsigned char)s[i + 2] == 0x88) cjk = true;
    }
    return digits >= 2 && (year || clock || sep_date || cjk);
}

/* True for a byline: "By Jane Doe", "Von ...", "Par ...", or a line that
 * names one of the authors found by metadata. */
static bool bylinelike(const pith_result *r, const char *s, size_t n)
{
    static const char *const leads[] = {"by ", "von ", "par ", "por ", "di ", "door ", "av ", "af ", "de "};
    for (size_t i = 0; i < sizeof leads / sizeof *leads; i++) {
        size_t l = strlen(leads[i]);
        if (n > l && !strncasecmp(s, leads[i], l) && ((unsigned char)s[l] >= 'A' && (unsigned char)s[l] <= 'Z'))
            return true;
    }
    for (size_t i = 0; i < r->authors.n; i++) {
        const char *a = r->authors.items[i];
        size_t al = strlen(a);
        if (al >= 4 && memmem(s, n, a, al)) return true;
    }
    return false;
}

/* Removes k blocks from index `at`; images placed among or after them move
 * with the blocks that stay. */
static void drop_blocks(pith_result *r, size_t at, size_t k)
{
    memmove(r->blocks + at, r->blocks + at + k, (r->n_blocks - at - k) * sizeof *r->blocks);
    r->n_blocks -= k;
    for (size_t i = 0; i < r->n_images; i++) {
        size_t *b = &r->images[i].block;
        if (*b > at) *b = *b >= at + k ? *b - k : at;
    }
}

/* What leads an article's text without being part of it: its byline,
 * dateline and labels, short lines above the first paragraph. */
static void trim_head(pith_result *r, size_t start)
{
    size_t end = start;
    while (end < r->n_blocks && end < start + 4) {
        const pith_block *b = &r->blocks[end];
        size_t n = strlen(b->text);
        if (b->type != PITH_BLOCK_PARAGRAPH || n >= 80) break;
        bool junk = datelike(b->text, n) || bylinelike(r, b->text, n) || (n < 25 && !ends_sentence(b->text));
        if (!junk) break;
        end++;
    }
    if (end >= r->n_blocks) return; /* keep a text that is all head */
    drop_blocks(r, start, end - start);
    /* a date line a little further down ("Stand: 05.01.2024, 10:15 Uhr") */
    for (size_t i = start; i < r->n_blocks && i < start + 6; i++) {
        const pith_block *b = &r->blocks[i];
        size_t n = strlen(b->text);
        if (b->type != PITH_BLOCK_PARAGRAPH || n >= 50 || !datelike(b->text, n) || ends_sentence(b->text)) continue;
        drop_blocks(r, i, 1);
        i--;
    }
}

/* What trails an article's last paragraph without being part of it: a
 * heading with nothing under it ("Related"), short lines that are no
 * sentences ("Keywords", "Share"). */
static void trim_tail(pith_result *r, size_t start)
{
    size_t total = 0;
    for (size_t i = start; i < r->n_blocks; i++) total += strlen(r->blocks[i].text);
    if (total < 300) return; /* too little to tell a tail from the text */
    while (r->n_blocks > start + 1) {
        const pith_block *b = &r->blocks[r->n_blocks - 1];
        size_t n = strlen(b->text);
        bool junk = b->type == PITH_BLOCK_HEADING ||
                    (b->type == PITH_BLOCK_PARAGRAPH && n < 30 && !ends_sentence(b->text));
        if (!junk) break;
        r->n_blocks--;
    }
}

bool pith_x_emit(pith_xctx *c, const pith_nid *roots, size_t n_roots, pith_nid region)
{
    em e;
    memset(&e, 0, sizeof e);
    e.c = c;
    e.links = c->o->links != 0;
    pith_buf_init(&e.t);
    pith_buf_init(&e.rich);
    pith_buf_init(&e.tmp);
    pith_buf_init(&e.tmp2);
    pith_buf_init(&e.tmp3);
    pith_buf_init(&e.items);
    pith_buf_init(&e.lists);
    pith_buf_init(&e.cellrecs);
    pith_buf_init(&e.rowrecs);
    pith_buf_init(&e.caption);
    if (region && n_roots && c->x[roots[0]].pos > c->x[region].pos) lead_figures(&e, region, roots[0]);
    if (region && n_roots && c->o->focus == PITH_FOCUS_RECALL) lead_teaser(&e, c->x[region].pos + 1, roots[0]);
    size_t body_start = c->r->n_blocks;
    for (size_t i = 0; i < n_roots; i++) {
        walk(&e, roots[i]);
        flush(&e);
        pending_image(&e);
        e.mode = M_PARA;
        e.mode_root = PITH_NIL;
        e.flat_table = PITH_NIL;
    }
    trim_tail(c->r, body_start);
    trim_head(c->r, body_start);
    /* the lead image: the first one, when it stands above the text */
    if (c->r->n_images && c->r->images[0].block <= body_start) c->r->images[0].lead = 1;
    bool ok = !e.t.oom && !e.rich.oom;
    pith_buf_free(&e.t);
    pith_buf_free(&e.rich);
    pith_buf_free(&e.tmp);
    pith_buf_free(&e.tmp2);
    pith_buf_free(&e.tmp3);
    ok = ok && !e.items.oom && !e.lists.oom && !e.cellrecs.oom && !e.rowrecs.oom && !e.tmp.oom && !e.tmp2.oom;
    pith_buf_free(&e.items);
    pith_buf_free(&e.lists);
    pith_buf_free(&e.cellrecs);
    pith_buf_free(&e.rowrecs);
    pith_buf_free(&e.caption);
    return ok;
}

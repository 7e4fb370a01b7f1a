#include "result.h"

#include <string.h>

#include "buf.h"
#include "clock.h"

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
    if (src) im->src = pith_result_strdup(r, src, strlen(src));
    if (caption) im->caption = pith_result_strdup(r, caption, strlen(caption));
    if (credit) im->credit = pith_result_strdup(r, credit, strlen(credit));
    return im;
}

void pith_result_warn(pith_result *r, const char *msg)
{
    pith_strlist_add(r, &r->warnings, msg, strlen(msg));
}

bool pith_result_late(pith_result *r)
{
    if (!r->late && r->deadline > 0 && pith_now() > r->deadline) r->late = true;
    return r->late;
}

bool pith_result_finish(pith_result *r)
{
    /* one block is the text already: no copy (it may be hundreds of MB) */
    if (r->n_blocks == 1) {
        r->text = r->blocks[0].text;
        return true;
    }
    size_t total = 0;
    for (size_t i = 0; i < r->n_blocks; i++) total += strlen(r->blocks[i].text) + 1;
    char *t = pith_arena_alloc(r->arena, total + 1);
    if (!t) return false;
    size_t k = 0;
    for (size_t i = 0; i < r->n_blocks; i++) {
        size_t n = strlen(r->blocks[i].text);
        if (k) t[k++] = '\n';
        memcpy(t + k, r->blocks[i].text, n);
        k += n;
    }
    t[k] = '\0';
    r->text = t;
    return true;
}

#include "arena.h"

#include <stdlib.h>
#include <string.h>

struct pith_arena_chunk {
    pith_arena_chunk *next;
    size_t cap, used;
    _Alignas(16) unsigned char data[];
};

enum { CHUNK_MIN = 64 * 1024 };

void pith_arena_init(pith_arena *a) { memset(a, 0, sizeof *a); }

static pith_arena_chunk *chunk_new(size_t need)
{
    size_t cap = need > CHUNK_MIN ? need : CHUNK_MIN;
    pith_arena_chunk *c = malloc(sizeof *c + cap);
    if (!c) return NULL;
    c->next = NULL;
    c->cap = cap;
    c->used = 0;
    return c;
}

void *pith_arena_alloc(pith_arena *a, size_t n)
{
    size_t need = (n + 15) & ~(size_t)15;
    if (need < n) return NULL;
    pith_arena_chunk *c = a->head;
    if (!c || c->cap - c->used < need) {
        /* Take a spare chunk when it is big enough, else a new one. */
        pith_arena_chunk **pp = &a->spare;
        while (*pp && (*pp)->cap < need) pp = &(*pp)->next;
        if (*pp) {
            c = *pp;
            *pp = c->next;
        } else if (!(c = chunk_new(need))) {
            return NULL;
        }
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += need;
    a->used_total += need;
    if (a->used_total > a->peak) a->peak = a->used_total;
    return p;
}

char *pith_arena_strndup(pith_arena *a, const char *s, size_t n)
{
    char *p = pith_arena_alloc(a, n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void pith_arena_reset(pith_arena *a)
{
    pith_arena_chunk *c = a->head;
    while (c) {
        pith_arena_chunk *next = c->next;
        /* Very large one-off chunks are returned to the system. */
        if (c->cap > 16 * CHUNK_MIN) {
            free(c);
        } else {
            c->next = a->spare;
            a->spare = c;
        }
        c = next;
    }
    a->head = NULL;
    a->used_total = 0;
}

void pith_arena_free(pith_arena *a)
{
    pith_arena_reset(a);
    pith_arena_chunk *c = a->spare;
    while (c) {
        pith_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->spare = NULL;
    a->peak = 0;
}

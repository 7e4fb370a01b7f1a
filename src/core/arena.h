/* A bump allocator with chunks: reset between documents, freed once. */
#ifndef PITH_CORE_ARENA_H
#define PITH_CORE_ARENA_H
#include <stddef.h>

typedef struct pith_arena_chunk pith_arena_chunk;

typedef struct pith_arena {
    pith_arena_chunk *head;   /* chunk being filled */
    pith_arena_chunk *spare;  /* chunks kept by reset for reuse */
    size_t used_total;        /* bytes handed out since the last reset */
    size_t peak;              /* high-water mark of used_total */
} pith_arena;

void pith_arena_init(pith_arena *a);
/* Returns `n` bytes aligned to 16, or NULL when out of memory. */
void *pith_arena_alloc(pith_arena *a, size_t n);
/* Copies `n` bytes and appends a NUL; NULL when out of memory. */
char *pith_arena_strndup(pith_arena *a, const char *s, size_t n);
/* Forgets every allocation but keeps the memory for the next document. */
void pith_arena_reset(pith_arena *a);
void pith_arena_free(pith_arena *a);
#endif

/* A growable byte buffer whose data, once allocated, is always a NUL-terminated string. */
#ifndef PITH_CORE_BUF_H
#define PITH_CORE_BUF_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pith_buf {
    char *data;
    size_t len, cap;
    bool oom;    /* set once an allocation failed; later appends are dropped */
    bool over;   /* set once an append would pass `max`; later appends are dropped */
    size_t max;  /* most bytes the buffer may hold, 0 for no limit; kept by reset */
} pith_buf;

void pith_buf_init(pith_buf *b);
/* Makes room for `extra` more bytes (plus a NUL). False when out of memory. */
bool pith_buf_reserve(pith_buf *b, size_t extra);
bool pith_buf_append(pith_buf *b, const void *p, size_t n);
bool pith_buf_putc(pith_buf *b, char c);
bool pith_buf_puts(pith_buf *b, const char *s);
/* Appends a code point as UTF-8 (invalid ones as U+FFFD). */
bool pith_buf_put_utf8(pith_buf *b, uint32_t cp);
bool pith_buf_printf(pith_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* True once appends are being dropped (out of memory or over `max`). */
static inline bool pith_buf_full(const pith_buf *b) { return b->oom || b->over; }
/* Empties the buffer, keeping its memory and its limit. */
void pith_buf_reset(pith_buf *b);
void pith_buf_free(pith_buf *b);
#endif

#include "buf.h"
#include "mem.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pith_buf_init(pith_buf *b) { memset(b, 0, sizeof *b); }

bool pith_buf_reserve(pith_buf *b, size_t extra)
{
    if (b->oom || b->over) return false;
    size_t need = b->len + extra + 1;
    if (need < b->len) { b->oom = true; return false; }
    if (b->max && need - 1 > b->max) { b->over = true; return false; }
    if (need <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need) {
        if (cap > SIZE_MAX / 2) { cap = need; break; }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) { b->oom = true; return false; }
    /* an allocated buffer is always a valid string, even when empty */
    if (!b->data) p[0] = '\0';
    pith_advise_huge(p, cap);
    b->data = p;
    b->cap = cap;
    return true;
}

bool pith_buf_append(pith_buf *b, const void *p, size_t n)
{
    if (!pith_buf_reserve(b, n)) return false;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

bool pith_buf_putc(pith_buf *b, char c) { return pith_buf_append(b, &c, 1); }

bool pith_buf_puts(pith_buf *b, const char *s) { return pith_buf_append(b, s, strlen(s)); }

bool pith_buf_put_utf8(pith_buf *b, uint32_t cp)
{
    char u[4];
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    return pith_buf_append(b, u, pith_utf8_encode(cp, u));
}

bool pith_buf_printf(pith_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return false;
    if ((size_t)n < sizeof tmp) return pith_buf_append(b, tmp, (size_t)n);
    if (!pith_buf_reserve(b, (size_t)n)) return false;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return true;
}

void pith_buf_reset(pith_buf *b)
{
    b->len = 0;
    b->oom = false;
    b->over = false;
    if (b->data) b->data[0] = '\0';
}

void pith_buf_free(pith_buf *b)
{
    free(b->data);
    pith_buf_init(b);
}

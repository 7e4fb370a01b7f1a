/* ASCII case folding (the HTML standard's "ASCII case-insensitive"), for the
 * tokenizer, tree builder, encoding sniffing and phrase tables. Header only:
 * the parser calls these per byte. */
#ifndef PITH_CORE_ASCII_H
#define PITH_CORE_ASCII_H
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* c with A-Z lowered; every other byte as it is. */
static inline unsigned char pith_ascii_lower(unsigned char c)
{
    return (unsigned)(c - 'A') < 26u ? (unsigned char)(c + 32) : c;
}

/* True when p[0..n) starts with the lower-case ASCII string lower, ignoring
 * ASCII case. */
static inline bool pith_ascii_iprefix(const char *p, size_t n, const char *lower)
{
    size_t l = strlen(lower);
    if (n < l) return false;
    for (size_t i = 0; i < l; i++)
        if (pith_ascii_lower((unsigned char)p[i]) != (unsigned char)lower[i]) return false;
    return true;
}

/* True when p[0..n) is the lower-case ASCII string lower, ignoring ASCII case. */
static inline bool pith_ascii_ieq(const char *p, size_t n, const char *lower)
{
    return n == strlen(lower) && pith_ascii_iprefix(p, n, lower);
}
#endif

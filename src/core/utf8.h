/*
 * UTF-8 scanning shared by the pipeline and the renderers: validation, and
 * the search for the bytes a JSON string must escape. Both read 32 bytes at
 * a time with AVX2 when the CPU has it (chosen at run time) and have a plain
 * C version that gives the same answer (tests/unit/test_utf8.c holds them to
 * that). Thread-safe; no allocation.
 */
#ifndef PITH_CORE_UTF8_H
#define PITH_CORE_UTF8_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The bytes that must follow lead byte b in a well-formed sequence (1 to 3),
 * or 0 when b cannot lead one (ASCII, a continuation byte, C0, C1, F5..FF);
 * [*lo, *hi] bounds the byte after it, which rules out overlong forms (E0,
 * F0), surrogates (ED) and code points above U+10FFFF (F4). */
static inline size_t pith_utf8_lead(unsigned b, unsigned *lo, unsigned *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) return 1;
    if (b >= 0xE0 && b <= 0xEF) {
        if (b == 0xE0) *lo = 0xA0;
        else if (b == 0xED) *hi = 0x9F;
        return 2;
    }
    if (b >= 0xF0 && b <= 0xF4) {
        if (b == 0xF0) *lo = 0x90;
        else if (b == 0xF4) *hi = 0x8F;
        return 3;
    }
    return 0;
}

/* Length (1 to 4) of the well-formed UTF-8 sequence at p (p < end), or 0
 * when the bytes there are not one. */
static inline size_t pith_utf8_seq_len(const unsigned char *p, const unsigned char *end)
{
    if (p[0] < 0x80) return 1;
    unsigned lo, hi;
    size_t need = pith_utf8_lead(p[0], &lo, &hi);
    if (!need || (size_t)(end - p) <= need || p[1] < lo || p[1] > hi) return 0;
    for (size_t k = 2; k <= need; k++)
        if ((p[k] & 0xC0) != 0x80) return 0;
    return need + 1;
}

/* Writes cp (below 0x110000) as UTF-8 at o, which has room for 4 bytes, and
 * returns its length; surrogates are written as they are (callers that need
 * well-formed output replace them first). */
static inline size_t pith_utf8_encode(uint32_t cp, char *o)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12);
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18);
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* True when p (p < end) starts U+2028 or U+2029: valid JSON, but line ends
 * in JavaScript, so JSON output escapes them. */
static inline bool pith_utf8_line_sep(const unsigned char *p, const unsigned char *end)
{
    return p[0] == 0xE2 && end - p > 2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9);
}

/* True when s[0, n) is well-formed UTF-8: no stray continuation bytes, no
 * cut sequences, overlong forms, surrogates or code points above U+10FFFF. */
bool pith_utf8_valid(const char *s, size_t n);
bool pith_utf8_valid_plain(const char *s, size_t n);

/* The first index at or after i of a byte that a JSON string cannot hold
 * as it is ('"', '\\', a control byte) or of the first byte of U+2028 or
 * U+2029 (valid JSON, but line ends in JavaScript); n when there is none.
 * Other bytes, valid UTF-8 or not, are not looked at. */
size_t pith_utf8_json_stop(const char *s, size_t i, size_t n);
size_t pith_utf8_json_stop_plain(const char *s, size_t i, size_t n);
#endif

/*
 * UTF-8 validation and the JSON escape scan. The vector validation checks
 * each pair of adjacent bytes against three nibble tables (the high and low
 * four bits of the first byte, the high four bits of the second each give a
 * set of error bits; the pair is wrong when the three sets share one) and
 * the third and fourth bytes of a sequence by the byte two or three places
 * back, which demands a continuation there.
 */
#include "utf8.h"

#include <stdint.h>

#include "avx2.h"

bool pith_utf8_valid_plain(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        size_t k = pith_utf8_seq_len(s + i, s + n);
        if (!k) return false;
        i += k;
    }
    return true;
}

size_t pith_utf8_json_stop_plain(const char *str, size_t i, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    for (; i < n; i++) {
        if (s[i] < 0x20 || s[i] == '"' || s[i] == '\\') return i;
        if (pith_utf8_line_sep(s + i, s + n)) return i;
    }
    return n;
}

#ifdef PITH_HAVE_AVX2
/* Error bits of a pair of bytes. */
enum {
    U_SHORT = 1,  /* a lead byte not followed by a continuation */
    U_LONG = 2,   /* a continuation after ASCII */
    U_OVER3 = 4,  /* E0 80..9F */
    U_LARGE = 8,  /* F4 90..BF; F5..FF and a continuation */
    U_SURR = 16,  /* ED A0..BF */
    U_OVER2 = 32, /* C0, C1 and a continuation */
    U_OVER4 = 64, /* F0 80..8F; F5..FF 80..8F */
    U_C2 = 128,   /* a continuation after a continuation: right only where one is demanded */
    U_ANY = U_SHORT | U_LONG | U_C2
};

/* True when the pairs of bytes ending in x (with the 32 bytes before it in prev) are right. */
__attribute__((target("avx2"))) static inline bool block_ok(__m256i x, __m256i prev)
{
    const __m256i first_hi = PITH_NIB(U_LONG, U_LONG, U_LONG, U_LONG, U_LONG, U_LONG, U_LONG, U_LONG, U_C2, U_C2, U_C2,
                                 U_C2, U_SHORT | U_OVER2, U_SHORT, U_SHORT | U_OVER3 | U_SURR,
                                 U_SHORT | U_LARGE | U_OVER4);
    const __m256i first_lo = PITH_NIB(U_ANY | U_OVER2 | U_OVER3 | U_OVER4, U_ANY | U_OVER2, U_ANY, U_ANY, U_ANY | U_LARGE,
                                 U_ANY | U_LARGE | U_OVER4, U_ANY | U_LARGE | U_OVER4, U_ANY | U_LARGE | U_OVER4,
                                 U_ANY | U_LARGE | U_OVER4, U_ANY | U_LARGE | U_OVER4, U_ANY | U_LARGE | U_OVER4,
                                 U_ANY | U_LARGE | U_OVER4, U_ANY | U_LARGE | U_OVER4,
                                 U_ANY | U_LARGE | U_OVER4 | U_SURR, U_ANY | U_LARGE | U_OVER4,
                                 U_ANY | U_LARGE | U_OVER4);
    const __m256i second_hi = PITH_NIB(U_SHORT, U_SHORT, U_SHORT, U_SHORT, U_SHORT, U_SHORT, U_SHORT, U_SHORT,
                                  U_LONG | U_C2 | U_OVER2 | U_OVER3 | U_OVER4,
                                  U_LONG | U_C2 | U_OVER2 | U_OVER3 | U_LARGE,
                                  U_LONG | U_C2 | U_OVER2 | U_SURR | U_LARGE,
                                  U_LONG | U_C2 | U_OVER2 | U_SURR | U_LARGE, U_SHORT, U_SHORT, U_SHORT, U_SHORT);
    const __m256i nib = _mm256_set1_epi8(0x0F);
    /* the bytes one, two and three places back, across the two 16-byte halves */
    __m256i carry = _mm256_permute2x128_si256(prev, x, 0x21);
    __m256i p1 = _mm256_alignr_epi8(x, carry, 15), p2 = _mm256_alignr_epi8(x, carry, 14),
            p3 = _mm256_alignr_epi8(x, carry, 13);
    __m256i e = _mm256_and_si256(
        _mm256_and_si256(_mm256_shuffle_epi8(first_hi, _mm256_and_si256(_mm256_srli_epi16(p1, 4), nib)),
                         _mm256_shuffle_epi8(first_lo, _mm256_and_si256(p1, nib))),
        _mm256_shuffle_epi8(second_hi, _mm256_and_si256(_mm256_srli_epi16(x, 4), nib)));
    __m256i demanded = _mm256_or_si256(_mm256_subs_epu8(p2, _mm256_set1_epi8((char)(0xE0 - 0x80))),
                                       _mm256_subs_epu8(p3, _mm256_set1_epi8((char)(0xF0 - 0x80))));
    __m256i err = _mm256_xor_si256(e, _mm256_and_si256(demanded, _mm256_set1_epi8((char)0x80)));
    return _mm256_testz_si256(err, err);
}

/* n >= 64. */
__attribute__((target("avx2"))) static bool valid_avx2(const unsigned char *s, size_t n)
{
    __m256i prev = _mm256_setzero_si256(), x = prev;
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        x = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
        /* all ASCII after a block that was all ASCII: nothing to check */
        if ((_mm256_movemask_epi8(_mm256_or_si256(x, prev)) || i == 0) && !block_ok(x, prev)) return false;
        prev = x;
    }
    if (i < n) {
        /* the last 32 bytes again, with the 32 before them (pairs checked twice are as right) */
        x = _mm256_loadu_si256((const __m256i *)(const void *)(s + n - 32));
        if (!block_ok(x, _mm256_loadu_si256((const __m256i *)(const void *)(s + n - 64)))) return false;
    }
    /* nothing cut at the end: no lead byte among the last three that wants more than follows */
    const __m256i most = _mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                          -1, -1, -1, -1, -1, -1, -1, -1, -1, (char)0xEF, (char)0xDF, (char)0xBF);
    __m256i cut = _mm256_subs_epu8(x, most);
    return _mm256_testz_si256(cut, cut);
}

/* The first set bit of `bits` (byte i + k) that is a stop: any but an E2 not starting U+2028/2029. */
static inline size_t first_stop(const unsigned char *s, size_t i, size_t n, unsigned bits)
{
    while (bits) {
        size_t j = i + (size_t)__builtin_ctz(bits);
        if (s[j] != 0xE2 || pith_utf8_line_sep(s + j, s + n)) return j;
        bits &= bits - 1;
    }
    return n;
}

/* n >= 32. */
__attribute__((target("avx2"))) static size_t json_stop_avx2(const unsigned char *s, size_t i, size_t n)
{
    for (; n - i >= 32; i += 32) {
        unsigned bits = pith_json_escape_bits(_mm256_loadu_si256((const __m256i *)(const void *)(s + i)));
        size_t j = bits ? first_stop(s, i, n, bits) : n;
        if (j < n) return j;
    }
    if (i == n) return n;
    /* the rest through the last 32 bytes, those before i masked off */
    unsigned bits = pith_json_escape_bits(_mm256_loadu_si256((const __m256i *)(const void *)(s + n - 32))) >> (32 - (n - i));
    return bits ? first_stop(s, i, n, bits) : n;
}
#endif

bool pith_utf8_valid(const char *s, size_t n)
{
#ifdef PITH_HAVE_AVX2
    if (n >= 64 && __builtin_cpu_supports("avx2")) return valid_avx2((const unsigned char *)s, n);
#endif
    return pith_utf8_valid_plain(s, n);
}

size_t pith_utf8_json_stop(const char *s, size_t i, size_t n)
{
#ifdef PITH_HAVE_AVX2
    if (n >= 32 && __builtin_cpu_supports("avx2")) return json_stop_avx2((const unsigned char *)s, i, n);
#endif
    return pith_utf8_json_stop_plain(s, i, n);
}

/*
 * Byte scanning kernels of the text cleaner. The vector versions classify
 * 32 bytes at once with two nibble lookups (the byte's low and high four
 * bits each index a table of class bits; a byte is in a class when both
 * lookups have the bit), and keep per-lane byte counters that are summed
 * every 255 rounds.
 */
#include "scan.h"

#include <stdatomic.h>

#include "../core/avx2.h"
#ifdef PITH_HAVE_AVX2
#define HAVE_AVX2_KERNELS 1
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

const uint8_t text_byte_class[256] = {
    [' '] = B_SPACE, ['\t'] = B_SPACE, ['\n'] = B_SPACE, ['\r'] = B_SPACE, ['\f'] = B_SPACE, ['\v'] = B_SPACE,
    ['{'] = B_CODE, ['}'] = B_CODE, [';'] = B_CODE, ['='] = B_CODE, ['<'] = B_CODE, ['>'] = B_CODE,
    ['['] = B_CODE, [']'] = B_CODE, ['('] = B_CODE, [')'] = B_CODE, ['"'] = B_CODE, ['_'] = B_CODE,
    ['\\'] = B_CODE,
    ['.'] = B_SENT, ['!'] = B_SENT, ['?'] = B_SENT, ['|'] = B_PIPE, [':'] = B_COLON, [0xC2] = B_C2,
    ['0'] = B_DIGIT, ['1'] = B_DIGIT, ['2'] = B_DIGIT, ['3'] = B_DIGIT, ['4'] = B_DIGIT,
    ['5'] = B_DIGIT, ['6'] = B_DIGIT, ['7'] = B_DIGIT, ['8'] = B_DIGIT, ['9'] = B_DIGIT,
#define CONT4(x) [x] = B_CONT, [x + 1] = B_CONT, [x + 2] = B_CONT, [x + 3] = B_CONT
#define CONT16(x) CONT4(x), CONT4(x + 4), CONT4(x + 8), CONT4(x + 12)
    CONT16(0x80), CONT16(0x90), CONT16(0xA0), CONT16(0xB0),
    /* lead bytes of U+3000..U+DFFF: kana, Han, hangul */
    [0xE3] = B_CJK, [0xE4] = B_CJK, [0xE5] = B_CJK, [0xE6] = B_CJK, [0xE7] = B_CJK, [0xE8] = B_CJK,
    [0xE9] = B_CJK, [0xEA] = B_CJK, [0xEB] = B_CJK, [0xEC] = B_CJK, [0xED] = B_CJK,
};

static atomic_bool force_plain;

bool text_scan_plain(bool on) { return atomic_exchange(&force_plain, on); }

void text_byte_stats_plain(const unsigned char *s, size_t b, size_t e, uint32_t *h)
{
    uint32_t c[B_COUNT] = {0};
    for (size_t p = b; p < e; p++) c[text_byte_class[s[p]]]++;
    _Static_assert(B_COUNT == 10 && B_OTHER == 0, "the classes added below");
    h[1] += c[1], h[2] += c[2], h[3] += c[3], h[4] += c[4], h[5] += c[5];
    h[6] += c[6], h[7] += c[7], h[8] += c[8], h[9] += c[9];
}

#ifdef HAVE_AVX2_KERNELS
/*
 * Class bits. Each bit is one rectangle of (high nibble, low nibble) pairs:
 *   A0 white space 09..0D    A1 space 20           A2 continuation 80..BF
 *   A3 CJK lead E3..ED       A4 digits 30..39      A5 ! and .
 *   A6 ?                     A7 " ( )              B0 ; < = >
 *   B1 [ \ ] _               B2 { }                B3 |
 *   B4 :                     B5 C2
 */
/* Adds min(v & mask, 1) per lane: one count for each byte with a bit of `mask`. */
#define COUNT(acc, v, mask) acc = _mm256_add_epi8(acc, _mm256_min_epu8(_mm256_and_si256(v, _mm256_set1_epi8(mask)), one))

__attribute__((target("avx2"))) static uint64_t lanes_sum(__m256i x)
{
    __m256i s = _mm256_sad_epu8(x, _mm256_setzero_si256());
    return (uint64_t)_mm256_extract_epi64(s, 0) + (uint64_t)_mm256_extract_epi64(s, 1) +
           (uint64_t)_mm256_extract_epi64(s, 2) + (uint64_t)_mm256_extract_epi64(s, 3);
}

__attribute__((target("avx2"))) static void byte_stats_avx2(const unsigned char *s, size_t b, size_t e, uint32_t *h)
{
    /* by low nibble: which bits accept it */
    const __m256i la = PITH_NIB(0x04 | 0x02 | 0x10, 0x04 | 0x20 | 0x10, 0x04 | 0x80 | 0x10, 0x04 | 0x08 | 0x10,
                                0x04 | 0x08 | 0x10, 0x04 | 0x08 | 0x10, 0x04 | 0x08 | 0x10, 0x04 | 0x08 | 0x10,
                                0x04 | 0x08 | 0x80 | 0x10, 0x04 | 0x01 | 0x08 | 0x80 | 0x10, 0x04 | 0x01 | 0x08,
                                0x04 | 0x01 | 0x08, 0x04 | 0x01 | 0x08, 0x04 | 0x01 | 0x08, 0x04 | 0x20, 0x04 | 0x40);
    /* by high nibble */
    const __m256i ha = PITH_NIB(0x01, 0, 0x02 | 0x20 | 0x80, 0x10 | 0x40, 0, 0, 0, 0, 0x04, 0x04, 0x04, 0x04, 0, 0, 0x08, 0);
    const __m256i lb = PITH_NIB(0, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0x10, 0x01 | 0x02 | 0x04, 0x01 | 0x02 | 0x08,
                                0x01 | 0x02 | 0x04, 0x01, 0x02);
    const __m256i hb = PITH_NIB(0, 0, 0, 0x01 | 0x10, 0, 0x02, 0, 0x04 | 0x08, 0, 0, 0, 0, 0x20, 0, 0, 0);
    const __m256i nib = _mm256_set1_epi8(0x0F), one = _mm256_set1_epi8(1);
    uint64_t t_sp = 0, t_co = 0, t_cj = 0, t_dg = 0, t_se = 0, t_cd = 0, t_pi = 0, t_cl = 0, t_c2 = 0;
    while (b < e) {
        __m256i sp = _mm256_setzero_si256(), co = sp, cj = sp, dg = sp, se = sp, cd = sp, pi = sp, cl = sp, c2 = sp;
        /* per-lane byte counters: at most 255 rounds, then summed */
        for (int r = 0; r < 255 && b < e; r++) {
            __m256i x;
            if (e - b >= 32) {
                x = _mm256_loadu_si256((const __m256i *)(const void *)(s + b));
                b += 32;
            } else {
                /* the tail: the last 32 bytes, those before b masked to zero (class OTHER) */
                size_t k = 32 - (e - b);
                static const unsigned char keep_last[64] = {
                    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                    255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
                    255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255};
                x = _mm256_loadu_si256((const __m256i *)(const void *)(s + e - 32));
                x = _mm256_and_si256(x, _mm256_loadu_si256((const __m256i *)(const void *)(keep_last + 32 - k)));
                b = e;
            }
            __m256i lo = _mm256_and_si256(x, nib), hi = _mm256_and_si256(_mm256_srli_epi16(x, 4), nib);
            __m256i a = _mm256_and_si256(_mm256_shuffle_epi8(la, lo), _mm256_shuffle_epi8(ha, hi));
            __m256i bb = _mm256_and_si256(_mm256_shuffle_epi8(lb, lo), _mm256_shuffle_epi8(hb, hi));
            COUNT(sp, a, 0x03);
            COUNT(co, a, 0x04);
            COUNT(cj, a, 0x08);
            COUNT(dg, a, 0x10);
            COUNT(se, a, 0x60);
            cd = _mm256_add_epi8(cd, _mm256_min_epu8(_mm256_or_si256(_mm256_and_si256(a, _mm256_set1_epi8((char)0x80)),
                                                                     _mm256_and_si256(bb, _mm256_set1_epi8(0x07))),
                                                     one));
            COUNT(pi, bb, 0x08);
            COUNT(cl, bb, 0x10);
            COUNT(c2, bb, 0x20);
        }
        t_sp += lanes_sum(sp);
        t_co += lanes_sum(co);
        t_cj += lanes_sum(cj);
        t_dg += lanes_sum(dg);
        t_se += lanes_sum(se);
        t_cd += lanes_sum(cd);
        t_pi += lanes_sum(pi);
        t_cl += lanes_sum(cl);
        t_c2 += lanes_sum(c2);
    }
    /* (one add per class, no loop: the call is made for every block read) */
    h[B_SPACE] += (uint32_t)t_sp;
    h[B_CONT] += (uint32_t)t_co;
    h[B_CJK] += (uint32_t)t_cj;
    h[B_DIGIT] += (uint32_t)t_dg;
    h[B_SENT] += (uint32_t)t_se;
    h[B_CODE] += (uint32_t)t_cd;
    h[B_PIPE] += (uint32_t)t_pi;
    h[B_COLON] += (uint32_t)t_cl;
    h[B_C2] += (uint32_t)t_c2;
}
#endif

void text_byte_stats(const unsigned char *s, size_t b, size_t e, uint32_t *h)
{
#ifdef HAVE_AVX2_KERNELS
    /* short ranges and ranges at the very start of the input go byte by byte */
    if (e - b >= 24 && e >= 32 && !atomic_load_explicit(&force_plain, memory_order_relaxed) &&
        __builtin_cpu_supports("avx2")) {
        byte_stats_avx2(s, b, e, h);
        return;
    }
#endif
    text_byte_stats_plain(s, b, e, h);
}

/* Bytes that may begin a space: ASCII white space and the lead bytes of
 * NBSP (C2), U+2000.. (E2), U+3000 (E3), BOM (EF). */
static const bool maybe_space[256] = {[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['\f'] = 1,
                                      ['\v'] = 1, [0xC2] = 1, [0xE2] = 1, [0xE3] = 1, [0xEF] = 1};

/* True when a space begins at s[i] (i < n): ASCII white space, NBSP, U+2000..U+200B,
 * U+202F, U+3000, BOM; also a lead byte of one whose bytes run past n (collapsing
 * then looks at it with the block's own end). Typographic quotes and dashes
 * (E2 80 93..9D), Latin-1 signs and CJK text start no space. */
static inline bool starts_space(const unsigned char *s, size_t i, size_t n)
{
    unsigned char c = s[i];
    if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
    switch (c) {
    case 0xC2: return i + 1 >= n || s[i + 1] == 0xA0;
    case 0xE2: return i + 2 >= n || (s[i + 1] == 0x80 && (s[i + 2] <= 0x8B || s[i + 2] == 0xAF));
    case 0xE3: return i + 2 >= n || (s[i + 1] == 0x80 && s[i + 2] == 0x80);
    case 0xEF: return i + 2 >= n || (s[i + 1] == 0xBB && s[i + 2] == 0xBF);
    default: return false;
    }
}

size_t text_plain_run_plain(const unsigned char *s, size_t i, size_t n)
{
    for (; i < n; i++) {
        unsigned char c = s[i];
        if (!maybe_space[c]) continue;
        /* one space between two words is copied as it is */
        if (c == ' ' && i + 1 < n && !starts_space(s, i + 1, n)) continue;
        if (c >= 0x80 && !starts_space(s, i, n)) continue;
        return i;
    }
    return n;
}

#ifdef HAVE_AVX2_KERNELS
__attribute__((target("avx2"))) static size_t plain_run_avx2(const unsigned char *s, size_t i, size_t n)
{
    const __m256i space = _mm256_set1_epi8(' '), tab = _mm256_set1_epi8('\t'), four = _mm256_set1_epi8(4);
    /* 33 bytes: 32 to test and the one after them, which decides about a space in the last lane */
    while (n - i >= 33) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
        __m256i t = _mm256_sub_epi8(x, tab);
        __m256i sp = _mm256_cmpeq_epi8(x, space);
        __m256i ms = _mm256_or_si256(sp, _mm256_cmpeq_epi8(_mm256_min_epu8(t, four), t)); /* 09..0D */
        ms = _mm256_or_si256(ms, _mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8((char)0xC2)),
                                                 _mm256_cmpeq_epi8(x, _mm256_set1_epi8((char)0xE2))));
        ms = _mm256_or_si256(ms, _mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8((char)0xE3)),
                                                 _mm256_cmpeq_epi8(x, _mm256_set1_epi8((char)0xEF))));
        uint32_t m = (uint32_t)_mm256_movemask_epi8(ms), spm = (uint32_t)_mm256_movemask_epi8(sp);
        uint32_t next = m >> 1 | (uint32_t)maybe_space[s[i + 32]] << 31;
        uint32_t stop = (m & ~spm) | (spm & next);
        /* the lead bytes and the spaces before them only may start a space: those that do not
         * (quotes, dashes, CJK) are passed over here rather than sent back one at a time */
        for (; stop; stop &= stop - 1) {
            size_t p = i + (size_t)__builtin_ctz(stop);
            if (s[p] == ' ' ? starts_space(s, p + 1, n) : starts_space(s, p, n)) return p;
        }
        i += 32;
    }
    /* the rest (under 33 bytes) through the last 32 bytes, those before i masked off: the
     * byte after the end counts as a space's start (a space before it is not copied) */
    if (i < n && n >= 32) {
        size_t base = n - 32;
        __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(s + base));
        __m256i t = _mm256_sub_epi8(x, tab);
        __m256i sp = _mm256_cmpeq_epi8(x, space);
        __m256i ms = _mm256_or_si256(sp, _mm256_cmpeq_epi8(_mm256_min_epu8(t, four), t));
        ms = _mm256_or_si256(ms, _mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8((char)0xC2)),
                                                 _mm256_cmpeq_epi8(x, _mm256_set1_epi8((char)0xE2))));
        ms = _mm256_or_si256(ms, _mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8((char)0xE3)),
                                                 _mm256_cmpeq_epi8(x, _mm256_set1_epi8((char)0xEF))));
        uint32_t m = (uint32_t)_mm256_movemask_epi8(ms), spm = (uint32_t)_mm256_movemask_epi8(sp);
        uint32_t next = m >> 1 | 1u << 31;
        uint32_t stop = ((m & ~spm) | (spm & next)) & (~0u << (i - base));
        for (; stop; stop &= stop - 1) {
            size_t p = base + (size_t)__builtin_ctz(stop);
            if (s[p] == ' ' ? p + 1 >= n || starts_space(s, p + 1, n) : starts_space(s, p, n)) return p;
        }
        return n;
    }
    return text_plain_run_plain(s, i, n);
}
#endif

size_t text_plain_run(const unsigned char *s, size_t i, size_t n)
{
#ifdef HAVE_AVX2_KERNELS
    if (n - i >= 33 && !atomic_load_explicit(&force_plain, memory_order_relaxed) && __builtin_cpu_supports("avx2"))
        return plain_run_avx2(s, i, n);
#endif
    return text_plain_run_plain(s, i, n);
}

size_t text_count_spaces(const unsigned char *s, size_t b, size_t e)
{
    size_t n = 0;
#ifdef __SSE2__
    const __m128i space = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t'), four = _mm_set1_epi8(4);
    if (e - b >= 16 && (e - b) % 16) {
        /* the bytes past the last whole sixteen through one load of the range's last sixteen
         * bytes, those already counted masked off (the loop below then ends on a whole block) */
        static const unsigned char keep_last[32] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                                    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        size_t k = (e - b) % 16;
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + e - 16));
        __m128i t = _mm_sub_epi8(x, tab);
        __m128i m = _mm_or_si128(_mm_cmpeq_epi8(x, space), _mm_cmpeq_epi8(_mm_min_epu8(t, four), t));
        m = _mm_and_si128(m, _mm_loadu_si128((const __m128i *)(const void *)(keep_last + k)));
        __m128i sum = _mm_sad_epu8(m, _mm_setzero_si128());
        n += (size_t)_mm_cvtsi128_si32(sum) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
        e -= k;
    }
    while (e - b >= 16) {
        /* byte counters (at most 255 rounds), summed with one SAD */
        __m128i acc = _mm_setzero_si128();
        for (int r = 0; r < 255 && e - b >= 16; r++, b += 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + b));
            __m128i t = _mm_sub_epi8(x, tab);
            __m128i m = _mm_or_si128(_mm_cmpeq_epi8(x, space), _mm_cmpeq_epi8(_mm_min_epu8(t, four), t));
            acc = _mm_sub_epi8(acc, m);
        }
        __m128i sum = _mm_sad_epu8(acc, _mm_setzero_si128());
        n += (size_t)_mm_cvtsi128_si32(sum) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
    }
#endif
    for (; b < e; b++) n += text_byte_class[s[b]] == B_SPACE;
    return n;
}

size_t text_count_breaks(const unsigned char *s, size_t n)
{
    size_t k = 0, b = 0;
#ifdef __SSE2__
    const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
    while (n - b >= 16) {
        /* byte counters (at most 255 rounds), summed with one SAD */
        __m128i acc = _mm_setzero_si128();
        for (int r = 0; r < 255 && n - b >= 16; r++, b += 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + b));
            acc = _mm_sub_epi8(acc, _mm_or_si128(_mm_cmpeq_epi8(x, lf), _mm_cmpeq_epi8(x, cr)));
        }
        __m128i sum = _mm_sad_epu8(acc, _mm_setzero_si128());
        k += (size_t)_mm_cvtsi128_si32(sum) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
    }
#endif
    for (; b < n; b++) k += s[b] == '\n' || s[b] == '\r';
    return k;
}

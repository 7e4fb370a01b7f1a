/*
 * AVX2 pieces shared by the vector scans (core/utf8.c, render/json.c,
 * text/scan.c). Their callers compile them with target("avx2") and choose
 * them at run time (__builtin_cpu_supports), so the program still runs on
 * any x86-64; PITH_HAVE_AVX2 says whether this compiler can build them.
 */
#ifndef PITH_CORE_AVX2_H
#define PITH_CORE_AVX2_H
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PITH_HAVE_AVX2 1

/* A table for _mm256_shuffle_epi8 indexed by a nibble: the 16 entries in
 * both 128-bit lanes, as the lookup stays within its lane. */
#define PITH_NIB(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, aa, ab, ac, ad, ae, af)                              \
    _mm256_setr_epi8((char)(a0), (char)(a1), (char)(a2), (char)(a3), (char)(a4), (char)(a5), (char)(a6),        \
                     (char)(a7), (char)(a8), (char)(a9), (char)(aa), (char)(ab), (char)(ac), (char)(ad), (char)(ae), \
                     (char)(af), (char)(a0), (char)(a1), (char)(a2), (char)(a3), (char)(a4), (char)(a5), (char)(a6), \
                     (char)(a7), (char)(a8), (char)(a9), (char)(aa), (char)(ab), (char)(ac), (char)(ad), (char)(ae), \
                     (char)(af))

/* Bit k set when byte k of x may need a JSON escape: '"', '\\', a control
 * byte, or E2, which needs one only where it starts U+2028 or U+2029
 * (pith_utf8_line_sep decides). */
__attribute__((target("avx2"))) static inline unsigned pith_json_escape_bits(__m256i x)
{
    __m256i m = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('"')),
                                                _mm256_cmpeq_epi8(x, _mm256_set1_epi8('\\'))),
                                _mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8((char)0xE2)),
                                                _mm256_cmpeq_epi8(_mm256_min_epu8(x, _mm256_set1_epi8(0x1F)), x)));
    return (unsigned)_mm256_movemask_epi8(m);
}
#endif
#endif

/*
 * Language identification for the text cleaner without CLD2 in the common
 * case: function words of 31 languages in one generated hash table
 * (src/text/stoplang.inc), and the scripts that belong to one language.
 * Both read a sample of at most a few kilobytes once: a few thousand
 * instructions, against CLD2's fixed cost of some hundred thousand.
 */
#include "langid.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "stoplang.inc"

_Static_assert(STOPLANG_LANGS <= 32, "a word's languages are one 32-bit mask");

/* Longest word (bytes) the table holds (the generator refuses longer ones). */
enum { WORD_MAX = 24 };

const char *text_langid_code(size_t i) { return i < STOPLANG_LANGS ? stoplang_code[i] : NULL; }

/* The bit set of the languages that have the word whose FNV-1a hash is h, 0 for none. */
static inline uint32_t lookup(uint32_t h)
{
    if (!h) h = 1;
    for (uint32_t i = h & (STOPLANG_SLOTS - 1);; i = (i + 1) & (STOPLANG_SLOTS - 1)) {
        /* (the table is under a third full: a probe sequence ends soon at an empty slot) */
        if (stoplang_key[i] == h) return stoplang_mask[i];
        if (!stoplang_key[i]) return 0;
    }
}

/* What a byte is to the word reader: a separator, an ASCII letter, or the lead
 * byte of a character of so many bytes (C2, Latin-1 punctuation, and stray
 * continuation bytes are separators). */
enum { W_SEP, W_ASCII, W_LEAD2, W_LEAD3, W_LEAD4 };
static inline unsigned word_class(unsigned char c)
{
    if (c < 0x80) return (unsigned)((c | 0x20) - 'a') < 26 ? W_ASCII : W_SEP;
    if (c < 0xC3) return W_SEP;
    return c < 0xE0 ? W_LEAD2 : c < 0xF0 ? W_LEAD3 : c < 0xF5 ? W_LEAD4 : W_SEP;
}

/* The lower-case form of the two-byte character (c, d) as a code point: Latin-1
 * and Latin Extended-A letters, Cyrillic; others unchanged. */
static inline unsigned fold2(unsigned char c, unsigned char d)
{
    unsigned cp = (unsigned)(c & 0x1F) << 6 | (d & 0x3F);
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;
    if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) return cp | 1;
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) return cp + (cp & 1);
    if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;
    if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
    return cp;
}

void text_langid_words(const char *str, size_t n, text_langid *out)
{
    const unsigned char *s = (const unsigned char *)str;
    /* a word shared by k languages adds 60 / k to each (60 divides evenly by 1..6) */
    static const uint32_t share[33] = {0, 60, 30, 20, 15, 12, 10, 8, 7, 6, 6, 5, 5, 4, 4, 4, 3, 3, 3, 3, 3,
                                       2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1};
    uint32_t score[STOPLANG_LANGS] = {0};
    size_t words = 0, hits = 0, i = 0;
    while (i < n) {
        /* a word: letters of any script; separators are ASCII other than letters,
         * C2 (Latin-1 punctuation), general and CJK punctuation (E2 80/81, E3 80) */
        uint32_t h = 0x811C9DC5u;
        size_t wn = 0;
        while (i < n) {
            unsigned char c = s[i];
            unsigned cls = word_class(c);
            if (cls == W_ASCII) {
                h = (h ^ (c | 0x20u)) * 0x01000193u;
                wn++;
                i++;
                continue;
            }
            if (cls == W_SEP) break;
            size_t k = cls == W_LEAD2 ? 2 : cls == W_LEAD3 ? 3 : 4;
            if (i + k > n || (c == 0xE2 && s[i + 1] <= 0x81) || (c == 0xE3 && s[i + 1] == 0x80)) break;
            if (k == 2) {
                unsigned cp = fold2(c, s[i + 1]);
                h = (h ^ (0xC0 | cp >> 6)) * 0x01000193u;
                h = (h ^ (0x80 | (cp & 0x3F))) * 0x01000193u;
            } else {
                for (size_t q = 0; q < k; q++) h = (h ^ s[i + q]) * 0x01000193u;
            }
            wn += k;
            i += k;
        }
        if (!wn) {
            i++;
            continue;
        }
        words++;
        /* (no word of the table is longer than WORD_MAX bytes) */
        uint32_t m = wn <= WORD_MAX ? lookup(h) : 0;
        if (!m) continue;
        hits++;
        uint32_t add = share[__builtin_popcount(m)];
        while (m) {
            score[__builtin_ctz(m)] += add;
            m &= m - 1;
        }
    }
    size_t best = 0, second = STOPLANG_LANGS;
    for (size_t l = 1; l < STOPLANG_LANGS; l++) {
        if (score[l] > score[best]) { second = best; best = l; }
        else if (second == STOPLANG_LANGS || score[l] > score[second]) second = l;
    }
    uint32_t b = score[best], sc = second < STOPLANG_LANGS ? score[second] : 0;
    out->words = words;
    out->hits = hits;
    /* a tenth of the words are function words, and the best language leads the
     * next by a quarter and by three words of its own, or by four among sixty
     * function words (close languages share most of theirs: Danish and Norwegian) */
    bool lead = (b * 4 >= sc * 5 && b >= sc + 180) || (hits >= 60 && b >= sc + 240);
    out->code = hits * 10 >= words && lead ? stoplang_code[best] : NULL;
}

/* Letters of Persian and Urdu that Arabic does not use (pe, che, zhe, keheh,
 * gaf, farsi yeh, tteh, ddeh, rreh, yeh barree), by their two UTF-8 bytes. */
static bool persian(unsigned char c, unsigned char d)
{
    unsigned cp = (unsigned)(c & 0x1F) << 6 | (d & 0x3F);
    return cp == 0x67E || cp == 0x686 || cp == 0x698 || cp == 0x6A9 || cp == 0x6AF || cp == 0x6CC ||
           cp == 0x679 || cp == 0x688 || cp == 0x691 || cp == 0x6D2;
}

const char *text_langid_script(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    enum { GREEK, HEBREW, ARABIC, PERSIAN, THAI, GEORGIAN, ARMENIAN, KANA, HANGUL, HAN, OTHER, SCRIPTS };
    static const char *const code[SCRIPTS] = {"el", "he", "ar", NULL, "th", "ka", "hy", "ja", "ko", NULL, NULL};
    size_t count[SCRIPTS] = {0};
    size_t vec_from = 0; /* where sixteen bytes at once are tried again */
    for (size_t i = 0; i < n; i++) {
#ifdef __SSE2__
        /* sixteen ASCII bytes at once (most samples are mostly ASCII): their letters counted
         * together; sixteen bytes with another one go through the loop byte by byte */
        if (i >= vec_from) {
            while (i + 16 <= n) {
                __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
                if (_mm_movemask_epi8(x)) break;
                __m128i low = _mm_or_si128(x, _mm_set1_epi8(0x20));
                __m128i let = _mm_cmplt_epi8(_mm_add_epi8(low, _mm_set1_epi8((char)(0x80 - 'a'))),
                                             _mm_set1_epi8((char)(0x80 + 26)));
                __m128i sum = _mm_sad_epu8(_mm_and_si128(let, _mm_set1_epi8(1)), _mm_setzero_si128());
                count[OTHER] += (size_t)_mm_cvtsi128_si32(sum) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
                i += 16;
            }
            if (i >= n) break;
            vec_from = i + 16;
        }
#endif
        unsigned char c = s[i];
        if (c < 0x80) {
            count[OTHER] += (unsigned)((c | 0x20) - 'a') < 26;
            continue;
        }
        if (c < 0xC0 || i + 1 >= n) continue;
        unsigned char d = s[i + 1];
        int sc = OTHER;
        if (c == 0xCE || c == 0xCF) sc = GREEK;                    /* U+0380..U+03FF */
        else if (c == 0xD7) sc = HEBREW;                           /* U+05C0..U+05FF */
        else if (c >= 0xD8 && c <= 0xDB) sc = persian(c, d) ? PERSIAN : ARABIC; /* U+0600..U+06FF */
        else if (c == 0xD5 && d >= 0x80) sc = ARMENIAN;            /* U+0540..U+057F */
        else if (c == 0xE0 && (d == 0xB8 || d == 0xB9)) sc = THAI; /* U+0E00..U+0E7F */
        else if (c == 0xE1 && (d == 0x83 || d == 0x82)) sc = GEORGIAN;
        else if (c == 0xE3 && d >= 0x81 && d <= 0x83) sc = KANA;
        else if (c >= 0xEA && c <= 0xED) sc = HANGUL;
        else if (c >= 0xE4 && c <= 0xE9) sc = HAN;
        else if (c == 0xC2 || (c == 0xE2 && d <= 0x81) || (c == 0xE3 && d == 0x80)) continue; /* punctuation */
        count[sc]++;
    }
    size_t total = 0, best = 0;
    for (int i = 0; i < SCRIPTS; i++) {
        total += count[i];
        if (count[i] > count[best]) best = (size_t)i;
    }
    /* Japanese mixes kana with Han: any tenth of kana among the CJK letters says Japanese */
    size_t cjk = count[KANA] + count[HANGUL] + count[HAN];
    if (cjk >= 20 && cjk * 2 > total) {
        if (count[HANGUL] * 2 > cjk) return "ko";
        if (count[KANA] * 10 > cjk) return "ja";
        return NULL;
    }
    /* Arabic script is Arabic unless letters of Persian or Urdu are among it */
    if (best == ARABIC && count[PERSIAN] * 50 > count[ARABIC]) return NULL;
    if (total < 20 || count[best] * 4 < total * 3) return NULL;
    return code[best];
}

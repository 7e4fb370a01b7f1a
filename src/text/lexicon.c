/*
 * Tables built once from lexicon.def: an open-addressing hash of words (stop
 * word language masks and the phrases that start with each word) and the
 * phrases as sequences of word ids. No allocation: fixed static arrays,
 * filled under pthread_once.
 */
#include "lexicon.h"

#include <pthread.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

enum { SLOTS = 4096, ID_MASK = SLOTS - 1, MAX_WORDS = SLOTS / 2 - 1, POOL = 32768,
       MAX_PHRASES = 2048, MAX_PTOK = 8192, MAX_PHRASE_WORDS = 12 };

/* One known word. The tables are kept small (some 60 KiB in all) because
 * the cleaner looks up words between pages of other work: what stays in
 * cache decides its speed. */
typedef struct word {
    uint64_t key[2]; /* an ASCII word of up to 16 bytes, zero-padded (else 0, 0) */
    uint16_t off;   /* in pool */
    uint8_t n;
    uint16_t stop;  /* language bits */
    int16_t first;  /* first phrase starting with this word, or -1 */
    uint8_t span;   /* words of the longest phrase starting with this word (0: none) */
    uint32_t kinds; /* kinds of which the word alone is a phrase */
} word;

typedef struct phrase {
    uint32_t tok;   /* offset in ptok */
    uint8_t n;      /* words */
    uint8_t kind, mode, lang;
    int16_t next;   /* next phrase with the same first word */
} phrase;

static word words[MAX_WORDS];
static char pool[POOL];
static size_t pool_len;
/* Open addressing: the high bits of the word's hash with its id + 1 in the low bits; 0 = empty. */
static uint32_t probe_tab[SLOTS];
/* The ASCII words of up to 16 bytes again, by their padded bytes (id + 1; 0 = empty):
 * text_words finds most words with one multiply and one compare here. */
enum { FAST_BITS = 12, FAST_SLOTS = 1 << FAST_BITS };
static uint16_t fast_tab[FAST_SLOTS];
static phrase phrases[MAX_PHRASES];
static int32_t ptok[MAX_PTOK];
static size_t n_phrases, n_ptok, n_words;
static size_t stop_count[TL_COUNT];
static size_t phrase_count[TK_COUNT][TL_COUNT];
static size_t problems;
static const char *problem_what;
static bool overflow;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static const char *const lang_codes[TL_COUNT] = {
#define TEXT_LANG(id, code) [TL_##id] = code,
#include "lexicon.def"
};

const char *text_lang_code(text_lang l) { return (unsigned)l < TL_COUNT ? lang_codes[l] : "und"; }

/* text_utf8, inlined into the word readers. */
static inline size_t utf8_at(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    size_t k;
    uint32_t v;
    if (c >= 0xC2 && c <= 0xDF) { k = 2; v = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { k = 3; v = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { k = 4; v = c & 0x07; }
    else { *cp = 0xFFFD; return 1; }
    if (k > n) { *cp = 0xFFFD; return 1; }
    for (size_t j = 1; j < k; j++) {
        if ((s[j] & 0xC0) != 0x80) { *cp = 0xFFFD; return 1; }
        v = v << 6 | (s[j] & 0x3F);
    }
    /* overlong forms and surrogates are invalid */
    if ((k == 3 && v < 0x800) || (k == 4 && (v < 0x10000 || v > 0x10FFFF)) || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return k;
}

size_t text_utf8(const unsigned char *s, size_t n, uint32_t *cp) { return utf8_at(s, n, cp); }

/* text_is_word_cp, inlined into the word readers. */
static inline bool word_cp(uint32_t c)
{
    if (c < 0x80) return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    if (c < 0xC0) return c == 0xAA || c == 0xB5 || c == 0xBA;
    if (c == 0xD7 || c == 0xF7) return false;
    if (c >= 0x2000 && c <= 0x2BFF) return false;   /* punctuation, symbols, arrows, boxes */
    if (c >= 0x3000 && c <= 0x303F) return false;   /* CJK punctuation */
    if (c >= 0xFE30 && c <= 0xFE4F) return false;
    if (c >= 0xFF00 && c <= 0xFF0F) return false;   /* full-width punctuation */
    if (c >= 0xFF1A && c <= 0xFF20) return false;
    if (c >= 0xFF3B && c <= 0xFF40) return false;
    if (c >= 0xFF5B && c <= 0xFF65) return false;
    if (c == 0xFFFD || c == 0xFEFF) return false;
    if (c >= 0x1F000 && c <= 0x1FAFF) return false; /* emoji */
    if (c >= 0x0590 && c <= 0x05FF) return c >= 0x05D0; /* Hebrew letters, not points */
    if (c >= 0x0600 && c <= 0x061F) return false;   /* Arabic punctuation */
    if (c == 0x066A || c == 0x066B || c == 0x066C || c == 0x066D || c == 0x06D4) return false;
    return true;
}

bool text_is_word_cp(uint32_t c) { return word_cp(c); }

static inline bool is_upper_cp(uint32_t c)
{
    if (c < 0x80) return c >= 'A' && c <= 'Z';
    if (c >= 0xC0 && c <= 0xDE) return c != 0xD7;
    if (c >= 0x100 && c <= 0x17F) {
        if (c == 0x130 || c == 0x178) return true;
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return c & 1;
        if (c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F) return false;
        return !(c & 1);
    }
    if (c >= 0x391 && c <= 0x3A9) return true;
    if (c >= 0x400 && c <= 0x42F) return true;
    return false;
}

static inline bool is_lower_cp(uint32_t c)
{
    if (c < 0x80) return c >= 'a' && c <= 'z';
    if (c >= 0xDF && c <= 0xFF) return c != 0xF7;
    if (c >= 0x100 && c <= 0x17F) return !is_upper_cp(c);
    if (c >= 0x3B1 && c <= 0x3C9) return true;
    if (c >= 0x430 && c <= 0x45F) return true;
    return false;
}

unsigned text_letter_case(uint32_t cp) { return is_upper_cp(cp) ? TW_UPPER : is_lower_cp(cp) ? TW_LOWER : 0; }

static inline bool is_cjk_cp(uint32_t c)
{
    return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x2FFFF);
}

static inline uint32_t fold_cp(uint32_t c)
{
    if (c < 0x80) return c >= 'A' && c <= 'Z' ? c | 0x20 : c;
    if (!is_upper_cp(c)) return c;
    if (c <= 0xDE) return c + 0x20;
    if (c == 0x130) return 'i';
    if (c == 0x178) return 0xFF;
    if (c <= 0x17F) return c + 1;
    if (c <= 0x3A9) return c + 0x20;
    if (c < 0x410) return c + 0x50;
    return c + 0x20;
}

/* ASCII: 1 digit, 2 upper, 3 lower, 0 not a word character. */
static const uint8_t ascii_word[128] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
#define W4(c, v) [c] = v, [c + 1] = v, [c + 2] = v, [c + 3] = v
    W4('A', 2), W4('E', 2), W4('I', 2), W4('M', 2), W4('Q', 2), W4('U', 2), ['Y'] = 2, ['Z'] = 2,
    W4('a', 3), W4('e', 3), W4('i', 3), W4('m', 3), W4('q', 3), W4('u', 3), ['y'] = 3, ['z'] = 3,
#undef W4
};

bool text_next_word(const unsigned char *s, size_t n, size_t *i, size_t *start, unsigned *info,
                    size_t *chars)
{
    size_t p = *i;
    uint32_t cp = 0;
    while (p < n) {
        if (s[p] < 0x80) {
            if (ascii_word[s[p]]) break;
            p++;
            continue;
        }
        size_t k = text_utf8(s + p, n - p, &cp);
        if (text_is_word_cp(cp)) break;
        p += k;
    }
    if (p >= n) { *i = n; return false; }
    *start = p;
    unsigned f = TW_ALLNUM;
    size_t nc = 0;
    bool first = true;
    while (p < n) {
        unsigned char c = s[p];
        if (c < 0x80) {
            uint8_t w = ascii_word[c];
            if (!w) break;
            if (w == 1) f |= TW_DIGIT;
            else {
                f &= ~(unsigned)TW_ALLNUM;
                if (first) f |= w == 2 ? TW_UPPER : TW_LOWER;
                first = false;
            }
            p++;
            nc++;
            continue;
        }
        size_t k = text_utf8(s + p, n - p, &cp);
        if (!text_is_word_cp(cp)) break;
        f &= ~(unsigned)TW_ALLNUM;
        if (first) {
            if (is_upper_cp(cp)) f |= TW_UPPER;
            else if (is_lower_cp(cp)) f |= TW_LOWER;
        }
        if (is_cjk_cp(cp)) f |= TW_CJK;
        first = false;
        p += k;
        nc++;
    }
    *i = p;
    *info = f;
    *chars = nc;
    return true;
}

size_t text_fold(const unsigned char *w, size_t n, char *buf, size_t cap)
{
    size_t o = 0;
    for (size_t p = 0; p < n;) {
        uint32_t cp;
        size_t k = w[p] < 0x80 ? (cp = w[p], 1) : text_utf8(w + p, n - p, &cp);
        uint32_t f = fold_cp(cp);
        if (f < 0x80) {
            if (o + 1 > cap) return 0;
            buf[o++] = (char)f;
        } else if (f < 0x800) {
            if (o + 2 > cap) return 0;
            buf[o++] = (char)(0xC0 | f >> 6);
            buf[o++] = (char)(0x80 | (f & 0x3F));
        } else if (f == cp) { /* unchanged: copy the original bytes */
            if (o + k > cap) return 0;
            memcpy(buf + o, w + p, k);
            o += k;
        } else {
            if (o + 3 > cap) return 0;
            buf[o++] = (char)(0xE0 | f >> 12);
            buf[o++] = (char)(0x80 | ((f >> 6) & 0x3F));
            buf[o++] = (char)(0x80 | (f & 0x3F));
        }
        p += k;
    }
    return o;
}

static uint32_t hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* The id of the folded word w[0..n) with hash h, or -1. */
static inline int32_t probe(uint32_t h, const char *w, size_t n)
{
    uint32_t i = h & ID_MASK, tag = h & ~(uint32_t)ID_MASK;
    for (uint32_t e; (e = probe_tab[i]) != 0; i = (i + 1) & ID_MASK) {
        if ((e & ~(uint32_t)ID_MASK) != tag) continue;
        const word *wd = &words[(e & ID_MASK) - 1];
        if (wd->n == n && !memcmp(pool + wd->off, w, n)) return (int32_t)(e & ID_MASK) - 1;
    }
    return -1;
}

/* The fast table's hash of a padded key: the slot in its top FAST_BITS bits,
 * the filter bit (fast_filter) in bits 20..34. */
static inline uint64_t fast_hash(const uint64_t *k)
{
    return k[0] * 0x9E3779B97F4A7C15ull ^ k[1] * 0xC2B2AE3D27D4EB4Full;
}

static inline uint32_t fast_slot(uint64_t h) { return (uint32_t)(h >> (64 - FAST_BITS)); }

/* A bit per hash for the words in fast_tab: 4 KiB that stay in cache, so that
 * most words the tables do not know (the article's own words, each in a random
 * slot of the larger table and word array) cost no cache miss. */
enum { FILTER_BITS = 15 };
static uint64_t fast_filter[(1u << FILTER_BITS) / 64];

static inline uint32_t filter_bit(uint64_t h) { return (uint32_t)(h >> 20) & ((1u << FILTER_BITS) - 1); }

/* The padded key of a folded word when it is ASCII letters and digits of at most 16 bytes. */
static bool ascii_key(const char *w, size_t n, uint64_t *key)
{
    if (n > 16) return false;
    unsigned char b[16] = {0};
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
        b[i] = c;
    }
    memcpy(key, b, 16);
    return true;
}

/* The id of the word with this padded key, or -1. */
static inline int32_t fast_find(const uint64_t *k)
{
    uint64_t h = fast_hash(k);
    uint32_t bit = filter_bit(h);
    if (!(fast_filter[bit >> 6] >> (bit & 63) & 1)) return -1;
    for (uint32_t f = fast_slot(h), e; (e = fast_tab[f]) != 0; f = (f + 1) & (FAST_SLOTS - 1)) {
        const word *wd = &words[e - 1];
        if (wd->key[0] == k[0] && wd->key[1] == k[1]) return (int32_t)e - 1;
    }
    return -1;
}

/* Sets w->id and copies the table's facts about the word into w. */
static inline void set_id(text_word *w, int32_t id)
{
    w->id = id;
    if (id < 0) {
        w->kinds = 0;
        w->stop = 0;
        w->span = 0;
        return;
    }
    const word *wd = &words[id];
    w->kinds = wd->kinds;
    w->stop = wd->stop;
    w->span = wd->span;
}

int32_t text_lex_word(const char *w, size_t n)
{
    if (!n || n > TEXT_WORD_MAX) return -1;
    return probe(hash(w, n), w, n);
}

int32_t text_lex_find(const unsigned char *w, size_t n)
{
    if (!n || n > TEXT_WORD_MAX) return -1;
    /* ASCII words fold and hash in one pass; others go through text_fold */
    char buf[TEXT_WORD_MAX];
    uint32_t full = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = w[i];
        if (c >= 0x80) {
            size_t m = text_fold(w, n, buf, sizeof buf);
            return m ? text_lex_word(buf, m) : -1;
        }
        c = (unsigned char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
        buf[i] = (char)c;
        full = (full ^ c) * 16777619u;
    }
    return probe(full, buf, n);
}

/* ASCII lower case of word characters (0 for the others). */
static uint8_t ascii_fold[128];

/* The characters of two UTF-8 bytes (U+0080..U+07FF: Latin, Greek, Cyrillic,
 * Hebrew, Arabic...), by code point - 0x80: the folded code point in the low
 * eleven bits, and whether it is a word character, upper or lower case: the
 * answers of word_cp, fold_cp, is_upper_cp and is_lower_cp without their
 * range tests (built from them in build()). */
enum { C2_WORD = 1 << 11, C2_UPPER = 1 << 12, C2_LOWER = 1 << 13 };
static uint16_t two_byte[0x800 - 0x80];

/* The two_byte entry of the character at s[p] when it is a valid two-byte
 * sequence (p + 1 < n), else 0. */
static inline unsigned two_byte_at(const unsigned char *s, size_t n, size_t p)
{
    unsigned c = s[p];
    if (c < 0xC2 || c > 0xDF || p + 1 >= n || (s[p + 1] & 0xC0) != 0x80) return 0;
    return two_byte[((c & 0x1F) << 6 | (s[p + 1] & 0x3F)) - 0x80] | 0x8000u;
}

/* The length (3) of a character at s[p] from U+2000..U+2BFF (typographic quotes,
 * dashes, bullets, symbols, arrows) or U+3000..U+303F (CJK punctuation), none of
 * them word characters (word_cp), else 0: they sit between words in most texts
 * and need no decoding. */
static inline size_t punct3_at(const unsigned char *s, size_t n, size_t p)
{
    unsigned c = s[p];
    if (c != 0xE2 && c != 0xE3) return 0;
    if (p + 3 > n || (s[p + 2] & 0xC0) != 0x80) return 0;
    unsigned c1 = s[p + 1];
    return (c == 0xE2 ? c1 >= 0x80 && c1 <= 0xAF : c1 == 0x80) ? 3 : 0;
}

/* The next word character at or after p, or n. */
static inline size_t skip_to_word(const unsigned char *s, size_t n, size_t p)
{
    while (p < n) {
        if (s[p] < 0x80) {
            if (ascii_word[s[p]]) break;
            p++;
            continue;
        }
        size_t pl = punct3_at(s, n, p);
        if (pl) {
            p += pl;
            continue;
        }
        unsigned t = two_byte_at(s, n, p);
        if (t) {
            if (t & C2_WORD) break;
            p += 2;
            continue;
        }
        uint32_t cp;
        size_t cl = utf8_at(s + p, n - p, &cp);
        if (word_cp(cp)) break;
        p += cl;
    }
    return p;
}

/* Reads the word that starts at s[p] (a word character) in any script,
 * folding and hashing as it goes; fills *w and returns the word's end. */
static size_t slow_word(const unsigned char *s, size_t n, size_t p, text_word *w)
{
    char buf[TEXT_WORD_MAX + 4];
    uint32_t cp = 0;
    size_t cl = 0;
    w->start = (uint32_t)p;
    unsigned f = TW_ALLNUM;
    bool first = true;
    size_t len = 0;
    uint32_t h = 2166136261u;
    while (p < n) {
        unsigned char c = s[p];
        if (c < 0x80) {
            uint8_t lc = ascii_fold[c];
            if (!lc) break;
            if (lc >= 'a') {
                f &= ~(unsigned)TW_ALLNUM;
                if (first) f |= c == lc ? TW_LOWER : TW_UPPER;
                first = false;
            } else {
                f |= TW_DIGIT;
            }
            if (len < TEXT_WORD_MAX) buf[len] = (char)lc;
            len++;
            h = (h ^ lc) * 16777619u;
            p++;
            continue;
        }
        /* Han and hangul (lead bytes E4..E9, EA..ED): word characters without case */
        /* (and kana, E3 81..83: U+3040..U+30FF, word characters without case that is_cjk_cp takes) */
        if (((c >= 0xE4 && c <= 0xED) || (c == 0xE3 && p + 1 < n && s[p + 1] >= 0x81 && s[p + 1] <= 0x83)) && p + 2 < n &&
            (s[p + 1] & 0xC0) == 0x80 && (s[p + 2] & 0xC0) == 0x80 && !(c == 0xED && s[p + 1] >= 0xA0)) {
            /* (a word with CJK in it is never looked up: no need to fold or hash the rest) */
            f = (f & ~(unsigned)TW_ALLNUM) | TW_CJK;
            first = false;
            p += 3;
            continue;
        }
        if (punct3_at(s, n, p)) break;
        unsigned t = two_byte_at(s, n, p);
        if (t) {
            /* two bytes: one table entry instead of the decode and range tests */
            if (!(t & C2_WORD)) break;
            f &= ~(unsigned)TW_ALLNUM;
            if (first) f |= t & C2_UPPER ? TW_UPPER : t & C2_LOWER ? TW_LOWER : 0;
            first = false;
            unsigned fc = t & 0x7FF;
            unsigned char e0 = fc < 0x80 ? (unsigned char)fc : (unsigned char)(0xC0 | fc >> 6);
            if (len < TEXT_WORD_MAX) buf[len] = (char)e0;
            len++;
            h = (h ^ e0) * 16777619u;
            if (fc >= 0x80) {
                unsigned char e1 = (unsigned char)(0x80 | (fc & 0x3F));
                if (len < TEXT_WORD_MAX) buf[len] = (char)e1;
                len++;
                h = (h ^ e1) * 16777619u;
            }
            p += 2;
            continue;
        }
        cl = utf8_at(s + p, n - p, &cp);
        if (!word_cp(cp)) break;
        f &= ~(unsigned)TW_ALLNUM;
        if (first) {
            if (is_upper_cp(cp)) f |= TW_UPPER;
            else if (is_lower_cp(cp)) f |= TW_LOWER;
        }
        if (cl >= 3 && is_cjk_cp(cp)) f |= TW_CJK;
        first = false;
        /* fold and append as UTF-8, hashing the folded bytes */
        uint32_t fc = fold_cp(cp);
        unsigned char enc[4];
        size_t el;
        if (fc == cp) { memcpy(enc, s + p, cl); el = cl; }
        else if (fc < 0x80) { enc[0] = (unsigned char)fc; el = 1; }
        else if (fc < 0x800) { enc[0] = (unsigned char)(0xC0 | fc >> 6); enc[1] = (unsigned char)(0x80 | (fc & 0x3F)); el = 2; }
        else { enc[0] = (unsigned char)(0xE0 | fc >> 12); enc[1] = (unsigned char)(0x80 | ((fc >> 6) & 0x3F));
               enc[2] = (unsigned char)(0x80 | (fc & 0x3F)); el = 3; }
        for (size_t q = 0; q < el; q++) {
            if (len < TEXT_WORD_MAX) buf[len] = (char)enc[q];
            len++;
            h = (h ^ enc[q]) * 16777619u;
        }
        p += cl;
    }
    w->end = (uint32_t)p;
    w->info = f;
    set_id(w, len <= TEXT_WORD_MAX && !(f & TW_CJK) ? probe(h, buf, len) : -1);
    return p;
}

#ifdef __SSE2__
/* Sixteen 0xFF then sixteen 0: a load at (keep_first + 16 - n) keeps n bytes. */
static const unsigned char keep_first[32] = {255, 255, 255, 255, 255, 255, 255, 255,
                                             255, 255, 255, 255, 255, 255, 255, 255};

/* Reads an ASCII word of fewer than 16 bytes at s[p] (16 bytes readable) in
 * one go: the letters and digits as a mask, folded with one OR, looked up
 * by their padded bytes. Returns its end, or p when the word is longer or
 * goes on in another script (the caller reads it with slow_word). */
static inline size_t fast_word(const unsigned char *s, size_t n, size_t p, text_word *w)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + p));
    __m128i low = _mm_or_si128(x, _mm_set1_epi8(0x20));
    __m128i let = _mm_cmplt_epi8(_mm_add_epi8(low, _mm_set1_epi8((char)(0x80 - 'a'))), _mm_set1_epi8((char)(0x80 + 26)));
    __m128i dig = _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8((char)(0x80 - '0'))), _mm_set1_epi8((char)(0x80 + 10)));
    unsigned lm = (unsigned)_mm_movemask_epi8(let), dm = (unsigned)_mm_movemask_epi8(dig);
    unsigned hm = (unsigned)_mm_movemask_epi8(x);
    unsigned len = (unsigned)__builtin_ctz(~(lm | dm));
    /* a word of 16 bytes or more, one that goes on in another script, or one cut by the end */
    if (len == 0 || len >= 16 || ((hm >> len) & 1) || p + len > n) return p;
    unsigned keep = (1u << len) - 1;
    lm &= keep;
    dm &= keep;
    __m128i folded = _mm_or_si128(x, _mm_and_si128(let, _mm_set1_epi8(0x20)));
    folded = _mm_and_si128(folded, _mm_loadu_si128((const __m128i *)(const void *)(keep_first + 16 - len)));
    uint64_t key[2];
    _mm_storeu_si128((__m128i *)(void *)key, folded);
    /* (without branches: the first letter's case is as good as random; with no letter the
     * byte read is one past the word, 16 bytes being readable, and its case is not used) */
    unsigned first = s[p + (unsigned)__builtin_ctz(lm | 1u << len)];
    unsigned info = lm ? (first <= 'Z' ? TW_UPPER : TW_LOWER) : TW_ALLNUM;
    info |= dm ? TW_DIGIT : 0;
    w->start = (uint32_t)p;
    w->end = (uint32_t)(p + len);
    w->info = info;
    set_id(w, fast_find(key));
    return p + len;
}
#endif

size_t text_words_lim(const unsigned char *s, size_t n, size_t lim, size_t *pos, text_word *out, size_t max)
{
    size_t p = *pos, k = 0;
    while (k < max) {
        /* most words are one space apart: that case without the loop (whose exit after one
         * or two bytes a predictor cannot tell) */
        if (p + 1 < n && s[p] == ' ' && s[p + 1] < 0x80 && ascii_word[s[p + 1]]) p++;
        else p = skip_to_word(s, n, p);
        if (p >= n) break;
        text_word *w = &out[k++];
#ifdef __SSE2__
        if (p + 16 <= lim) {
            size_t e = fast_word(s, n, p, w);
            if (e != p) {
                p = e;
                continue;
            }
        }
#endif
        p = slow_word(s, n, p, w);
    }
    *pos = p;
    return k;
}

size_t text_words(const unsigned char *s, size_t n, size_t *pos, text_word *out, size_t max)
{
    return text_words_lim(s, n, n, pos, out, max);
}

/* Finds or adds a word; -1 when the table is full or the word too long. */
static int32_t intern(const char *w, size_t n)
{
    if (!n || n > TEXT_WORD_MAX) return -1;
    uint32_t h = hash(w, n);
    int32_t id = probe(h, w, n);
    if (id >= 0) return id;
    /* keep the load under one half */
    if (n_words >= MAX_WORDS || pool_len + n > POOL) return -1;
    uint32_t i = h & ID_MASK;
    while (probe_tab[i]) i = (i + 1) & ID_MASK;
    word *wd = &words[n_words];
    wd->off = (uint16_t)pool_len;
    wd->n = (uint8_t)n;
    wd->stop = 0;
    wd->first = -1;
    wd->span = 0;
    wd->kinds = 0;
    memcpy(pool + pool_len, w, n);
    pool_len += n;
    probe_tab[i] = (h & ~(uint32_t)ID_MASK) | (uint32_t)(n_words + 1);
    wd->key[0] = wd->key[1] = 0;
    if (ascii_key(w, n, wd->key)) {
        uint64_t h = fast_hash(wd->key);
        uint32_t f = fast_slot(h), bit = filter_bit(h);
        fast_filter[bit >> 6] |= 1ull << (bit & 63);
        while (fast_tab[f]) f = (f + 1) & (FAST_SLOTS - 1);
        fast_tab[f] = (uint16_t)(n_words + 1);
    }
    return (int32_t)n_words++;
}

uint16_t text_lex_stop(int32_t id) { return id >= 0 && (size_t)id < n_words ? words[id].stop : 0; }

size_t text_lex_phrase_span(int32_t id) { return id >= 0 && (size_t)id < n_words ? words[id].span : 0; }

uint32_t text_lex_word_kinds(int32_t id) { return id >= 0 && (size_t)id < n_words ? words[id].kinds : 0; }

static void problem(const char *what)
{
    if (!problems++) problem_what = what;
}

/* Tokenizes a table entry into word ids; checks it is already lower case. */
static size_t table_words(const char *s, size_t n, int32_t *ids, size_t cap)
{
    size_t i = 0, st, nc, k = 0;
    unsigned info;
    char buf[TEXT_WORD_MAX];
    while (text_next_word((const unsigned char *)s, n, &i, &st, &info, &nc)) {
        size_t m = text_fold((const unsigned char *)s + st, i - st, buf, sizeof buf);
        if (!m) { problem("a table word is too long"); continue; }
        if (m != i - st || memcmp(buf, s + st, m)) problem("a table word is not lower case");
        int32_t id = intern(buf, m);
        if (id < 0) { overflow = true; return 0; }
        if (k < cap) ids[k++] = id;
        else problem("a phrase has too many words");
    }
    return k;
}

static void add_stops(text_lang lang, const char *list)
{
    size_t n = strlen(list), i = 0, st, nc;
    unsigned info;
    char buf[TEXT_WORD_MAX];
    /* words are separated by spaces; "it's" stays one entry but folds to two words */
    while (i < n) {
        while (i < n && list[i] == ' ') i++;
        size_t b = i;
        while (i < n && list[i] != ' ') i++;
        if (b == i) break;
        size_t j = b;
        while (text_next_word((const unsigned char *)list, i, &j, &st, &info, &nc)) {
            size_t m = text_fold((const unsigned char *)list + st, j - st, buf, sizeof buf);
            if (!m || m != j - st || memcmp(buf, list + st, m)) { problem("a stop word is not lower case"); continue; }
            int32_t id = intern(buf, m);
            if (id < 0) { overflow = true; return; }
            uint16_t bit = (uint16_t)(1u << lang);
            if (words[id].stop & bit) {
                /* a contraction part ("s" of "it's") may repeat a listed word */
                if (st == b && j == i) problem("a stop word is listed twice for one language");
                continue;
            }
            words[id].stop |= bit;
            stop_count[lang]++;
        }
    }
}

static void add_phrases(text_kind kind, text_mode mode, text_lang lang, const char *list)
{
    size_t n = strlen(list), i = 0;
    while (i <= n) {
        size_t b = i;
        while (i < n && list[i] != '|') i++;
        int32_t ids[MAX_PHRASE_WORDS];
        size_t k = table_words(list + b, i - b, ids, MAX_PHRASE_WORDS);
        i++;
        if (overflow) return;
        if (!k) { problem("an empty phrase"); continue; }
        /* the same words, kind and mode: a duplicate in this language, shared otherwise */
        bool dup = false;
        for (int32_t p = words[ids[0]].first; p >= 0; p = phrases[p].next) {
            const phrase *q = &phrases[p];
            if (q->n == k && q->kind == kind && q->mode == mode && !memcmp(ptok + q->tok, ids, k * sizeof *ids)) {
                if (q->lang == lang) problem("a phrase is listed twice for one language and kind");
                dup = true;
                break;
            }
        }
        phrase_count[kind][lang]++;
        if (k == 1) words[ids[0]].kinds |= TK_BIT(kind);
        if (words[ids[0]].span < k) words[ids[0]].span = (uint8_t)k;
        if (dup) continue;
        if (n_phrases >= MAX_PHRASES || n_ptok + k > MAX_PTOK) { overflow = true; return; }
        phrase *q = &phrases[n_phrases];
        q->tok = (uint32_t)n_ptok;
        q->n = (uint8_t)k;
        q->kind = (uint8_t)kind;
        q->mode = (uint8_t)mode;
        q->lang = (uint8_t)lang;
        memcpy(ptok + n_ptok, ids, k * sizeof *ids);
        n_ptok += k;
        /* append to the chain, keeping table order */
        q->next = -1;
        int16_t *link = &words[ids[0]].first;
        while (*link >= 0) link = &phrases[*link].next;
        *link = (int16_t)n_phrases++;
    }
}

static void build(void)
{
    for (int c = 0; c < 128; c++) ascii_fold[c] = ascii_word[c] == 2 ? (uint8_t)(c | 0x20) : ascii_word[c] ? (uint8_t)c : 0;
    for (uint32_t cp = 0x80; cp < 0x800; cp++) {
        uint32_t f = fold_cp(cp);
        if (f >= 0x800) { problem("a two-byte character folds to more bytes"); f = cp; }
        two_byte[cp - 0x80] = (uint16_t)(f | (word_cp(cp) ? C2_WORD : 0) | (is_upper_cp(cp) ? C2_UPPER : 0) |
                                         (is_lower_cp(cp) ? C2_LOWER : 0));
    }
#define TEXT_STOP(lang, words) add_stops(TL_##lang, words);
#define TEXT_PHRASES(kind, mode, lang, list) add_phrases(TK_##kind, TM_##mode, TL_##lang, list);
#include "lexicon.def"
}

bool text_lex_init(void)
{
    pthread_once(&once, build);
    return !overflow;
}

void text_lex_phrases(const int32_t *ids, size_t n, text_hits *h)
{
    uint64_t starts = 0;
    for (size_t p = 0; p < n && p < 64; p++)
        if (ids[p] >= 0 && words[ids[p]].first >= 0) starts |= 1ull << p;
    text_lex_phrases_at(ids, n, starts, h);
}

void text_lex_phrases_at(const int32_t *ids, size_t n, uint64_t starts, text_hits *h)
{
    h->line = h->start = h->any = 0;
    if (n < 64) starts &= (1ull << n) - 1;
    /* only the words that start a phrase: one branch per phrase start, not per word */
    for (; starts; starts &= starts - 1) {
        size_t p = (size_t)__builtin_ctzll(starts);
        for (int32_t q = words[ids[p]].first; q >= 0; q = phrases[q].next) {
            const phrase *ph = &phrases[q];
            if (ph->n > n - p) continue;
            /* (phrases are a few words: a loop, not a memcmp call) */
            const int32_t *pt = ptok + ph->tok;
            size_t m = 1;
            while (m < ph->n && pt[m] == ids[p + m]) m++;
            if (m < ph->n) continue;
            uint32_t bit = TK_BIT(ph->kind);
            bool whole = p == 0 && ph->n == n;
            if (ph->mode == TM_LINE) {
                if (whole) h->line |= bit;
            } else if (ph->mode == TM_START) {
                if (p == 0) h->start |= bit;
                if (whole) h->line |= bit;
            } else {
                h->any |= bit;
                if (p == 0) h->start |= bit;
                if (whole) h->line |= bit;
            }
        }
    }
}

size_t text_lex_stop_count(text_lang l) { text_lex_init(); return (unsigned)l < TL_COUNT ? stop_count[l] : 0; }

size_t text_lex_phrase_count(text_kind k, text_lang l)
{
    text_lex_init();
    return (unsigned)k < TK_COUNT && (unsigned)l < TL_COUNT ? phrase_count[k][l] : 0;
}

size_t text_lex_problems(const char **what)
{
    text_lex_init();
    if (what) *what = overflow ? "the tables overflow their capacity" : problem_what;
    return problems + (overflow ? 1 : 0);
}

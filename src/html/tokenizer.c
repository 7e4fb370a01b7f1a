/*
 * The HTML tokenizer, WHATWG HTML 13.2.5.
 *
 * How the standard's states map onto this file:
 * - data, RCDATA, RAWTEXT, script data, PLAINTEXT and CDATA section are
 *   loops that scan (SSE2 where available) for the next byte that can
 *   change state and take everything before it as characters;
 * - tag open, end tag open, tag name, the attribute states, the
 *   self-closing start tag state, the RCDATA/RAWTEXT/script "less-than",
 *   "end tag open" and "end tag name" states, markup declaration open and
 *   the character reference states are straight-line code with lookahead,
 *   which the whole input being in memory allows. Where the standard
 *   reconsumes characters that are plain text in the state it returns to,
 *   the code just resumes scanning after the '<';
 * - the script data escaped / double escaped family, the comment states
 *   and the DOCTYPE states are small explicit state machines.
 * A token other than characters ends the character run collected so far;
 * the run is handed out first and the token waits in t->tok.
 */
#include "tokenizer.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "../core/ascii.h"
#include "../core/utf8.h"
#include "../dom/dom.h"
#include "entities.h"

#define TOK_MAGIC 0x70746f6bu   /* "ptok" */
/* Attributes on one tag beyond which duplicates are found by hashing. */
#define DUP_LINEAR 64

static const char FFFD[3] = {'\xEF', '\xBF', '\xBD'};

/* Name maps: each byte of a tag, attribute or DOCTYPE name to what is
 * stored for it (ASCII upper case lowered), 0 for the bytes that end the
 * name and for U+0000 (which is stored as U+FFFD). */
#define LOWER_(c) ((c) + 32 * ((c) >= 'A' && (c) <= 'Z'))   /* no dead arm that overflows */
#define WS_(c) ((c) == '\t' || (c) == '\n' || (c) == '\f' || (c) == ' ')
#define TAG_(c) ((c) == 0 || WS_(c) || (c) == '/' || (c) == '>' ? 0 : LOWER_(c))
#define ATTR_(c) (TAG_(c) == 0 || (c) == '=' ? 0 : LOWER_(c))
#define DOCTYPE_(c) ((c) == 0 || WS_(c) || (c) == '>' ? 0 : LOWER_(c))
#define R4_(M, b) M(b), M((b) + 1), M((b) + 2), M((b) + 3)
#define R16_(M, b) R4_(M, b), R4_(M, (b) + 4), R4_(M, (b) + 8), R4_(M, (b) + 12)
#define R64_(M, b) R16_(M, b), R16_(M, (b) + 16), R16_(M, (b) + 32), R16_(M, (b) + 48)
#define R256_(M) R64_(M, 0), R64_(M, 64), R64_(M, 128), R64_(M, 192)
static const uint8_t tagname_map[256] = {R256_(TAG_)};
static const uint8_t attrname_map[256] = {R256_(ATTR_)};
static const uint8_t doctype_name_map[256] = {R256_(DOCTYPE_)};
/* Name bytes stored as they are (not upper case, not U+0000, not an end):
 * a name made only of these is handed out as a slice of the input. */
#define TAG_PLAIN_(c) ((c) != 0 && TAG_(c) == (c))
#define ATTR_PLAIN_(c) ((c) != 0 && ATTR_(c) == (c))
static const uint8_t tagname_plain[256] = {R256_(TAG_PLAIN_)};
static const uint8_t attrname_plain[256] = {R256_(ATTR_PLAIN_)};
/* Bytes that end an unquoted attribute value. */
static const uint8_t unquoted_stop[256] = {[0] = 1,   ['\t'] = 1, ['\n'] = 1, ['\f'] = 1,
                                           [' '] = 1, ['&'] = 1,  ['>'] = 1};

static inline bool is_ws(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\f'; }
static inline bool is_alpha(unsigned char c) { return (unsigned)((c | 0x20) - 'a') < 26u; }
static inline bool is_digit(unsigned char c) { return (unsigned)(c - '0') < 10u; }

/* ---- scanning ---------------------------------------------------------- */

/* Index of the first of bytes a, b at or after pos, or n. */
static inline size_t scan2(const char *s, size_t pos, size_t n, char a, char b)
{
#ifdef __SSE2__
    const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
    while (pos + 16 <= n) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + pos));
        int m = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)));
        if (m) return pos + (size_t)__builtin_ctz((unsigned)m);
        pos += 16;
    }
#endif
    while (pos < n && s[pos] != a && s[pos] != b) pos++;
    return pos;
}

/* Index of the first of bytes a, b, c at or after pos, or n. */
static inline size_t scan3(const char *s, size_t pos, size_t n, char a, char b, char c)
{
#ifdef __SSE2__
    const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b), vc = _mm_set1_epi8(c);
    while (pos + 16 <= n) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + pos));
        __m128i e = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)),
                                 _mm_cmpeq_epi8(x, vc));
        int m = _mm_movemask_epi8(e);
        if (m) return pos + (size_t)__builtin_ctz((unsigned)m);
        pos += 16;
    }
#endif
    while (pos < n && s[pos] != a && s[pos] != b && s[pos] != c) pos++;
    return pos;
}

/* Index of byte a at or after pos, or n. */
static inline size_t scan1(const char *s, size_t pos, size_t n, char a)
{
    const char *p = pos < n ? memchr(s + pos, a, n - pos) : NULL;
    return p ? (size_t)(p - s) : n;
}

/* Index of the first byte at or after pos that the table marks, or n. */
static inline size_t scan_table(const char *s, size_t pos, size_t n, const uint8_t *stop)
{
    while (pos < n && !stop[(unsigned char)s[pos]]) pos++;
    return pos;
}

/* Index of the first byte at or after pos that is not plain in a tag name
 * (attr false) or an attribute name (attr true), or n. The vector loop
 * stops at upper case, bytes up to ' ', '/', '>' (and '='); the table loop
 * then decides exactly (control bytes are plain). */
static inline size_t scan_name(const char *s, size_t pos, size_t n, bool attr)
{
    const uint8_t *plain = attr ? attrname_plain : tagname_plain;
#ifdef __SSE2__
    const __m128i sp = _mm_set1_epi8(' '), sl = _mm_set1_epi8('/'), gt = _mm_set1_epi8('>'),
                  eq = _mm_set1_epi8('='), shift = _mm_set1_epi8((char)(0x80 - 'A')),
                  lim = _mm_set1_epi8((char)(0x80 + 26));
    while (pos + 16 <= n) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + pos));
        __m128i e = _mm_or_si128(_mm_cmpeq_epi8(_mm_max_epu8(x, sp), sp),   /* <= ' ' */
                                 _mm_cmplt_epi8(_mm_add_epi8(x, shift), lim));   /* 'A'..'Z' */
        e = _mm_or_si128(e, _mm_or_si128(_mm_cmpeq_epi8(x, sl), _mm_cmpeq_epi8(x, gt)));
        if (attr) e = _mm_or_si128(e, _mm_cmpeq_epi8(x, eq));
        int m = _mm_movemask_epi8(e);
        if (m) {
            pos += (size_t)__builtin_ctz((unsigned)m);
            break;
        }
        pos += 16;
    }
#endif
    while (pos < n && plain[(unsigned char)s[pos]]) pos++;
    return pos;
}

/* ---- buffers ----------------------------------------------------------- */

/* Makes room for k more bytes in b; false (and t->oom) when out of memory. */
static inline bool room(pith_tokenizer *t, pith_buf *b, size_t k)
{
    if (b->cap - b->len > k) return true;
    if (pith_buf_reserve(b, k)) return true;
    t->oom = true;
    return false;
}

/* Appends k bytes to b (not NUL-terminated; tokens carry lengths). */
static inline void add(pith_tokenizer *t, pith_buf *b, const char *p, size_t k)
{
    if (!room(t, b, k)) return;
    if (k) memcpy(b->data + b->len, p, k);
    b->len += k;
}

/*
 * Copies a name from s[pos..) into b through `map` (see the name maps),
 * U+0000 as U+FFFD, up to the first byte that ends it (or the end of
 * input), and returns that byte's index. One pass: names are short, so
 * scanning first and copying after costs more than it saves.
 */
static inline size_t copy_name(pith_tokenizer *t, pith_buf *b, size_t pos, const uint8_t *map)
{
    const unsigned char *s = (const unsigned char *)t->in;
    size_t n = t->len;
    for (;;) {
        if (!room(t, b, 64)) {   /* t->oom is set; just find the end */
            while (pos < n && (map[s[pos]] || s[pos] == 0)) pos++;
            return pos;
        }
        /* at most 61 bytes, so that a U+FFFD still fits */
        size_t lim = n - pos > 61 ? pos + 61 : n;
        char *o = b->data + b->len;
        unsigned char m;
        while (pos < lim && (m = map[s[pos]]) != 0) {
            *o++ = (char)m;
            pos++;
        }
        if (pos < lim && s[pos] == 0) {
            memcpy(o, FFFD, 3);
            o += 3;
            pos++;
        }
        b->len = (size_t)(o - b->data);
        if (pos >= n) return n;
        if (!map[s[pos]] && s[pos] != 0) return pos;
    }
}

/*
 * Reads a name whose first byte is s[start] and whose remaining bytes
 * start at s[pos] (pos is start or start + 1) and returns the index after
 * it. When every byte is stored as it is, *p points into the input;
 * otherwise the name is built in b and *p is NULL (the caller finds it at
 * the offset b had on entry). *len is its length.
 */
static inline size_t read_name(pith_tokenizer *t, pith_buf *b, size_t start, size_t pos, bool attr,
                               const uint8_t *map, const char **p, size_t *len)
{
    const unsigned char *s = (const unsigned char *)t->in;
    size_t n = t->len;
    pos = scan_name(t->in, pos, n, attr);
    if (pos >= n || (!map[s[pos]] && s[pos] != 0)) {
        *p = t->in + start;
        *len = pos - start;
        return pos;
    }
    size_t from = b->len;
    add(t, b, t->in + start, pos - start);
    pos = copy_name(t, b, pos, map);
    *p = NULL;
    *len = b->len - from;
    return pos;
}

/* Appends s[a..e) with U+0000 as U+FFFD, copying runs between NULs. */
static void add_nul_fffd(pith_tokenizer *t, pith_buf *b, size_t a, size_t e)
{
    while (a < e) {
        size_t z = scan1(t->in, a, e, '\0');
        add(t, b, t->in + a, z - a);
        if (z >= e) break;
        add(t, b, FFFD, 3);
        a = z + 1;
    }
}

/* ---- the character run -------------------------------------------------- */

/* Adds input bytes [a, b) to the run, as a slice while it stays contiguous. */
static inline void run_input(pith_tokenizer *t, size_t a, size_t b)
{
    if (a >= b) return;
    if (!t->run_buffered) {
        if (t->run_a == t->run_b) {
            t->run_a = a;
            t->run_b = b;
            return;
        }
        if (t->run_b == a) {
            t->run_b = b;
            return;
        }
        t->run_buffered = true;
        add(t, &t->text, t->in + t->run_a, t->run_b - t->run_a);
    }
    add(t, &t->text, t->in + a, b - a);
}

/* Adds bytes that are not the input's own to the run. */
static void run_bytes(pith_tokenizer *t, const char *p, size_t k)
{
    if (!t->run_buffered) {
        t->run_buffered = true;
        add(t, &t->text, t->in + t->run_a, t->run_b - t->run_a);
    }
    add(t, &t->text, p, k);
}

/* Adds input bytes [a, b) to the run with U+0000 as U+FFFD. */
static void run_input_nul(pith_tokenizer *t, size_t a, size_t b)
{
    while (a < b) {
        size_t z = scan1(t->in, a, b, '\0');
        run_input(t, a, z);
        if (z >= b) break;
        run_bytes(t, FFFD, 3);
        a = z + 1;
    }
}

/* ---- character references (13.2.5.72 - 13.2.5.80) ----------------------- */

/* Windows-1252 meanings of 0x80..0x9F for numeric references (0 = keep). */
static const uint16_t c1_table[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

/*
 * The character reference whose '&' is just before s[pos]. Returns how many
 * bytes after the '&' it takes (0: no reference; the '&' is then a literal
 * and everything after it is read again as ordinary input, which is what
 * the standard's "flush code points consumed" and ambiguous ampersand
 * steps come to) and puts its replacement in out[0 .. *olen).
 * `attr`: in an attribute value, where a named reference without ';'
 * followed by '=' or an alphanumeric stays literal.
 */
static size_t charref(const char *s, size_t pos, size_t n, bool attr, char out[8], size_t *olen)
{
    if (pos >= n) return 0;
    unsigned char c = (unsigned char)s[pos];
    if (c != '#') {
        const char *v;
        size_t vl, m = pith_entity_match(s + pos, n - pos, &v, &vl);
        if (!m) return 0;
        if (attr && s[pos + m - 1] != ';' && pos + m < n) {
            unsigned char d = (unsigned char)s[pos + m];
            if (d == '=' || is_alpha(d) || is_digit(d)) return 0;
        }
        memcpy(out, v, vl);
        *olen = vl;
        return m;
    }
    size_t i = pos + 1;
    bool hex = false;
    if (i < n && (s[i] | 0x20) == 'x') {
        hex = true;
        i++;
    }
    size_t d0 = i;
    uint32_t cp = 0;
    for (; i < n; i++) {
        unsigned char d = (unsigned char)s[i];
        uint32_t v;
        if (is_digit(d)) v = d - '0';
        else if (hex && (unsigned)((d | 0x20) - 'a') < 6u) v = (uint32_t)((d | 0x20) - 'a' + 10);
        else break;
        /* saturate: anything past U+10FFFF ends up as U+FFFD anyway */
        cp = cp > 0x10FFFF ? 0x110000 : cp * (hex ? 16 : 10) + v;
    }
    if (i == d0) return 0;
    if (i < n && s[i] == ';') i++;
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    else if (cp >= 0x80 && cp <= 0x9F && c1_table[cp - 0x80]) cp = c1_table[cp - 0x80];
    *olen = pith_utf8_encode(cp, out);
    return i - pos;
}

/* A character reference at s[q] == '&' in data or RCDATA; returns where
 * reading goes on. */
static size_t text_charref(pith_tokenizer *t, size_t q)
{
    char out[8];
    size_t ol, m = charref(t->in, q + 1, t->len, false, out, &ol);
    if (!m) {
        run_input(t, q, q + 1);
        return q + 1;
    }
    run_bytes(t, out, ol);
    return q + 1 + m;
}

/* ---- tags ---------------------------------------------------------------- */

/* Starts a new start or end tag token. */
static void tag_begin(pith_tokenizer *t, bool end)
{
    t->tok.type = end ? PITH_TOK_END_TAG : PITH_TOK_START_TAG;
    t->tok.self_closing = false;
    t->tname = NULL;
    t->tname_len = 0;
    t->name.len = 0;
    t->abuf.len = 0;
    t->n_at = 0;
    t->drop_attr = false;
    t->dup_n = 0;
    if (++t->dup_gen == 0) {
        /* stamps wrapped around: old entries could look current */
        if (t->dup) memset(t->dup, 0, t->dup_cap * sizeof *t->dup);
        t->dup_gen = 1;
    }
}

/* Removes the attribute being read when its name repeated an earlier one. */
static void attr_drop_pending(pith_tokenizer *t)
{
    if (!t->drop_attr) return;
    t->drop_attr = false;
    t->n_at--;
    t->abuf.len = t->at[t->n_at].mark;
}

/* The name and the value of attribute i as pointers (valid until abuf
 * grows). */
static inline const char *at_name(const pith_tokenizer *t, const pith_tok_attr_at *a)
{
    return a->name_in_input ? t->in + a->name_off : t->abuf.data + a->name_off;
}
static inline const char *at_value(const pith_tokenizer *t, const pith_tok_attr_at *a)
{
    return a->value_in_input ? t->in + a->value_off : t->abuf.data + a->value_off;
}

static uint32_t hash_name(const char *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 16777619u;
    return h;
}

/* Whether attribute k's name equals attribute i's. */
static bool same_name(const pith_tokenizer *t, size_t i, size_t k)
{
    const pith_tok_attr_at *a = &t->at[i], *b = &t->at[k];
    return a->key == b->key && memcmp(at_name(t, a), at_name(t, b), a->name_len) == 0;
}

/* Puts attribute index i into the duplicate table; returns the index of an
 * earlier attribute with the same name, or SIZE_MAX after inserting. */
static size_t dup_insert(pith_tokenizer *t, size_t i)
{
    const pith_tok_attr_at *a = &t->at[i];
    size_t mask = t->dup_cap - 1;
    size_t h = hash_name(at_name(t, a), a->name_len) & mask;
    uint64_t stamp = (uint64_t)t->dup_gen << 32;
    while ((t->dup[h] & 0xFFFFFFFF00000000ull) == stamp) {
        size_t j = (size_t)(t->dup[h] & 0xFFFFFFFFu);
        if (same_name(t, j, i)) return j;
        h = (h + 1) & mask;
    }
    t->dup[h] = stamp | (uint32_t)i;
    t->dup_n++;
    return SIZE_MAX;
}

/* Whether the newest attribute's name repeats an earlier one on the tag:
 * a linear look for the usual handful, a hash table beyond that so that a
 * tag with a million attributes stays linear. */
static bool attr_is_dup(pith_tokenizer *t)
{
    size_t k = t->n_at - 1;
    if (k < DUP_LINEAR) {
        for (size_t i = 0; i < k; i++)
            if (same_name(t, i, k)) return true;
        return false;
    }
    if (k >= UINT32_MAX) return false;   /* cannot be indexed; keep it */
    if (t->dup_n == 0 || (k + 1) * 2 > t->dup_cap) {
        if ((k + 1) * 2 > t->dup_cap) {
            size_t cap = t->dup_cap ? t->dup_cap : 64;
            while (cap < (k + 1) * 2) cap *= 2;
            uint64_t *d = calloc(cap, sizeof *d);
            if (!d) {
                t->oom = true;
                return false;
            }
            free(t->dup);
            t->dup = d;
            t->dup_cap = cap;
            t->dup_gen = 1;
        } else if (++t->dup_gen == 0) {
            memset(t->dup, 0, t->dup_cap * sizeof *t->dup);
            t->dup_gen = 1;
        }
        t->dup_n = 0;
        for (size_t i = 0; i < k; i++) dup_insert(t, i);
    }
    return dup_insert(t, k) != SIZE_MAX;
}

/* Attribute name state: starts a new attribute whose name begins at s[a]
 * (which belongs to it even when it is '='); returns the index after it. */
static size_t attr_name(pith_tokenizer *t, size_t a)
{
    attr_drop_pending(t);
    if (t->n_at == t->cap_at) {
        size_t cap = t->cap_at ? t->cap_at * 2 : 16;
        pith_tok_attr_at *p = realloc(t->at, cap * sizeof *p);
        if (!p) {
            t->oom = true;
            while (++a < t->len && attrname_map[(unsigned char)t->in[a]]) {}
            return a;   /* t->oom is set: the tag will not be handed out */
        }
        t->at = p;
        t->cap_at = cap;
    }
    pith_tok_attr_at *at = &t->at[t->n_at++];
    at->mark = t->abuf.len;
    const char *np;
    size_t e = read_name(t, &t->abuf, a, a + (t->in[a] == '='), true, attrname_map, &np, &at->name_len);
    at->name_in_input = np != NULL;
    at->name_off = np ? (size_t)(np - t->in) : at->mark;
    if (!np) np = t->abuf.data + at->mark;
    /* length, first and last byte: most different names differ here */
    at->key = at->name_len ? (uint32_t)(at->name_len & 0xFFFF) | (uint32_t)(unsigned char)np[0] << 16 |
                                 (uint32_t)(unsigned char)np[at->name_len - 1] << 24
                           : 0;
    at->value_off = 0;
    at->value_len = 0;
    at->value_in_input = true;
    if (t->oom) {
        t->n_at--;
        return e;
    }
    t->drop_attr = attr_is_dup(t);
    return e;
}

/* The newest attribute's value is the input slice [a, e). */
static inline void attr_value_input(pith_tokenizer *t, size_t a, size_t e)
{
    if (!t->n_at) return;
    pith_tok_attr_at *at = &t->at[t->n_at - 1];
    at->value_in_input = true;
    at->value_off = a;
    at->value_len = e - a;
}

/* The newest attribute's value is built in abuf from here on. */
static inline void attr_value_begin(pith_tokenizer *t)
{
    if (!t->n_at) return;
    pith_tok_attr_at *at = &t->at[t->n_at - 1];
    at->value_in_input = false;
    at->value_off = t->abuf.len;
}

/* Finishes a value begun with attr_value_begin (what abuf gained since). */
static inline void attr_value_end(pith_tokenizer *t)
{
    if (t->n_at) t->at[t->n_at - 1].value_len = t->abuf.len - t->at[t->n_at - 1].value_off;
}

/* Appends the character reference at s[q] == '&' in an attribute value to
 * abuf; returns where reading goes on. */
static size_t attr_charref(pith_tokenizer *t, size_t q)
{
    char out[8];
    size_t ol, m = charref(t->in, q + 1, t->len, true, out, &ol);
    if (!m) {
        add(t, &t->abuf, "&", 1);
        return q + 1;
    }
    add(t, &t->abuf, out, ol);
    return q + 1 + m;
}

/* Hands out the finished tag; the next read starts at pos in data state. */
static bool tag_emit(pith_tokenizer *t, size_t pos)
{
    attr_drop_pending(t);
    pith_token *k = &t->tok;
    k->name = t->tname ? t->tname : "";
    k->name_len = t->tname_len;
    k->tag = pith_tag_lookup(k->name, k->name_len);
    k->attrs = NULL;
    k->n_attrs = 0;
    k->data = NULL;
    k->data_len = 0;
    if (k->type == PITH_TOK_START_TAG) {
        if (t->n_at > t->cap_attrs) {
            size_t cap = t->cap_attrs ? t->cap_attrs : 16;
            while (cap < t->n_at) cap *= 2;
            pith_tok_attr *p = realloc(t->attrs, cap * sizeof *p);
            if (!p) t->oom = true;
            else {
                t->attrs = p;
                t->cap_attrs = cap;
            }
        }
        if (!t->oom) {
            for (size_t i = 0; i < t->n_at; i++) {
                const pith_tok_attr_at *a = &t->at[i];
                t->attrs[i] = (pith_tok_attr){at_name(t, a), a->name_len, at_value(t, a), a->value_len};
            }
            k->attrs = t->attrs;
            k->n_attrs = t->n_at;
        }
        t->last.len = 0;
        add(t, &t->last, k->name, k->name_len);
    }
    t->pos = pos;
    t->state = PITH_TOKSTATE_DATA;
    return true;
}

/*
 * The rest of a tag after its name, from the before attribute name state
 * (the tag name state's whitespace, '/' and '>' do the same there) through
 * the attribute and self-closing states. Returns true with the tag handed
 * out, or false at the end of input (an unfinished tag is dropped) with
 * *pp = the input length.
 */
static bool tag_rest(pith_tokenizer *t, size_t *pp)
{
    const char *s = t->in;
    size_t n = t->len, pos = *pp;
    for (;;) {
        /* before attribute name */
        while (pos < n && is_ws((unsigned char)s[pos])) pos++;
        if (pos >= n) break;
        unsigned char c = (unsigned char)s[pos];
        if (c == '>') return tag_emit(t, pos + 1);
        if (c == '/') {
            /* self-closing start tag; anything but '>' is read again in the
             * before attribute name state */
            if (pos + 1 >= n) break;
            if (s[pos + 1] == '>') {
                t->tok.self_closing = true;
                return tag_emit(t, pos + 2);
            }
            pos++;
            continue;
        }
        /* attribute name: the first byte belongs to it even when it is '=' */
        pos = attr_name(t, pos);
        /* after attribute name */
        while (pos < n && is_ws((unsigned char)s[pos])) pos++;
        if (pos >= n) break;
        if (s[pos] != '=') continue;   /* '/', '>' or a new attribute */
        /* before attribute value */
        pos++;
        while (pos < n && is_ws((unsigned char)s[pos])) pos++;
        if (pos >= n) break;
        c = (unsigned char)s[pos];
        if (c == '>') return tag_emit(t, pos + 1);
        if (c == '"' || c == '\'') {   /* attribute value (double- or single-quoted) */
            pos++;
            size_t q = scan3(s, pos, n, (char)c, '&', '\0');
            if (q < n && s[q] == (char)c) {
                attr_value_input(t, pos, q);
                pos = q + 1;
            } else {
                attr_value_begin(t);
                for (;;) {
                    add(t, &t->abuf, s + pos, q - pos);
                    if (q >= n) {
                        pos = n;
                        break;
                    }
                    if (s[q] == (char)c) {
                        pos = q + 1;
                        break;
                    }
                    if (s[q] == '\0') {
                        add(t, &t->abuf, FFFD, 3);
                        pos = q + 1;
                    } else {
                        pos = attr_charref(t, q);
                    }
                    q = scan3(s, pos, n, (char)c, '&', '\0');
                }
                attr_value_end(t);
            }
            if (pos >= n) break;
            /* after attribute value (quoted): whitespace, '/', '>' and
             * anything else all continue as the before attribute name
             * state would */
            continue;
        }
        /* attribute value (unquoted) */
        size_t q = scan_table(s, pos, n, unquoted_stop);
        if (q < n && s[q] != '&' && s[q] != '\0') {
            attr_value_input(t, pos, q);
            pos = q;
            continue;   /* whitespace or '>' */
        }
        attr_value_begin(t);
        for (;;) {
            add(t, &t->abuf, s + pos, q - pos);
            pos = q;
            if (q >= n) break;
            if (s[q] == '\0') {
                add(t, &t->abuf, FFFD, 3);
                pos = q + 1;
            } else if (s[q] == '&') {
                pos = attr_charref(t, q);
            } else {
                break;   /* whitespace or '>' */
            }
            q = scan_table(s, pos, n, unquoted_stop);
        }
        if (pos >= n) break;
        attr_value_end(t);
    }
    *pp = n;
    return false;
}

/* Tag name state from s[pos] (its first letter) on. */
static bool tag_name(pith_tokenizer *t, size_t *pp, bool end)
{
    tag_begin(t, end);
    const char *np;
    size_t e = read_name(t, &t->name, *pp, *pp, false, tagname_map, &np, &t->tname_len);
    t->tname = np ? np : t->name.data;
    if (e >= t->len) {
        *pp = t->len;
        return false;
    }
    *pp = e;
    return tag_rest(t, pp);
}

/*
 * Whether s[q] == '<' begins an appropriate end tag for the RCDATA,
 * RAWTEXT and script data end tag name states: '/', letters equal to the
 * last start tag's name (ASCII case-insensitively), then whitespace, '/'
 * or '>'. *e = index after the name.
 */
static bool appropriate_end(const pith_tokenizer *t, size_t q, size_t *e)
{
    const char *s = t->in;
    size_t L = t->last.len;
    if (!L || q + 2 + L >= t->len || s[q + 1] != '/') return false;
    const char *nm = t->last.data;
    for (size_t i = 0; i < L; i++) {
        unsigned char c = (unsigned char)s[q + 2 + i];
        if (!is_alpha(c) || (c | 0x20) != (unsigned char)nm[i]) return false;
    }
    unsigned char c = (unsigned char)s[q + 2 + L];
    if (!is_ws(c) && c != '/' && c != '>') return false;
    *e = q + 2 + L;
    return true;
}

/* An appropriate end tag found by appropriate_end(), from its name's end. */
static bool end_tag_at(pith_tokenizer *t, size_t *pp)
{
    tag_begin(t, true);
    add(t, &t->name, t->last.data, t->last.len);
    t->tname = t->name.data;
    t->tname_len = t->name.len;
    return tag_rest(t, pp);
}

/* ---- comments -------------------------------------------------------------- */

/* Hands out the comment in t->name; reading goes on at pos. */
static bool comment_emit(pith_tokenizer *t, size_t pos)
{
    pith_token *k = &t->tok;
    memset(k, 0, sizeof *k);
    k->type = PITH_TOK_COMMENT;
    k->data = t->name.data ? t->name.data : "";
    k->data_len = t->name.len;
    t->pos = pos;
    t->state = PITH_TOKSTATE_DATA;
    return true;
}

/* Bogus comment state: everything up to '>' (or the end) from pos. */
static bool bogus_comment(pith_tokenizer *t, size_t pos)
{
    size_t q = scan1(t->in, pos, t->len, '>');
    t->name.len = 0;
    add_nul_fffd(t, &t->name, pos, q);
    return comment_emit(t, q < t->len ? q + 1 : q);
}

/* The comment states, from the comment start state at pos (after "<!--"). */
static bool comment(pith_tokenizer *t, size_t pos)
{
    const char *s = t->in;
    size_t n = t->len;
    pith_buf *d = &t->name;
    enum { START, START_DASH, BODY, LT, LT_BANG, LT_BANG_DASH, LT_BANG_DASH_DASH, END_DASH, END, END_BANG } st = START;
    d->len = 0;
    /* At the end of input every comment state emits the comment so far. */
    while (pos < n) {
        unsigned char c = (unsigned char)s[pos];
        switch (st) {
        case START:
            if (c == '-') {
                pos++;
                st = START_DASH;
            } else if (c == '>') {
                return comment_emit(t, pos + 1);
            } else {
                st = BODY;
            }
            break;
        case START_DASH:
            if (c == '-') {
                pos++;
                st = END;
            } else if (c == '>') {
                return comment_emit(t, pos + 1);
            } else {
                add(t, d, "-", 1);
                st = BODY;
            }
            break;
        case BODY: {
            size_t q = scan3(s, pos, n, '<', '-', '\0');
            add(t, d, s + pos, q - pos);
            pos = q;
            if (q >= n) break;
            if (s[q] == '<') {
                add(t, d, "<", 1);
                pos++;
                st = LT;
            } else if (s[q] == '-') {
                pos++;
                st = END_DASH;
            } else {
                add(t, d, FFFD, 3);
                pos++;
            }
            break;
        }
        case LT:
            if (c == '!') {
                add(t, d, "!", 1);
                pos++;
                st = LT_BANG;
            } else if (c == '<') {
                add(t, d, "<", 1);
                pos++;
            } else {
                st = BODY;
            }
            break;
        case LT_BANG:
            if (c == '-') {
                pos++;
                st = LT_BANG_DASH;
            } else {
                st = BODY;
            }
            break;
        case LT_BANG_DASH:
            if (c == '-') {
                pos++;
                st = LT_BANG_DASH_DASH;
            } else {
                st = END_DASH;
            }
            break;
        case LT_BANG_DASH_DASH:
            st = END;   /* '>' and anything else are read again in comment end */
            break;
        case END_DASH:
            if (c == '-') {
                pos++;
                st = END;
            } else {
                add(t, d, "-", 1);
                st = BODY;
            }
            break;
        case END:
            if (c == '>') return comment_emit(t, pos + 1);
            if (c == '!') {
                pos++;
                st = END_BANG;
            } else if (c == '-') {
                add(t, d, "-", 1);
                pos++;
            } else {
                add(t, d, "--", 2);
                st = BODY;
            }
            break;
        case END_BANG:
            if (c == '-') {
                add(t, d, "--!", 3);
                pos++;
                st = END_DASH;
            } else if (c == '>') {
                return comment_emit(t, pos + 1);
            } else {
                add(t, d, "--!", 3);
                st = BODY;
            }
            break;
        }
    }
    return comment_emit(t, n);
}

/* ---- DOCTYPE ----------------------------------------------------------------- */

/* Whether s[pos..) starts with the lower-case word w, ignoring ASCII case. */
static bool starts_ci(const pith_tokenizer *t, size_t pos, const char *w)
{
    return pith_ascii_iprefix(t->in + pos, t->len - pos, w);
}

/* Hands out the DOCTYPE token built in t->name/pub/sys. */
static bool doctype_emit(pith_tokenizer *t, size_t pos, bool has_name, bool has_pub, bool has_sys, bool quirks)
{
    pith_token *k = &t->tok;
    memset(k, 0, sizeof *k);
    k->type = PITH_TOK_DOCTYPE;
    if (has_name) {
        k->name = t->name.data ? t->name.data : "";
        k->name_len = t->name.len;
    }
    if (has_pub) {
        k->public_id = t->pub.data ? t->pub.data : "";
        k->public_id_len = t->pub.len;
    }
    if (has_sys) {
        k->system_id = t->sys.data ? t->sys.data : "";
        k->system_id_len = t->sys.len;
    }
    k->force_quirks = quirks;
    t->pos = pos;
    t->state = PITH_TOKSTATE_DATA;
    return true;
}

/* The DOCTYPE states, from the DOCTYPE state at pos (after "<!DOCTYPE"). */
static bool doctype(pith_tokenizer *t, size_t pos)
{
    const char *s = t->in;
    size_t n = t->len;
    enum { D_START, D_BEFORE_NAME, D_NAME, D_AFTER_NAME, D_AFTER_PUB_KW, D_BEFORE_PUB, D_PUB, D_AFTER_PUB,
           D_BETWEEN, D_AFTER_SYS_KW, D_BEFORE_SYS, D_SYS, D_AFTER_SYS, D_BOGUS } st = D_START;
    bool has_name = false, has_pub = false, has_sys = false, quirks = false;
    char quote = 0;
    t->name.len = t->pub.len = t->sys.len = 0;
    while (pos < n) {
        unsigned char c = (unsigned char)s[pos];
        switch (st) {
        case D_START:   /* whitespace is consumed; anything else read again */
            if (is_ws(c)) pos++;
            st = D_BEFORE_NAME;
            break;
        case D_BEFORE_NAME:
            if (is_ws(c)) {
                pos++;
            } else if (c == '>') {
                return doctype_emit(t, pos + 1, false, false, false, true);
            } else {
                has_name = true;
                st = D_NAME;
            }
            break;
        case D_NAME: {
            size_t e = copy_name(t, &t->name, pos, doctype_name_map);
            pos = e;
            if (e >= n) break;
            if (s[e] == '>') return doctype_emit(t, e + 1, true, false, false, false);
            pos++;
            st = D_AFTER_NAME;
            break;
        }
        case D_AFTER_NAME:
            if (is_ws(c)) {
                pos++;
            } else if (c == '>') {
                return doctype_emit(t, pos + 1, has_name, false, false, false);
            } else if (starts_ci(t, pos, "public")) {
                pos += 6;
                st = D_AFTER_PUB_KW;
            } else if (starts_ci(t, pos, "system")) {
                pos += 6;
                st = D_AFTER_SYS_KW;
            } else {
                quirks = true;
                st = D_BOGUS;
            }
            break;
        case D_AFTER_PUB_KW:
        case D_BEFORE_PUB:
            if (is_ws(c)) {
                pos++;
                st = D_BEFORE_PUB;
            } else if (c == '"' || c == '\'') {
                has_pub = true;
                quote = (char)c;
                pos++;
                st = D_PUB;
            } else if (c == '>') {
                return doctype_emit(t, pos + 1, has_name, false, false, true);
            } else {
                quirks = true;
                st = D_BOGUS;
            }
            break;
        case D_PUB:
        case D_SYS: {
            pith_buf *b = st == D_PUB ? &t->pub : &t->sys;
            size_t q = scan3(s, pos, n, quote, '>', '\0');
            add(t, b, s + pos, q - pos);
            pos = q;
            if (q >= n) break;
            if (s[q] == '\0') {
                add(t, b, FFFD, 3);
                pos++;
            } else if (s[q] == '>') {
                return doctype_emit(t, q + 1, has_name, has_pub, has_sys, true);
            } else {
                pos++;
                st = st == D_PUB ? D_AFTER_PUB : D_AFTER_SYS;
            }
            break;
        }
        case D_AFTER_PUB:
        case D_BETWEEN:
            if (is_ws(c)) {
                pos++;
                st = D_BETWEEN;
            } else if (c == '>') {
                return doctype_emit(t, pos + 1, has_name, has_pub, false, quirks);
            } else if (c == '"' || c == '\'') {
                has_sys = true;
                quote = (char)c;
                pos++;
                st = D_SYS;
            } else {
                quirks = true;
                st = D_BOGUS;
            }
            break;
        case D_AFTER_SYS_KW:
        case D_BEFORE_SYS:
            if (is_ws(c)) {
                pos++;
                st = D_BEFORE_SYS;
            } else if (c == '"' || c == '\'') {
                has_sys = true;
                quote = (char)c;
                pos++;
                st = D_SYS;
            } else if (c == '>') {
                return doctype_emit(t, pos + 1, has_name, has_pub, false, true);
            } else {
                quirks = true;
                st = D_BOGUS;
            }
            break;
        case D_AFTER_SYS:
            if (is_ws(c)) pos++;
            else if (c == '>') return doctype_emit(t, pos + 1, has_name, has_pub, has_sys, quirks);
            else st = D_BOGUS;   /* not a quirks case */
            break;
        case D_BOGUS: {
            size_t q = scan1(s, pos, n, '>');
            if (q >= n) {
                pos = n;
                break;
            }
            return doctype_emit(t, q + 1, has_name, has_pub, has_sys, quirks);
        }
        }
    }
    /* end of input: every DOCTYPE state but bogus DOCTYPE sets force-quirks */
    return doctype_emit(t, n, has_name, has_pub, has_sys, st == D_BOGUS ? quirks : true);
}

/* ---- the data state and its neighbours ---------------------------------------- */

/* CDATA section state from pos: characters up to "]]>" (kept as they are,
 * U+0000 included); returns where reading goes on in data state. */
static size_t cdata_section(pith_tokenizer *t, size_t pos)
{
    const char *e = pos < t->len ? memmem(t->in + pos, t->len - pos, "]]>", 3) : NULL;
    size_t q = e ? (size_t)(e - t->in) : t->len;
    run_input(t, pos, q);
    return e ? q + 3 : q;
}

/* Markup declaration open state at pos (after "<!"). Returns true with a
 * token, or false with characters added and *pp where reading goes on. */
static bool markup_decl(pith_tokenizer *t, size_t *pp)
{
    size_t pos = *pp, left = t->len - pos;
    const char *s = t->in + pos;
    if (left >= 2 && s[0] == '-' && s[1] == '-') return comment(t, pos + 2);
    if (starts_ci(t, pos, "doctype")) return doctype(t, pos + 7);
    if (t->cdata_allowed && left >= 7 && memcmp(s, "[CDATA[", 7) == 0) {
        *pp = cdata_section(t, pos + 7);
        return false;
    }
    return bogus_comment(t, pos);   /* "[CDATA[" in HTML content included */
}

/* Tag open state at s[q] == '<' in data state. Returns true with a token,
 * else false with *pp where reading goes on. */
static bool tag_open(pith_tokenizer *t, size_t q, size_t *pp)
{
    const char *s = t->in;
    size_t n = t->len, p = q + 1;
    if (p >= n) {
        run_input(t, q, n);
        *pp = n;
        return false;
    }
    unsigned char c = (unsigned char)s[p];
    if (is_alpha(c)) {
        *pp = p;
        return tag_name(t, pp, false);
    }
    if (c == '!') {
        *pp = p + 1;
        return markup_decl(t, pp);
    }
    if (c == '/') {   /* end tag open */
        p++;
        if (p >= n) {
            run_input(t, q, n);
            *pp = n;
            return false;
        }
        c = (unsigned char)s[p];
        if (is_alpha(c)) {
            *pp = p;
            return tag_name(t, pp, true);
        }
        if (c == '>') {
            *pp = p + 1;
            return false;
        }
        return bogus_comment(t, p);
    }
    if (c == '?') return bogus_comment(t, p);
    run_input(t, q, p);
    *pp = p;
    return false;
}

/* Hands out the end-of-file token. */
static bool eof_token(pith_tokenizer *t)
{
    memset(&t->tok, 0, sizeof t->tok);
    t->tok.type = PITH_TOK_EOF;
    t->pos = t->len;
    return true;
}

static bool data_state(pith_tokenizer *t)
{
    const char *s = t->in;
    size_t n = t->len, pos = t->pos;
    for (;;) {
        size_t q = scan2(s, pos, n, '<', '&');
        run_input(t, pos, q);
        if (q >= n) return eof_token(t);
        if (s[q] == '&') {
            pos = text_charref(t, q);
            continue;
        }
        if (tag_open(t, q, &pos)) return true;
    }
}

/* RCDATA (character references on) and RAWTEXT states. Anything after a
 * '<' that does not make an appropriate end tag is text there, so reading
 * simply goes on after the '<'. */
static bool rcdata_state(pith_tokenizer *t, bool refs)
{
    const char *s = t->in;
    size_t n = t->len, pos = t->pos;
    for (;;) {
        size_t q = refs ? scan3(s, pos, n, '<', '&', '\0') : scan2(s, pos, n, '<', '\0');
        run_input(t, pos, q);
        if (q >= n) return eof_token(t);
        if (s[q] == '\0') {
            run_bytes(t, FFFD, 3);
            pos = q + 1;
        } else if (s[q] == '&') {
            pos = text_charref(t, q);
        } else {
            size_t e;
            if (appropriate_end(t, q, &e)) {
                if (end_tag_at(t, &e)) return true;
                pos = e;
            } else {
                run_input(t, q, q + 1);
                pos = q + 1;
            }
        }
    }
}

/* Whether letters at s[p..) spell "script" (any case) followed by
 * whitespace, '/' or '>' (script data double escape start / end); *e =
 * index after that byte. */
static bool script_word(const pith_tokenizer *t, size_t p, size_t *e)
{
    if (!starts_ci(t, p, "script") || p + 6 >= t->len) return false;
    unsigned char c = (unsigned char)t->in[p + 6];
    if (!is_ws(c) && c != '/' && c != '>') return false;
    *e = p + 7;
    return true;
}

/*
 * Script data state and the script data escaped / double escaped states.
 * All of script data is emitted as it stands (U+0000 as U+FFFD) up to an
 * appropriate end tag, so the states only decide where that end tag may be
 * recognised.
 */
static bool script_state(pith_tokenizer *t)
{
    const char *s = t->in;
    size_t n = t->len, pos = t->pos, from = pos, e;
    enum { S_DATA, S_ESC, S_ESC_DASH, S_ESC_DD, S_DESC, S_DESC_DASH, S_DESC_DD } st = S_DATA;
    for (;;) {
        size_t q;
        if (st == S_DATA) q = scan2(s, pos, n, '<', '\0');
        else if (st == S_ESC || st == S_DESC) q = scan3(s, pos, n, '-', '<', '\0');
        else q = pos;
        if (q >= n) break;
        unsigned char c = (unsigned char)s[q];
        pos = q + 1;
        if (c == '\0') {
            run_input(t, from, q);
            run_bytes(t, FFFD, 3);
            from = pos;
            if (st == S_ESC_DASH || st == S_ESC_DD) st = S_ESC;
            else if (st == S_DESC_DASH || st == S_DESC_DD) st = S_DESC;
            continue;
        }
        switch (st) {
        case S_DATA:   /* c == '<' */
            if (appropriate_end(t, q, &e)) goto end_tag;
            if (q + 3 < n && s[q + 1] == '!' && s[q + 2] == '-' && s[q + 3] == '-') {
                pos = q + 4;
                st = S_ESC_DD;
            }
            break;
        case S_ESC:
        case S_ESC_DASH:
        case S_ESC_DD:
            if (c == '-') {
                st = st == S_ESC ? S_ESC_DASH : S_ESC_DD;
            } else if (c == '<') {
                /* script data escaped less-than sign state */
                if (appropriate_end(t, q, &e)) goto end_tag;
                st = script_word(t, q + 1, &pos) ? S_DESC : (pos = q + 1, S_ESC);
            } else if (c == '>' && st == S_ESC_DD) {
                st = S_DATA;
            } else {
                st = S_ESC;
            }
            break;
        case S_DESC:
        case S_DESC_DASH:
        case S_DESC_DD:
            if (c == '-') {
                st = st == S_DESC ? S_DESC_DASH : S_DESC_DD;
            } else if (c == '<') {
                /* double escaped less-than sign, then double escape end */
                st = q + 1 < n && s[q + 1] == '/' && script_word(t, q + 2, &pos) ? S_ESC : (pos = q + 1, S_DESC);
            } else if (c == '>' && st == S_DESC_DD) {
                st = S_DATA;
            } else {
                st = S_DESC;
            }
            break;
        }
    }
    run_input(t, from, n);
    return eof_token(t);
end_tag:
    run_input(t, from, pos - 1);
    if (end_tag_at(t, &e)) return true;
    return eof_token(t);   /* the end of input came inside the end tag */
}

/* PLAINTEXT state: the rest of the input, U+0000 as U+FFFD. */
static bool plaintext_state(pith_tokenizer *t)
{
    run_input_nul(t, t->pos, t->len);
    return eof_token(t);
}

/* Reads until a token other than characters is ready in t->tok. */
static void run(pith_tokenizer *t)
{
    switch (t->state) {
    case PITH_TOKSTATE_RCDATA:
        rcdata_state(t, true);
        break;
    case PITH_TOKSTATE_RAWTEXT:
        rcdata_state(t, false);
        break;
    case PITH_TOKSTATE_SCRIPT_DATA:
        script_state(t);
        break;
    case PITH_TOKSTATE_PLAINTEXT:
        plaintext_state(t);
        break;
    case PITH_TOKSTATE_CDATA_SECTION:
        t->pos = cdata_section(t, t->pos);
        t->state = PITH_TOKSTATE_DATA;
        data_state(t);
        break;
    case PITH_TOKSTATE_DATA:
    default:
        data_state(t);
        break;
    }
    if (t->oom) eof_token(t);
}

/* ---- interface ------------------------------------------------------------------ */

bool pith_tok_init(pith_tokenizer *t, const char *utf8, size_t len)
{
    if (t->magic != TOK_MAGIC || t->self != t) {
        memset(t, 0, sizeof *t);
        pith_buf_init(&t->norm);
        pith_buf_init(&t->text);
        pith_buf_init(&t->name);
        pith_buf_init(&t->abuf);
        pith_buf_init(&t->pub);
        pith_buf_init(&t->sys);
        pith_buf_init(&t->last);
        t->magic = TOK_MAGIC;
        t->self = t;
    }
    /* a failed allocation of the previous document must not stick */
    t->norm.oom = t->text.oom = t->name.oom = t->abuf.oom = false;
    t->pub.oom = t->sys.oom = t->last.oom = false;
    t->norm.len = t->text.len = t->name.len = t->abuf.len = 0;
    t->pub.len = t->sys.len = t->last.len = 0;
    t->pos = 0;
    t->state = PITH_TOKSTATE_DATA;
    t->cdata_allowed = false;
    t->have_tok = t->done = t->oom = false;
    t->run_a = t->run_b = 0;
    t->run_buffered = false;
    t->n_at = 0;
    t->drop_attr = false;
    memset(&t->tok, 0, sizeof t->tok);
    /* Input preprocessing: CR LF and lone CR become LF. Only input that
     * has a CR is copied. */
    const char *cr = len ? memchr(utf8, '\r', len) : NULL;
    if (!cr) {
        t->in = utf8 ? utf8 : "";
        t->len = len;
        return true;
    }
    if (!pith_buf_reserve(&t->norm, len)) {
        t->in = "";
        t->len = 0;
        t->oom = true;
        return false;
    }
    char *o = t->norm.data;
    size_t i = 0;
    while (cr) {
        size_t c = (size_t)(cr - utf8);
        memcpy(o, utf8 + i, c - i);
        o += c - i;
        *o++ = '\n';
        i = c + 1;
        if (i < len && utf8[i] == '\n') i++;
        cr = i < len ? memchr(utf8 + i, '\r', len - i) : NULL;
    }
    memcpy(o, utf8 + i, len - i);
    o += len - i;
    t->norm.len = (size_t)(o - t->norm.data);
    t->in = t->norm.data;
    t->len = t->norm.len;
    return true;
}

void pith_tok_free(pith_tokenizer *t)
{
    if (!t || t->magic != TOK_MAGIC || t->self != t) return;
    pith_buf_free(&t->norm);
    pith_buf_free(&t->text);
    pith_buf_free(&t->name);
    pith_buf_free(&t->abuf);
    pith_buf_free(&t->pub);
    pith_buf_free(&t->sys);
    pith_buf_free(&t->last);
    free(t->at);
    free(t->attrs);
    free(t->dup);
    memset(t, 0, sizeof *t);
}

bool pith_tok_next(pith_tokenizer *t, pith_token *out)
{
    if (t->done) return false;
    if (t->have_tok) {
        t->have_tok = false;
        *out = t->tok;
        if (out->type == PITH_TOK_EOF) t->done = true;
        return true;
    }
    t->run_a = t->run_b = 0;
    t->run_buffered = false;
    t->text.len = 0;
    run(t);
    size_t rl = t->run_buffered ? t->text.len : t->run_b - t->run_a;
    if (rl && !t->oom) {
        /* field by field: a memset of the whole token costs more than the
         * rest of a short character token */
        out->type = PITH_TOK_CHARS;
        out->name = NULL;
        out->name_len = 0;
        out->tag = 0;
        out->self_closing = false;
        out->attrs = NULL;
        out->n_attrs = 0;
        out->data = t->run_buffered ? t->text.data : t->in + t->run_a;
        out->data_len = rl;
        out->force_quirks = false;
        out->public_id = out->system_id = NULL;
        out->public_id_len = out->system_id_len = 0;
        t->have_tok = true;
        return true;
    }
    *out = t->tok;
    if (out->type == PITH_TOK_EOF) t->done = true;
    return true;
}

void pith_tok_set_state(pith_tokenizer *t, pith_tok_state s) { t->state = s; }

void pith_tok_set_last_start_tag(pith_tokenizer *t, const char *name, size_t len)
{
    t->last.len = 0;
    if (!room(t, &t->last, len)) return;
    for (size_t i = 0; i < len; i++) t->last.data[i] = (char)pith_ascii_lower((unsigned char)name[i]);
    t->last.len = len;
}

void pith_tok_set_cdata_allowed(pith_tokenizer *t, bool allowed) { t->cdata_allowed = allowed; }

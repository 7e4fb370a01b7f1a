/*
 * Encoding sniffing (WHATWG HTML 13.2.3) and decoding to UTF-8: UTF-8,
 * UTF-16, windows-1252, x-user-defined and replacement are decoded here;
 * every other legacy encoding goes through glibc iconv.
 */
#include "encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uchardet.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "../core/ascii.h"
#include "../core/utf8.h"

static const char *const enc_names[PITH_ENC_COUNT_] = {
    [PITH_ENC_NONE] = "",
#define PITH_ENC(id, name, iconv) [PITH_ENC_##id] = name,
#include "encodings.def"
};

static const char *const enc_iconv[PITH_ENC_COUNT_] = {
    [PITH_ENC_NONE] = "",
#define PITH_ENC(id, name, iconv) [PITH_ENC_##id] = iconv,
#include "encodings.def"
};

typedef struct enc_label {
    const char *label;
    unsigned char enc;
} enc_label;

static const enc_label enc_labels[] = {
#define PITH_ENC_LABEL(label, id) {label, PITH_ENC_##id},
#include "encodings.def"
};

#define N_LABELS (sizeof enc_labels / sizeof enc_labels[0])

static inline bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static inline bool is_alpha(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

const char *pith_enc_name(pith_enc e)
{
    return (unsigned)e < PITH_ENC_COUNT_ ? enc_names[e] : "";
}

pith_enc pith_enc_from_label(const char *s, size_t n)
{
    if (!s) return PITH_ENC_NONE;
    const unsigned char *p = (const unsigned char *)s;
    while (n && is_ws(p[0])) { p++; n--; }
    while (n && is_ws(p[n - 1])) n--;
    char key[32];
    if (n == 0 || n >= sizeof key) return PITH_ENC_NONE;
    for (size_t i = 0; i < n; i++) {
        if (!p[i]) return PITH_ENC_NONE;
        key[i] = (char)pith_ascii_lower(p[i]);
    }
    key[n] = '\0';
    size_t lo = 0, hi = N_LABELS;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(key, enc_labels[mid].label);
        if (c == 0) return (pith_enc)enc_labels[mid].enc;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return PITH_ENC_NONE;
}

pith_enc pith_enc_bom(const char *in, size_t len, size_t *bom_len)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t bl = 0;
    pith_enc e = PITH_ENC_NONE;
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) { e = PITH_ENC_UTF_8; bl = 3; }
    else if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF) { e = PITH_ENC_UTF_16BE; bl = 2; }
    else if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE) { e = PITH_ENC_UTF_16LE; bl = 2; }
    if (bom_len) *bom_len = bl;
    return e;
}

pith_enc pith_enc_from_content(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    for (;;) {
        /* Loop: the next "charset", case-insensitively. */
        size_t k = i;
        while (k + 7 <= n && !pith_ascii_iprefix(s + k, n - k, "charset")) k++;
        if (k + 7 > n) return PITH_ENC_NONE;
        i = k + 7;
        while (i < n && is_ws(p[i])) i++;
        if (i >= n) return PITH_ENC_NONE;
        if (p[i] != '=') continue;   /* position is just before the next character */
        i++;
        while (i < n && is_ws(p[i])) i++;
        if (i >= n) return PITH_ENC_NONE;
        if (p[i] == '"' || p[i] == '\'') {
            const unsigned char *q = memchr(p + i + 1, p[i], n - i - 1);
            if (!q) return PITH_ENC_NONE;
            return pith_enc_from_label((const char *)p + i + 1, (size_t)(q - (p + i + 1)));
        }
        size_t e = i;
        while (e < n && !is_ws(p[e]) && p[e] != ';') e++;
        return pith_enc_from_label((const char *)p + i, e - i);
    }
}

/* ---- prescan ---- */

#define ATTR_CAP PITH_PRESCAN_BYTES

typedef struct prescan {
    const unsigned char *p;
    size_t n, i;
    /* the attribute last read, cut at ATTR_CAP bytes (only the late scan
     * can see longer ones, and no label is that long) */
    unsigned char name[ATTR_CAP], value[ATTR_CAP];
    size_t nlen, vlen;
} prescan;

static inline void put_name(prescan *s, unsigned char c)
{
    if (s->nlen < ATTR_CAP) s->name[s->nlen++] = pith_ascii_lower(c);
}

static inline void put_value(prescan *s, unsigned char c)
{
    if (s->vlen < ATTR_CAP) s->value[s->vlen++] = pith_ascii_lower(c);
}

/* WHATWG "get an attribute": 1 when one was read, 0 when the tag ended
 * ('>'), -1 when the bytes ran out (which aborts the prescan). */
static int get_attribute(prescan *s)
{
    const unsigned char *p = s->p;
    size_t n = s->n, i = s->i;
    s->nlen = s->vlen = 0;
    while (i < n && (is_ws(p[i]) || p[i] == '/')) i++;
    if (i >= n) return -1;
    if (p[i] == '>') { s->i = i; return 0; }
    /* name */
    for (;; i++) {
        if (i >= n) return -1;
        unsigned char c = p[i];
        if (c == '=' && s->nlen) { i++; goto value; }
        if (is_ws(c)) break;
        if (c == '/' || c == '>') { s->i = i; return 1; }
        put_name(s, c);
    }
    /* spaces */
    while (i < n && is_ws(p[i])) i++;
    if (i >= n) return -1;
    if (p[i] != '=') { s->i = i; return 1; }
    i++;
value:
    while (i < n && is_ws(p[i])) i++;
    if (i >= n) return -1;
    if (p[i] == '"' || p[i] == '\'') {
        const unsigned char *q = memchr(p + i + 1, p[i], n - i - 1);
        if (!q) return -1;
        for (i++; p + i < q; i++) put_value(s, p[i]);
        s->i = i + 1;
        return 1;
    }
    if (p[i] == '>') { s->i = i; return 1; }
    put_value(s, p[i]);
    for (i++;; i++) {
        if (i >= n) return -1;
        if (is_ws(p[i]) || p[i] == '>') { s->i = i; return 1; }
        put_value(s, p[i]);
    }
}

static bool name_is(const prescan *s, const char *w)
{
    size_t l = strlen(w);
    return s->nlen == l && memcmp(s->name, w, l) == 0;
}

/* Handles the attributes of a <meta> tag starting at s->i. Returns the
 * encoding it declares, PITH_ENC_NONE if none (scanning goes on from the
 * '>' at s->i), or -1 when the bytes ran out. */
static int prescan_meta(prescan *s)
{
    bool seen_he = false, seen_content = false, seen_charset = false;
    bool got_pragma = false;
    int need_pragma = -1;         /* -1 null, 0 false, 1 true */
    int charset = -1;             /* -1 null, PITH_ENC_NONE failure, else encoding */
    for (;;) {
        int r = get_attribute(s);
        if (r < 0) return -1;
        if (r == 0) break;
        if (name_is(s, "http-equiv")) {
            if (seen_he) continue;
            seen_he = true;
            if (s->vlen == 12 && memcmp(s->value, "content-type", 12) == 0) got_pragma = true;
        } else if (name_is(s, "content")) {
            if (seen_content) continue;
            seen_content = true;
            pith_enc e = pith_enc_from_content((const char *)s->value, s->vlen);
            if (e != PITH_ENC_NONE && charset == -1) {
                charset = (int)e;
                need_pragma = 1;
            }
        } else if (name_is(s, "charset")) {
            if (seen_charset) continue;
            seen_charset = true;
            charset = (int)pith_enc_from_label((const char *)s->value, s->vlen);
            need_pragma = 0;
        }
    }
    if (need_pragma == -1) return PITH_ENC_NONE;
    if (need_pragma == 1 && !got_pragma) return PITH_ENC_NONE;
    if (charset <= PITH_ENC_NONE) return PITH_ENC_NONE;
    if (charset == PITH_ENC_UTF_16BE || charset == PITH_ENC_UTF_16LE) charset = PITH_ENC_UTF_8;
    if (charset == PITH_ENC_X_USER_DEFINED) charset = PITH_ENC_WINDOWS_1252;
    return charset;
}

/* WHATWG "get an XML encoding" for a stream starting with "<?xml": browsers
 * honour the declaration's encoding in HTML when no <meta> names one. */
static pith_enc xml_encoding(const unsigned char *p, size_t n)
{
    if (n < 5 || memcmp(p, "<?xml", 5) != 0) return PITH_ENC_NONE;
    const unsigned char *end = memchr(p, '>', n);
    if (!end) return PITH_ENC_NONE;
    n = (size_t)(end - p);
    size_t i = 5;
    for (; i + 8 <= n; i++)
        if (memcmp(p + i, "encoding", 8) == 0) break;
    if (i + 8 > n) return PITH_ENC_NONE;
    i += 8;
    while (i < n && is_ws(p[i])) i++;
    if (i >= n || p[i] != '=') return PITH_ENC_NONE;
    i++;
    while (i < n && is_ws(p[i])) i++;
    if (i >= n || (p[i] != '"' && p[i] != '\'')) return PITH_ENC_NONE;
    unsigned char q = p[i++];
    size_t start = i;
    while (i < n && p[i] != q) {
        if (p[i] <= 0x20) return PITH_ENC_NONE;
        i++;
    }
    if (i >= n) return PITH_ENC_NONE;
    pith_enc e = pith_enc_from_label((const char *)p + start, i - start);
    if (e == PITH_ENC_UTF_16BE || e == PITH_ENC_UTF_16LE) e = PITH_ENC_UTF_8;
    return e;
}

/* Case-insensitive match of ASCII lower-case `w` at p[0..n). */
static bool at_word(const unsigned char *p, size_t n, const char *w)
{
    return pith_ascii_iprefix((const char *)p, n, w);
}

/* Elements whose contents the tokenizer reads as text (scripting off, so
 * not noscript): the late scan jumps to their end tag. */
static const char *const raw_text_tags[] = {"script", "style", "textarea", "title",
                                            "xmp", "iframe", "noembed", "noframes"};

/* The index of the '<' of "</name" (followed by whitespace, '/' or '>') at or
 * after `i`, or n when there is none. */
static size_t find_end_tag(const unsigned char *p, size_t n, size_t i, const char *name)
{
    size_t l = strlen(name);
    while (i < n) {
        const unsigned char *lt = memchr(p + i, '<', n - i);
        if (!lt) return n;
        i = (size_t)(lt - p);
        if (i + 2 + l < n && p[i + 1] == '/' && at_word(p + i + 2, n - i - 2, name)) {
            unsigned char c = p[i + 2 + l];
            if (is_ws(c) || c == '/' || c == '>') return i;
        }
        i++;
    }
    return n;
}

/*
 * The prescan loop over s->p[0..s->n). `late`: the continuation used when
 * the first 1024 bytes named no encoding, standing in for the tree
 * builder's "change the encoding" on a <meta> seen later with tentative
 * confidence: it skips raw-text elements as the tokenizer would and stops
 * at <body> (where a page's <meta>s have all been seen in practice).
 */
static pith_enc scan_meta(prescan *s, bool late)
{
    const unsigned char *p = s->p;
    size_t n = s->n;
    for (size_t i = 0; i < n; i++) {
        const unsigned char *lt = memchr(p + i, '<', n - i);
        if (!lt) break;
        i = (size_t)(lt - p);
        size_t rest = n - i;
        if (rest >= 4 && p[i + 1] == '!' && p[i + 2] == '-' && p[i + 3] == '-') {
            /* the '>' of the first "-->" after "<!", whose dashes may be the opening ones */
            size_t k = i + 4;
            while (k < n && !(p[k] == '>' && p[k - 1] == '-' && p[k - 2] == '-')) k++;
            if (k >= n) break;
            i = k;
        } else if (rest >= 6 && at_word(p + i + 1, 4, "meta") && (is_ws(p[i + 5]) || p[i + 5] == '/')) {
            s->i = i + 5;
            int r = prescan_meta(s);
            if (r < 0) break;
            if (r > 0) return (pith_enc)r;
            i = s->i;   /* at the '>' */
        } else if ((rest >= 2 && is_alpha(p[i + 1])) ||
                   (rest >= 3 && p[i + 1] == '/' && is_alpha(p[i + 2]))) {
            size_t k = i + 1;
            while (k < n && !is_ws(p[k]) && p[k] != '>') k++;
            const char *raw = NULL;
            if (late && p[i + 1] != '/') {
                const unsigned char *name = p + i + 1;
                size_t nl = k - (i + 1);
                const unsigned char *slash = memchr(name, '/', nl);
                if (slash) nl = (size_t)(slash - name);
                if ((nl == 4 && at_word(name, 4, "body")) || (nl == 9 && at_word(name, 9, "plaintext")))
                    break;
                for (size_t t = 0; t < sizeof raw_text_tags / sizeof *raw_text_tags; t++)
                    if (nl == strlen(raw_text_tags[t]) && at_word(name, nl, raw_text_tags[t]))
                        raw = raw_text_tags[t];
            }
            s->i = k;
            int r;
            while ((r = get_attribute(s)) > 0) {}
            if (r < 0) break;
            i = s->i;
            if (raw) {
                size_t e = find_end_tag(p, n, i + 1, raw);
                if (e >= n) break;
                i = e - 1;   /* the loop's i++ lands on the end tag's '<' */
            }
        } else if (rest >= 2 && (p[i + 1] == '!' || p[i + 1] == '/' || p[i + 1] == '?')) {
            const unsigned char *gt = memchr(p + i + 1, '>', n - i - 1);
            if (!gt) break;
            i = (size_t)(gt - p);
        }
    }
    return PITH_ENC_NONE;
}

pith_enc pith_enc_prescan(const char *in, size_t len)
{
    prescan s;
    s.p = (const unsigned char *)in;
    s.n = len < PITH_PRESCAN_BYTES ? len : PITH_PRESCAN_BYTES;
    /* UTF-16 XML declarations ("<?x" in either byte order). */
    if (s.n >= 6 && !memcmp(in, "<\0?\0x\0", 6)) return PITH_ENC_UTF_16LE;
    if (s.n >= 6 && !memcmp(in, "\0<\0?\0x", 6)) return PITH_ENC_UTF_16BE;
    pith_enc e = scan_meta(&s, false);
    return e != PITH_ENC_NONE ? e : xml_encoding(s.p, s.n);
}

pith_enc pith_enc_late_meta(const char *in, size_t len)
{
    prescan s;
    s.p = (const unsigned char *)in;
    s.n = len;
    return scan_meta(&s, true);
}

/* ---- UTF-8 ---- */

size_t pith_utf8_valid_prefix(const char *in, size_t len)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t i = 0;
    while (i < len) {
        /* ASCII runs, eight bytes at a time */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ull) break;
            i += 8;
        }
        while (i < len && p[i] < 0x80) i++;
        if (i >= len) break;
        size_t k = pith_utf8_seq_len(p + i, p + len);
        if (!k) return i;
        i += k;
    }
    return len;
}

/* The length of the maximal subpart at an invalid position: the bytes that
 * one U+FFFD replaces under the WHATWG UTF-8 decoder (at least 1). */
static size_t utf8_bad_len(const unsigned char *p, size_t n)
{
    unsigned lo, hi;
    size_t need = pith_utf8_lead(p[0], &lo, &hi), i = 1;
    for (; i <= need && i < n; i++) {
        if (p[i] < lo || p[i] > hi) return i;
        lo = 0x80;
        hi = 0xBF;
    }
    return i;
}

static const char FFFD[3] = {(char)0xEF, (char)0xBF, (char)0xBD};

/* Decodes UTF-8 whose first `valid` bytes are known to be valid. */
static pith_status decode_utf8(const char *in, size_t len, size_t valid, pith_buf *out)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t i = 0;
    if (!pith_buf_reserve(out, len)) return PITH_ERR_NOMEM;
    for (;;) {
        size_t v = valid + pith_utf8_valid_prefix(in + i + valid, len - i - valid);
        valid = 0;
        if (!pith_buf_append(out, in + i, v)) return PITH_ERR_NOMEM;
        i += v;
        if (i >= len) return PITH_OK;
        i += utf8_bad_len(p + i, len - i);
        if (!pith_buf_append(out, FFFD, 3)) return PITH_ERR_NOMEM;
    }
}

/* ---- encodings decoded here ---- */

/* windows-1252 bytes 0x80-0x9F (WHATWG index); the rest are U+00xx. */
static const uint16_t w1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* Decodes windows-1252 or (user_defined) x-user-defined; ASCII runs are
 * copied in bulk. */
static pith_status decode_single(const char *in, size_t len, pith_buf *out, bool user_defined)
{
    const unsigned char *p = (const unsigned char *)in;
    if (!pith_buf_reserve(out, len)) return PITH_ERR_NOMEM;
    size_t i = 0;
    while (i < len) {
        size_t s = i;
        while (i < len && p[i] < 0x80) i++;
        if (!pith_buf_append(out, in + s, i - s)) return PITH_ERR_NOMEM;
        if (i >= len) break;
        unsigned b = p[i++];
        uint32_t cp = user_defined ? 0xF780 + (b - 0x80) : (b < 0xA0 ? w1252_high[b - 0x80] : b);
        if (!pith_buf_put_utf8(out, cp)) return PITH_ERR_NOMEM;
    }
    return PITH_OK;
}

static pith_status decode_utf16(const char *in, size_t len, pith_buf *out, bool be)
{
    const unsigned char *p = (const unsigned char *)in;
    if (!pith_buf_reserve(out, len + len / 2)) return PITH_ERR_NOMEM;
    size_t i = 0;
    uint32_t lead = 0;   /* a pending lead surrogate */
    for (; i + 1 < len; i += 2) {
        uint32_t u = be ? (uint32_t)p[i] << 8 | p[i + 1] : (uint32_t)p[i + 1] << 8 | p[i];
        if (lead) {
            uint32_t l = lead;
            lead = 0;
            if (u >= 0xDC00 && u <= 0xDFFF) {
                if (!pith_buf_put_utf8(out, 0x10000 + ((l - 0xD800) << 10) + (u - 0xDC00)))
                    return PITH_ERR_NOMEM;
                continue;
            }
            if (!pith_buf_append(out, FFFD, 3)) return PITH_ERR_NOMEM;
        }
        if (u >= 0xD800 && u <= 0xDBFF) lead = u;
        else if (!pith_buf_put_utf8(out, u)) return PITH_ERR_NOMEM;   /* lone trail -> U+FFFD */
    }
    if (lead || i < len)
        if (!pith_buf_append(out, FFFD, 3)) return PITH_ERR_NOMEM;
    return PITH_OK;
}

/* Decodes through glibc iconv; invalid or unmappable bytes become U+FFFD. */
static pith_status decode_iconv(const char *name, const char *in, size_t len, pith_buf *out)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1) return PITH_ERR_ENCODING;
    char *ip = (char *)in;
    size_t ileft = len;
    pith_status st = PITH_OK;
    size_t room = len + len / 2 + 16;
    for (;;) {
        if (!pith_buf_reserve(out, room)) { st = PITH_ERR_NOMEM; break; }
        char *op = out->data + out->len;
        size_t oleft = out->cap - out->len - 1;   /* keep the NUL's byte */
        size_t r = ileft ? iconv(cd, &ip, &ileft, &op, &oleft) : iconv(cd, NULL, NULL, &op, &oleft);
        int err = errno;
        out->len = (size_t)(op - out->data);
        out->data[out->len] = '\0';
        if (r != (size_t)-1) {
            if (ileft == 0 && ip != NULL) { ip = NULL; continue; }   /* flush the shift state */
            break;
        }
        if (err == E2BIG) { room = (out->cap - out->len) * 2 + 64; continue; }
        if (!pith_buf_append(out, FFFD, 3)) { st = PITH_ERR_NOMEM; break; }
        if (err == EILSEQ && ileft) { ip++; ileft--; continue; }
        break;   /* EINVAL: a truncated sequence at the end */
    }
    iconv_close(cd);
    return st;
}

pith_status pith_decode(pith_enc e, const char *in, size_t len, pith_buf *out)
{
    switch (e) {
    case PITH_ENC_UTF_8: return decode_utf8(in, len, 0, out);
    case PITH_ENC_WINDOWS_1252: return decode_single(in, len, out, false);
    case PITH_ENC_X_USER_DEFINED: return decode_single(in, len, out, true);
    case PITH_ENC_UTF_16LE: return decode_utf16(in, len, out, false);
    case PITH_ENC_UTF_16BE: return decode_utf16(in, len, out, true);
    case PITH_ENC_REPLACEMENT:
        return len && !pith_buf_append(out, FFFD, 3) ? PITH_ERR_NOMEM : PITH_OK;
    default: break;
    }
    if ((unsigned)e >= PITH_ENC_COUNT_ || !enc_iconv[e][0]) return decode_utf8(in, len, 0, out);
    size_t before = out->len;
    pith_status st = decode_iconv(enc_iconv[e], in, len, out);
    if (st != PITH_ERR_ENCODING) return st;
    out->len = before;
    st = decode_single(in, len, out, false);
    return st == PITH_OK ? PITH_ERR_ENCODING : st;
}

/* ---- detection ---- */

/* How many bytes the detector looks at: enough for a confident answer
 * without paying for whole large pages. */
#define DETECT_BYTES (64 * 1024)

/* UTF-16 without a byte-order mark: markup is mostly ASCII, so one byte of
 * nearly every pair is zero and the other almost never is. */
static pith_enc guess_utf16(const unsigned char *p, size_t len)
{
    size_t n = (len < 1024 ? len : 1024) & ~(size_t)1;
    size_t pairs = n / 2, z0 = 0, z1 = 0, i = 0;
    if (pairs < 8) return PITH_ENC_NONE;
#ifdef __SSE2__
    /* sixteen bytes at a time: the zero bytes as a mask, even and odd positions counted apart
     * (every page is looked at here, text or HTML: a fixed cost that weighs on small texts) */
    /* (a lane counts at most 1024 / 16 = 64 zeros: byte counters suffice) */
    __m128i acc = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(x, _mm_setzero_si128()));
    }
    __m128i even = _mm_sad_epu8(_mm_and_si128(acc, _mm_set1_epi16(0x00FF)), _mm_setzero_si128());
    __m128i odd = _mm_sad_epu8(_mm_srli_epi16(acc, 8), _mm_setzero_si128());
    z0 = (size_t)_mm_cvtsi128_si32(even) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(even, 8));
    z1 = (size_t)_mm_cvtsi128_si32(odd) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(odd, 8));
#endif
    for (; i < n; i += 2) {
        z0 += p[i] == 0;
        z1 += p[i + 1] == 0;
    }
    if (z1 * 10 >= pairs * 7 && z0 * 20 <= pairs) return PITH_ENC_UTF_16LE;
    if (z0 * 10 >= pairs * 7 && z1 * 20 <= pairs) return PITH_ENC_UTF_16BE;
    return PITH_ENC_NONE;
}

/* Whether text with some invalid UTF-8 is still UTF-8 with a few stray
 * bytes (common on the web): valid multi-byte sequences outnumber invalid
 * spots four to one. Legacy CJK text fails this, as its byte pairs form
 * valid UTF-8 only by chance, and Latin text has almost no valid pairs. */
static bool mostly_utf8(const char *in, size_t len, size_t valid)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t multi = 0, bad = 0, i = 0;
    if (len > DETECT_BYTES) len = DETECT_BYTES;
    if (valid > len) valid = len;
    for (;;) {
        for (size_t k = i; k < i + valid; k++) multi += p[k] >= 0xC2;
        i += valid;
        if (i >= len) break;
        bad++;
        i += utf8_bad_len(p + i, len - i);
        valid = pith_utf8_valid_prefix(in + i, len - i);
    }
    return multi >= 4 * bad;
}

/* uchardet's guess, mapped through the WHATWG labels. */
static pith_enc guess_uchardet(const char *in, size_t len)
{
    uchardet_t ud = uchardet_new();
    if (!ud) return PITH_ENC_NONE;
    pith_enc e = PITH_ENC_NONE;
    if (uchardet_handle_data(ud, in, len < DETECT_BYTES ? len : DETECT_BYTES) == 0) {
        uchardet_data_end(ud);
        const char *cs = uchardet_get_charset(ud);
        if (cs && *cs) {
            e = pith_enc_from_label(cs, strlen(cs));
            /* uchardet's names that are not WHATWG labels */
            if (e == PITH_ENC_NONE && !strcmp(cs, "MAC-CYRILLIC")) e = PITH_ENC_X_MAC_CYRILLIC;
            /* a guess must not turn the page into one U+FFFD */
            if (e == PITH_ENC_REPLACEMENT) e = PITH_ENC_NONE;
        }
    }
    uchardet_delete(ud);
    return e;
}

pith_enc pith_enc_guess_utf16(const char *in, size_t len)
{
    return guess_utf16((const unsigned char *)in, len);
}

pith_enc pith_enc_detect(const char *in, size_t len)
{
    pith_enc e = guess_utf16((const unsigned char *)in, len);
    return e != PITH_ENC_NONE ? e : guess_uchardet(in, len);
}

/* True when all of `in` is valid UTF-8 and holds at least a few
 * multi-byte sequences; sets *valid to len when so. */
static bool utf8_multibyte(const char *in, size_t len, size_t *valid)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t multi = 0;
    for (size_t i = 0; i < len && multi < 8; i++) multi += p[i] >= 0xC2 && p[i] <= 0xF4;
    if (multi < 8 || pith_utf8_valid_prefix(in, len) < len) return false;
    *valid = len;
    return true;
}

/* The sniffing steps; *valid receives the valid UTF-8 prefix length of `in`
 * when it was measured (SIZE_MAX otherwise) so decoding need not scan it
 * again. */
static pith_enc sniff(const char *in, size_t len, const char *caller, pith_enc fallback,
                      const char **source, size_t *bom_len, size_t *valid)
{
    *valid = SIZE_MAX;
    *bom_len = 0;
    pith_enc e = pith_enc_bom(in, len, bom_len);
    if (e != PITH_ENC_NONE) { *source = "bom"; return e; }
    if (caller && *caller) {
        size_t cl = strlen(caller);
        e = pith_enc_from_label(caller, cl);
        if (e == PITH_ENC_NONE) e = pith_enc_from_content(caller, cl);
        if (e != PITH_ENC_NONE) { *source = "caller"; return e; }
    }
    e = pith_enc_prescan(in, len);
    if (e == PITH_ENC_NONE && len > PITH_PRESCAN_BYTES) e = pith_enc_late_meta(in, len);
    if (e != PITH_ENC_NONE) { *source = "meta"; return e; }
    e = guess_utf16((const unsigned char *)in, len);
    if (e == PITH_ENC_NONE) {
        *valid = pith_utf8_valid_prefix(in, len);
        if (*valid < len) e = mostly_utf8(in, len, *valid) ? PITH_ENC_UTF_8 : guess_uchardet(in, len);
    }
    if (e != PITH_ENC_NONE) { *source = "detector"; return e; }
    *source = "default";
    return fallback != PITH_ENC_NONE ? fallback : PITH_ENC_UTF_8;
}

pith_enc pith_enc_sniff(const char *in, size_t len, const char *caller, pith_enc fallback,
                        const char **source, size_t *bom_len)
{
    const char *src;
    size_t bl, valid;
    pith_enc e = sniff(in, len, caller, fallback, &src, &bl, &valid);
    if (source) *source = src;
    if (bom_len) *bom_len = bl;
    return e;
}

pith_status pith_decode_html_view(const char *in, size_t len, const char *caller_charset,
                                  pith_buf *scratch, const char **text, size_t *text_len,
                                  char enc_name[32], const char **source)
{
    const char *src;
    size_t bl, valid;
    if (!in) { in = ""; len = 0; }
    pith_enc e = sniff(in, len, caller_charset, PITH_ENC_UTF_8, &src, &bl, &valid);
    if (e != PITH_ENC_UTF_8 && !strcmp(src, "meta") && utf8_multibyte(in, len, &valid)) {
        /* a legacy charset declared over bytes that are all valid UTF-8,
         * with multi-byte sequences among them: the page was re-encoded
         * (by a crawler or an editor) and kept its old declaration; legacy
         * text that happens to be valid UTF-8 is vanishingly rare */
        e = PITH_ENC_UTF_8;
        src = "meta-utf8";
    }
    pith_buf_reset(scratch);
    pith_status st = PITH_OK;
    *text = NULL;
    if (e == PITH_ENC_UTF_8) {
        if (valid == SIZE_MAX) valid = pith_utf8_valid_prefix(in + bl, len - bl);
        if (valid == len - bl) {
            *text = in + bl;
            *text_len = len - bl;
        } else {
            st = decode_utf8(in + bl, len - bl, valid, scratch);
        }
    } else {
        st = pith_decode(e, in + bl, len - bl, scratch);
        if (st == PITH_ERR_ENCODING) {   /* decoded as windows-1252 instead */
            e = PITH_ENC_WINDOWS_1252;
            st = PITH_OK;
        }
    }
    if (scratch->oom) st = PITH_ERR_NOMEM;
    if (!*text) {
        *text = scratch->data ? scratch->data : "";
        *text_len = scratch->len;
    }
    if (enc_name) {
        strncpy(enc_name, pith_enc_name(e), 31);
        enc_name[31] = '\0';
    }
    if (source) *source = src;
    return st;
}

pith_status pith_decode_html(const char *in, size_t len, const char *caller_charset,
                             pith_buf *utf8_out, char enc_name[32], const char **source)
{
    const char *text;
    size_t tl;
    pith_status st = pith_decode_html_view(in, len, caller_charset, utf8_out, &text, &tl, enc_name, source);
    if (st == PITH_OK && text != utf8_out->data) {   /* valid UTF-8 in place: copy it in bulk */
        if (!pith_buf_append(utf8_out, text, tl)) st = PITH_ERR_NOMEM;
    }
    return st;
}

/*
 * JSON (pretty, 2-space indent) and JSONL (one line, with "source"). Every
 * field is always present (null or [] when unknown) so that consumers see one
 * schema; "comments", "status"/"reason" and "warnings" appear only when they
 * say something.
 */
#include "render.h"

#include <string.h>

#include "../core/utf8.h"
#include "../core/avx2.h"
#if !defined(PITH_HAVE_AVX2) && defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Appends n bytes to out without the NUL that pith_buf_append adds each time
 * (the caller terminates once at the end); room must have been reserved. */
static inline void put_raw(pith_buf *out, const void *s, size_t n)
{
    memcpy(out->data + out->len, s, n);
    out->len += n;
}

/* Appends n bytes; inlined because the writer below makes many tiny appends. */
static inline void put(pith_buf *out, const char *s, size_t n)
{
    if (!pith_buf_full(out) && out->len + n < out->cap && (!out->max || out->len + n <= out->max)) {
        memcpy(out->data + out->len, s, n);
        out->len += n;
        out->data[out->len] = '\0';
    } else {
        pith_buf_append(out, s, n);
    }
}

/* Length of the valid UTF-8 character at p (p[0] >= 0x80) that a JSON
 * string may hold as it is, or 0: invalid bytes and U+2028/U+2029 (valid
 * JSON, but line ends in JavaScript) are escaped. */
static inline size_t json_utf8_plain(const unsigned char *p, const unsigned char *end)
{
    return pith_utf8_line_sep(p, end) ? 0 : pith_utf8_seq_len(p, end);
}

#ifdef __SSE2__
/* Bit i set when byte i of x is not printable ASCII or is '"' or '\\'. */
static inline unsigned json_special16(__m128i x)
{
    /* a signed compare below 0x20 also takes every byte >= 0x80 */
    __m128i e = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))),
                             _mm_cmplt_epi8(x, _mm_set1_epi8(0x20)));
    return (unsigned)_mm_movemask_epi8(e);
}
#endif

/* The length of the prefix of s[0..end) that goes into a JSON string as it
 * is: printable ASCII other than '"' and '\\', and valid UTF-8 other than
 * U+2028/U+2029. Sixteen bytes are tested at once (the last ones through an
 * overlapping or padded load); non-ASCII characters are checked one by one. */
static size_t json_plain(const unsigned char *s, const unsigned char *end)
{
    const unsigned char *p = s;
    for (;;) {
#ifdef __SSE2__
        unsigned m = 0;
        while (end - p >= 16 && !(m = json_special16(_mm_loadu_si128((const __m128i *)(const void *)p)))) p += 16;
        if (!m) {
            size_t left = (size_t)(end - p);
            if (!left) return (size_t)(p - s);
            if (end - s >= 16) {
                m = json_special16(_mm_loadu_si128((const __m128i *)(const void *)(end - 16))) >> (16 - left);
            } else {
                unsigned char pad[16];
                memset(pad, 'a', sizeof pad);
                memcpy(pad, p, left);
                m = json_special16(_mm_loadu_si128((const __m128i *)(const void *)pad));
            }
            if (!m) return (size_t)(end - s);
        }
        p += __builtin_ctz(m);
#else
        while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') p++;
        if (p >= end) return (size_t)(p - s);
#endif
        if (*p < 0x80) return (size_t)(p - s);
        /* a run of non-ASCII characters (a word in another script) */
        do {
            size_t k = json_utf8_plain(p, end);
            if (!k) return (size_t)(p - s);
            p += k;
        } while (p < end && *p >= 0x80);
    }
}

/* The escape of the byte at p (c < 0x20, '"' or '\\') or of U+2028/U+2029
 * starting there, into esc; returns its length and sets *used to the input
 * bytes it stands for. */
static size_t escape_at(const unsigned char *p, char *esc, size_t *used)
{
    static const char hex[] = "0123456789abcdef";
    unsigned c = *p;
    *used = 1;
    esc[0] = '\\';
    switch (c) {
    case '"': case '\\': esc[1] = (char)c; return 2;
    case '\n': esc[1] = 'n'; return 2;
    case '\r': esc[1] = 'r'; return 2;
    case '\t': esc[1] = 't'; return 2;
    case '\b': esc[1] = 'b'; return 2;
    case '\f': esc[1] = 'f'; return 2;
    default: break;
    }
    if (c == 0xE2) {
        memcpy(esc, p[2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
        *used = 3;
        return 6;
    }
    memcpy(esc, "\\u00", 4);
    esc[4] = hex[c >> 4];
    esc[5] = hex[c & 15];
    return 6;
}

/* Appends valid UTF-8 s[0, n) escaped for a JSON string (no quotes): the
 * runs between escapes found by pith_utf8_json_stop and copied whole.
 * False when the buffer is full. */
static bool escape_valid(pith_buf *out, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = pith_utf8_json_stop(s, i, n);
        if (j > i && !pith_buf_append(out, s + i, j - i)) return false;
        if (j >= n) break;
        char esc[8];
        size_t used, en = escape_at((const unsigned char *)s + j, esc, &used);
        if (!pith_buf_append(out, esc, en)) return false;
        i = j + used;
    }
    return true;
}

#ifdef PITH_HAVE_AVX2
#define HAVE_AVX2_ESCAPE 1
/* True when the byte at p, flagged by pith_json_escape_bits, needs an escape (an E2 only for U+2028/2029). */
static inline bool needs_escape(const unsigned char *p, const unsigned char *end)
{
    return *p != 0xE2 || pith_utf8_line_sep(p, end);
}

/* escape_valid with AVX2 for a string of 32 bytes or more: each block of 32
 * bytes is stored to the output whole and the length moved past its plain
 * bytes, so that copying costs nothing beyond the test. */
__attribute__((target("avx2"))) static bool escape_valid_avx2(pith_buf *out, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str, *end = s + n;
    size_t i = 0;
    /* room for the rest and one spare block */
    if (!pith_buf_reserve(out, n + 32)) return false;
    while (n - i >= 32) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
        unsigned bits = pith_json_escape_bits(x);
        _mm256_storeu_si256((__m256i *)(void *)(out->data + out->len), x);
        while (bits && !needs_escape(s + i + (unsigned)__builtin_ctz(bits), end)) bits &= bits - 1;
        if (!bits) {
            out->len += 32;
            i += 32;
            continue;
        }
        size_t k = (size_t)__builtin_ctz(bits);
        out->len += k;
        char esc[8];
        size_t used, en = escape_at(s + i + k, esc, &used);
        i += k + used;
        if (!pith_buf_reserve(out, en + (n - i) + 32)) return false;
        memcpy(out->data + out->len, esc, en);
        out->len += en;
    }
    /* the rest (under 32 bytes) through the last 32 bytes of the string, those before i shifted out */
    size_t base = i;
    unsigned bits = i < n ? pith_json_escape_bits(_mm256_loadu_si256((const __m256i *)(const void *)(s + n - 32))) >> (32 - (n - i)) : 0;
    while (i < n) {
        while (bits && !needs_escape(s + base + (unsigned)__builtin_ctz(bits), end)) bits &= bits - 1;
        size_t j = bits ? base + (unsigned)__builtin_ctz(bits) : n;
        memcpy(out->data + out->len, s + i, j - i);
        out->len += j - i;
        if (j >= n) break;
        char esc[8];
        size_t used, en = escape_at(s + j, esc, &used);
        i = j + used;
        if (!pith_buf_reserve(out, en + (n - i) + 32)) return false;
        memcpy(out->data + out->len, esc, en);
        out->len += en;
        /* the bits of the bytes the escape stood for */
        bits &= i - base >= 32 ? 0 : ~0u << (i - base);
    }
    out->data[out->len] = '\0';
    return true;
}
#endif

/* Appends valid UTF-8 s[0, n) escaped (no quotes). */
static void json_string_valid_body(pith_buf *out, const char *s, size_t n)
{
#ifdef HAVE_AVX2_ESCAPE
    /* near the output limit the spare block could trip it: go byte-exact there */
    if (n >= 32 && (!out->max || out->len + n + 64 <= out->max) && __builtin_cpu_supports("avx2")) {
        escape_valid_avx2(out, s, n);
        return;
    }
#endif
    escape_valid(out, s, n);
}

/* pith_json_string_n for text known to be valid UTF-8. */
static void json_string_valid(pith_buf *out, const char *s, size_t n)
{
    if (!pith_buf_reserve(out, n + 2)) return;
    out->data[out->len++] = '"';
    json_string_valid_body(out, s, n);
    if (!pith_buf_reserve(out, 1)) return;
    out->data[out->len++] = '"';
    out->data[out->len] = '\0';
}

void pith_json_string_n(pith_buf *out, const char *str, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)str, *end = p + n;
    /* the common case, a string with nothing to escape, costs one reservation and one copy */
    if (!pith_buf_reserve(out, n + 2)) return;
    out->data[out->len++] = '"';
    /* valid UTF-8 (the common case) is only searched for the few bytes that need escapes */
    if (n >= 64 && pith_utf8_valid(str, n)) {
        json_string_valid_body(out, str, n);
        if (!pith_buf_reserve(out, 1)) return;
        out->data[out->len++] = '"';
        out->data[out->len] = '\0';
        return;
    }
    for (;;) {
        size_t run = json_plain(p, end);
        if (run) {
            if (!pith_buf_reserve(out, run + 1)) return;
            put_raw(out, p, run);
            p += run;
        }
        if (p >= end) break;
        unsigned c = *p;
        char esc[8];
        size_t en = 2, used = 1;
        esc[0] = '\\';
        if (c >= 0x80) {
            size_t k = pith_utf8_seq_len(p, end);
            if (k == 3) { memcpy(esc, p[2] == 0xA8 ? "\\u2028" : "\\u2029", 6); used = 3; }
            else memcpy(esc, "\\ufffd", 6); /* an invalid UTF-8 byte */
            en = 6;
        } else if (c == '"' || c == '\\') {
            esc[1] = (char)c;
        } else if (c == '\n') {
            esc[1] = 'n';
        } else if (c == '\r') {
            esc[1] = 'r';
        } else if (c == '\t') {
            esc[1] = 't';
        } else if (c == '\b') {
            esc[1] = 'b';
        } else if (c == '\f') {
            esc[1] = 'f';
        } else {
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            en = 6;
        }
        if (!pith_buf_reserve(out, en + 1)) return;
        put_raw(out, esc, en);
        p += used;
    }
    if (!pith_buf_reserve(out, 1)) return;
    out->data[out->len++] = '"';
    out->data[out->len] = '\0';
}

void pith_json_string(pith_buf *out, const char *s)
{
    if (!s) put(out, "null", 4);
    else pith_json_string_n(out, s, strlen(s));
}

/* A tiny streaming writer: tracks nesting, commas and indentation. */
/* the document, body, block, items and item take 5 levels; each nested list
 * 4 more (lists, list, items, item) */
enum { JW_MAX_DEPTH = 48 };
_Static_assert(5 + 4 * PITH_LIST_MAX_DEPTH < JW_MAX_DEPTH, "the writer's depth holds the deepest list");
typedef struct jw {
    pith_buf *out;
    bool pretty;
    int depth;
    bool first[JW_MAX_DEPTH];
} jw;

/* A line break and up to JW_MAX_DEPTH levels of indentation, after a comma. */
static const char comma_indent[] = ",\n"
    "                                "
    "                                "
    "                                ";
_Static_assert(sizeof comma_indent >= 2 + 2 * JW_MAX_DEPTH + 1, "indentation for every depth");

static void jw_sep(jw *w)
{
    if (w->depth == 0) return;
    bool first = w->first[w->depth];
    w->first[w->depth] = false;
    /* the comma, line break and indentation in one append */
    size_t skip = first ? 1 : 0, n = w->pretty ? 2 + 2 * (size_t)w->depth : 1;
    put(w->out, comma_indent + skip, n - skip);
}

/* Writes `"k": ` into o for a field at depth d (with the comma, line break
 * and indentation before it unless it is the object's first field, none at
 * depth 0) and returns the end; o has room for 2 * d + kn + 22 bytes. */
static inline char *key_at(char *o, bool pretty, size_t d, bool first, const char *k, size_t kn)
{
    size_t sep = d == 0 ? 0 : (first ? 0 : 1) + (pretty ? 1 + 2 * d : 0);
    /* (a separator of up to 16 bytes, the usual depths, is copied as 16 fixed bytes: the
     * room allows it, and the bytes past it are overwritten next) */
    if (sep <= 16) memcpy(o, comma_indent + (first ? 1 : 0), 16);
    else memcpy(o, comma_indent + (first ? 1 : 0), sep);
    o += sep;
    *o++ = '"';
    memcpy(o, k, kn);
    o += kn;
    *o++ = '"';
    *o++ = ':';
    if (pretty) *o++ = ' ';
    return o;
}

/* Writes the separator, indentation and `"k": ` in one go (keys are plain
 * ASCII literals: nothing to escape); inlined, strlen of a literal is folded. */
static inline void jw_key(jw *w, const char *k)
{
    size_t kn = strlen(k), d = (size_t)w->depth;
    bool first = w->first[d];
    w->first[d] = false;
    if (!pith_buf_reserve(w->out, 2 * d + kn + 22)) return;
    char *o = key_at(w->out->data + w->out->len, w->pretty, d, first, k, kn);
    w->out->len = (size_t)(o - w->out->data);
    *o = '\0';
}

/* A field whose value is a plain ASCII literal (a type or status name). */
static void jw_lit_field(jw *w, const char *k, const char *v)
{
    jw_key(w, k);
    size_t n = strlen(v);
    if (!pith_buf_reserve(w->out, n + 2)) return;
    char *o = w->out->data + w->out->len;
    *o++ = '"';
    memcpy(o, v, n);
    o += n;
    *o++ = '"';
    w->out->len = (size_t)(o - w->out->data);
    *o = '\0';
}

static void jw_open(jw *w, char c)
{
    put(w->out, &c, 1);
    if (w->depth + 1 < JW_MAX_DEPTH) w->depth++;
    w->first[w->depth] = true;
}

static void jw_close(jw *w, char c)
{
    bool empty = w->first[w->depth];
    w->depth--;
    if (w->pretty && !empty) put(w->out, comma_indent + 1, 1 + 2 * (size_t)w->depth);
    put(w->out, &c, 1);
}

static void jw_str_field(jw *w, const char *k, const char *v)
{
    jw_key(w, k);
    pith_json_string(w->out, v);
}

static void jw_list_field(jw *w, const char *k, const pith_strlist *l)
{
    jw_key(w, k);
    jw_open(w, '[');
    for (size_t i = 0; i < l->n; i++) {
        jw_sep(w);
        pith_json_string(w->out, l->items[i]);
    }
    jw_close(w, ']');
}

/* Writes v in decimal into o (room for 21 bytes), without printf; returns its length. */
static size_t long_digits(char *o, long v)
{
    char buf[24], *e = buf + sizeof buf, *q = e;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    do *--q = (char)('0' + u % 10); while ((u /= 10) != 0);
    if (v < 0) *--q = '-';
    memcpy(o, q, (size_t)(e - q));
    return (size_t)(e - q);
}

static void jw_int_field(jw *w, const char *k, long v)
{
    jw_key(w, k);
    char buf[24];
    put(w->out, buf, long_digits(buf, v));
}

static void jw_bool_field(jw *w, const char *k, bool v)
{
    jw_key(w, k);
    pith_buf_puts(w->out, v ? "true" : "false");
}

/* Opens a list object in an item's "lists": {"ordered", "start"?, "items": [. */
static void jw_list_open(jw *w, const pith_list_line *ln)
{
    jw_sep(w);
    jw_open(w, '{');
    jw_bool_field(w, "ordered", ln->ordered);
    if (ln->ordered) jw_int_field(w, "start", ln->number);
    jw_key(w, "items");
    jw_open(w, '[');
}

/* The list's items as objects {"text", "number" (ordered lists), "lists"?}:
 * the lists nested in an item are its "lists", each {"ordered", "start"?,
 * "items"}, in their order, so that two lists one after the other in the
 * same item stay two. */
static void jw_items(jw *w, const pith_block *b)
{
    int depth = -1; /* depth of the open item object */
    pith_list_iter it;
    pith_list_line ln;
    pith_list_begin(&it, b, false);
    jw_key(w, "items");
    jw_open(w, '[');
    while (pith_list_next(&it, &ln)) {
        int d = ln.depth;
        while (depth > d) {
            jw_close(w, '}'); /* item */
            jw_close(w, ']'); /* items */
            jw_close(w, '}'); /* list */
            jw_close(w, ']'); /* lists */
            depth--;
        }
        if (depth == d) {
            jw_close(w, '}');
            /* a sibling list in the same item (the block's own items at
             * depth 0 stay one list, as in XML) */
            if (ln.new_list && d > 0) {
                jw_close(w, ']');
                jw_close(w, '}');
                jw_list_open(w, &ln);
            }
        } else if (d > 0) {
            jw_key(w, "lists");
            jw_open(w, '[');
            jw_list_open(w, &ln);
        }
        depth = d;
        jw_sep(w);
        jw_open(w, '{');
        jw_key(w, "text");
        pith_json_string_n(w->out, ln.text, ln.len);
        if (ln.ordered) jw_int_field(w, "number", ln.number);
    }
    while (depth > 0) {
        jw_close(w, '}');
        jw_close(w, ']');
        jw_close(w, '}');
        jw_close(w, ']');
        depth--;
    }
    if (depth == 0) jw_close(w, '}');
    jw_close(w, ']');
}

/* The table as a rectangular grid of cell texts, spanned positions holding
 * the spanning cell's text (rows as they are when it has no grid), and the
 * spans themselves. */
static void jw_table(jw *w, const pith_block *b)
{
    jw_str_field(w, "caption", b->caption);
    jw_bool_field(w, "header", b->header_rows > 0);
    jw_int_field(w, "header_rows", (long)b->header_rows);
    jw_key(w, "rows");
    jw_open(w, '[');
    if (b->grid) {
        for (uint32_t y = 0; y < b->n_rows; y++) {
            jw_sep(w);
            jw_open(w, '[');
            for (uint32_t x = 0; x < b->n_cols; x++) {
                uint32_t k = b->grid[(size_t)y * b->n_cols + x];
                jw_sep(w);
                pith_json_string(w->out, k == PITH_NO_CELL ? "" : pith_cell_text(&b->cells[k], false));
            }
            jw_close(w, ']');
        }
    } else {
        for (size_t i = 0; i < b->n_cells; i++) {
            if (!i || b->cells[i].row != b->cells[i - 1].row) {
                if (i) jw_close(w, ']');
                jw_sep(w);
                jw_open(w, '[');
            }
            jw_sep(w);
            pith_json_string(w->out, pith_cell_text(&b->cells[i], false));
        }
        if (b->n_cells) jw_close(w, ']');
    }
    jw_close(w, ']');
    bool spans = false;
    for (size_t i = 0; i < b->n_cells && !spans; i++) spans = b->cells[i].rowspan > 1 || b->cells[i].colspan > 1;
    if (!spans) return;
    jw_key(w, "spans");
    jw_open(w, '[');
    for (size_t i = 0; i < b->n_cells; i++) {
        const pith_table_cell *c = &b->cells[i];
        if (c->rowspan <= 1 && c->colspan <= 1) continue;
        jw_sep(w);
        jw_open(w, '{');
        jw_int_field(w, "row", (long)c->row);
        jw_int_field(w, "col", (long)c->col);
        jw_int_field(w, "rowspan", (long)c->rowspan);
        jw_int_field(w, "colspan", (long)c->colspan);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

/* Writes a paragraph or heading whose escaped text lies at at[0], at[1] in
 * the output with one reservation: the same bytes as jw_sep, jw_open, its
 * fields and jw_close (a page has dozens of blocks: their setup cost more
 * than their text). False, with nothing written, when the writer is nested
 * too deep for it. */
static bool jw_text_block(jw *w, const pith_block *b, const size_t *at)
{
    size_t d = (size_t)w->depth;
    if (d == 0 || d + 2 >= JW_MAX_DEPTH) return false;
    const char *type = pith_block_type_name(b->type);
    size_t tn = strlen(type);
    /* separators and indentation (3 of at most 2 + 2 * JW_MAX_DEPTH), keys, type, level */
    if (!pith_buf_reserve(w->out, at[1] + 6 * JW_MAX_DEPTH + tn + 64)) return true;
    bool first = w->first[d];
    w->first[d] = false;
    char *data = w->out->data, *o = data + w->out->len;
    size_t skip = first ? 1 : 0, n = w->pretty ? 2 + 2 * d : 1;
    memcpy(o, comma_indent + skip, n - skip);
    o += n - skip;
    *o++ = '{';
    o = key_at(o, w->pretty, d + 1, true, "type", 4);
    *o++ = '"';
    memcpy(o, type, tn);
    o += tn;
    *o++ = '"';
    if (b->type == PITH_BLOCK_HEADING) {
        o = key_at(o, w->pretty, d + 1, false, "level", 5);
        o += long_digits(o, pith_heading_level(b));
    }
    o = key_at(o, w->pretty, d + 1, false, "text", 4);
    *o++ = '"';
    memcpy(o, data + at[0], at[1]);
    o += at[1];
    *o++ = '"';
    if (w->pretty) {
        memcpy(o, comma_indent + 1, 1 + 2 * d);
        o += 1 + 2 * d;
    }
    *o++ = '}';
    *o = '\0';
    w->out->len = (size_t)(o - data);
    return true;
}

/* Writes a block; `at` (or NULL) is where its escaped text already lies in the output. */
static void jw_block(jw *w, const pith_block *b, bool links, bool valid, const size_t *at)
{
    jw_sep(w);
    jw_open(w, '{');
    jw_lit_field(w, "type", pith_block_type_name(b->type));
    if (b->type == PITH_BLOCK_HEADING) jw_int_field(w, "level", pith_heading_level(b));
    jw_key(w, "text");
    if (at && pith_buf_reserve(w->out, at[1] + 2)) {
        /* (the reservation may move the data: the source is taken after it) */
        char *d = w->out->data;
        d[w->out->len++] = '"';
        memcpy(d + w->out->len, d + at[0], at[1]);
        w->out->len += at[1];
        d[w->out->len++] = '"';
        d[w->out->len] = '\0';
    } else if (valid) {
        json_string_valid(w->out, b->text, strlen(b->text));
    } else {
        pith_json_string(w->out, b->text);
    }
    if (links && b->rich) jw_str_field(w, "markdown", b->rich);
    if (b->type == PITH_BLOCK_LIST) {
        jw_bool_field(w, "ordered", b->level == 1);
        if (b->level == 1 && b->n_items) jw_int_field(w, "start", b->items[0].number);
        jw_items(w, b);
    } else if (b->type == PITH_BLOCK_TABLE) {
        jw_table(w, b);
    }
    jw_close(w, '}');
}

static void jw_image(jw *w, const pith_image *im, size_t n_blocks)
{
    jw_sep(w);
    jw_open(w, '{');
    jw_str_field(w, "src", im->src);
    jw_str_field(w, "alt", im->alt);
    jw_str_field(w, "caption", im->caption);
    jw_str_field(w, "credit", im->credit);
    jw_key(w, "lead");
    pith_buf_puts(w->out, im->lead ? "true" : "false");
    /* the body block it stands before (the body's length: after the last) */
    jw_int_field(w, "block", (long)(im->block < n_blocks ? im->block : n_blocks));
    jw_close(w, '}');
}

/* Blocks whose escaped text "body" copies from "text" (the rest are escaped again). */
enum { JSON_SPANS = 512 };

/* Writes the "text" value block by block when r->text is valid UTF-8 and is
 * the blocks joined by '\n' (a table's caption before its table, as
 * pith_result_finish makes it), noting in at[2i], at[2i+1] where block i's
 * escaped text starts in out and its length; false, with nothing written,
 * when the text is not that join. Escaping is per character, so the pieces
 * make the same bytes as escaping the whole. */
static bool text_by_blocks(pith_buf *out, const pith_result *r, size_t *at)
{
    if (!r->text || !r->text_utf8 || !r->n_blocks) return false;
    size_t total = 0;
    for (size_t i = 0; i < r->n_blocks; i++) {
        const pith_block *b = &r->blocks[i];
        if (!b->text) return false;
        if (b->type == PITH_BLOCK_TABLE && b->caption) total += strlen(b->caption) + 1;
        size_t n = strlen(b->text);
        /* (the length is kept where the span goes, to be read once more below) */
        if (i < JSON_SPANS) at[2 * i + 1] = n;
        total += n + (i ? 1 : 0);
    }
    if (strlen(r->text) != total) return false;
    /* the output holds the text about twice ("text" and "body"): one reservation
     * instead of a doubling with copies, unless that would pass the limit */
    if (!out->max || out->len + 2 * total + 4096 <= out->max) pith_buf_reserve(out, 2 * total + 4096);
    pith_buf_putc(out, '"');
    for (size_t i = 0; i < r->n_blocks; i++) {
        const pith_block *b = &r->blocks[i];
        if (i) pith_buf_append(out, "\\n", 2);
        if (b->type == PITH_BLOCK_TABLE && b->caption) {
            json_string_valid_body(out, b->caption, strlen(b->caption));
            pith_buf_append(out, "\\n", 2);
        }
        size_t from = out->len;
        json_string_valid_body(out, b->text, i < JSON_SPANS ? at[2 * i + 1] : strlen(b->text));
        if (i < JSON_SPANS) {
            at[2 * i] = from;
            at[2 * i + 1] = out->len - from;
        }
    }
    pith_buf_putc(out, '"');
    return true;
}

void pith_render_json(const pith_result *r, const pith_options *o, const char *source,
                      bool pretty, pith_budget *budget, pith_buf *out)
{
    jw w = {.out = out, .pretty = pretty};
    size_t at[2 * JSON_SPANS];
    jw_open(&w, '{');
    if (!pretty) jw_str_field(&w, "source", source);
    jw_str_field(&w, "title", r->title);
    jw_list_field(&w, "authors", &r->authors);
    jw_str_field(&w, "date", r->date);
    jw_str_field(&w, "modified", r->modified);
    jw_str_field(&w, "language", r->language);
    jw_str_field(&w, "sitename", r->sitename);
    jw_str_field(&w, "url", r->url);
    jw_str_field(&w, "description", r->description);
    jw_str_field(&w, "image", r->image);
    jw_list_field(&w, "tags", &r->tags);
    jw_list_field(&w, "categories", &r->categories);
    jw_str_field(&w, "license", r->license);
    jw_str_field(&w, "agency", r->agency);
    jw_str_field(&w, "encoding", r->encoding);
    jw_key(&w, "text");
    bool spans = text_by_blocks(w.out, r, at);
    if (!spans && r->text && r->text_utf8) json_string_valid(w.out, r->text, strlen(r->text));
    else if (!spans) pith_json_string(w.out, r->text ? r->text : "");
    jw_key(&w, "images");
    jw_open(&w, '[');
    for (size_t i = 0; i < r->n_images; i++) jw_image(&w, &r->images[i], r->n_blocks);
    jw_close(&w, ']');
    jw_key(&w, "body");
    jw_open(&w, '[');
    bool links = o && o->links;
    for (size_t i = 0; i < r->n_blocks; i++) {
        if (!r->blocks[i].text || !*r->blocks[i].text) continue;
        const pith_block *b = &r->blocks[i];
        const size_t *bat = spans && i < JSON_SPANS && !pith_buf_full(out) ? &at[2 * i] : NULL;
        /* (the budget counts 64-byte units of text: the escaped length, when known, saves a strlen) */
        /* (bat is set only while the output is not full) */
        if (bat ? pith_budget_tick(budget, 1 + bat[1] / 64) : pith_render_stop(budget, out, b->text))
            return;
        if (bat && (b->type == PITH_BLOCK_PARAGRAPH || b->type == PITH_BLOCK_HEADING) && !(links && b->rich) &&
            (!out->max || out->len + bat[1] + 8 * JW_MAX_DEPTH + 64 <= out->max) && jw_text_block(&w, b, bat))
            continue;
        jw_block(&w, b, links, r->text_utf8, bat);
    }
    jw_close(&w, ']');
    if (r->comments) jw_str_field(&w, "comments", r->comments);
    if (r->status != PITH_OK) {
        jw_str_field(&w, "status", pith_status_name(r->status));
        jw_str_field(&w, "reason", r->reason ? r->reason : pith_strerror(r->status));
    }
    if (r->warnings.n) jw_list_field(&w, "warnings", &r->warnings);
    jw_close(&w, '}');
    pith_buf_putc(out, '\n');
}

/* UTF-8 validation and the JSON escape scan: the vector versions give the
 * plain versions' answers on random valid, corrupted and cut text, and the
 * classic invalid forms are refused wherever they sit. */
#include <jansson.h>
#include <stdlib.h>

#include "core/buf.h"
#include "render/render.h"

#include "core/utf8.h"
#include "t.h"

static unsigned long long seed = 777;

static unsigned rnd(void)
{
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)(seed >> 33);
}

static void put_cp(char *b, size_t *n, unsigned cp)
{
    if (cp < 0x80) b[(*n)++] = (char)cp;
    else if (cp < 0x800) { b[(*n)++] = (char)(0xC0 | cp >> 6); b[(*n)++] = (char)(0x80 | (cp & 63)); }
    else if (cp < 0x10000) {
        b[(*n)++] = (char)(0xE0 | cp >> 12);
        b[(*n)++] = (char)(0x80 | ((cp >> 6) & 63));
        b[(*n)++] = (char)(0x80 | (cp & 63));
    } else {
        b[(*n)++] = (char)(0xF0 | cp >> 18);
        b[(*n)++] = (char)(0x80 | ((cp >> 12) & 63));
        b[(*n)++] = (char)(0x80 | ((cp >> 6) & 63));
        b[(*n)++] = (char)(0x80 | (cp & 63));
    }
}

/* Random text: ASCII (some of it to escape), two-, three- and four-byte characters. */
static size_t random_text(char *buf, size_t want)
{
    size_t n = 0;
    while (n < want) {
        unsigned r = rnd(), cp;
        switch (r % 6) {
        case 0: case 1: cp = 0x20 + (r >> 8) % 95; break;
        case 2: cp = (r >> 8) % 0x20; break;
        case 3: cp = 0x80 + (r >> 8) % 0x780; break;
        case 4: cp = 0x800 + (r >> 8) % 0xF800; if (cp >= 0xD800 && cp < 0xE000) cp = 0x2028 + (cp & 1); break;
        default: cp = 0x10000 + (r >> 8) % 0x100000; break;
        }
        put_cp(buf, &n, cp);
    }
    return n;
}

static void test_valid(void)
{
    char buf[400];
    int bad = 0, valid = 0;
    for (int it = 0; it < 20000; it++) {
        size_t n = random_text(buf, 64 + rnd() % 300);
        valid += pith_utf8_valid(buf, n);
        size_t pos = rnd() % n;
        char old = buf[pos];
        buf[pos] = (char)rnd();
        if (pith_utf8_valid(buf, n) != pith_utf8_valid_plain(buf, n)) bad++;
        buf[pos] = old;
        if (pith_utf8_valid(buf, pos + 1) != pith_utf8_valid_plain(buf, pos + 1)) bad++;
    }
    CHECK(bad == 0);
    CHECK(valid == 20000);
    /* the classic invalid forms, after ASCII so that the vector path sees them, and at the end */
    static const char *const wrong[] = {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80",
                                        "\x80", "\xC3", "\xE2\x82", "\xF0\x9F\x98", "\xC3\x28", "\xFF"};
    for (size_t k = 0; k < sizeof wrong / sizeof wrong[0]; k++) {
        for (size_t at = 60; at < 100; at += 13) {
            memset(buf, 'x', 200);
            size_t m = strlen(wrong[k]);
            memcpy(buf + at, wrong[k], m);
            CHECK(!pith_utf8_valid(buf, 200));
            CHECK(!pith_utf8_valid(buf, at + m));
        }
    }
    memset(buf, 'x', 200);
    memcpy(buf + 90, "\xF0\x9F\x98\x80\xE2\x82\xAC\xC3\xA9", 9);
    CHECK(pith_utf8_valid(buf, 200) && pith_utf8_valid(buf, 99));
}

static void test_json_stop(void)
{
    char buf[400];
    int bad = 0;
    for (int it = 0; it < 20000; it++) {
        size_t n = random_text(buf, 1 + rnd() % 300), i = rnd() % n;
        if (pith_utf8_json_stop(buf, i, n) != pith_utf8_json_stop_plain(buf, i, n)) bad++;
    }
    CHECK(bad == 0);
    const char *s = "a plain sentence that goes on long enough for the vector loop \"here\"";
    CHECK(pith_utf8_json_stop(s, 0, strlen(s)) == (size_t)(strchr(s, '"') - s));
    s = "a plain sentence that goes on long enough for the vector loop, with no stop";
    CHECK(pith_utf8_json_stop(s, 0, strlen(s)) == strlen(s));
}

/* Long strings (the path that validates first) come back from a JSON parser
 * unchanged, with U+2028/2029 written as escapes. */
static void test_json_strings(void)
{
    char buf[400];
    pith_buf out;
    pith_buf_init(&out);
    int bad = 0;
    for (int it = 0; it < 3000; it++) {
        size_t n = random_text(buf, 64 + rnd() % 300);
        pith_buf_reset(&out);
        pith_json_string_n(&out, buf, n);
        json_error_t err;
        json_t *j = json_loadb(out.data, out.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
        if (!j || !json_is_string(j) || json_string_length(j) != n || memcmp(json_string_value(j), buf, n)) bad++;
        if (memmem(out.data, out.len, "\xE2\x80\xA8", 3) || memmem(out.data, out.len, "\xE2\x80\xA9", 3)) bad++;
        json_decref(j);
    }
    CHECK(bad == 0);
    pith_buf_free(&out);
}

/* One sequence at a time: the length of each well-formed one at its edges,
 * 0 for the ill-formed and the cut ones. */
static void test_seq_len(void)
{
    static const struct { const char *s; size_t len; } cases[] = {
        {"a", 1}, {"\x7F", 1}, {"\xC2\x80", 2}, {"\xDF\xBF", 2}, {"\xE0\xA0\x80", 3}, {"\xED\x9F\xBF", 3},
        {"\xEE\x80\x80", 3}, {"\xF0\x90\x80\x80", 4}, {"\xF4\x8F\xBF\xBF", 4},
        {"\x80", 0}, {"\xC1\xBF", 0}, {"\xE0\x9F\xBF", 0}, {"\xED\xA0\x80", 0}, {"\xF0\x8F\xBF\xBF", 0},
        {"\xF4\x90\x80\x80", 0}, {"\xF5\x80\x80\x80", 0}, {"\xC3\x28", 0}, {"\xE2\x82\x28", 0}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const unsigned char *p = (const unsigned char *)cases[k].s;
        size_t n = strlen(cases[k].s);
        CHECK(pith_utf8_seq_len(p, p + n) == cases[k].len);
        if (n > 1) CHECK(pith_utf8_seq_len(p, p + n - 1) == 0); /* cut short */
    }
    /* the encoder writes what the reader takes back, at each length's edges */
    static const uint32_t cps[] = {0, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF};
    static const size_t lens[] = {1, 1, 2, 2, 3, 3, 3, 4, 4};
    for (size_t k = 0; k < sizeof cps / sizeof cps[0]; k++) {
        char o[4];
        size_t n = pith_utf8_encode(cps[k], o);
        CHECK(n == lens[k]);
        CHECK(pith_utf8_seq_len((const unsigned char *)o, (const unsigned char *)o + n) == n);
    }
    char e[4];
    CHECK(pith_utf8_encode(0x20AC, e) == 3 && !memcmp(e, "\xE2\x82\xAC", 3));
    unsigned lo, hi;
    CHECK(pith_utf8_lead(0xE0, &lo, &hi) == 2 && lo == 0xA0 && hi == 0xBF);
    CHECK(pith_utf8_lead(0xF4, &lo, &hi) == 3 && lo == 0x80 && hi == 0x8F);
    CHECK(pith_utf8_lead('a', &lo, &hi) == 0 && pith_utf8_lead(0xBF, &lo, &hi) == 0);
}

int main(void)
{
    test_seq_len();
    test_valid();
    test_json_stop();
    test_json_strings();
    return T_DONE("utf8");
}

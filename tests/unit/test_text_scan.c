/* The text cleaner's byte kernels: the vector versions give the plain
 * versions' answers on random and edge-case input (on a CPU without the
 * vector unit both sides are the plain version and the test still runs). */
#include <stdlib.h>

#include "t.h"
#include "text/scan.h"

static unsigned long long seed = 12345;

static unsigned rnd(void)
{
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)(seed >> 33);
}

/* Bytes weighted towards what the kernels tell apart: letters, spaces,
 * punctuation, continuation and lead bytes, control bytes. */
static unsigned char pick(void)
{
    static const char ascii[] = "  abc XYZ 09.!?,;:\"'()[]{}<>=_\\\t\r\f\v/|^~";
    unsigned r = rnd();
    switch (r % 8) {
    case 0: return (unsigned char)(0x80 + (r >> 8) % 0x40);
    case 1: return (unsigned char)(0xC0 + (r >> 8) % 0x40);
    case 2: return (unsigned char)"\xC2\xE2\xE3\xEF\xA0\x80"[(r >> 8) % 6];
    case 3: return (unsigned char)((r >> 8) & 0xFF);
    default: return (unsigned char)ascii[(r >> 8) % (sizeof ascii - 1)];
    }
}

static void test_byte_stats(void)
{
    unsigned char buf[700];
    int bad = 0;
    for (int it = 0; it < 20000; it++) {
        size_t n = 1 + rnd() % sizeof buf;
        for (size_t i = 0; i < n; i++) buf[i] = pick();
        size_t b = rnd() % n, e = b + rnd() % (n - b + 1);
        uint32_t h1[B_COUNT] = {0}, h2[B_COUNT] = {0};
        text_byte_stats(buf, b, e, h1);
        text_byte_stats_plain(buf, b, e, h2);
        if (memcmp(h1 + 1, h2 + 1, (B_COUNT - 1) * sizeof h1[0])) bad++;
    }
    CHECK(bad == 0);
    /* every byte value alone at the end of a long range */
    for (int c = 0; c < 256; c++) {
        memset(buf, 'a', 100);
        buf[99] = (unsigned char)c;
        uint32_t h1[B_COUNT] = {0}, h2[B_COUNT] = {0};
        text_byte_stats(buf, 40, 100, h1);
        text_byte_stats_plain(buf, 40, 100, h2);
        if (memcmp(h1 + 1, h2 + 1, (B_COUNT - 1) * sizeof h1[0])) bad++;
    }
    CHECK(bad == 0);
    uint32_t h[B_COUNT] = {0};
    const char *s = "  if (a == b) { x_1 = \"2024\"; } Done. Right? \xE4\xB8\xAD\xC3\xA9 ....................";
    text_byte_stats((const unsigned char *)s, 0, strlen(s), h);
    CHECK(h[B_DIGIT] == 5 && h[B_SENT] == 22 && h[B_CJK] == 1 && h[B_CONT] == 3);
    CHECK(h[B_CODE] == 11 && h[B_SPACE] == 14);
}

static void test_plain_run(void)
{
    unsigned char buf[300];
    int bad = 0;
    for (int it = 0; it < 50000; it++) {
        size_t n = 1 + rnd() % sizeof buf;
        /* mostly words and single spaces, so that runs are long */
        for (size_t i = 0; i < n; i++) buf[i] = rnd() % 6 ? (unsigned char)("abc d"[rnd() % 5]) : pick();
        size_t i = rnd() % n;
        if (text_plain_run(buf, i, n) != text_plain_run_plain(buf, i, n)) bad++;
    }
    CHECK(bad == 0);
    const char *s = "one two three four five six seven eight nine ten  double";
    CHECK(text_plain_run((const unsigned char *)s, 0, strlen(s)) == (size_t)(strstr(s, "  ") - s));
    s = "one two three four five six seven eight nine ten eleven twelve";
    CHECK(text_plain_run((const unsigned char *)s, 0, strlen(s)) == strlen(s));
}

static void put_cp(unsigned char *b, size_t *n, unsigned cp)
{
    if (cp < 0x80) b[(*n)++] = (unsigned char)cp;
    else if (cp < 0x800) { b[(*n)++] = (unsigned char)(0xC0 | cp >> 6); b[(*n)++] = (unsigned char)(0x80 | (cp & 63)); }
    else if (cp < 0x10000) {
        b[(*n)++] = (unsigned char)(0xE0 | cp >> 12);
        b[(*n)++] = (unsigned char)(0x80 | ((cp >> 6) & 63));
        b[(*n)++] = (unsigned char)(0x80 | (cp & 63));
    } else {
        b[(*n)++] = (unsigned char)(0xF0 | cp >> 18);
        b[(*n)++] = (unsigned char)(0x80 | ((cp >> 12) & 63));
        b[(*n)++] = (unsigned char)(0x80 | ((cp >> 6) & 63));
        b[(*n)++] = (unsigned char)(0x80 | (cp & 63));
    }
}

static void test_utf8(void)
{
    unsigned char buf[400];
    int bad = 0, valid = 0;
    for (int it = 0; it < 20000; it++) {
        /* valid text of every length of sequence, then one byte changed, then cut */
        size_t n = 0;
        while (n < 200) {
            unsigned r = rnd(), cp;
            switch (r % 4) {
            case 0: cp = 0x20 + (r >> 8) % 95; break;
            case 1: cp = 0x80 + (r >> 8) % 0x780; break;
            case 2: cp = 0x800 + (r >> 8) % 0xF800; if (cp >= 0xD800 && cp < 0xE000) cp = 0x4E2D; break;
            default: cp = 0x10000 + (r >> 8) % 0x100000; break;
            }
            put_cp(buf, &n, cp);
        }
        valid += text_utf8_valid(buf, n);
        if (text_utf8_valid(buf, n) != text_utf8_valid_plain(buf, n)) bad++;
        size_t pos = rnd() % n;
        unsigned char old = buf[pos];
        buf[pos] = (unsigned char)rnd();
        if (text_utf8_valid(buf, n) != text_utf8_valid_plain(buf, n)) bad++;
        buf[pos] = old;
        if (text_utf8_valid(buf, pos + 1) != text_utf8_valid_plain(buf, pos + 1)) bad++;
    }
    CHECK(bad == 0);
    CHECK(valid == 20000);
    /* the classic invalid forms, after 64 bytes of ASCII so that the vector path sees them */
    static const char *const wrong[] = {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80",
                                        "\x80", "\xC3", "\xE2\x82", "\xF0\x9F\x98", "\xC3\x28", "\xFF"};
    for (size_t k = 0; k < sizeof wrong / sizeof wrong[0]; k++) {
        for (size_t at = 60; at < 100; at += 13) {
            memset(buf, 'x', 200);
            size_t m = strlen(wrong[k]);
            memcpy(buf + at, wrong[k], m);
            CHECK(!text_utf8_valid(buf, 200));
            CHECK(!text_utf8_valid(buf, at + m)); /* at the very end */
        }
    }
    memset(buf, 'x', 200);
    memcpy(buf + 90, "\xF0\x9F\x98\x80\xE2\x82\xAC\xC3\xA9", 9);
    CHECK(text_utf8_valid(buf, 200) && text_utf8_valid(buf, 99));
}

int main(void)
{
    test_byte_stats();
    test_plain_run();
    test_utf8();
    /* and the plain versions behind the dispatch, through the public entry points */
    bool was = text_scan_plain(true);
    test_byte_stats();
    text_scan_plain(was);
    return T_DONE("text_scan");
}

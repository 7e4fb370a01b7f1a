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
    /* quotes, dashes and CJK start no space: the run goes on past them, to the NBSP */
    s = "one \xE2\x80\x9Ctwo\xE2\x80\x9D \xE2\x80\x93 three \xE6\x97\xA5\xE6\x9C\xAC four five six seven"
        "\xC2\xA0" "eight";
    CHECK(text_plain_run((const unsigned char *)s, 0, strlen(s)) == (size_t)(strstr(s, "\xC2\xA0") - s));
    CHECK(text_plain_run_plain((const unsigned char *)s, 0, strlen(s)) == (size_t)(strstr(s, "\xC2\xA0") - s));
    /* a thin space (U+2009) is a space */
    s = "one two three four five six seven eight\xE2\x80\x89nine ten eleven twelve thirteen";
    CHECK(text_plain_run((const unsigned char *)s, 0, strlen(s)) == (size_t)(strstr(s, "\xE2\x80\x89") - s));
}

/* Line breaks counted 16 bytes at a time against a byte loop, over 255 rounds too. */
static void test_count_breaks(void)
{
    static unsigned char buf[5000];
    int bad = 0;
    for (int it = 0; it < 2000; it++) {
        size_t n = rnd() % sizeof buf;
        for (size_t i = 0; i < n; i++) buf[i] = rnd() % 9 ? pick() : (unsigned char)(rnd() % 2 ? '\n' : '\r');
        size_t want = 0;
        for (size_t i = 0; i < n; i++) want += buf[i] == '\n' || buf[i] == '\r';
        if (text_count_breaks(buf, n) != want) bad++;
    }
    CHECK(bad == 0);
    memset(buf, '\n', sizeof buf);
    CHECK(text_count_breaks(buf, sizeof buf) == sizeof buf);
    CHECK(text_count_breaks((const unsigned char *)"a\r\nb\n", 5) == 3);
    CHECK(text_count_breaks(buf, 0) == 0);
}

/* text_count_spaces against a byte loop, over ranges of every length mod 16. */
static void test_count_spaces(void)
{
    unsigned char buf[300];
    int bad = 0;
    for (int it = 0; it < 20000; it++) {
        size_t n = 1 + rnd() % sizeof buf;
        for (size_t i = 0; i < n; i++) buf[i] = pick();
        size_t b = rnd() % n, e = b + rnd() % (n - b + 1), want = 0;
        for (size_t i = b; i < e; i++) want += buf[i] == ' ' || (buf[i] >= '\t' && buf[i] <= '\r');
        if (text_count_spaces(buf, b, e) != want) bad++;
    }
    CHECK(bad == 0);
    CHECK(text_count_spaces((const unsigned char *)"a b\tc d e f g h i j k", 0, 21) == 10);
}

int main(void)
{
    test_count_spaces();
    test_byte_stats();
    test_plain_run();
    test_count_breaks();
    /* and the plain versions behind the dispatch, through the public entry points */
    bool was = text_scan_plain(true);
    test_byte_stats();
    text_scan_plain(was);
    return T_DONE("text_scan");
}

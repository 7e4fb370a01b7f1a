/*
 * adv_gen DIR: writes the adversarial inputs of tests/adversarial into DIR
 * (hostile HTML, plain text and WARC archives, some of them hundreds of
 * megabytes). Everything is generated here; nothing is copied. A stamp file
 * names the generator version, so a second run with the same version only
 * checks that the files are there.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

/* Bump when any input changes, so old files are rewritten. */
#define GEN_VERSION 5

static const char *dir;
static FILE *out;
static char path[4096];
static int failed;

static void die(const char *what)
{
    fprintf(stderr, "adv_gen: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void begin(const char *name)
{
    snprintf(path, sizeof path, "%s/%s", dir, name);
    out = fopen(path, "wb");
    if (!out) die(path);
    static char iobuf[1 << 20];
    setvbuf(out, iobuf, _IOFBF, sizeof iobuf);
}

static void end(void)
{
    if (ferror(out) || fclose(out) != 0) die(path);
    out = NULL;
}

static void put(const char *s) { fputs(s, out); }
static void putn(const void *p, size_t n) { fwrite(p, 1, n, out); }

/* Writes a string literal, NUL bytes included. */
#define PUTLIT(s) putn(s, sizeof s - 1)

static void putf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(out, fmt, ap);
    va_end(ap);
}

/* Writes s n times. */
static void rep(const char *s, size_t n)
{
    size_t l = strlen(s);
    for (size_t i = 0; i < n; i++) fwrite(s, 1, l, out);
}

/* Writes n copies of byte c. */
static void fill(int c, size_t n)
{
    static char block[1 << 16];
    memset(block, c, sizeof block);
    while (n) {
        size_t k = n < sizeof block ? n : sizeof block;
        fwrite(block, 1, k, out);
        n -= k;
    }
}

/* An article any extractor should find: a headline and a few paragraphs. */
static const char *const PARAS[] = {
    "The harbour reopened on Monday after a week of repairs to the outer wall, the port authority said in a statement.",
    "Fishing boats left at dawn, and the ferry service will resume its normal timetable on Wednesday, a spokeswoman said.",
    "The storm brought the highest tide recorded in the town for thirty years, and several shops on the quay are still closed.",
    "Engineers worked through the weekend to replace the damaged stones, using a crane brought in from the next county.",
};

static void article_body(void)
{
    put("<article><h1>Harbour reopens after storm</h1>");
    for (size_t i = 0; i < 4; i++) putf("<p>%s</p>", PARAS[i]);
    put("</article>");
}

static void head(const char *extra)
{
    putf("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Harbour reopens</title>%s</head><body>",
         extra ? extra : "");
}

static void tail(void) { put("</body></html>\n"); }

/* ---- HTML ---------------------------------------------------------------- */

static void gen_html(void)
{
    /* a million nested divs, never closed, then the article */
    begin("deep_div.html");
    head(NULL);
    rep("<div>", 1000000);
    article_body();
    tail();
    end();

    /* a million nested divs, closed again */
    begin("deep_div_closed.html");
    head(NULL);
    article_body();
    rep("<div>", 1000000);
    put("deep");
    rep("</div>", 1000000);
    tail();
    end();

    /* inline nesting a million deep */
    begin("deep_span.html");
    head(NULL);
    article_body();
    rep("<span>", 1000000);
    put("deep text");
    tail();
    end();

    /* tables nested 200k deep */
    begin("deep_table.html");
    head(NULL);
    article_body();
    rep("<table><tr><td>", 200000);
    put("cell");
    tail();
    end();

    /* foreign content nested deep */
    begin("deep_svg.html");
    head(NULL);
    article_body();
    put("<svg>");
    rep("<g>", 500000);
    put("<foreignObject><p>inside</p>");
    tail();
    end();

    /* template contents nested deep */
    begin("deep_template.html");
    head(NULL);
    article_body();
    rep("<template>", 300000);
    tail();
    end();

    /* 300k unclosed <b> (identical: the Noah's ark clause keeps three) */
    begin("unclosed_b.html");
    head(NULL);
    article_body();
    rep("<b>x", 300000);
    tail();
    end();

    /* 300k unclosed formatting elements that all differ, so the list of
     * active formatting elements cannot deduplicate them */
    begin("unclosed_b_attrs.html");
    head(NULL);
    article_body();
    for (size_t i = 0; i < 300000; i++) putf("<b id=b%zu>x", i);
    tail();
    end();

    /* 300k unclosed mixed elements */
    begin("unclosed_mixed.html");
    head(NULL);
    article_body();
    for (size_t i = 0; i < 50000; i++) putf("<div><span><a href=\"/%zu\"><font size=%zu><i><em>w ", i, i % 7);
    tail();
    end();

    /* implied end tags by the hundred thousand: li, dd, option, p */
    begin("unclosed_implied.html");
    head(NULL);
    article_body();
    put("<ul>");
    rep("<li>item", 100000);
    put("<dl>");
    rep("<dt>t<dd>d", 100000);
    put("<select>");
    rep("<option>o", 100000);
    rep("<p>para", 100000);
    tail();
    end();

    /* 300k unclosed <a>: each new one runs the adoption agency on the last */
    begin("unclosed_a.html");
    head(NULL);
    article_body();
    for (size_t i = 0; i < 300000; i++) putf("<a href=\"/%zu\">l", i);
    tail();
    end();

    /* adoption agency worst cases: formatting elements misnested around
     * blocks, so every end tag reparents */
    begin("aa_block_misnest.html");
    head(NULL);
    article_body();
    rep("<b><i><u><s><div>x</b></i></u></s>", 100000);
    tail();
    end();

    begin("aa_deep_formatting.html");
    head(NULL);
    article_body();
    for (size_t i = 0; i < 20000; i++) putf("<b class=c%zu>", i);
    rep("<div>x</b>", 20000);
    tail();
    end();

    begin("aa_p_in_formatting.html");
    head(NULL);
    article_body();
    rep("<a href=#><p>x</a>", 100000);
    rep("<em><strong><p>y</em></strong>", 100000);
    tail();
    end();

    begin("aa_table_misnest.html");
    head(NULL);
    article_body();
    rep("<b><table><tr><td><i>x</b></i></td></tr></table>", 50000);
    rep("<table><b><tr><i><td>y</b>z</table>", 50000);
    tail();
    end();

    /* a realistic page repeated to 200 MB */
    begin("big_200mb.html");
    head(NULL);
    put("<article><h1>Harbour reopens after storm</h1>");
    {
        size_t written = 0, target = (size_t)200 << 20;
        for (size_t i = 0; written < target; i++) {
            const char *p = PARAS[i % 4];
            putf("<p>%s</p>\n", p);
            written += strlen(p) + 8;
        }
    }
    put("</article>");
    tail();
    end();

    /* a 50 MB attribute value */
    begin("huge_attr.html");
    head(NULL);
    put("<div title=\"");
    fill('a', (size_t)50 << 20);
    put("\">");
    article_body();
    put("</div>");
    tail();
    end();

    /* a 50 MB unquoted attribute value and a 10 MB attribute name */
    begin("huge_attr_name.html");
    head(NULL);
    put("<div data-x=");
    fill('b', (size_t)50 << 20);
    put(" ");
    fill('c', (size_t)10 << 20);
    put("=1>");
    article_body();
    put("</div>");
    tail();
    end();

    /* 100k attributes on one element */
    begin("many_attrs.html");
    head(NULL);
    put("<div");
    for (size_t i = 0; i < 100000; i++) putf(" a%zu=\"%zu\"", i, i);
    put(">");
    article_body();
    put("</div>");
    tail();
    end();

    /* the same attribute a million times (duplicates are dropped) */
    begin("dup_attrs.html");
    head(NULL);
    put("<div");
    rep(" class=x", 1000000);
    put(">");
    article_body();
    put("</div>");
    tail();
    end();

    /* 10 million empty elements: more nodes than the default limit */
    begin("many_nodes.html");
    head(NULL);
    article_body();
    rep("<br>", 10000000);
    tail();
    end();

    /* 100k tables */
    begin("tables_100k.html");
    head(NULL);
    article_body();
    for (size_t i = 0; i < 100000; i++) putf("<table><tr><th>h%zu</th></tr><tr><td>cell %zu</td></tr></table>", i, i);
    tail();
    end();

    /* a 10 MB tag name, a 20 MB unclosed comment */
    begin("huge_tag_name.html");
    head(NULL);
    article_body();
    put("<");
    fill('x', (size_t)10 << 20);
    put(">text");
    tail();
    end();

    begin("unclosed_comment.html");
    head(NULL);
    article_body();
    put("<!--");
    rep("-- > <!- ", (size_t)20 << 17);
    end();

    /* a million character references, some malformed */
    begin("entities.html");
    head(NULL);
    article_body();
    put("<p>");
    rep("&amp;&lt&#x1F600;&#99999999999999999999;&#x110000;&#0;&#xD800;&notanentity;&am", 200000);
    put("</p>");
    tail();
    end();

    /* raw text elements left open: script double escape, textarea */
    begin("unclosed_raw.html");
    head(NULL);
    article_body();
    put("<script><!--<script>");
    rep("</scrip </script x <!-- --!> ", 500000);
    end();

    /* NUL bytes in text, tag names, attribute names and values, so dense
     * that the page reads as binary */
    begin("nul_bytes.html");
    head(NULL);
    put("<article><h1>Harbour\0 reopens</h1>");
    for (size_t i = 0; i < 20000; i++) {
        PUTLIT("<p cl\0ass=\"a\0b\">");
        put(PARAS[i % 4]);
        PUTLIT("\0\0 <d\0iv>\0</p>");
    }
    put("</article>");
    tail();
    end();

    /* a NUL now and then, as a broken page has them: still HTML */
    begin("nul_sparse.html");
    head(NULL);
    PUTLIT("<article><h1>Harbour reopens after storm</h1>");
    for (size_t i = 0; i < 20000; i++) {
        put("<p>");
        if (i % 4 == 1) PUTLIT("\0");
        put(PARAS[i % 4]);
        if (i % 12 == 5) PUTLIT("<sp\0an t\0itle=\"\0\">x\0</span>");
        PUTLIT("</p>\n");
    }
    put("</article>");
    tail();
    end();

    /* NULs from the start: binary */
    begin("nul_leading.html");
    fill(0, 4096);
    head(NULL);
    article_body();
    tail();
    end();

    /* invalid UTF-8 everywhere: stray continuation bytes, overlong forms,
     * surrogates, code points past U+10FFFF, truncated sequences, FE/FF */
    begin("bad_utf8.html");
    head(NULL);
    {
        static const unsigned char bad[] = {
            0x80, ' ', 0xBF, ' ', 0xC0, 0xAF, ' ', 0xC1, 0xBF, ' ', 0xE0, 0x80, 0xAF, ' ',
            0xF0, 0x80, 0x80, 0xAF, ' ', 0xF8, 0x88, 0x80, 0x80, 0x80, ' ', 0xFC, 0x84, 0x80, 0x80, 0x80, 0x80, ' ',
            0xED, 0xA0, 0x80, ' ', 0xED, 0xBF, 0xBF, ' ', 0xF4, 0x90, 0x80, 0x80, ' ', 0xE2, 0x82, ' ',
            0xF0, 0x9F, 0x98, ' ', 0xFE, ' ', 0xFF, ' ', 0xC3, ' '};
        put("<article><h1>Harbour reopens after storm</h1>");
        for (size_t i = 0; i < 20000; i++) {
            put("<p>");
            put(PARAS[i % 4]);
            putn(bad, sizeof bad);
            put("</p><p title=\"");
            putn(bad, sizeof bad);
            putn("\"", 1);
            putn(bad + 4, 8);
            put(">x</p>");
        }
        put("</article>");
        putn(bad, 6); /* a truncated sequence at the very end */
        putn("\xE2\x82", 2);
    }
    end();

    /* UTF-16 without a byte-order mark, both byte orders */
    for (int be = 0; be < 2; be++) {
        begin(be ? "utf16be_nobom.html" : "utf16le_nobom.html");
        static char page[4096];
        FILE *mem = fmemopen(page, sizeof page, "w");
        if (!mem) die("fmemopen");
        fputs("<!DOCTYPE html><html lang=\"en\"><head><title>Harbour reopens</title></head><body>"
              "<article><h1>Harbour reopens after storm</h1>", mem);
        for (size_t i = 0; i < 4; i++) fprintf(mem, "<p>%s</p>", PARAS[i]);
        fputs("</article></body></html>\n", mem);
        long n = ftell(mem);
        fclose(mem);
        for (long i = 0; i < n; i++) {
            char u[2] = {be ? 0 : page[i], be ? page[i] : 0};
            putn(u, 2);
        }
        end();
    }

    /* charsets declared wrongly: the meta says one thing, the bytes are another */
    static const char *const GERMAN =
        "Nach einer Woche der Reparaturen ist der Hafen am Montag wieder ge\xC3\xB6" "ffnet worden, "
        "teilte die Hafenbeh\xC3\xB6rde mit. Die Fischerboote fuhren im Morgengrauen hinaus, und die "
        "F\xC3\xA4hre f\xC3\xA4hrt ab Mittwoch wieder nach Fahrplan. Stra\xC3\x9F" "en sind gesperrt.";
    static const char *const GERMAN_LATIN1 =
        "Nach einer Woche der Reparaturen ist der Hafen am Montag wieder ge\xF6" "ffnet worden, "
        "teilte die Hafenbeh\xF6rde mit. Die Fischerboote fuhren im Morgengrauen hinaus, und die "
        "F\xE4hre f\xE4hrt ab Mittwoch wieder nach Fahrplan. Stra\xDF" "en sind gesperrt.";
    struct { const char *name, *meta, *text; } mis[] = {
        {"charset_1252_is_utf8.html", "<meta charset=\"windows-1252\">", GERMAN},
        {"charset_utf8_is_latin1.html", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">", GERMAN_LATIN1},
        {"charset_sjis_is_utf8.html", "<meta charset=\"shift_jis\">", GERMAN},
        {"charset_utf16_is_ascii.html", "<meta charset=\"utf-16\">", GERMAN_LATIN1},
        {"charset_bogus_label.html", "<meta charset=\"x-no-such-charset-\xFF\xFE\">", GERMAN},
        {"charset_two_metas.html", "<meta charset=\"koi8-r\"><meta charset=\"iso-2022-jp\">", GERMAN},
    };
    for (size_t m = 0; m < sizeof mis / sizeof *mis; m++) {
        begin(mis[m].name);
        putf("<!DOCTYPE html><html lang=\"de\"><head>%s<title>Hafen</title></head><body><article><h1>Der Hafen ist offen</h1>",
             mis[m].meta);
        for (int i = 0; i < 6; i++) putf("<p>%s</p>", mis[m].text);
        put("</article></body></html>\n");
        end();
    }

    /* JSON-LD nested a million deep (arrays, objects), a 300k-entry array and
     * 100k separate scripts */
    begin("jsonld_deep_array.html");
    head("<script type=\"application/ld+json\">");
    rep("[", 1000000);
    put("{\"@type\":\"NewsArticle\",\"headline\":\"Deep\"}");
    rep("]", 1000000);
    put("</script>");
    article_body();
    tail();
    end();

    begin("jsonld_deep_object.html");
    head("<script type=\"application/ld+json\">");
    rep("{\"@type\":\"NewsArticle\",\"author\":", 1000000);
    put("1");
    rep("}", 1000000);
    put("</script>");
    article_body();
    tail();
    end();

    begin("jsonld_deep_unclosed.html");
    head("<script type=\"application/ld+json\">");
    rep("{\"@graph\":[", 1000000);
    put("</script>");
    article_body();
    tail();
    end();

    begin("jsonld_huge_array.html");
    head("<script type=\"application/ld+json\">[");
    for (size_t i = 0; i < 300000; i++)
        putf("%s{\"@type\":\"NewsArticle\",\"headline\":\"Headline %zu\",\"author\":{\"@type\":\"Person\",\"name\":\"Writer %zu\"}}",
             i ? "," : "", i, i % 1000);
    put("]</script>");
    article_body();
    tail();
    end();

    begin("jsonld_many_scripts.html");
    head(NULL);
    for (size_t i = 0; i < 100000; i++)
        putf("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"H%zu\",\"datePublished\":\"2024-05-0%zuT10:00:00Z\"}</script>",
             i, i % 9 + 1);
    article_body();
    tail();
    end();

    begin("jsonld_huge_string.html");
    head("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"articleBody\":\"");
    rep("word \\u00e9\\ud800 \\\" ", (size_t)1 << 20);
    put("\",\"headline\":\"");
    fill('h', (size_t)8 << 20);
    put("\"}</script>");
    article_body();
    tail();
    end();

    /* a million <meta> tags */
    begin("many_meta.html");
    putf("<!DOCTYPE html><html><head>");
    for (size_t i = 0; i < 500000; i++)
        putf("<meta property=\"article:author\" content=\"Writer %zu\"><meta name=\"date\" content=\"2024-05-%02zu\">", i, i % 28 + 1);
    put("</head><body>");
    article_body();
    tail();
    end();
}

/* ---- plain text ---------------------------------------------------------- */

static void gen_text(void)
{
    /* 100 MB on a single line */
    begin("text_one_line.txt");
    {
        size_t written = 0, target = (size_t)100 << 20;
        for (size_t i = 0; written < target; i++) {
            put(PARAS[i % 4]);
            put(" ");
            written += strlen(PARAS[i % 4]) + 1;
        }
    }
    end();

    /* a million empty lines */
    begin("text_empty_lines.txt");
    fill('\n', 1000000);
    end();

    /* a million empty lines around a paragraph */
    begin("text_empty_lines_para.txt");
    fill('\n', 500000);
    for (size_t i = 0; i < 4; i++) putf("%s\n", PARAS[i]);
    fill('\n', 500000);
    end();

    /* a million short lines, like a menu */
    begin("text_short_lines.txt");
    for (size_t i = 0; i < 1000000; i++) putf("Item %zu\n", i);
    end();

    /* 300k lines, two of them repeated (deduplication), and a 30 MB word */
    begin("text_repeated_lines.txt");
    for (size_t i = 0; i < 300000; i++) putf("%s\n", PARAS[i % 2]);
    end();

    begin("text_long_word.txt");
    fill('w', (size_t)30 << 20);
    end();

    /* whitespace and invalid bytes mixed */
    begin("text_bad_bytes.txt");
    for (size_t i = 0; i < 200000; i++) {
        putf("%zu. ", i);
        put(PARAS[i % 4]);
        PUTLIT(" \xC0\xAF \xED\xA0\x80 \x80\x80 \xFF\t\r\r\n\f\x0B \xC2\xA0\xE2\x80\x8B\n");
    }
    end();
}

/* ---- WARC ---------------------------------------------------------------- */

/* A response record carrying an HTTP response around `body`; `cl` overrides
 * the Content-Length when not -1, `hdr` adds WARC header lines. */
static void warc_response(size_t n, const char *hdr, const char *http_extra, const void *body, size_t blen,
                          long long cl)
{
    static const char status[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n";
    const char *extra = http_extra ? http_extra : "";
    size_t total = sizeof status - 1 + strlen(extra) + 2 + blen;
    putf("WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012zu>\r\n"
         "WARC-Date: 2024-05-01T12:00:00Z\r\nWARC-Target-URI: https://example.org/%zu\r\n"
         "Content-Type: application/http; msgtype=response\r\n%s",
         n, n, hdr ? hdr : "");
    if (cl == -1) putf("Content-Length: %zu\r\n\r\n", total);
    else putf("Content-Length: %lld\r\n\r\n", cl);
    put(status);
    put(extra);
    put("\r\n");
    putn(body, blen);
    put("\r\n\r\n");
}

static char article_page[8192];
static size_t article_len;

static void make_article_page(void)
{
    FILE *mem = fmemopen(article_page, sizeof article_page, "w");
    if (!mem) die("fmemopen");
    fputs("<!DOCTYPE html><html lang=\"en\"><head><title>Harbour reopens</title></head><body>"
          "<article><h1>Harbour reopens after storm</h1>", mem);
    for (size_t i = 0; i < 4; i++) fprintf(mem, "<p>%s</p>", PARAS[i]);
    fputs("</article></body></html>\n", mem);
    article_len = (size_t)ftell(mem);
    fclose(mem);
}

static void ok_record(size_t n) { warc_response(n, NULL, NULL, article_page, article_len, -1); }

/* gzip of `n` bytes into a malloc'd buffer (one member). */
static unsigned char *gzip_mem(const void *data, size_t n, size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) die("deflateInit2");
    size_t cap = deflateBound(&z, (uLong)n);
    unsigned char *buf = malloc(cap);
    if (!buf) die("malloc");
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)n;
    z.next_out = buf;
    z.avail_out = (uInt)cap;
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) die("deflate");
    *out_len = z.total_out;
    deflateEnd(&z);
    return buf;
}

/* Appends the current contents of a memory stream as one gzip member. */
static void gz_member(const char *data, size_t n, size_t cut)
{
    size_t gl;
    unsigned char *g = gzip_mem(data, n, &gl);
    putn(g, cut && cut < gl ? cut : gl);
    free(g);
}

/* Builds one record in memory with warc_response, by swapping `out`. */
static char *record_mem(size_t n, const char *hdr, const char *http_extra, const void *body, size_t blen,
                        long long cl, size_t *len)
{
    char *buf = NULL;
    size_t sz = 0;
    FILE *saved = out;
    out = open_memstream(&buf, &sz);
    if (!out) die("open_memstream");
    warc_response(n, hdr, http_extra, body, blen, cl);
    fclose(out);
    out = saved;
    *len = sz;
    return buf;
}

static void gen_warc(void)
{
    make_article_page();

    /* a Content-Length longer than the file */
    begin("warc_len_long.warc");
    ok_record(1);
    warc_response(2, NULL, NULL, article_page, article_len, 1000000000000LL);
    end();

    /* a Content-Length shorter than the record, then a good record */
    begin("warc_len_short.warc");
    ok_record(1);
    warc_response(2, NULL, NULL, article_page, article_len, 100);
    ok_record(3);
    end();

    /* a Content-Length too long that swallows the next record */
    begin("warc_len_overrun.warc");
    ok_record(1);
    warc_response(2, NULL, NULL, article_page, article_len, (long long)article_len + 900);
    ok_record(3);
    ok_record(4);
    end();

    /* Content-Length negative, overflowing and not a number */
    begin("warc_len_bogus.warc");
    warc_response(1, NULL, NULL, article_page, article_len, -5);
    ok_record(2);
    put("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999999999999999999999\r\n\r\nxx\r\n\r\n");
    ok_record(3);
    put("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 12abc\r\n\r\nxx\r\n\r\n");
    ok_record(4);
    end();

    /* a 10 MB WARC header line, and a million header lines */
    begin("warc_huge_header.warc");
    ok_record(1);
    put("WARC/1.0\r\nWARC-Type: response\r\nX-Big: ");
    fill('h', (size_t)10 << 20);
    put("\r\nContent-Length: 2\r\n\r\nxx\r\n\r\n");
    ok_record(2);
    put("WARC/1.0\r\nWARC-Type: response\r\n");
    rep("X-Many: y\r\n", 1000000);
    put("Content-Length: 2\r\n\r\nxx\r\n\r\n");
    ok_record(3);
    end();

    /* a gigantic HTTP header inside the record */
    begin("warc_huge_http_header.warc");
    ok_record(1);
    {
        size_t hl = (size_t)8 << 20;
        char *extra = malloc(hl + 16);
        if (!extra) die("malloc");
        memcpy(extra, "X-Big: ", 7);
        memset(extra + 7, 'h', hl);
        memcpy(extra + 7 + hl, "\r\n", 3);
        warc_response(2, NULL, extra, article_page, article_len, -1);
        free(extra);
    }
    ok_record(3);
    end();

    /* garbage between records: text, binary, a broken version line */
    begin("warc_garbage.warc");
    ok_record(1);
    put("this is not a record\r\n\r\n");
    ok_record(2);
    for (unsigned i = 0; i < 100000; i++) putf("%c", (char)(i * 2654435761u >> 24));
    ok_record(3);
    put("WARC/1.0\r\nWARC/1.0\r\nWARC/9.9\r\n\r\n");
    ok_record(4);
    rep("WARC/", 200000);
    ok_record(5);
    end();

    /* records glued to what comes before them, with no line break between:
     * garbage, and a record whose closing blank line is gone */
    begin("warc_glued.warc");
    ok_record(1);
    put("garbage with no line break after it");
    ok_record(2);
    {
        size_t n;
        char *r = record_mem(3, NULL, NULL, article_page, article_len, -1, &n);
        putn(r, n - 4); /* the blank line closing record 3 ... */
        put("xx");      /* ... replaced by two bytes */
        free(r);
    }
    ok_record(4);
    end();

    /* gzip: one member per record, the last cut short */
    begin("warc_truncated.warc.gz");
    for (size_t i = 1; i <= 3; i++) {
        size_t n;
        char *r = record_mem(i, NULL, NULL, article_page, article_len, -1, &n);
        gz_member(r, n, i == 3 ? 200 : 0);
        free(r);
    }
    end();

    /* gzip: a member with corrupt deflate data between good ones, then garbage */
    begin("warc_corrupt.warc.gz");
    for (size_t i = 1; i <= 4; i++) {
        size_t n, gl;
        char *r = record_mem(i, NULL, NULL, article_page, article_len, -1, &n);
        unsigned char *g = gzip_mem(r, n, &gl);
        if (i == 2)
            for (size_t k = 20; k < gl - 20; k += 7) g[k] ^= 0x5A;
        putn(g, gl);
        if (i == 3) put("garbage between gzip members");
        free(g);
        free(r);
    }
    end();

    /* a payload that inflates far past the payload limit (gzip bomb) */
    begin("warc_gzip_bomb.warc");
    ok_record(1);
    {
        size_t zn = (size_t)300 << 20, gl;
        char *zeros = calloc(1, zn);
        if (!zeros) die("calloc");
        unsigned char *g = gzip_mem(zeros, zn, &gl);
        free(zeros);
        warc_response(2, NULL, "Content-Encoding: gzip\r\n", g, gl, -1);
        free(g);
    }
    ok_record(3);
    end();

    /* chunked transfer coding with lying chunk sizes */
    begin("warc_chunked_lies.warc");
    ok_record(1);
    {
        static const char *const bodies[] = {
            "ffffffffffffffffff\r\nabc\r\n0\r\n\r\n",
            "10\r\nshort\r\n0\r\n\r\n",
            "-1\r\nabc\r\n0\r\n\r\n",
            "5\r\nhello\r\n",
        };
        for (size_t i = 0; i < 4; i++)
            warc_response(2 + i, NULL, "Transfer-Encoding: chunked\r\n", bodies[i], strlen(bodies[i]), -1);
    }
    ok_record(6);
    end();

    /* hostile pages inside records: each must get its own time budget */
    begin("warc_deep_pages.warc");
    {
        size_t dn = 5 * 1000000 + 64;
        char *deep = malloc(dn);
        if (!deep) die("malloc");
        size_t k = 0;
        k += (size_t)sprintf(deep, "<html><body>");
        for (size_t i = 0; i < 1000000; i++, k += 5) memcpy(deep + k, "<div>", 5);
        k += (size_t)sprintf(deep + k, "deep");
        for (size_t i = 1; i <= 2; i++) {
            warc_response(i, NULL, NULL, deep, k, -1);
            ok_record(10 + i);
        }
        free(deep);
    }
    end();

    /* 5000 small records */
    begin("warc_many_records.warc.gz");
    for (size_t i = 1; i <= 5000; i++) {
        size_t n;
        char *r = record_mem(i, NULL, NULL, article_page, article_len, -1, &n);
        gz_member(r, n, 0);
        free(r);
    }
    end();
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: adv_gen DIR\n");
        return 2;
    }
    dir = argv[1];
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) die(dir);
    char stamp[4096];
    snprintf(stamp, sizeof stamp, "%s/.stamp-%d", dir, GEN_VERSION);
    struct stat st;
    if (stat(stamp, &st) == 0) return 0;
    gen_html();
    gen_text();
    gen_warc();
    FILE *s = fopen(stamp, "w");
    if (!s || fclose(s) != 0) die(stamp);
    return failed;
}

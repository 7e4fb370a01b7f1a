/* Encoding sniffing and decoding: labels, BOMs, caller charset, <meta>
 * prescan, detector, UTF-8 repair, windows-1252 and iconv encodings. */
#include <iconv.h>
#include <stdlib.h>

#include "html/encoding.h"
#include "t.h"

typedef struct decoded {
    pith_buf out;
    char enc[32];
    const char *source;
    pith_status st;
} decoded;

static decoded dec;

/* Runs pith_decode_html into the shared `dec` and returns its UTF-8 text. */
static const char *decode(const char *in, size_t len, const char *caller)
{
    dec.st = pith_decode_html(in, len, caller, &dec.out, dec.enc, &dec.source);
    return dec.out.data ? dec.out.data : "";
}

#define DECODE(lit, caller) decode(lit, sizeof lit - 1, caller)

static void test_labels(void)
{
    CHECK(pith_enc_from_label("latin1", 6) == PITH_ENC_WINDOWS_1252);
    CHECK(pith_enc_from_label("iso-8859-1", 10) == PITH_ENC_WINDOWS_1252);
    CHECK(pith_enc_from_label("ascii", 5) == PITH_ENC_WINDOWS_1252);
    CHECK(pith_enc_from_label(" \tUTF8\n", 7) == PITH_ENC_UTF_8);
    CHECK(pith_enc_from_label("Shift_JIS", 9) == PITH_ENC_SHIFT_JIS);
    CHECK(pith_enc_from_label("x-sjis", 6) == PITH_ENC_SHIFT_JIS);
    CHECK(pith_enc_from_label("gb2312", 6) == PITH_ENC_GBK);
    CHECK(pith_enc_from_label("utf-16", 6) == PITH_ENC_UTF_16LE);
    CHECK(pith_enc_from_label("iso-2022-kr", 11) == PITH_ENC_REPLACEMENT);
    CHECK(pith_enc_from_label("iso8859-2", 9) == PITH_ENC_ISO_8859_2);
    CHECK(pith_enc_from_label("utf-9", 5) == PITH_ENC_NONE);
    CHECK(pith_enc_from_label("", 0) == PITH_ENC_NONE);
    CHECK(pith_enc_from_label("utf-8\0x", 7) == PITH_ENC_NONE);
    CHECK(pith_enc_from_label("windows-1252 windows-1252 windows-1252", 38) == PITH_ENC_NONE);
    CHECK(pith_enc_from_label(NULL, 3) == PITH_ENC_NONE);
    CHECK_STR(pith_enc_name(PITH_ENC_WINDOWS_1252), "windows-1252");
    CHECK_STR(pith_enc_name(PITH_ENC_SHIFT_JIS), "shift_jis");
    CHECK_STR(pith_enc_name(PITH_ENC_NONE), "");
    CHECK_STR(pith_enc_name(PITH_ENC_COUNT_), "");
    /* Every encoding has a name that is also its own label (true of all
     * WHATWG names), and every iconv name the table uses opens in glibc. */
    for (int e = 1; e < PITH_ENC_COUNT_; e++) {
        const char *n = pith_enc_name((pith_enc)e);
        CHECK(n[0] != '\0');
        CHECK(pith_enc_from_label(n, strlen(n)) == (pith_enc)e);
    }
    const char *iconv_names[] = {
#define PITH_ENC(id, name, iconv) iconv,
#include "html/encodings.def"
    };
    for (size_t i = 0; i < sizeof iconv_names / sizeof *iconv_names; i++) {
        if (!iconv_names[i][0]) continue;
        iconv_t cd = iconv_open("UTF-8", iconv_names[i]);
        CHECK(cd != (iconv_t)-1);
        if (cd != (iconv_t)-1) iconv_close(cd);
    }
    /* The label list is sorted (binary search depends on it) and complete. */
    const char *labels[] = {
#define PITH_ENC_LABEL(label, id) label,
#include "html/encodings.def"
    };
    size_t nl = sizeof labels / sizeof *labels;
    CHECK(nl == 228);
    for (size_t i = 1; i < nl; i++) CHECK(strcmp(labels[i - 1], labels[i]) < 0);
}

static void test_bom(void)
{
    size_t bl;
    CHECK(pith_enc_bom("\xEF\xBB\xBFx", 4, &bl) == PITH_ENC_UTF_8 && bl == 3);
    CHECK(pith_enc_bom("\xFF\xFEx", 3, &bl) == PITH_ENC_UTF_16LE && bl == 2);
    CHECK(pith_enc_bom("\xFE\xFFx", 3, &bl) == PITH_ENC_UTF_16BE && bl == 2);
    CHECK(pith_enc_bom("\xEF\xBB", 2, &bl) == PITH_ENC_NONE && bl == 0);
    /* the BOM wins over the caller and <meta>, and is dropped */
    CHECK_STR(DECODE("\xEF\xBB\xBF<meta charset=latin1>\xC3\xA9", "iso-8859-2"),
              "<meta charset=latin1>\xC3\xA9");
    CHECK_STR(dec.enc, "utf-8");
    CHECK_STR(dec.source, "bom");
    CHECK_STR(DECODE("\xFF\xFE<\0p\0>\0\xE9\0\x3D\xD8\x00\xDE", NULL), "<p>\xC3\xA9\xF0\x9F\x98\x80");
    CHECK_STR(dec.enc, "utf-16le");
    CHECK_STR(DECODE("\xFE\xFF\0<\0p\0>\0\xE9", NULL), "<p>\xC3\xA9");
    CHECK_STR(dec.enc, "utf-16be");
    CHECK_STR(dec.source, "bom");
    /* lone surrogates and an odd last byte become U+FFFD */
    CHECK_STR(DECODE("\xFF\xFE\x00\xD8\x41\x00\x00\xDC\x42", NULL),
              "\xEF\xBF\xBD" "A" "\xEF\xBF\xBD" "\xEF\xBF\xBD");
}

static void test_caller(void)
{
    CHECK_STR(DECODE("<meta charset=utf-8>\xB1", "ISO-8859-2"), "<meta charset=utf-8>\xC4\x85");
    CHECK_STR(dec.enc, "iso-8859-2");
    CHECK_STR(dec.source, "caller");
    /* a whole Content-Type value works too */
    CHECK_STR(DECODE("\x93\xFA\x96\x7B", "text/html; charset=\"Shift_JIS\""), "\xE6\x97\xA5\xE6\x9C\xAC");
    CHECK_STR(dec.source, "caller");
    /* an unknown label is ignored and sniffing goes on */
    CHECK_STR(DECODE("<meta charset=latin1>\xE9", "klingon"), "<meta charset=latin1>\xC3\xA9");
    CHECK_STR(dec.enc, "windows-1252");
    CHECK_STR(dec.source, "meta");
    /* a legacy <meta> over text that is all valid UTF-8 (re-encoded page):
     * UTF-8 wins once there are several multi-byte sequences */
    CHECK_STR(DECODE("<meta charset=gb2312><p>\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87"
                     "\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87", NULL),
              "<meta charset=gb2312><p>\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87"
              "\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87");
    CHECK_STR(dec.enc, "utf-8");
    CHECK_STR(dec.source, "meta-utf8");
    /* ...but not on one stray pair, nor when a byte is not UTF-8 */
    CHECK_STR(DECODE("<meta charset=latin1>\xC3\xA9", NULL), "<meta charset=latin1>\xC3\x83\xC2\xA9");
    CHECK_STR(dec.source, "meta");
    CHECK_STR(DECODE("<meta charset=latin1>\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xE9", NULL),
              "<meta charset=latin1>\xC3\x83\xC2\xA9\xC3\x83\xC2\xA9\xC3\x83\xC2\xA9\xC3\x83\xC2\xA9"
              "\xC3\x83\xC2\xA9\xC3\x83\xC2\xA9\xC3\x83\xC2\xA9\xC3\x83\xC2\xA9\xC3\xA9");
    CHECK_STR(dec.enc, "windows-1252");
    /* the replacement encoding: one U+FFFD for the whole input */
    CHECK_STR(DECODE("<p>hello", "iso-2022-kr"), "\xEF\xBF\xBD");
    CHECK_STR(dec.enc, "replacement");
}

/* The prescan's answer for a NUL-terminated page. */
static pith_enc pre(const char *s) { return pith_enc_prescan(s, strlen(s)); }

static void test_meta(void)
{
    CHECK(pre("<meta charset=\"iso-8859-2\">") == PITH_ENC_ISO_8859_2);
    CHECK(pre("<META CHARSET='ISO-8859-2'>") == PITH_ENC_ISO_8859_2);
    CHECK(pre("<meta/charset=iso-8859-2>") == PITH_ENC_ISO_8859_2);
    CHECK(pre("<metacharset=iso-8859-2>") == PITH_ENC_NONE);
    CHECK(pre("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">") == PITH_ENC_KOI8_R);
    CHECK(pre("<meta content=\"text/html; charset=koi8-r\" http-equiv=content-type>") == PITH_ENC_KOI8_R);
    /* content without the pragma does not count */
    CHECK(pre("<meta content=\"text/html; charset=koi8-r\">") == PITH_ENC_NONE);
    CHECK(pre("<meta http-equiv=refresh content=\"text/html; charset=koi8-r\">") == PITH_ENC_NONE);
    /* charset wins over content; the first of duplicate attributes counts */
    CHECK(pre("<meta content=\"charset=koi8-r\" http-equiv=content-type charset=gbk>") == PITH_ENC_GBK);
    CHECK(pre("<meta charset=gbk charset=koi8-r>") == PITH_ENC_GBK);
    /* an unknown charset stops that tag, not the scan */
    CHECK(pre("<meta charset=bogus><meta charset=gbk>") == PITH_ENC_GBK);
    /* UTF-16 from <meta> means UTF-8; x-user-defined means windows-1252 */
    CHECK(pre("<meta charset=utf-16le>") == PITH_ENC_UTF_8);
    CHECK(pre("<meta charset=x-user-defined>") == PITH_ENC_WINDOWS_1252);
    /* comments, other tags' attributes and <! <? </ constructs are skipped */
    CHECK(pre("<!-- <meta charset=gbk> --><meta charset=koi8-r>") == PITH_ENC_KOI8_R);
    CHECK(pre("<!--><meta charset=gbk>") == PITH_ENC_GBK);
    CHECK(pre("<div title='<meta charset=gbk>'><meta charset=koi8-r>") == PITH_ENC_KOI8_R);
    CHECK(pre("<!DOCTYPE html><?php x ?></p ><meta charset=koi8-r>") == PITH_ENC_KOI8_R);
    /* running out of bytes inside a tag is failure */
    CHECK(pre("<meta charset=\"koi8-r") == PITH_ENC_NONE);
    CHECK(pre("<meta charset=koi8-r") == PITH_ENC_NONE);
    /* content parsing */
    CHECK(pith_enc_from_content("text/html;charset = 'gbk' ", 26) == PITH_ENC_GBK);
    CHECK(pith_enc_from_content("charsetcharset=gbk;x", 20) == PITH_ENC_GBK);
    CHECK(pith_enc_from_content("charset='gbk", 12) == PITH_ENC_NONE);
    CHECK(pith_enc_from_content("text/html", 9) == PITH_ENC_NONE);
    /* XML declarations */
    CHECK(pre("<?xml version=\"1.0\" encoding=\"koi8-r\"?><html>") == PITH_ENC_KOI8_R);
    CHECK(pith_enc_prescan("<\0?\0x\0m\0l\0", 10) == PITH_ENC_UTF_16LE);

    /* Only the first 1024 bytes are prescanned; a later <meta> in the head
     * is still found (as the tree builder would), but not inside a script
     * and not after <body>. */
    char page[4096];
    memset(page, ' ', sizeof page);
    memcpy(page, "<html><head><!--", 16);
    memcpy(page + 1500, "--><meta charset=koi8-r>\xF0\xE9", 26);
    CHECK(pith_enc_prescan(page, 1600) == PITH_ENC_NONE);
    CHECK(pith_enc_late_meta(page, 1600) == PITH_ENC_KOI8_R);
    decode(page, 1600, NULL);
    CHECK_STR(dec.source, "meta");
    CHECK_STR(dec.enc, "koi8-r");
    memcpy(page, "<script>      ", 14);
    memcpy(page + 1500, "   <meta charset=koi8-r></script>", 33);
    CHECK(pith_enc_late_meta(page, 1600) == PITH_ENC_NONE);
    memcpy(page, "<body>        ", 14);
    memcpy(page + 1500, "   <meta charset=koi8-r>         ", 33);
    CHECK(pith_enc_late_meta(page, 1600) == PITH_ENC_NONE);
    memcpy(page, "<title>       ", 14);
    memcpy(page + 1400, "</TITLE >", 9);
    CHECK(pith_enc_late_meta(page, 1600) == PITH_ENC_KOI8_R);
}

static void test_utf8(void)
{
    /* valid text is copied as is, even with NUL bytes */
    CHECK_STR(DECODE("<p>caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", NULL), "<p>caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
    CHECK_STR(dec.enc, "utf-8");
    CHECK_STR(dec.source, "default");
    decode("a\0b", 3, NULL);
    CHECK(dec.out.len == 3 && dec.out.data[1] == '\0');
    /* maximal subparts (the Unicode/WHATWG example): each becomes one U+FFFD */
    pith_buf b;
    pith_buf_init(&b);
    CHECK(pith_decode(PITH_ENC_UTF_8, "\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64", 13, &b) == PITH_OK);
    CHECK_STR(b.data, "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD" "d");
    pith_buf_reset(&b);
    /* surrogates, overlongs and out-of-range lead bytes: one per byte */
    CHECK(pith_decode(PITH_ENC_UTF_8, "\xED\xA0\x80|\xC0\x80|\xF4\x90\x80\x80|\xE0\x80", 14, &b) == PITH_OK);
    CHECK_STR(b.data, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD|"
                      "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD");
    pith_buf_reset(&b);
    /* a sequence cut off by the end: one U+FFFD */
    CHECK(pith_decode(PITH_ENC_UTF_8, "ab\xF0\x9F\x98", 5, &b) == PITH_OK);
    CHECK_STR(b.data, "ab\xEF\xBF\xBD");
    pith_buf_free(&b);
    CHECK(pith_utf8_valid_prefix("abcdefgh\xC3\xA9ijklmnop\xFF", 19) == 18);
    CHECK(pith_utf8_valid_prefix("\xE2\x82", 2) == 0);
    /* empty and NULL input */
    CHECK_STR(decode(NULL, 5, NULL), "");
    CHECK(dec.st == PITH_OK && dec.out.len == 0);
    CHECK_STR(DECODE("", NULL), "");
    CHECK_STR(dec.source, "default");
}

static void test_view(void)
{
    pith_buf scratch;
    pith_buf_init(&scratch);
    const char *text, *src;
    size_t tl;
    char enc[32];
    /* valid UTF-8 (declared or not, BOM or not) is used in place */
    const char *a = "<meta charset=utf-8><p>\xC3\xA9";
    CHECK(pith_decode_html_view(a, strlen(a), NULL, &scratch, &text, &tl, enc, &src) == PITH_OK);
    CHECK(text == a && tl == strlen(a) && scratch.len == 0);
    CHECK_STR(src, "meta");
    const char *b = "\xEF\xBB\xBF<p>x";
    CHECK(pith_decode_html_view(b, strlen(b), "latin1", &scratch, &text, &tl, enc, &src) == PITH_OK);
    CHECK(text == b + 3 && tl == 4);
    CHECK_STR(src, "bom");
    const char *c = "<p>plain";
    CHECK(pith_decode_html_view(c, strlen(c), NULL, &scratch, &text, &tl, enc, &src) == PITH_OK);
    CHECK(text == c && tl == 8);
    /* anything else is decoded into the scratch buffer */
    const char *d = "<p>\xFFx";
    CHECK(pith_decode_html_view(d, strlen(d), "utf-8", &scratch, &text, &tl, enc, &src) == PITH_OK);
    CHECK(text == scratch.data && tl == 7 && !memcmp(text, "<p>\xEF\xBF\xBDx", 7));
    CHECK(pith_decode_html_view(d, strlen(d), "latin1", &scratch, &text, &tl, enc, &src) == PITH_OK);
    CHECK(text == scratch.data && tl == 6 && !memcmp(text, "<p>\xC3\xBFx", 6));
    CHECK_STR(enc, "windows-1252");
    CHECK(pith_decode_html_view(NULL, 0, NULL, &scratch, &text, &tl, enc, &src) == PITH_OK);
    CHECK(text != NULL && tl == 0);
    pith_buf_free(&scratch);
}

static void test_windows_1252(void)
{
    CHECK_STR(DECODE("<meta charset=latin1>\x80\x81\x9F\xE9\xFF", NULL),
              "<meta charset=latin1>\xE2\x82\xAC\xC2\x81\xC5\xB8\xC3\xA9\xC3\xBF");
    /* the built-in table agrees with glibc's CP1252 on every byte it maps */
    iconv_t cd = iconv_open("UTF-8", "CP1252");
    CHECK(cd != (iconv_t)-1);
    pith_buf b;
    pith_buf_init(&b);
    for (int c = 0x80; c < 0x100 && cd != (iconv_t)-1; c++) {
        char in = (char)c, out[8], *ip = &in, *op = out;
        size_t il = 1, ol = sizeof out;
        if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) continue;   /* 81 8D 8F 90 9D */
        pith_buf_reset(&b);
        CHECK(pith_decode(PITH_ENC_WINDOWS_1252, &in, 1, &b) == PITH_OK);
        CHECK(b.len == (size_t)(op - out) && !memcmp(b.data, out, b.len));
    }
    if (cd != (iconv_t)-1) iconv_close(cd);
    /* x-user-defined: high bytes to U+F780.. */
    pith_buf_reset(&b);
    CHECK(pith_decode(PITH_ENC_X_USER_DEFINED, "a\x80\xFF", 3, &b) == PITH_OK);
    CHECK_STR(b.data, "a\xEF\x9E\x80\xEF\x9F\xBF");
    pith_buf_free(&b);
}

static void test_iconv(void)
{
    /* 日本語 in Shift_JIS and 中文 in GBK, EUC-KR 한 */
    CHECK_STR(DECODE("<meta charset=shift_jis>\x93\xFA\x96\x7B\x8C\xEA", NULL),
              "<meta charset=shift_jis>\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E");
    CHECK_STR(dec.source, "meta");
    CHECK_STR(DECODE("<meta charset=gbk>\xD6\xD0\xCE\xC4", NULL), "<meta charset=gbk>\xE4\xB8\xAD\xE6\x96\x87");
    CHECK_STR(DECODE("\xC7\xD1", "euc-kr"), "\xED\x95\x9C");
    /* invalid bytes become U+FFFD and decoding goes on; a cut-off
     * sequence at the end too */
    CHECK_STR(DECODE("\x93\xFA\xFF\x96\x7B\x93", "shift_jis"), "\xE6\x97\xA5\xEF\xBF\xBD\xE6\x9C\xAC\xEF\xBF\xBD");
    /* ISO-2022-JP is stateful: escape sequences switch sets */
    CHECK_STR(DECODE("a\x1B$B$\"\x1B(Bb", "iso-2022-jp"), "a\xE3\x81\x82" "b");
    /* long input grows the output buffer correctly */
    size_t n = 200000;
    char *big = malloc(n);
    for (size_t i = 0; i < n; i += 2) { big[i] = (char)0xA4; big[i + 1] = (char)0xA2; }   /* EUC-JP あ */
    decode(big, n, "euc-jp");
    CHECK(dec.out.len == n / 2 * 3);
    CHECK(dec.out.len >= 3 && !memcmp(dec.out.data + dec.out.len - 3, "\xE3\x81\x82", 3));
    free(big);
}

static void test_detector(void)
{
    /* no declaration, not UTF-8: the detector decides */
    const char *sjis =
        "<html><head><title>\x93\xFA\x96\x7B\x8C\xEA\x82\xCC\x83\x79\x81\x5B\x83\x57</title></head><body><p>"
        "\x82\xB1\x82\xEA\x82\xCD\x93\xFA\x96\x7B\x8C\xEA\x82\xCC\x95\xB6\x8F\xCD\x82\xC5\x82\xB7\x81\x42"
        "\x8D\xA1\x93\xFA\x82\xCD\x82\xA2\x82\xA2\x93\x56\x8B\x43\x82\xC5\x82\xB7\x82\xCB\x81\x42"
        "\x93\x8C\x8B\x9E\x82\xC9\x8D\x73\x82\xAB\x82\xDC\x82\xB5\x82\xBD\x81\x42</p></body></html>";
    decode(sjis, strlen(sjis), NULL);
    CHECK_STR(dec.source, "detector");
    CHECK_STR(dec.enc, "shift_jis");
    CHECK(strstr(dec.out.data, "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E") != NULL);
    /* windows-1252 text: some single-byte answer, never a failure */
    const char *latin = "<p>Le caf\xE9 est tr\xE8s bon, d\xE9j\xE0 vu, \xE0 la fran\xE7" "aise, "
                        "na\xEFve r\xE9sum\xE9 \xE9t\xE9 \xE0 c\xF4t\xE9 de l'h\xF4tel.</p>";
    decode(latin, strlen(latin), NULL);
    CHECK(dec.st == PITH_OK);
    CHECK_STR(dec.source, "detector");
    CHECK(strstr(dec.out.data, "\xEF\xBF\xBD") == NULL);
    /* UTF-8 with a stray Latin-1 byte stays UTF-8 (the byte becomes U+FFFD) */
    const char *stray = "<p>caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e na\xC3\xAFve \xE2\x82\xAC" "5 caf\xE9</p>";
    decode(stray, strlen(stray), NULL);
    CHECK_STR(dec.enc, "utf-8");
    CHECK_STR(dec.source, "detector");
    CHECK(strstr(dec.out.data, "cr\xC3\xA8me") && strstr(dec.out.data, "caf\xEF\xBF\xBD</p>"));
    /* UTF-16 without a byte-order mark is recognised, not mangled */
    const char *ascii = "<html><body><p>Hello, world</p></body></html>";
    size_t al = strlen(ascii);
    char u16[128];
    for (size_t i = 0; i < al; i++) { u16[2 * i] = ascii[i]; u16[2 * i + 1] = 0; }
    decode(u16, 2 * al, NULL);
    CHECK_STR(dec.enc, "utf-16le");
    CHECK_STR(dec.source, "detector");
    CHECK_STR(dec.out.data, ascii);
    for (size_t i = 0; i < al; i++) { u16[2 * i] = 0; u16[2 * i + 1] = ascii[i]; }
    decode(u16, 2 * al, NULL);
    CHECK_STR(dec.enc, "utf-16be");
    CHECK_STR(dec.out.data, ascii);
    /* valid UTF-8 never goes to the detector */
    DECODE("<p>\xC3\xA9t\xC3\xA9</p>", NULL);
    CHECK_STR(dec.source, "default");
}

int main(void)
{
    pith_buf_init(&dec.out);
    test_labels();
    test_bom();
    test_caller();
    test_meta();
    test_utf8();
    test_view();
    test_windows_1252();
    test_iconv();
    test_detector();
    pith_buf_free(&dec.out);
    return T_DONE("test_encoding");
}

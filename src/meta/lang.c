/*
 * Language: the page's declared language (html lang, Content-Language,
 * og:locale, JSON-LD inLanguage) checked against the extracted text with
 * CLD2; the detector wins only when it is sure and the text is long enough.
 */
#include <string.h>

#include "meta_internal.h"

/* Text shorter than this is not trusted to overrule the page's own tag. */
enum { LANG_MIN_TEXT = 400, LANG_SAMPLE = 2048 };

static unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c; }
static unsigned char upper(unsigned char c) { return c >= 'a' && c <= 'z' ? (unsigned char)(c & ~0x20) : c; }
static bool alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

bool meta_lang_normalise(const char *s, size_t n, char *buf, size_t cap)
{
    while (n && (*s == ' ' || *s == '\t' || *s == '"')) { s++; n--; }
    size_t i = 0, k = 0;
    while (i < n && alpha((unsigned char)s[i]) && i < 8) i++;
    if (i < 2 || i > 3 || cap < 16) return false;
    if (i < n && alpha((unsigned char)s[i])) return false;
    for (size_t j = 0; j < i; j++) buf[k++] = (char)lower((unsigned char)s[j]);
    /* a region ("-US", "_br") or script ("-Hant") subtag is kept */
    if (i + 1 < n && (s[i] == '-' || s[i] == '_')) {
        size_t j = i + 1, e = j;
        while (e < n && alpha((unsigned char)s[e]) && e - j < 5) e++;
        size_t m = e - j;
        bool end = e == n || !alpha((unsigned char)s[e]);
        if (end && (m == 2 || m == 4) && k + 1 + m < cap) {
            buf[k++] = '-';
            for (size_t q = j; q < e; q++)
                buf[k++] = (char)(m == 2 ? upper((unsigned char)s[q])
                                         : (q == j ? upper((unsigned char)s[q]) : lower((unsigned char)s[q])));
        }
    }
    buf[k] = '\0';
    /* "xx", "un", "mul", "und" say nothing */
    if (!strcmp(buf, "un") || !strncmp(buf, "mul", 3) || !strncmp(buf, "und", 3) || !strncmp(buf, "xx", 2))
        return false;
    return true;
}

/* The primary subtag's length ("en-US" -> 2). */
static size_t primary_len(const char *t)
{
    size_t i = 0;
    while (t[i] && t[i] != '-') i++;
    return i;
}

void meta_lang_decide(pith_result *r, const char *declared)
{
    /* a sample of the body: the title and the blocks, up to LANG_SAMPLE bytes */
    pith_buf b;
    pith_buf_init(&b);
    if (r->title) { pith_buf_puts(&b, r->title); pith_buf_putc(&b, '\n'); }
    for (size_t i = 0; i < r->n_blocks && b.len < LANG_SAMPLE; i++) {
        if (r->blocks[i].type == PITH_BLOCK_CODE) continue;
        pith_buf_puts(&b, r->blocks[i].text);
        pith_buf_putc(&b, '\n');
    }
    /* blocks can be long: cut the sample at a character boundary */
    size_t len = b.len;
    if (len > LANG_SAMPLE) {
        len = LANG_SAMPLE;
        while (len && ((unsigned char)b.data[len] & 0xC0) == 0x80) len--;
    }
    char code[16];
    int pct = 0, reliable = 0;
    int found = len ? pith_cld2_detect(b.data, len, declared, code, sizeof code, &pct, &reliable) : 0;
    size_t text_len = len;
    pith_buf_free(&b);
    if (!found) {
        if (declared) pith_result_set(r, &r->language, declared, strlen(declared));
        return;
    }
    if (!declared) {
        if (reliable || text_len >= LANG_MIN_TEXT) pith_result_set(r, &r->language, code, strlen(code));
        return;
    }
    size_t dp = primary_len(declared), cp = primary_len(code);
    bool agree = dp == cp && !strncmp(declared, code, dp);
    /* Norwegian Bokmål/Nynorsk and the like: CLD2 says "no"/"nb"/"nn" */
    if (!agree && dp == 2 && cp == 2 &&
        ((!strncmp(declared, "nb", 2) || !strncmp(declared, "nn", 2) || !strncmp(declared, "no", 2)) &&
         (!strncmp(code, "nb", 2) || !strncmp(code, "nn", 2) || !strncmp(code, "no", 2))))
        agree = true;
    if (!agree && reliable && pct >= 80 && text_len >= LANG_MIN_TEXT)
        pith_result_set(r, &r->language, code, strlen(code));
    else
        pith_result_set(r, &r->language, declared, strlen(declared));
}

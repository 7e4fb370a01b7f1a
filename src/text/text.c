/*
 * Cleaning of text that a scraper already flattened.
 *
 * 1. Segment: lines are blocks; a line that continues a wrapped sentence
 *    (previous line unfinished, this one starting in lower case) joins it.
 * 2. Describe each block in one pass over its bytes: length, words, stop
 *    words per language, case, punctuation, code and link signs, and the
 *    phrase kinds it matches (navigation, prompts, credits, labels...).
 * 3. Classify without context: prose (GOOD), SHORT, boilerplate, code,
 *    date line, byline, credit.
 * 4. The article is the contiguous run of blocks with the largest sum of
 *    weights (prose counts by its length, menus and prompts count against),
 *    so boilerplate clustered at the start and end falls away.
 * 5. Around and inside that run: the title (the page title repeated, or the
 *    headline-like line before the prose), the lead, captions next to
 *    credits, headings between paragraphs; then the result is filled.
 * Every pass is linear; scratch arrays come from the result's arena.
 */
#include "text.h"

#include <stdio.h>
#include <string.h>

#include "../meta/meta_internal.h"
#include "lexicon.h"

void (*pith_text_trace)(const char *cls, const char *features, const char *s, size_t n);

/* ---------------------------------------------------------------- detection */

static bool ascii_ieq(const char *s, const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') c |= 0x20;
        if (c != (unsigned char)w[i]) return false;
    }
    return true;
}

/* Tag names whose presence marks HTML (a text seldom writes "<p>"). */
static const char *const html_tags[] = {"html", "head", "body", "div", "p", "span", "a", "br", "meta",
                                        "title", "script", "style", "link", "table", "tr", "td", "ul",
                                        "li", "img", "article", "section", "header", "footer", "nav",
                                        "h1", "h2", "h3", "form", "input", "iframe", "!doctype", "?xml",
                                        "!--", "svg", "main", "strong", "em", "b", "i", "font", "center"};

bool pith_text_looks_plain(const char *data, size_t len)
{
    size_t i = 0;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) i = 3;
    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r')) i++;
    size_t lim = len < 16384 ? len : 16384, tags = 0;
    /* markup from the first byte: a declaration, or a closing tag somewhere (HTML or XML) */
    size_t first = i;
    bool lead = i + 1 < len && data[i] == '<';
    if (lead && (data[i + 1] == '!' || data[i + 1] == '?' || memmem(data + i, lim - i, "</", 2))) return false;
    for (; i + 2 < lim; i++) {
        if (data[i] != '<') continue;
        size_t j = i + 1;
        if (data[j] == '/') j++;
        size_t b = j;
        while (j < lim && j - b < 10 &&
               (((data[j] | 0x20) >= 'a' && (data[j] | 0x20) <= 'z') || (data[j] >= '0' && data[j] <= '9') ||
                data[j] == '!' || data[j] == '?' || data[j] == '-'))
            j++;
        if (j == b || j >= lim) continue;
        if (data[j] != '>' && data[j] != ' ' && data[j] != '/' && data[j] != '\n' && !(j - b == 3 && !memcmp(data + b, "!--", 3)))
            continue;
        for (size_t k = 0; k < sizeof html_tags / sizeof html_tags[0]; k++) {
            size_t m = strlen(html_tags[k]);
            if (m == j - b && ascii_ieq(data + b, html_tags[k], m)) {
                /* a document-level tag settles it; otherwise two tags do */
                if (m >= 4 && (!strcmp(html_tags[k], "html") || !strcmp(html_tags[k], "body") ||
                               !strcmp(html_tags[k], "head") || !strcmp(html_tags[k], "!doctype")))
                    return false;
                if (++tags >= 2 || (lead && i == first)) return false; /* or a known tag as the first thing */
                break;
            }
        }
    }
    return true;
}

/* ---------------------------------------------------------------- blocks */

/* Block classes; the first group comes from the block alone, the second
 * from context, the third is the final typing. */
enum {
    C_SHORT, C_GOOD, C_BOILER, C_WALL, C_CODE, C_DATE, C_BYLINE, C_BYPREFIX, C_CREDIT,
    C_CAPTION, C_DUP, C_MENU,
    C_TITLE, C_LEAD, C_HEAD, C_PARA, C_OUT, C_COUNT
};
static const char *const class_name[C_COUNT] = {
    "short", "good", "boiler", "wall", "code", "date", "byline", "by", "credit",
    "caption", "dup", "menu", "TITLE", "LEAD", "HEAD", "PARA", "out"};

/* How a block ends and begins. */
enum { E_OTHER, E_TERM, E_COLON, E_COMMA, E_ARROW, E_QUESTION };
enum { F_OTHER, F_UPPER, F_LOWER, F_DIGIT, F_BULLET, F_QUOTE, F_SYMBOL };

typedef struct tblock {
    uint32_t off, end;        /* trimmed byte range in the input (may span joined lines) */
    uint32_t split;           /* caption/credit split offset inside the block, or 0 */
    uint32_t hash;            /* of the bytes, for repetition */
    uint32_t chars;           /* non-space characters */
    uint32_t eff;             /* length weight: chars, with CJK counted 2.5 times */
    uint16_t words, upper, lower, nums, cjk, sentences, codech, stopmax;
    uint16_t stop[TL_COUNT];
    uint32_t kline, kstart, kany; /* phrase kinds */
    uint8_t last, first;
    bool blank_before, url, copy_sign, code, pipe_menu, multi_line;
    uint8_t cls;
    int32_t weight;
} tblock;

typedef struct tctx {
    const char *d;
    size_t len;
    tblock *b;
    size_t n;
    text_lang lang;           /* TL_COUNT when not one of the table languages */
    pith_result *r;
} tctx;

static bool hspace(unsigned char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

/* Width of a trailing or leading space character at p (ASCII, NBSP, U+3000, BOM). */
static size_t space_at(const char *d, size_t i, size_t end)
{
    unsigned char c = (unsigned char)d[i];
    if (hspace(c) || c == '\r') return 1;
    if (c == 0xC2 && i + 1 < end && (unsigned char)d[i + 1] == 0xA0) return 2;
    if (c == 0xE3 && i + 2 < end && (unsigned char)d[i + 1] == 0x80 && (unsigned char)d[i + 2] == 0x80) return 3;
    if (c == 0xEF && i + 2 < end && (unsigned char)d[i + 1] == 0xBB && (unsigned char)d[i + 2] == 0xBF) return 3;
    if (c == 0xE2 && i + 2 < end && (unsigned char)d[i + 1] == 0x80 &&
        ((unsigned char)d[i + 2] <= 0x8B || (unsigned char)d[i + 2] == 0xAF)) return 3;
    return 0;
}

static size_t space_before(const char *d, size_t b, size_t e)
{
    unsigned char c = (unsigned char)d[e - 1];
    if (hspace(c) || c == '\r') return 1;
    if (e - b >= 2 && c == 0xA0 && (unsigned char)d[e - 2] == 0xC2) return 2;
    if (e - b >= 3 && space_at(d, e - 3, e) == 3) return 3;
    return 0;
}

static void trim(const char *d, size_t *b, size_t *e)
{
    size_t k;
    while (*b < *e && (k = space_at(d, *b, *e))) *b += k;
    while (*e > *b && (k = space_before(d, *b, *e))) *e -= k;
}

/* The last character of [b, e) before closing quotes and brackets, as an E_* class. */
static uint8_t end_class(const unsigned char *s, size_t b, size_t e)
{
    size_t i = e;
    int skipped = 0;
    while (i > b && skipped < 3) {
        size_t st = i - 1;
        while (st > b && (s[st] & 0xC0) == 0x80 && i - st < 4) st--;
        uint32_t cp;
        text_utf8(s + st, i - st, &cp);
        switch (cp) {
        case '.': case '!': case 0x2026: case 0x3002: case 0xFF01: case 0x0964: case 0x06D4:
            return E_TERM;
        case '?': case 0xFF1F: case 0x061F:
            return E_QUESTION;
        case ':': case 0xFF1A:
            return skipped ? E_OTHER : E_COLON;
        case ',': case ';': case 0xFF0C: case 0x3001:
            return E_COMMA;
        case 0x203A: case 0xBB: case 0x2192: case '>': case 0x279C: case 0x25B6: case 0x25BA:
            if (!skipped) return E_ARROW;
            return E_OTHER;
        case '"': case '\'': case 0x201D: case 0x201C: case 0x2019: case 0x201E: case 0xAB:
        case ')': case ']': case 0x300D: case 0x300F: case 0xFF09:
            /* a closing quote after the sentence's full stop still ends it; "(dpa)" does not */
            if (cp == ')' || cp == ']') return E_OTHER;
            skipped++;
            i = st;
            continue;
        default:
            return E_OTHER;
        }
    }
    return E_OTHER;
}

static uint8_t start_class(const unsigned char *s, size_t b, size_t e)
{
    uint32_t cp;
    text_utf8(s + b, e - b, &cp);
    if (cp >= '0' && cp <= '9') return F_DIGIT;
    switch (cp) {
    case '-': case '*': case 0x2022: case 0xB7: case 0x25AA: case 0x25CF: case 0x2013: case 0x2014: case 0x25A0:
        return F_BULLET;
    case '"': case '\'': case 0x201E: case 0x201C: case 0xAB: case 0xBB: case 0x2018: case 0x201A: case 0x300C:
        return F_QUOTE;
    default: break;
    }
    if (!text_is_word_cp(cp)) return F_SYMBOL;
    size_t i = b, st, nc;
    unsigned info;
    if (text_next_word(s, e, &i, &st, &info, &nc) && st == b) {
        if (info & TW_UPPER) return F_UPPER;
        if (info & TW_LOWER) return F_LOWER;
    }
    return F_OTHER;
}

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h ? h : 1;
}

/* Splits the input into blocks; returns the count. */
static size_t segment(tctx *c)
{
    const char *d = c->d;
    size_t len = c->len, n = 0, i = 0;
    bool blank = true;
    while (i < len) {
        size_t e = i;
        while (e < len && d[e] != '\n' && d[e] != '\r') e++;
        size_t nx = e;
        if (nx < len && d[nx] == '\r') nx++;
        if (nx < len && d[nx] == '\n' && (nx == e || d[e] == '\r')) nx++;
        if (nx == e) nx++; /* defensive: always progress */
        size_t b = i, t = e;
        trim(d, &b, &t);
        if (b == t) {
            blank = true;
        } else {
            tblock *prev = n ? &c->b[n - 1] : NULL;
            const unsigned char *u = (const unsigned char *)d;
            /* a wrapped line: the previous one is unfinished and this one goes on in lower case */
            if (prev && !blank && prev->end - prev->off >= 25 && start_class(u, b, t) == F_LOWER) {
                uint8_t pe = end_class(u, prev->off, prev->end);
                if (pe == E_OTHER || pe == E_COMMA) {
                    prev->end = (uint32_t)t;
                    prev->multi_line = true;
                    i = nx;
                    continue;
                }
            }
            tblock *k = &c->b[n++];
            memset(k, 0, sizeof *k);
            k->off = (uint32_t)b;
            k->end = (uint32_t)t;
            k->blank_before = blank;
            blank = false;
        }
        i = nx;
    }
    return n;
}

static bool has_sub(const char *s, size_t n, const char *w)
{
    size_t m = strlen(w);
    return n >= m && memmem(s, n, w, m) != NULL;
}

/* Fills the features of one block. */
static void describe(tctx *c, tblock *k)
{
    const unsigned char *s = (const unsigned char *)c->d;
    size_t b = k->off, e = k->end;
    const char *t = c->d + b;
    size_t n = e - b;

    /* bytes: characters, code signs, links, sentence ends */
    uint32_t chars = 0, codech = 0, sentences = 0, pipes = 0;
    for (size_t i = b; i < e; i++) {
        unsigned char ch = s[i];
        if ((ch & 0xC0) == 0x80) continue;
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') continue;
        chars++;
        switch (ch) {
        case '{': case '}': case ';': case '=': case '<': case '>': case '[': case ']': case '(': case ')':
        case '"': case '_': case '\\':
            codech++;
            break;
        case '|':
            pipes++;
            break;
        case '.': case '!': case '?':
            if (i + 1 < e && s[i + 1] == ' ' && i > b && s[i - 1] != '.' && s[i - 1] != ' ') sentences++;
            break;
        case 0xC2:
            if (i + 1 < e && s[i + 1] == 0xA9) k->copy_sign = true;
            break;
        case 0xE3:
            if (i + 2 < e && s[i + 1] == 0x80 && s[i + 2] == 0x82) sentences++; /* 。 */
            break;
        default: break;
        }
    }
    if (n >= 2 && s[b] == '(' && (s[b + 1] | 0x20) == 'c' && n > 2 && s[b + 2] == ')') k->copy_sign = true;
    k->chars = chars;
    k->codech = (uint16_t)(codech > 65535 ? 65535 : codech);
    k->sentences = (uint16_t)(sentences > 65535 ? 65535 : sentences);
    k->pipe_menu = pipes >= 2;
    if (n < 400) k->url = has_sub(t, n, "://") || has_sub(t, n, "www.") || has_sub(t, n, ".com/");

    /* words: stop words, case, phrase ids */
    int32_t ids[64];
    size_t i = b, st, nc, nw = 0, cjk = 0;
    unsigned info;
    char buf[TEXT_WORD_MAX];
    uint32_t words = 0, upper = 0, lower = 0, nums = 0;
    uint32_t stop[TL_COUNT] = {0};
    while (text_next_word(s, e, &i, &st, &info, &nc)) {
        words++;
        if (info & TW_UPPER) upper++;
        else if (info & TW_LOWER) lower++;
        if (info & TW_ALLNUM) nums++;
        if (info & TW_CJK) cjk += nc;
        int32_t id = -1;
        if (i - st <= TEXT_WORD_MAX) {
            size_t m = text_fold(s + st, i - st, buf, sizeof buf);
            id = m ? text_lex_word(buf, m) : -1;
        }
        if (id >= 0) {
            uint16_t mask = text_lex_stop(id);
            for (int l = 0; mask; l++, mask >>= 1)
                if (mask & 1) stop[l]++;
            /* "Caption text. Credit: Name" or "Foto: Name" inside a longer block */
            if (words >= 4 && !k->split && (text_lex_word_kinds(id) & TK_BIT(TK_CREDIT)) && i < e &&
                (s[i] == ':' || (s[i] == '.' && i + 1 < e && s[i + 1] == '.'))) {
                size_t rest = 0, j = i, st2, nc2;
                unsigned in2;
                while (rest <= 10 && text_next_word(s, e, &j, &st2, &in2, &nc2)) rest++;
                if (rest >= 1 && rest <= 10) k->split = (uint32_t)st;
            }
        }
        if (nw < 64) ids[nw++] = id;
    }
    /* "Caption © Name" */
    if (!k->split && k->copy_sign && words >= 6) {
        const char *cp = memmem(t, n, "\xC2\xA9", 2);
        if (cp && cp > t + 10) {
            size_t rest = 0, j = (size_t)(cp - c->d), st2, nc2;
            unsigned in2;
            while (rest <= 10 && text_next_word(s, e, &j, &st2, &in2, &nc2)) rest++;
            if (rest >= 1 && rest <= 10) k->split = (uint32_t)(cp - c->d);
        }
    }
    k->words = (uint16_t)(words > 65535 ? 65535 : words);
    k->upper = (uint16_t)(upper > 65535 ? 65535 : upper);
    k->lower = (uint16_t)(lower > 65535 ? 65535 : lower);
    k->nums = (uint16_t)(nums > 65535 ? 65535 : nums);
    k->cjk = (uint16_t)(cjk > 65535 ? 65535 : cjk);
    for (int l = 0; l < TL_COUNT; l++) k->stop[l] = (uint16_t)(stop[l] > 65535 ? 65535 : stop[l]);
    uint64_t eff = chars + (uint64_t)cjk * 3 / 2;
    k->eff = (uint32_t)(eff > 0xFFFFFFFFu ? 0xFFFFFFFFu : eff);

    text_hits h = {0, 0, 0};
    if (nw) text_lex_phrases(ids, nw, &h);
    if (words > 64) h.line = 0; /* only the first 64 words were matched */
    k->kline = h.line;
    k->kstart = h.start;
    k->kany = h.any;
    k->last = end_class(s, b, e);
    k->first = start_class(s, b, e);
    k->hash = hash_bytes(t, n);

    /* code and script state: "showPaywall:", "false", console.debug({...}) */
    bool code = false;
    if (words <= 2 && n <= 12) {
        static const char *const lits[] = {"true", "false", "null", "undefined", "nan", "none", "{}", "[]"};
        for (size_t q = 0; q < sizeof lits / sizeof lits[0]; q++)
            if (strlen(lits[q]) == n && ascii_ieq(t, lits[q], n)) code = true;
    }
    if (words == 1 && k->last == E_COLON && n >= 4) {
        /* an identifier with an inner capital or underscore before its colon */
        for (size_t q = 1; q + 1 < n; q++)
            if ((s[b + q] >= 'A' && s[b + q] <= 'Z' && s[b + q - 1] >= 'a' && s[b + q - 1] <= 'z') || s[b + q] == '_')
                code = true;
    }
    if (codech * 8 > chars && chars >= 8 && words < 60) code = true;
    if (n < 600 && (has_sub(t, n, "console.") || has_sub(t, n, "function(") || has_sub(t, n, "function (") ||
                    has_sub(t, n, "=>") || has_sub(t, n, "window.") || has_sub(t, n, "document.") ||
                    has_sub(t, n, "});") || has_sub(t, n, "var ") || has_sub(t, n, "!important")))
        if (codech * 20 > chars) code = true;
    k->code = code;
}

/* Stop-word share of a block in the document's language, in percent. */
static unsigned stop_pct(const tctx *c, const tblock *k)
{
    if (!k->words) return 0;
    if (c->lang == TL_COUNT) return 0;
    return (unsigned)k->stop[c->lang] * 100u / k->words;
}

/* A date line: short, with a date in it and little else. */
static bool is_date_line(const tctx *c, const tblock *k, meta_date *out)
{
    if (k->words > 14 || k->chars > 90 || k->last == E_TERM) return false;
    const char *t = c->d + k->off;
    size_t n = k->end - k->off;
    bool digit = false;
    for (size_t i = 0; i < n && !digit; i++) digit = t[i] >= '0' && t[i] <= '9';
    if (!digit) return false;
    meta_date d;
    bool upd = false;
    if (!meta_date_find(t, n, &d, &upd) || !meta_date_valid(&d)) return false;
    if (out) *out = d;
    return true;
}

/* The class of a block on its own. */
static uint8_t classify(const tctx *c, tblock *k)
{
    const uint32_t boiler_line = TK_BIT(TK_NAV) | TK_BIT(TK_SKIP) | TK_BIT(TK_HOME) | TK_BIT(TK_SHARE) |
                                 TK_BIT(TK_LOGIN) | TK_BIT(TK_AD) | TK_BIT(TK_COPY) | TK_BIT(TK_MORE) |
                                 TK_BIT(TK_COOKIE) | TK_BIT(TK_NEWS) | TK_BIT(TK_PAY) | TK_BIT(TK_LABEL) |
                                 TK_BIT(TK_CREDIT);
    if (k->code) return C_CODE;
    if (k->kline & TK_BIT(TK_END)) return C_WALL;
    if (k->kline & TK_BIT(TK_BYLINE)) return C_BYPREFIX;
    if (k->kline & boiler_line) return C_BOILER;
    if (k->kstart & (TK_BIT(TK_SKIP) | TK_BIT(TK_HOME))) return C_BOILER;
    if (k->words == 0 || k->words == k->nums) {
        /* only digits and symbols: counters, pagers, times, unless a date */
        return is_date_line(c, k, NULL) ? C_DATE : C_BOILER;
    }
    if (k->words <= 40 && (k->kany & (TK_BIT(TK_COOKIE) | TK_BIT(TK_NEWS) | TK_BIT(TK_PAY)))) return C_BOILER;
    if (k->words <= 30 && (k->kany & TK_BIT(TK_COPY))) return C_BOILER;
    if (k->copy_sign && k->words <= 12 && !k->split) {
        /* "© 2024 Publisher" is a footer, "© Name/Agency" a photo credit */
        return k->nums ? C_BOILER : C_CREDIT;
    }
    if (k->words <= 15 && (k->kstart & TK_BIT(TK_CREDIT)) && k->last != E_TERM) return C_CREDIT;
    if (k->url && k->words <= 8) return C_BOILER;
    if (k->last == E_ARROW && k->words <= 12) return C_BOILER;
    if (k->pipe_menu && k->words <= 30) return C_BOILER;
    if (k->words <= 20 && (k->kstart & (TK_BIT(TK_SHARE) | TK_BIT(TK_MORE))) && k->last != E_TERM) return C_BOILER;
    if (k->words <= 12 && (k->kstart & TK_BIT(TK_LABEL)) && k->last != E_TERM) {
        return is_date_line(c, k, NULL) ? C_DATE : C_BOILER;
    }
    if (is_date_line(c, k, NULL)) return C_DATE;
    if (k->words <= 10 && (k->kstart & TK_BIT(TK_BYLINE)) && k->last != E_TERM && k->upper >= 2) return C_BYLINE;

    unsigned sp = stop_pct(c, k);
    bool known = c->lang != TL_COUNT && !k->cjk;
    bool prose_len = k->eff >= 80 && (k->words >= 8 || k->cjk >= 20);
    if (prose_len) {
        if (!known) return (k->last == E_TERM || k->last == E_QUESTION || k->eff >= 200) ? C_GOOD : C_SHORT;
        bool finished = k->last == E_TERM || k->last == E_QUESTION || k->eff >= 200;
        if (finished && (sp >= 15 || (sp >= 8 && k->last == E_TERM && k->sentences >= 1))) return C_GOOD;
    }
    return C_SHORT;
}

/* Short prose: a finished sentence with function words. */
static bool short_prose(const tctx *c, const tblock *k)
{
    if (k->last != E_TERM && k->last != E_QUESTION && k->last != E_COLON) return false;
    if (k->words < 3 && !k->cjk) return false;
    if (c->lang == TL_COUNT || k->cjk) return k->eff >= 15;
    return stop_pct(c, k) >= 10;
}

/* A heading: a short line that is not a sentence. */
static bool heading_like(const tblock *k)
{
    if (k->words == 0 || k->words > 20) return false;
    if (k->cjk && k->cjk > 50) return false;
    if (k->last == E_TERM || k->last == E_COMMA || k->last == E_ARROW || k->last == E_COLON) return false;
    if (k->first == F_LOWER || k->first == F_SYMBOL || k->first == F_BULLET) return false;
    return k->eff >= 8;
}

/* ---------------------------------------------------------------- the article run */

static int32_t weight_of(const tctx *c, const tblock *k)
{
    switch (k->cls) {
    case C_GOOD: return (int32_t)(k->eff > 100000 ? 100000 : k->eff);
    case C_SHORT: return short_prose(c, k) ? (int32_t)(k->eff / 2) : -25;
    case C_WALL: return -1500;
    case C_BOILER: case C_CODE: case C_DUP: case C_MENU: return -60;
    default: return -10;
    }
}

/* The run [*a, *z] with the largest weight sum (Kadane); false when nothing is positive. */
static bool best_run(const tctx *c, size_t *a, size_t *z)
{
    int64_t best = 0, cur = 0;
    size_t cs = 0;
    bool found = false;
    for (size_t i = 0; i < c->n; i++) {
        if (cur <= 0) { cur = 0; cs = i; }
        cur += c->b[i].weight;
        if (cur > best) { best = cur; *a = cs; *z = i; found = true; }
    }
    return found;
}

/* ---------------------------------------------------------------- result */

/* Appends block text with whitespace runs (and joined line breaks) collapsed to one space. */
static size_t collapse(const char *s, size_t n, char *out)
{
    size_t o = 0;
    bool sp = false;
    for (size_t i = 0; i < n;) {
        size_t w = space_at(s, i, n);
        if (!w && s[i] == '\n') w = 1;
        if (w) {
            sp = true;
            i += w;
            continue;
        }
        if (sp && o) out[o++] = ' ';
        sp = false;
        out[o++] = s[i++];
    }
    return o;
}

typedef struct span { const char *s; size_t n; } span;

static span block_text(const tctx *c, const tblock *k, char *scratch)
{
    size_t n = collapse(c->d + k->off, k->end - k->off, scratch);
    return (span){scratch, n};
}

static bool add_block(tctx *c, const tblock *k, pith_block_type type, int level, char *scratch)
{
    span t = block_text(c, k, scratch);
    return pith_result_add_block(c->r, type, level, t.s, t.n) != NULL;
}

/* Strips a trailing site name: "Headline | Site", "Headline - Site". Returns the kept length. */
static size_t strip_site(const char *s, size_t n)
{
    static const char *const seps[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xB7 ",
                                       " \xE2\x80\xA2 ", " \xC2\xBB ", " / "};
    size_t best = n;
    for (size_t q = 0; q < sizeof seps / sizeof seps[0]; q++) {
        size_t m = strlen(seps[q]);
        for (size_t i = n; i-- > 0;) {
            if (i + m <= n && !memcmp(s + i, seps[q], m)) {
                /* the site part is the shorter side at the end */
                if (n - (i + m) < i && i < best && n - i <= 60) best = i;
                break;
            }
        }
    }
    return best;
}

static bool same_text(const tctx *c, const tblock *x, const tblock *y)
{
    return x->end - x->off == y->end - y->off && !memcmp(c->d + x->off, c->d + y->off, x->end - x->off);
}

/* Does block k repeat the page title (block 0), whole or without the site name? */
static bool repeats_title(const tctx *c, const tblock *k)
{
    const tblock *p = &c->b[0];
    const char *ps = c->d + p->off, *ks = c->d + k->off;
    size_t pn = p->end - p->off, kn = k->end - k->off;
    if (kn < 8) return false;
    if (pn == kn) return !memcmp(ps, ks, kn);
    size_t keep = strip_site(ps, pn);
    if (keep == kn && !memcmp(ps, ks, kn)) return true;
    /* "Site: Headline" or "Headline | Section | Site" */
    if (kn < pn && !memcmp(ps, ks, kn) && (ps[kn] == ' ' || ps[kn] == '|')) return true;
    if (kn < pn && !memcmp(ps + pn - kn, ks, kn) && ps[pn - kn - 1] == ' ') return true;
    return false;
}

static void set_date(tctx *c, const tblock *k)
{
    meta_date d;
    if (c->r->date || !is_date_line(c, k, &d)) return;
    char buf[40];
    meta_date_format(&d, buf);
    pith_result_set(c->r, &c->r->date, buf, strlen(buf));
}

static void trace_all(const tctx *c)
{
    char feat[200];
    for (size_t i = 0; i < c->n; i++) {
        const tblock *k = &c->b[i];
        snprintf(feat, sizeof feat, "w=%-5d eff=%-5u words=%-4u sp=%-3u end=%u first=%u kl=%x ks=%x ka=%x%s%s",
                 (int)k->weight, k->eff, k->words, stop_pct(c, k), k->last, k->first, k->kline, k->kstart,
                 k->kany, k->blank_before ? " blank" : "", k->split ? " split" : "");
        pith_text_trace(class_name[k->cls], feat, c->d + k->off, k->end - k->off);
    }
}

pith_status pith_text_clean(const char *data, size_t len, const pith_options *opts, pith_result *r)
{
    (void)opts;
    r->from_text = true;
    if (!text_lex_init()) return PITH_ERR_NOMEM;
    if (len > 0xFFFFFFF0u) return PITH_ERR_TOO_LARGE; /* offsets are 32-bit */

    /* every line break may start a block: count them for the arrays */
    size_t lines = 1;
    for (const char *p = data, *e = data + len; (p = memchr(p, '\n', (size_t)(e - p))); p++) lines++;
    for (const char *p = data, *e = data + len; (p = memchr(p, '\r', (size_t)(e - p))); p++) lines++;
    tctx c = {.d = data, .len = len, .r = r};
    c.b = pith_arena_alloc(r->arena, lines * sizeof *c.b);
    char *scratch = pith_arena_alloc(r->arena, len + 1);
    if (!c.b || !scratch) return PITH_ERR_NOMEM;
    c.n = segment(&c);
    if (!c.n) return PITH_ERR_EMPTY;

    /* features, then the document's language from its stop words */
    uint64_t total_stop[TL_COUNT] = {0}, total_words = 0;
    for (size_t i = 0; i < c.n; i++) {
        describe(&c, &c.b[i]);
        if (c.b[i].cjk) continue;
        for (int l = 0; l < TL_COUNT; l++) total_stop[l] += c.b[i].stop[l];
        total_words += c.b[i].words;
    }
    c.lang = TL_COUNT;
    uint64_t best = 0;
    for (int l = 0; l < TL_COUNT; l++)
        if (total_stop[l] > best) { best = total_stop[l]; c.lang = (text_lang)l; }
    if (!total_words || best * 100 < total_words * 12) c.lang = TL_COUNT;

    /* classes alone, then context: repetition, bylines split over two lines, captions */
    uint32_t *seen = NULL;
    size_t seen_cap = 1;
    while (seen_cap < c.n * 2) seen_cap <<= 1;
    seen = pith_arena_alloc(r->arena, seen_cap * sizeof *seen);
    if (!seen) return PITH_ERR_NOMEM;
    memset(seen, 0, seen_cap * sizeof *seen);
    for (size_t i = 0; i < c.n; i++) {
        tblock *k = &c.b[i];
        k->cls = classify(&c, k);
        /* a repeated block: keep the first copy of prose, drop repeated short lines */
        uint32_t h = k->hash & (uint32_t)(seen_cap - 1);
        bool dup = false;
        while (seen[h]) {
            const tblock *o = &c.b[seen[h] - 1];
            if (o->hash == k->hash && same_text(&c, o, k)) { dup = true; break; }
            h = (h + 1) & (uint32_t)(seen_cap - 1);
        }
        if (!dup) seen[h] = (uint32_t)i + 1;
        else if (i > 0 && (k->cls == C_GOOD || k->cls == C_SHORT)) k->cls = C_DUP;
    }
    for (size_t i = 0; i < c.n; i++) {
        tblock *k = &c.b[i];
        if (k->cls == C_BYPREFIX && i + 1 < c.n && c.b[i + 1].cls == C_SHORT && c.b[i + 1].words <= 8)
            c.b[i + 1].cls = C_BYLINE;
        if (k->cls == C_CREDIT && i > 0) {
            tblock *p = &c.b[i - 1];
            if ((p->cls == C_GOOD || p->cls == C_SHORT) && p->words >= 3 && !p->split) p->cls = C_CAPTION;
        }
        if (k->split && (k->cls == C_GOOD || k->cls == C_SHORT)) k->cls = C_CAPTION;
    }
    /* menus: runs of three or more short lines that are not sentences */
    for (size_t i = 0; i < c.n;) {
        size_t j = i;
        while (j < c.n && (c.b[j].cls == C_SHORT || c.b[j].cls == C_BOILER) && !short_prose(&c, &c.b[j])) j++;
        if (j - i >= 3)
            for (size_t q = i; q < j; q++)
                if (c.b[q].cls == C_SHORT) c.b[q].cls = C_MENU;
        i = j > i ? j : i + 1;
    }
    for (size_t i = 0; i < c.n; i++) c.b[i].weight = weight_of(&c, &c.b[i]);

    size_t a = 0, z = 0;
    bool have_run = best_run(&c, &a, &z);

    /* the title: the page title repeated before the prose, else a headline-like line */
    size_t first_good = a;
    while (have_run && first_good <= z && c.b[first_good].cls != C_GOOD) first_good++;
    if (first_good > z) first_good = a;
    size_t title = SIZE_MAX;
    if (have_run && c.n > 1 && c.b[0].cls != C_GOOD) {
        for (size_t i = 1; i <= z; i++)
            if (repeats_title(&c, &c.b[i]) && (title == SIZE_MAX || i <= first_good)) title = i;
        if (title != SIZE_MAX && title > first_good) {
            /* only a repeat shortly before the prose starts it */
            if (title > first_good + 3) title = SIZE_MAX;
        }
    }
    if (have_run && title == SIZE_MAX) {
        size_t lim = first_good > 15 ? first_good - 15 : 0;
        for (size_t i = first_good; i-- > lim;) {
            tblock *k = &c.b[i];
            if (k->cls == C_GOOD || k->cls == C_WALL) break;
            if ((k->cls == C_SHORT || k->cls == C_MENU) && heading_like(k) && (k->words >= 3 || k->cjk >= 6)) {
                title = i;
                break;
            }
        }
    }
    size_t body_from = a;
    if (title != SIZE_MAX) {
        c.b[title].cls = C_TITLE;
        if (title >= a) body_from = title + 1;
        /* the lead: the first prose after the title when a byline, date or credit sets it apart */
        size_t i = title + 1;
        while (i < c.n && i <= z + 1 && c.b[i].cls != C_GOOD && c.b[i].cls != C_SHORT && c.b[i].cls != C_DUP) i++;
        if (i < c.n && i <= z && (c.b[i].cls == C_GOOD || short_prose(&c, &c.b[i])) && c.b[i].words <= 80) {
            size_t j = i + 1;
            bool sep = false;
            while (j <= z && c.b[j].cls != C_GOOD) {
                if (c.b[j].cls != C_SHORT) sep = true;
                j++;
            }
            if (sep && j <= z) {
                c.b[i].cls = C_LEAD;
                if (body_from <= i) body_from = i + 1;
                if (body_from < j && j - body_from > 0) {
                    /* the separators between lead and body are not body */
                    body_from = j;
                }
            }
        }
    }

    /* final typing inside the run */
    if (have_run) {
        for (size_t i = 0; i < c.n; i++) {
            tblock *k = &c.b[i];
            if (k->cls == C_TITLE || k->cls == C_LEAD) continue;
            if (i < body_from || i > z) { if (k->cls == C_GOOD || k->cls == C_SHORT) k->cls = C_OUT; continue; }
            if (k->cls == C_GOOD) { k->cls = C_PARA; continue; }
            if (k->cls != C_SHORT) continue;
            /* a heading sits between prose blocks; a short sentence joins the prose */
            const tblock *nx = NULL;
            for (size_t j = i + 1; j <= z; j++)
                if (c.b[j].cls == C_GOOD || c.b[j].cls == C_SHORT) { nx = &c.b[j]; break; }
            if (heading_like(k) && nx && nx->cls == C_GOOD && i > body_from) k->cls = C_HEAD;
            else if (short_prose(&c, k)) k->cls = C_PARA;
            else k->cls = C_OUT;
        }
    }
    if (pith_text_trace) trace_all(&c);

    /* fill the result */
    if (title != SIZE_MAX) {
        span t = block_text(&c, &c.b[title], scratch);
        pith_result_set(r, &r->title, t.s, t.n);
    } else if (c.n && c.b[0].words >= 2 && c.b[0].cls != C_PARA) {
        span t = block_text(&c, &c.b[0], scratch);
        pith_result_set(r, &r->title, t.s, strip_site(t.s, t.n));
    }
    for (size_t i = 0; i < c.n; i++) {
        tblock *k = &c.b[i];
        switch (k->cls) {
        case C_LEAD: {
            span t = block_text(&c, k, scratch);
            if (!r->description) pith_result_set(r, &r->description, t.s, t.n);
            break;
        }
        case C_PARA:
            if (!add_block(&c, k, PITH_BLOCK_PARAGRAPH, 0, scratch)) return PITH_ERR_NOMEM;
            break;
        case C_HEAD:
            if (!add_block(&c, k, PITH_BLOCK_HEADING, 2, scratch)) return PITH_ERR_NOMEM;
            break;
        default: break;
        }
    }
    /* images: a caption and the credit after it, or a block split into both */
    /* a picture often comes before the headline: look a few blocks further back */
    size_t lo = title != SIZE_MAX && title < a ? title : a, hi = z;
    lo = lo > 6 ? lo - 6 : 0;
    for (size_t i = lo; have_run && i <= hi && i < c.n; i++) {
        tblock *k = &c.b[i];
        if (k->cls == C_CAPTION && k->split) {
            span t = block_text(&c, k, scratch);
            size_t cut = k->split - k->off;
            const char *cap = pith_result_strdup(r, c.d + k->off, cut);
            span cr = {c.d + k->split, k->end - k->split};
            const char *cre = pith_result_strdup(r, cr.s, cr.n);
            (void)t;
            if (!cap || !cre) return PITH_ERR_NOMEM;
            size_t cn = strlen(cap);
            while (cn && (cap[cn - 1] == ' ' || cap[cn - 1] == '.')) cn--;
            ((char *)cap)[cn] = '\0';
            if (!pith_result_add_image(r, NULL, cap, cre)) return PITH_ERR_NOMEM;
        } else if (k->cls == C_CAPTION && i + 1 < c.n && c.b[i + 1].cls == C_CREDIT) {
            span t = block_text(&c, k, scratch);
            const char *cap = pith_result_strdup(r, t.s, t.n);
            span u = block_text(&c, &c.b[i + 1], scratch);
            const char *cre = pith_result_strdup(r, u.s, u.n);
            if (!cap || !cre || !pith_result_add_image(r, NULL, cap, cre)) return PITH_ERR_NOMEM;
            i++;
        } else if (k->cls == C_CREDIT) {
            span u = block_text(&c, k, scratch);
            const char *cre = pith_result_strdup(r, u.s, u.n);
            if (!cre || !pith_result_add_image(r, NULL, NULL, cre)) return PITH_ERR_NOMEM;
        }
    }
    /* bylines and dates near the title, else anywhere before the end of the article */
    size_t meta_lo = title != SIZE_MAX ? (title > 3 ? title - 3 : 0) : (a > 8 ? a - 8 : 0);
    for (size_t i = meta_lo; have_run && i <= z && i < c.n; i++) {
        tblock *k = &c.b[i];
        if (k->cls == C_BYLINE && !r->authors.n) {
            span t = block_text(&c, k, scratch);
            meta_authors_add(r, t.s, t.n, 8, true);
        } else if (k->cls == C_DATE) {
            set_date(&c, k);
        }
    }
    /* the agency: a tag closing the last paragraph or opening the first */
    for (size_t i = r->n_blocks; i-- > 0 && !r->agency;) {
        if (r->blocks[i].type != PITH_BLOCK_PARAGRAPH) continue;
        const char *ag = meta_agency_in_text(r->blocks[i].text, strlen(r->blocks[i].text));
        if (ag) pith_result_set(r, &r->agency, ag, strlen(ag));
        break;
    }
    if (!r->agency && r->n_blocks) {
        const char *ag = meta_agency_in_text(r->blocks[0].text, strlen(r->blocks[0].text));
        if (ag) pith_result_set(r, &r->agency, ag, strlen(ag));
    }
    /* the language: CLD2 on the kept text, with the stop-word guess as the declared language */
    meta_lang_decide(r, c.lang != TL_COUNT ? text_lang_code(c.lang) : NULL);
    return r->n_blocks ? PITH_OK : PITH_ERR_NO_CONTENT;
}

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

#include "../core/utf8.h"
#include "../html/encoding.h"
#include "../meta/meta_internal.h"
#include "langid.h"
#include "lexicon.h"
#include "scan.h"

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
    uint16_t words, upper, nums, cjk, sentences, codech, digits;
    uint16_t sampled;         /* words looked up (the first SAMPLE_WORDS) */
    bool year;                /* a 19xx/20xx year (short blocks only) */
    bool full;                /* words were read (else only the byte counts are known) */
    bool dup;                 /* repeats an earlier block */
    bool anchor;              /* repeats the page title (the first line) */
    uint64_t stop8;           /* sampled stop words per language, a byte each (text_lang order) */
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
    bool lang_known;          /* lang is settled: long blocks may stop reading words early */
    bool lang_sure;           /* and surely right: no need to ask CLD2 */
    /* the stop words that settle it: languages 0, 2, 4, 6 in the 16-bit lanes of total_even,
     * 1, 3, 5, 7 in total_odd (fewer than LANG_WORDS + SAMPLE_WORDS words are added up) */
    uint64_t total_even, total_odd, total_words;
    pith_result *r;
    size_t cap;               /* most blocks (max_nodes): lines after them are dropped */
    size_t room;              /* blocks the array b holds (grown by doubling up to cap) */
    bool oom;                 /* growing the block array failed */
    bool truncated;           /* the text had more lines than cap */
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

/* Narrows [*b, *e) past the spaces (space_at) at both ends. */
static void trim(const char *d, size_t *b, size_t *e)
{
    size_t k;
    /* most lines start and end in printable ASCII: nothing to trim, nothing to decode */
    if (*b < *e && (unsigned char)(d[*b] - 0x21) < 0x5E && (unsigned char)(d[*e - 1] - 0x21) < 0x5E) return;
    while (*b < *e && (k = space_at(d, *b, *e))) *b += k;
    while (*e > *b && (k = space_before(d, *b, *e))) *e -= k;
}

/* The last character of [b, e) before closing quotes and brackets, as an E_* class. */
static uint8_t end_class(const unsigned char *s, size_t b, size_t e)
{
    /* most blocks end in a letter or digit */
    unsigned char last = s[e - 1];
    if (((last | 0x20) >= 'a' && (last | 0x20) <= 'z') || (last >= '0' && last <= '9')) return E_OTHER;
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
            if (cp == ')' && !skipped) {
                /* "... nötig. (dpa)": a short tag after the full stop */
                size_t o = st;
                while (o > b && st - o < 24 && s[o - 1] != '(') o--;
                if (o > b && s[o - 1] == '(') {
                    size_t q = o - 1;
                    while (q > b && s[q - 1] == ' ') q--;
                    if (q > b && (s[q - 1] == '.' || s[q - 1] == '!' || s[q - 1] == '?')) return E_TERM;
                }
            }
            /* a closing quote after the sentence's full stop still ends it; other brackets do not */
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
    /* ASCII first: the same answers as the general path below, without a decode */
    unsigned char c0 = s[b];
    if (c0 >= 'A' && c0 <= 'Z') return F_UPPER;
    if (c0 >= 'a' && c0 <= 'z') return F_LOWER;
    if (c0 >= '0' && c0 <= '9') return F_DIGIT;
    if (c0 < 0x80) return c0 == '-' || c0 == '*' ? F_BULLET : c0 == '"' || c0 == '\'' ? F_QUOTE : F_SYMBOL;
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
    unsigned lc = text_letter_case(cp);
    return lc == TW_UPPER ? F_UPPER : lc == TW_LOWER ? F_LOWER : F_OTHER;
}

/* A block's identity for spotting repeats: its length and its first and
 * last eight bytes (equality is confirmed byte by byte). */
static uint32_t block_hash(const char *t, size_t n)
{
    uint64_t a = 0, b = 0;
    if (n >= 8) {
        memcpy(&a, t, 8);
        memcpy(&b, t + n - 8, 8);
    } else if (n >= 4) {
        uint32_t x, y;
        memcpy(&x, t, 4);
        memcpy(&y, t + n - 4, 4);
        a = x;
        b = y;
    } else {
        for (size_t i = 0; i < n; i++) a = a << 8 | (unsigned char)t[i];
    }
    uint64_t h = a * 0x9E3779B97F4A7C15ull ^ b * 0xC2B2AE3D27D4EB4Full ^ (uint64_t)n * 0x165667B19E3779F9ull;
    h ^= h >> 29;
    uint32_t r = (uint32_t)(h ^ h >> 32);
    return r ? r : 1;
}

/* Blocks at least this long (bytes) are read at once; blocks within WINDOW
 * before the first article run (the headline, byline and date sit there) and
 * WINDOW_AFTER after it are read before the run is found again. */
enum { READ_NOW = 80, WINDOW = 30, WINDOW_AFTER = 8 };

/* A short block is only counted until it is read: its length stands for its
 * characters and it counts as one word (describe reads it later if it is near
 * the prose). A long block's counts wait for describe. */
static void first_look(const char *d, tblock *k)
{
    size_t n = k->end - k->off;
    bool short_block = n < READ_NOW;
    k->chars = k->eff = short_block ? (uint32_t)n : 0;
    k->words = short_block;
    k->hash = short_block ? block_hash(d + k->off, n) : 0;
}

/* Splits the input into blocks; returns the count. */
static size_t segment(tctx *c)
{
    const char *d = c->d;
    size_t len = c->len, n = 0, i = 0;
    bool blank = true;
    /* lines end in LF (a CR before it is trimmed as space); only old Mac text ends them in CR alone */
    char sep = memchr(d, '\n', len) || !memchr(d, '\r', len) ? '\n' : '\r';
    size_t lines = 0;
    while (i < len) {
        /* (the clock is looked at every 64 lines: a check per line cost more than the line) */
        if ((++lines & 63) == 0 && pith_budget_tick(c->r->budget, 64)) break;
        const char *lf = memchr(d + i, sep, len - i);
        size_t e = lf ? (size_t)(lf - d) : len, nx = e + 1;
        size_t b = i, t = e;
        trim(d, &b, &t);
        if (b == t) {
            blank = true;
        } else {
            tblock *prev = n ? &c->b[n - 1] : NULL;
            const unsigned char *u = (const unsigned char *)d;
            /* a wrapped line: the previous one is unfinished and this one goes on in lower case */
            /* (a short line that does not end a sentence is a byline or a label, not a wrapped tail) */
            if (prev && !blank && prev->end - prev->off >= 40 && start_class(u, b, t) == F_LOWER &&
                (t - b >= 40 || end_class(u, b, t) == E_TERM)) {
                uint8_t pe = end_class(u, prev->off, prev->end);
                if (pe == E_OTHER || pe == E_COMMA) {
                    prev->end = (uint32_t)t;
                    prev->multi_line = true;
                    first_look(d, prev);
                    i = nx;
                    continue;
                }
            }
            if (n == c->room) {
                if (n == c->cap) {
                    c->truncated = true;
                    break;
                }
                /* doubling: the arena keeps the old arrays, under twice the final size in all */
                size_t room = c->room * 2 < c->cap ? c->room * 2 : c->cap;
                tblock *nb = pith_arena_alloc(c->r->arena, room * sizeof *nb);
                if (!nb) {
                    c->oom = true;
                    break;
                }
                memcpy(nb, c->b, n * sizeof *nb);
                c->b = nb;
                c->room = room;
            }
            tblock *k = &c->b[n++];
            memset(k, 0, sizeof *k);
            k->off = (uint32_t)b;
            k->end = (uint32_t)t;
            k->blank_before = blank;
            first_look(d, k);
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

/* The first place where bytes a, b follow each other in s[0..n), or NULL (memmem is slow on short text). */
static const char *find_pair(const char *s, size_t n, char a, char b)
{
    for (const char *q = s, *e = s + n; (q = memchr(q, a, (size_t)(e - q))); q++)
        if (q + 1 < e && q[1] == b) return q;
    return NULL;
}

/* A run of exactly four digits that reads as a year from 1900 to 2099. */
static bool has_year(const unsigned char *s, size_t b, size_t e)
{
    size_t run = 0;
    for (size_t p = b; p <= e; p++) {
        if (p < e && s[p] >= '0' && s[p] <= '9') { run++; continue; }
        if (run == 4 && ((s[p - 4] == '1' && s[p - 3] == '9') || (s[p - 4] == '2' && s[p - 3] == '0'))) return true;
        run = 0;
    }
    return false;
}

/* Bytes of article text read for its function words and script when the stop words are
 * unsure, and the part of them given to CLD2 when those do not settle the language. */
enum { LANG_WORDS_SAMPLE = 2048, LANG_SAMPLE = 1024 };

/* Bytes of one block scanned or copied between two looks at the clock. */
enum { CHUNK = 1 << 20 };

/* Looks for a photo credit closing a long block: a credit word with a colon
 * ("Foto: Name") among the last words, or a last sentence that starts with
 * one ("... the lodge. Supplied"). Sets k->split at the credit. */
static void tail_credit(const tctx *c, tblock *k, const text_word *read, size_t nread, bool all_read)
{
    const unsigned char *s = (const unsigned char *)c->d;
    size_t e = k->end, from = e - k->off > 90 ? e - 90 : k->off;
    /* "... sentence. [Photo = Name]" or "... sentence. (Name/Agency)": a bracketed credit
     * after the last full stop; a parenthesis needs a slash, unlike the "(dpa)" closing a paragraph */
    if (s[e - 1] == ']' || s[e - 1] == ')') {
        char open = s[e - 1] == ']' ? '[' : '(';
        size_t o = e - 1;
        bool slash = false;
        while (o > k->off && e - o < 80 && s[o - 1] != open) slash |= s[--o] == '/';
        if (o > k->off + 20 && s[o - 1] == open && (open == '[' || slash)) {
            size_t q = o - 1;
            while (q > k->off && s[q - 1] == ' ') q--;
            if (end_class(s, k->off, q) == E_TERM) {
                k->split = (uint32_t)(o - 1);
                return;
            }
        }
    }
    bool open_end = k->last != E_TERM && k->last != E_QUESTION;
    while (from > k->off && s[from - 1] != ' ') from--; /* start at a word */
    /* (a word never holds a space, so the words from `from` on are the block's words that
     * start there or later: when describe read them all, they need not be read again) */
    text_word own[24];
    const text_word *tw = own;
    size_t nw;
    if (all_read) {
        size_t q0 = nread;
        while (q0 > 0 && read[q0 - 1].start >= from) q0--;
        tw = read + q0;
        nw = nread - q0 < 24 ? nread - q0 : 24;
    } else {
        size_t p = from;
        nw = text_words_lim(s, e, c->len, &p, own, 24);
    }
    for (size_t q = 0; q < nw; q++) {
        if (!(text_lex_word_kinds(tw[q].id) & TK_BIT(TK_CREDIT)) || nw - q > 10) continue;
        size_t we = tw[q].end, st = tw[q].start;
        bool colon = we < e && s[we] == ':';
        /* or right after a sentence end: ". Supplied", ". Photo by ..." */
        size_t b = st;
        while (b > k->off && s[b - 1] == ' ') b--;
        bool after_stop = b > k->off && b < st && (s[b - 1] == '.' || s[b - 1] == '!' || s[b - 1] == '?') &&
                          (tw[q].info & TW_UPPER) && open_end;
        if ((colon || after_stop) && st > k->off + 20) {
            k->split = (uint32_t)st;
            return;
        }
    }
}

/* Words whose stop-word and phrase lookups are sampled; the rest of a long block is only counted. */
enum { SAMPLE_WORDS = 48, SAMPLE_LONG = 12, HIST_SAMPLE = 256 };
/* describe counts stop words a byte per language in one 64-bit word, and phrase starts in another */
_Static_assert(TL_COUNT <= 8 && SAMPLE_WORDS < 64, "stop-word bytes and phrase-start bits overflow");
/* A line this long inside the article is content even when it is not a sentence (lists, tables). */
enum { LONG_LINE = 80 };

/* A byte of stop-word language bits spread to one byte per language (bit l -> byte l
 * holds 1): a word's stop words are added to describe's counters in one addition. */
#define SPREAD(x) ((((uint64_t)(x) * 0x0101010101010101ull & 0x8040201008040201ull) + 0x7F7F7F7F7F7F7F7Full) >> 7 & \
                   0x0101010101010101ull)
#define SPREAD4(x) SPREAD(x), SPREAD(x + 1), SPREAD(x + 2), SPREAD(x + 3)
#define SPREAD16(x) SPREAD4(x), SPREAD4(x + 4), SPREAD4(x + 8), SPREAD4(x + 12)
#define SPREAD64(x) SPREAD16(x), SPREAD16(x + 16), SPREAD16(x + 32), SPREAD16(x + 48)
static const uint64_t stop_spread[256] = {SPREAD64(0), SPREAD64(64), SPREAD64(128), SPREAD64(192)};
#undef SPREAD64
#undef SPREAD16
#undef SPREAD4
#undef SPREAD

/* Fills the features of one block (reads it): one pass over its first words, one over its bytes. */
static void describe(tctx *c, tblock *k)
{
    const unsigned char *s = (const unsigned char *)c->d;
    size_t b = k->off, e = k->end;
    const char *t = c->d + b;
    size_t n = e - b;

    /* (far from the prose a short block only counts as one: first_look gave it its length and identity) */
    k->full = true;

    /* bytes: a class histogram over every byte (32 at a time) */
    uint32_t hs[B_COUNT] = {0};
    /* (a huge block a chunk at a time, the clock looked at between chunks: out of time, the
     * counts are partial and the caller, which looks at the budget next, gives up) */
    for (size_t p = b; p < e; p += CHUNK) {
        text_byte_stats(s, p, e - p > CHUNK ? p + CHUNK : e, hs);
        if (e - p > CHUNK && pith_budget_tick(c->r->budget, CHUNK / 64)) break;
    }

    /* words: stop words, case, phrase ids, over the first SAMPLE_WORDS (SAMPLE_LONG of a
     * long block). A block of many words (over 40: a phrase can only start it) stops early
     * once the language is settled: after two of its stop words, which make it prose as
     * surely as more would, and after a phrase its first word may start. */
    text_word tw[SAMPLE_WORDS];
    int32_t ids[SAMPLE_WORDS];
    uint64_t counts = 0; /* capitalised words, numbers (32 bits each) */
    uint64_t stop8 = 0, starts = 0; /* stop words per language, a byte each (< SAMPLE_WORDS); phrase starts */
    size_t limit = n > 120 ? SAMPLE_LONG : SAMPLE_WORDS;
    bool dots = hs[B_SENT] != 0; /* "www." needs a full stop */
    bool may_stop = c->lang_known && n > 120 && hs[B_SPACE] >= 44;
    size_t i, nw, sampled_end, words;
    bool more;
    k->url = false;
    k->split = 0;
    for (;;) {
        i = b;
        nw = 0;
        size_t need = 1;
        more = true;
        while (nw < limit) {
            size_t want = may_stop ? (limit - nw < 4 ? limit - nw : 4) : limit - nw;
            size_t got = text_words_lim(s, e, c->len, &i, tw + nw, want);
            for (size_t q = nw; q < nw + got; q++) {
                unsigned info = tw[q].info;
                size_t st = tw[q].start, we = tw[q].end;
                /* (counted without branches: a word's case is as good as random to a predictor;
                 * capitalised words in the low half, numbers in the high half) */
                counts += (info & TW_UPPER) | (uint64_t)(info & TW_ALLNUM) << 29;
                int32_t id = tw[q].id;
                /* "www.example.org": one branch on two facts together (three-letter words are
                 * common, and so are words before a full stop, but seldom both); `after` is the
                 * byte after the word, or its last one at the block's end, which is no full stop */
                unsigned char after = s[we - (we == e)];
                if (((we - st == 3) & (after == '.') & (we < e)) && dots && (s[st] | 0x20) == 'w' &&
                    (s[st + 1] | 0x20) == 'w' && (s[st + 2] | 0x20) == 'w')
                    k->url = true;
                /* the word's stop-word languages as one byte each, added at once (no branch per language) */
                stop8 += stop_spread[tw[q].stop & 0xFFu];
                starts |= (uint64_t)(tw[q].span != 0) << q;
                /* "Caption text. Credit: Name" or "Foto: Name" inside a longer block (an unknown
                 * word has no kinds: whether a word is known is no branch here) */
                if ((tw[q].kinds & TK_BIT(TK_CREDIT)) && q >= 3 && !k->split && we < e &&
                    (s[we] == ':' || (s[we] == '.' && we + 1 < e && s[we + 1] == '.'))) {
                    size_t rest = 0, j = we, st2, nc2;
                    unsigned in2;
                    while (rest <= 10 && text_next_word(s, e, &j, &st2, &in2, &nc2)) rest++;
                    if (rest >= 1 && rest <= 10) k->split = (uint32_t)st;
                }
                ids[q] = id;
            }
            if (nw == 0 && got) need = tw[0].span > 1 ? tw[0].span : 1;
            nw += got;
            if (got < want) {
                more = false;
                break;
            }
            if (may_stop && nw >= need && (c->lang == TL_COUNT || (stop8 >> (8 * c->lang) & 0xFF) >= 2)) break;
        }
        sampled_end = more ? i : e;
        /* the words past the sample are counted by their spaces */
        words = nw + (sampled_end < e ? hs[B_SPACE] - text_count_spaces(s, b, sampled_end) : 0);
        if (!may_stop || nw == limit || !more || words > 40) break;
        /* (odd spacing made the block look longer than it is: read it in full) */
        may_stop = false;
        counts = 0;
        stop8 = starts = 0;
        k->url = false;
        k->split = 0;
    }

    uint32_t nonchar = hs[B_SPACE] + hs[B_CONT];
    uint32_t chars = nonchar < n ? (uint32_t)n - nonchar : 0;
    uint32_t cjk = hs[B_CJK], codech = hs[B_CODE], digits = hs[B_DIGIT];
    k->chars = chars;
    k->codech = (uint16_t)(codech > 65535 ? 65535 : codech);
    k->sentences = (uint16_t)(hs[B_SENT] > 65535 ? 65535 : hs[B_SENT]);
    k->digits = (uint16_t)(digits > 65535 ? 65535 : digits);
    k->sampled = (uint16_t)nw;
    k->words = (uint16_t)(words > 65535 ? 65535 : words);
    k->cjk = (uint16_t)(cjk > 65535 ? 65535 : cjk);
    uint64_t eff = chars + (uint64_t)cjk * 3 / 2;
    k->eff = (uint32_t)(eff > 0xFFFFFFFFu ? 0xFFFFFFFFu : eff);
    k->last = end_class(s, b, e);
    k->first = start_class(s, b, e);
    /* repetition is confirmed byte by byte; the hash only needs the head and the length
     * (a block read again near the prose has it from its first look) */
    if (!k->hash) k->hash = block_hash(t, n);

    /* links, menus with bars, copyright signs and years matter on short blocks only; the
     * byte counts say whether there is a '|', ':' or C2 to look for */
    if (n <= 1000) {
        k->copy_sign = (hs[B_C2] && find_pair(t, n, '\xC2', '\xA9') != NULL) ||
                       (n > 2 && s[b] == '(' && (s[b + 1] | 0x20) == 'c' && s[b + 2] == ')');
        if (n <= 400) {
            k->pipe_menu = hs[B_PIPE] >= 2;
            for (const char *q = t, *qe = t + n; hs[B_COLON] && !k->url && (q = memchr(q, ':', (size_t)(qe - q))); q++)
                k->url = qe - q >= 3 && q[1] == '/' && q[2] == '/';
            /* (a year matters on date lines and bylines only: 14 words at most) */
            k->year = digits >= 4 && words <= 14 && has_year(s, b, e);
        }
    }

    /* "Caption © Name" */
    if (!k->split && k->copy_sign && words >= 6) {
        const char *cp = find_pair(t, n, '\xC2', '\xA9');
        if (cp && cp > t + 10) {
            size_t rest = 0, j = (size_t)(cp - c->d), st2, nc2;
            unsigned in2;
            while (rest <= 10 && text_next_word(s, e, &j, &st2, &in2, &nc2)) rest++;
            if (rest >= 1 && rest <= 10) k->split = (uint32_t)(cp - c->d);
        }
    }
    /* "... caption. Foto: Name" or "... caption. Supplied" past the sampled words */
    /* (a paragraph ends in a full stop; a credit seldom does; a credit follows a colon or
     * a sentence mark, so a block with neither has none) */
    if (!k->split && words >= 6 && n <= 800 && (hs[B_COLON] || hs[B_SENT] || s[e - 1] == ')' || s[e - 1] == ']') &&
        ((k->last != E_TERM && k->last != E_QUESTION) || s[e - 1] == ')' || s[e - 1] == ']'))
        tail_credit(c, k, tw, nw, !more);
    k->upper = (uint16_t)(uint32_t)counts;
    k->nums = (uint16_t)(counts >> 32);
    k->stop8 = stop8;

    /* phrases: a long block can only start with one (its other hits are incidental) */
    text_hits h = {0, 0, 0};
    /* (of a block of over 40 words only a phrase at its first word counts: that is the only start looked at) */
    if (nw) text_lex_phrases_at(ids, words > 40 ? (nw < 12 ? nw : 12) : nw, words > 40 ? starts & 1 : starts, &h);
    if (words > 40) h.line = h.any = 0;
    k->kline = h.line;
    k->kstart = h.start;
    k->kany = h.any;

    /* code and script state: "showPaywall:", "false", console.debug({...}) */
    bool code = false;
    if (words <= 2 && n <= 12) {
        static const struct { const char *s; size_t n; } lits[] = {
            {"true", 4}, {"false", 5}, {"null", 4}, {"undefined", 9}, {"nan", 3}, {"none", 4}, {"{}", 2}, {"[]", 2}};
        for (size_t q = 0; q < sizeof lits / sizeof lits[0]; q++)
            if (lits[q].n == n && ascii_ieq(t, lits[q].s, n)) code = true;
    }
    if (words == 1 && k->last == E_COLON && n >= 4) {
        /* an identifier with an inner capital or underscore before its colon */
        for (size_t q = 1; q + 1 < n; q++)
            if ((s[b + q] >= 'A' && s[b + q] <= 'Z' && s[b + q - 1] >= 'a' && s[b + q - 1] <= 'z') || s[b + q] == '_')
                code = true;
    }
    if (codech * 8 > chars && chars >= 8 && words < 60) code = true;
    if (!code && codech * 20 > chars && n < 600 &&
        (has_sub(t, n, "console.") || has_sub(t, n, "function") || has_sub(t, n, "=>") ||
         has_sub(t, n, "window.") || has_sub(t, n, "document.") || has_sub(t, n, "});") ||
         has_sub(t, n, "var ") || has_sub(t, n, "!important")))
        code = true;
    k->code = code;
}

/* Stop-word share of a block in the document's language, in percent. */
static unsigned stop_pct(const tctx *c, const tblock *k)
{
    if (!k->sampled || c->lang == TL_COUNT) return 0;
    return (unsigned)(k->stop8 >> (8 * c->lang) & 0xFF) * 100u / k->sampled;
}

/* A date line: short, with a year, mostly digits or behind a date label.
 * Reading the date itself (costly, many languages) waits until one is wanted. */
static bool is_date_line(const tctx *c, const tblock *k, meta_date *out)
{
    if (k->words > 14 || k->chars > 90 || k->last == E_TERM || !k->year) return false;
    if (k->digits * 5 < k->chars && !(k->kstart & TK_BIT(TK_LABEL))) return false;
    if (!out) return true;
    meta_date d;
    bool upd = false;
    if (!meta_date_find(c->d + k->off, k->end - k->off, &d, &upd) || !meta_date_valid(&d)) return false;
    *out = d;
    return true;
}

/* The class of a block on its own. */
static uint8_t classify(const tctx *c, tblock *k)
{
    const uint32_t boiler_line = TK_BIT(TK_NAV) | TK_BIT(TK_SKIP) | TK_BIT(TK_HOME) | TK_BIT(TK_SHARE) |
                                 TK_BIT(TK_LOGIN) | TK_BIT(TK_AD) | TK_BIT(TK_COPY) | TK_BIT(TK_MORE) |
                                 TK_BIT(TK_COOKIE) | TK_BIT(TK_NEWS) | TK_BIT(TK_PAY) | TK_BIT(TK_LABEL) |
                                 TK_BIT(TK_CREDIT);
    if (!k->full) return k->chars ? C_SHORT : C_BOILER; /* not read yet: far from the prose */
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
        if (finished && (sp >= 15 || (sp >= 8 && k->last == E_TERM && k->sentences >= 2))) return C_GOOD;
    }
    return C_SHORT;
}

/* Short prose: a finished sentence with function words. */
static bool short_prose(const tctx *c, const tblock *k)
{
    if (!k->full) return false;
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

/* A headline: heading-like, three words or more, no prompt or label in it,
 * not a name, not mostly digits (times, prices). */
static bool name_line(const tctx *c, const tblock *k);
static bool title_like(const tctx *c, const tblock *k)
{
    if (!heading_like(k) || (k->words < 3 && k->cjk < 6)) return false;
    if (k->kstart || k->kany || k->digits * 5 > k->chars) return false;
    return !name_line(c, k);
}

/* ---------------------------------------------------------------- the article run */

/* The weight of each class that does not depend on the block (GOOD and SHORT do). */
static const int16_t class_weight[C_COUNT] = {
    [C_SHORT] = 0, [C_GOOD] = 0, [C_BOILER] = -60, [C_WALL] = -1500, [C_CODE] = -60, [C_DATE] = -10,
    [C_BYLINE] = -10, [C_BYPREFIX] = -10, [C_CREDIT] = -10, [C_CAPTION] = -10, [C_DUP] = -60, [C_MENU] = -60,
    [C_TITLE] = -10, [C_LEAD] = -10, [C_HEAD] = -10, [C_PARA] = -10, [C_OUT] = -10};

static int32_t weight_of(const tctx *c, const tblock *k)
{
    /* (a table, not a switch: classes follow each other in no order a predictor learns) */
    if (k->cls == C_GOOD) return (int32_t)(k->eff > 100000 ? 100000 : k->eff);
    if (k->cls == C_SHORT) return short_prose(c, k) ? (int32_t)(k->eff / 2) : k->eff >= LONG_LINE ? 0 : -25;
    return class_weight[k->cls];
}

/* The run [*a, *z] within [lo, hi) with the largest weight sum (Kadane); false when nothing is positive. */
static bool best_run(const tctx *c, size_t lo, size_t hi, size_t *a, size_t *z)
{
    int64_t best = 0, cur = 0;
    size_t cs = lo;
    bool found = false;
    for (size_t i = lo; i < hi; i++) {
        if (cur <= 0) { cur = 0; cs = i; }
        cur += c->b[i].weight;
        if (cur > best) { best = cur; *a = cs; *z = i; found = true; }
    }
    return found;
}

/* Classes of the blocks in [lo, hi): alone, then in context (repetition,
 * bylines over two lines, captions next to credits, menu runs), and weights. */
static void classify_range(tctx *c, size_t lo, size_t hi)
{
    for (size_t i = lo; i < hi; i++) {
        tblock *k = &c->b[i];
        k->cls = classify(c, k);
        if (k->dup && i > 0 && (k->cls == C_GOOD || k->cls == C_SHORT)) k->cls = C_DUP;
    }
    for (size_t i = lo; i < hi; i++) {
        tblock *k = &c->b[i];
        if (k->cls == C_BYPREFIX && i + 1 < hi && c->b[i + 1].cls == C_SHORT && c->b[i + 1].words <= 8)
            c->b[i + 1].cls = C_BYLINE;
        if (k->cls == C_CREDIT && i > lo) {
            tblock *p = &c->b[i - 1];
            if ((p->cls == C_GOOD || p->cls == C_SHORT) && p->words >= 3 && !p->split) p->cls = C_CAPTION;
        }
        if (k->split && (k->cls == C_GOOD || k->cls == C_SHORT)) k->cls = C_CAPTION;
    }
    /* menus: runs of three or more short lines that are not sentences */
    for (size_t i = lo; i < hi;) {
        size_t j = i;
        while (j < hi && (c->b[j].cls == C_SHORT || c->b[j].cls == C_BOILER) && !short_prose(c, &c->b[j])) j++;
        if (j - i >= 3)
            for (size_t q = i; q < j; q++)
                if (c->b[q].cls == C_SHORT) c->b[q].cls = C_MENU;
        i = j > i ? j : i + 1;
    }
    for (size_t i = lo; i < hi; i++) c->b[i].weight = weight_of(c, &c->b[i]);
}

/* ---------------------------------------------------------------- result */

static size_t utf8_cut(const char *s, size_t n);

/* Copies block text with whitespace runs (and joined line breaks) collapsed
 * to one space. Text between other spaces than single ASCII ones is copied
 * in runs found 32 bytes at a time (text_plain_run). */
static size_t collapse(const char *s, size_t n, char *out, pith_budget *budget)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t o = 0, i = 0, tick = CHUNK;
    bool sp = false;
    while (i < n) {
        /* a huge block is copied a chunk at a time, the clock looked at between chunks;
         * out of time, the copy ends there (the caller reports the timeout) */
        if (i >= tick) {
            if (pith_budget_tick(budget, CHUNK / 64)) {
                /* (a chunk may end inside a character: the copy keeps whole ones) */
                o = utf8_cut(out, o);
                break;
            }
            tick = i + CHUNK;
        }
        size_t j = text_plain_run(u, i, n - i > CHUNK ? i + CHUNK : n);
        if (j > i) {
            if (sp && o) out[o++] = ' ';
            sp = false;
            memcpy(out + o, s + i, j - i);
            o += j - i;
            i = j;
            if (i >= n) break;
        }
        size_t w = space_at(s, i, n);
        if (!w && s[i] == '\n') w = 1;
        if (w) {
            sp = true;
            i += w;
            continue;
        }
        /* a lead byte that starts a character other than a space: copy the character */
        size_t k = u[i] >= 0xE0 ? 3 : u[i] >= 0x80 ? 2 : 1;
        if (k > n - i) k = n - i;
        if (sp && o) out[o++] = ' ';
        sp = false;
        memcpy(out + o, s + i, k);
        o += k;
        i += k;
    }
    return o;
}

typedef struct span { const char *s; size_t n; } span;

static span block_text(const tctx *c, const tblock *k, char *scratch)
{
    size_t n = collapse(c->d + k->off, k->end - k->off, scratch, c->r->budget);
    return (span){scratch, n};
}

/* Appends block k, collapsed straight into the result's arena (collapsing
 * never lengthens the text), so a huge block is written once. */
static bool add_block(tctx *c, const tblock *k, pith_block_type type, int level)
{
    size_t n = k->end - k->off;
    char *t = pith_arena_alloc(c->r->arena, n + 1);
    if (!t) return false;
    t[collapse(c->d + k->off, n, t, c->r->budget)] = '\0';
    return pith_result_add_block_owned(c->r, type, level, t) != NULL;
}

/* Strips a trailing site name: "Headline | Site", "Headline - Site". Returns the kept length. */
static size_t strip_site(const char *s, size_t n)
{
    static const char *const seps[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xB7 ",
                                       " \xE2\x80\xA2 ", " \xC2\xBB ", " / "};
    static const uint8_t sep_len[] = {3, 3, 5, 5, 4, 4, 5, 4, 3};
    _Static_assert(sizeof sep_len == sizeof seps / sizeof seps[0], "a length per separator");
    /* the site part is at the end, at most 60 bytes, and shorter than the headline */
    size_t lim = n > 60 ? n - 60 : 0, best = n;
    for (size_t i = n; i-- > lim;) {
        if (s[i] != ' ') continue;
        /* (the byte after the space rules out most separators without a memcmp) */
        if (i + 1 >= n) continue;
        for (size_t q = 0; q < sizeof seps / sizeof seps[0]; q++) {
            size_t m = sep_len[q];
            if (s[i + 1] == seps[q][1] && i + m <= n && !memcmp(s + i, seps[q], m) && n - (i + m) < i) best = i;
        }
    }
    return best;
}

static bool same_text(const tctx *c, const tblock *x, const tblock *y)
{
    return x->end - x->off == y->end - y->off && !memcmp(c->d + x->off, c->d + y->off, x->end - x->off);
}

/* The length of a name before a separator: "Name · Outlet", "Name / OUTLET", "Name | Site". */
static size_t name_end(const char *s, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++) {
        if (s[i] != ' ') continue;
        if (s[i + 1] == '/' || s[i + 1] == '|' || (s[i + 1] == '-' && s[i + 2] == ' ')) return i;
        if (i + 3 < n && (unsigned char)s[i + 1] == 0xC2 && (unsigned char)s[i + 2] == 0xB7) return i;
        if (i + 4 < n && (unsigned char)s[i + 1] == 0xE2 && (unsigned char)s[i + 2] == 0x80 &&
            ((unsigned char)s[i + 3] == 0xA2 || (unsigned char)s[i + 3] == 0x93 || (unsigned char)s[i + 3] == 0x94))
            return i;
    }
    return n;
}

/* Does block k repeat the page title (block 0, whose site-less length is
 * `keep`), whole or without the site name? */
static bool repeats_title(const tctx *c, const tblock *k, size_t keep)
{
    const tblock *p = &c->b[0];
    const char *ps = c->d + p->off, *ks = c->d + k->off;
    size_t pn = p->end - p->off, kn = k->end - k->off;
    if (kn < 8 || kn > pn) return false;
    if (kn == pn || kn == keep) return !memcmp(ps, ks, kn);
    /* "Headline | Section | Site" or "Site: Headline"; the site's name alone is no headline,
     * so the part must be the larger one */
    if (kn * 2 < pn) return false;
    if (ps[0] == ks[0] && (ps[kn] == ' ' || ps[kn] == '|') && !memcmp(ps, ks, kn)) return true;
    if (ps[pn - kn] == ks[0] && ps[pn - kn - 1] == ' ' && !memcmp(ps + pn - kn, ks, kn)) return true;
    return false;
}

/* A person's name alone on a line: two to four capitalised words without
 * stop words, digits or sentence punctuation (a name may be followed by
 * " · Outlet · Posted ..." or " / OUTLET / date"). */
static bool name_line(const tctx *c, const tblock *k)
{
    if (!k->full || k->cls == C_TITLE || k->cls == C_LEAD || k->cls == C_PARA || k->cls == C_HEAD) return false;
    if (k->words < 2 || k->chars > 120 || k->last == E_TERM || k->last == E_QUESTION || k->cjk) return false;
    const char *s = c->d + k->off;
    size_t n = name_end(s, k->end - k->off);
    /* the name part: 2..4 words, each capitalised, no stop word, no digit */
    size_t i = 0, words = 0;
    const unsigned char *u = (const unsigned char *)s;
    text_word tw[6];
    size_t nw = text_words_lim(u, n, c->len - k->off, &i, tw, 6);
    if (nw < 2 || nw > 4) return false;
    for (size_t q = 0; q < nw; q++) {
        if (!(tw[q].info & TW_UPPER) || (tw[q].info & TW_DIGIT)) return false;
        if (tw[q].id >= 0 && (text_lex_stop(tw[q].id) || text_lex_word_kinds(tw[q].id))) return false;
        words++;
    }
    for (size_t q = 0; q < n; q++)
        if (s[q] == ':' || s[q] == '!' || s[q] == '?' || s[q] == '"' || s[q] == '@') return false;
    return words >= 2;
}

static void set_date(tctx *c, const tblock *k)
{
    meta_date d;
    bool upd = false;
    if (c->r->date || !k->year || k->words > 14 || k->chars > 120) return;
    if (!meta_date_find(c->d + k->off, k->end - k->off, &d, &upd) || !meta_date_valid(&d)) return;
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

/* The longest prefix of s[0..n) that does not end inside a UTF-8 character
 * (CLD2 rejects a sample whose last character is cut). */
static size_t utf8_cut(const char *s, size_t n)
{
    size_t i = n;
    while (i > 0 && n - i < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) i--;
    if (i == 0) return n;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return n - (i - 1) >= want ? n : i - 1;
}

/* Words of prose whose stop words settle the language. */
enum { LANG_WORDS = 300 };

/* Settles the language from the stop words counted so far: the most frequent
 * table language when it has a fair share; sure when a fifth of the words
 * are its stop words, well ahead of the next language. */
static void settle_lang(tctx *c)
{
    uint64_t best = 0, second = 0;
    c->lang = TL_COUNT;
    for (int l = 0; l < TL_COUNT; l++) {
        uint64_t t = ((l & 1 ? c->total_odd : c->total_even) >> (16 * (l / 2))) & 0xFFFF;
        if (t > best) { second = best; best = t; c->lang = (text_lang)l; }
        else if (t > second) second = t;
    }
    if (!c->total_words || best * 100 < c->total_words * 12) c->lang = TL_COUNT;
    c->lang_sure = c->lang != TL_COUNT && best * 100 >= c->total_words * 20 && best >= second * 2 && best >= 20;
    c->lang_known = true;
}

pith_status pith_text_clean(const char *data, size_t len, const pith_options *opts, pith_result *r)
{
    r->from_text = true;
    pith_budget *budget = r->budget;
    if (!text_lex_init()) return PITH_ERR_NOMEM;
    if (len > 0xFFFFFFF0u) return PITH_ERR_TOO_LARGE; /* offsets are 32-bit */

    /* text that is not UTF-8 (a legacy code page, UTF-16) is decoded first, as HTML would be;
     * valid UTF-8 is used in place */
    size_t bom = 0;
    pith_enc bom_enc = pith_enc_bom(data, len, &bom);
    if (bom_enc == PITH_ENC_UTF_8) {
        data += bom;
        len -= bom;
    } else if (bom_enc != PITH_ENC_NONE || !pith_utf8_valid(data, len)) {
        const char *source = NULL;
        size_t skip = 0;
        pith_enc e = pith_enc_sniff(data, len, NULL, PITH_ENC_UTF_8, &source, &skip);
        if (e != PITH_ENC_UTF_8) {
            pith_buf u;
            pith_buf_init(&u);
            pith_status ds = pith_decode(e, data + skip, len - skip, &u);
            char *copy = ds == PITH_ERR_NOMEM || u.oom ? NULL : pith_arena_alloc(r->arena, u.len + 1);
            if (copy && u.len) memcpy(copy, u.data, u.len);
            size_t ulen = u.len;
            pith_buf_free(&u);
            if (!copy) return PITH_ERR_NOMEM;
            data = copy;
            len = ulen;
            r->encoding = pith_enc_name(e);
            r->encoding_source = source;
            if (len > 0xFFFFFFF0u) return PITH_ERR_TOO_LARGE;
        }
    } else {
        r->text_utf8 = true;
    }
    /* (blocks are whole characters of checked input with spaces taken out: they are valid
     * UTF-8, which pith_result_finish then need not check again) */

    /* max_nodes bounds the blocks (a line each at most), as it bounds an HTML document's
     * nodes: the block array is the big allocation here. It starts at a block per 32 bytes
     * (lines average some 50) and doubles when a text has more, so that the line breaks
     * need not be counted first */
    size_t cap = opts && opts->max_nodes ? opts->max_nodes : SIZE_MAX, room = len / 32 + 64;
    if (room > cap) room = cap;
    tctx c = {.d = data, .len = len, .r = r, .lang = TL_COUNT, .cap = cap, .room = room};
    c.b = pith_arena_alloc(r->arena, room * sizeof *c.b);
    char *scratch = pith_arena_alloc(r->arena, len + LANG_WORDS_SAMPLE + 16);
    if (!c.b || !scratch) return PITH_ERR_NOMEM;
    c.n = segment(&c);
    if (c.oom) return PITH_ERR_NOMEM;
    if (pith_budget_over(budget)) return PITH_ERR_TIMEOUT;
    if (!c.n) return PITH_ERR_EMPTY;

    /* features: blocks long enough to be prose are read now, short ones only
     * counted; the words of short blocks are read only near the prose (below).
     * The stop words of the first LANG_WORDS words of prose settle the language;
     * blocks read after that may stop reading early. */
    for (size_t i = 0; i < c.n; i++) {
        tblock *k = &c.b[i];
        if (k->end - k->off < READ_NOW) continue; /* counted by segment */
        if (pith_budget_tick(budget, 1 + (k->end - k->off) / 64)) return PITH_ERR_TIMEOUT;
        describe(&c, k);
        /* sentences say more about the language than menu entries */
        if (c.lang_known || k->cjk || k->sampled < 8) continue;
        c.total_even += k->stop8 & 0x00FF00FF00FF00FFull;
        c.total_odd += k->stop8 >> 8 & 0x00FF00FF00FF00FFull;
        c.total_words += k->sampled;
        if (c.total_words >= LANG_WORDS) settle_lang(&c);
    }
    if (!c.lang_known) settle_lang(&c);
    bool lang_sure = c.lang_sure;

    /* repetition: later copies of a block are marked */
    size_t seen_cap = 1;
    while (seen_cap < c.n * 2) seen_cap <<= 1;
    uint32_t *seen = pith_arena_alloc(r->arena, seen_cap * sizeof *seen);
    if (!seen) return PITH_ERR_NOMEM;
    memset(seen, 0, seen_cap * sizeof *seen);
    for (size_t i = 0; i < c.n; i++) {
        if ((i & 63) == 63 && pith_budget_tick(budget, 64)) return PITH_ERR_TIMEOUT;
        tblock *k = &c.b[i];
        uint32_t h = k->hash & (uint32_t)(seen_cap - 1);
        size_t probes = 0;
        /* probes are bounded: lines built to collide cost linear time, at worst a missed repeat */
        while (seen[h] && probes++ < 64) {
            const tblock *o = &c.b[seen[h] - 1];
            if (o->hash == k->hash && same_text(&c, o, k)) { k->dup = true; break; }
            h = (h + 1) & (uint32_t)(seen_cap - 1);
        }
        if (!k->dup && !seen[h]) seen[h] = (uint32_t)i + 1;
    }

    /* the page title (block 0) repeated: the headline */
    size_t keep0 = strip_site(c.d + c.b[0].off, c.b[0].end - c.b[0].off);
    if (c.n > 1 && c.b[0].end - c.b[0].off < 400)
        for (size_t i = 1; i < c.n; i++)
            if (repeats_title(&c, &c.b[i], keep0)) c.b[i].anchor = true;

    /* a first article run from what is known, then every block around it read and the run
     * found again, the window widened while the run reaches its edge */
    size_t a = 0, z = 0;
    if (pith_budget_tick(budget, c.n / 8)) return PITH_ERR_TIMEOUT;
    classify_range(&c, 0, c.n);
    bool have_run = best_run(&c, 0, c.n, &a, &z);
    size_t wa = c.n, wz = c.n;
    for (int round = 0; have_run && round < 6; round++) {
        size_t na = a > WINDOW ? a - WINDOW : 0, nz = z + WINDOW_AFTER + 1 < c.n ? z + WINDOW_AFTER + 1 : c.n;
        if (round && na >= wa && nz <= wz) break;
        wa = round && wa < na ? wa : na;
        wz = round && wz > nz ? wz : nz;
        for (size_t i = wa; i < wz; i++) {
            if (pith_budget_tick(budget, 1 + (c.b[i].end - c.b[i].off) / 64)) return PITH_ERR_TIMEOUT;
            if (!c.b[i].full) describe(&c, &c.b[i]);
        }
        if (pith_budget_tick(budget, (wz - wa) / 8)) return PITH_ERR_TIMEOUT;
        classify_range(&c, wa, wz);
        have_run = best_run(&c, wa, wz, &a, &z);
        /* stop once the run keeps clear of the edges of what was read */
        if ((a >= wa + 5 || wa == 0) && (z + 5 < wz || wz == c.n)) break;
    }

    /* the title: the page title repeated before the prose, else a headline-like line */
    size_t first_good = a;
    while (have_run && first_good <= z && c.b[first_good].cls != C_GOOD) first_good++;
    if (first_good > z) first_good = a;
    size_t title = SIZE_MAX;
    if (have_run && c.n > 1 && c.b[0].cls != C_GOOD) {
        for (size_t i = 1; i <= z; i++)
            if (c.b[i].anchor && (title == SIZE_MAX || i <= first_good)) title = i;
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
            if ((k->cls == C_SHORT || k->cls == C_MENU) && title_like(&c, k)) {
                title = i;
                /* a headline right above it makes this one the subtitle */
                const tblock *p = i > 0 ? &c.b[i - 1] : NULL;
                if (p && !k->blank_before && (p->cls == C_SHORT || p->cls == C_MENU) && title_like(&c, p))
                    title = i - 1;
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
        const tblock *sub = title + 1 < c.n ? &c.b[title + 1] : NULL;
        if (sub && (sub->cls == C_SHORT || sub->cls == C_MENU) && heading_like(sub) && !short_prose(&c, sub) &&
            (sub->words >= 6 || sub->cjk >= 12)) {
            /* a subtitle right under the headline is the lead */
            c.b[title + 1].cls = C_LEAD;
            if (body_from <= title + 1) body_from = title + 2;
        } else if (i < c.n && i <= z && (c.b[i].cls == C_GOOD || short_prose(&c, &c.b[i])) && c.b[i].words <= 80) {
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
            if ((i & 63) == 63 && pith_budget_tick(budget, 64)) return PITH_ERR_TIMEOUT;
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
            else if (short_prose(&c, k) || (k->eff >= LONG_LINE && k->full && !k->url)) k->cls = C_PARA;
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
        /* out of time: the blocks added so far are the (partial) result */
        if ((i & 63) == 63 && pith_budget_tick(budget, 64)) break;
        tblock *k = &c.b[i];
        switch (k->cls) {
        case C_LEAD: {
            span t = block_text(&c, k, scratch);
            if (!r->description) pith_result_set(r, &r->description, t.s, t.n);
            break;
        }
        case C_PARA:
            if (!add_block(&c, k, PITH_BLOCK_PARAGRAPH, 0)) return PITH_ERR_NOMEM;
            break;
        case C_HEAD:
            if (!add_block(&c, k, PITH_BLOCK_HEADING, 2)) return PITH_ERR_NOMEM;
            break;
        default: break;
        }
    }
    /* images: a caption and the credit after it, or a block split into both */
    /* a picture often comes before the headline: look a few blocks further back */
    size_t lo = title != SIZE_MAX && title < a ? title : a, hi = z;
    lo = lo > 6 ? lo - 6 : 0;
    /* and a picture may close the article */
    while (hi + 1 < c.n && hi < z + 4 && (c.b[hi + 1].cls == C_CAPTION || c.b[hi + 1].cls == C_CREDIT)) hi++;
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
        } else if (!r->authors.n && i < body_from && i + 8 > meta_lo + 3 && name_line(&c, k)) {
            /* a name alone on its line next to the headline: "Jody Robbins" */
            span t = block_text(&c, k, scratch);
            meta_authors_add(r, t.s, name_end(t.s, t.n), 8, true);
        }
        /* a date line, or a date sharing a byline's line */
        if (k->cls == C_DATE || (i < body_from && k->cls != C_PARA && k->cls != C_LEAD && k->cls != C_TITLE))
            set_date(&c, k);
    }
    /* no date by the title: the first date line around the article */
    for (size_t i = a > 15 ? a - 15 : 0; have_run && !r->date && i <= z + 5 && i < c.n; i++) {
        const tblock *k = &c.b[i];
        if (k->full && k->cls != C_PARA && k->cls != C_HEAD && k->cls != C_TITLE && k->cls != C_LEAD) set_date(&c, k);
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
    /* the language: the cleaner's stop words when they are sure; else, on a sample of the
     * kept text, the script when it belongs to one language, the function words of 31
     * languages, and CLD2 (some 300K instructions however short the sample) as the last resort */
    if (lang_sure) {
        pith_result_set(r, &r->language, text_lang_code(c.lang), 2);
    } else {
        size_t m = 0;
        if (r->title) { size_t tn = strlen(r->title); if (tn > LANG_WORDS_SAMPLE) tn = utf8_cut(r->title, LANG_WORDS_SAMPLE); memcpy(scratch, r->title, tn); m = tn; scratch[m++] = '\n'; }
        for (size_t i = 0; i < r->n_blocks && m < LANG_WORDS_SAMPLE; i++) {
            size_t bn = strlen(r->blocks[i].text);
            if (bn > LANG_WORDS_SAMPLE - m) bn = utf8_cut(r->blocks[i].text, LANG_WORDS_SAMPLE - m);
            memcpy(scratch + m, r->blocks[i].text, bn);
            m += bn;
            if (m < LANG_WORDS_SAMPLE) scratch[m++] = '\n';
        }
        /* (the first kilobyte settles most pages; the second is read when it does not) */
        size_t cm = m > LANG_SAMPLE ? utf8_cut(scratch, LANG_SAMPLE) : m;
        const char *code = text_langid_script(scratch, cm);
        text_langid lw = {NULL, 0, 0};
        if (!code) text_langid_words(scratch, cm, &lw);
        if (!code && !lw.code && cm < m) text_langid_words(scratch, m, &lw);
        if (!code) code = lw.code;
        char cld[16];
        int pct = 0, reliable = 0;
        if (code)
            pith_result_set(r, &r->language, code, strlen(code));
        else if (cm && pith_cld2_detect(scratch, cm, NULL, cld, sizeof cld, &pct, &reliable) && (reliable || cm >= 400))
            pith_result_set(r, &r->language, cld, strlen(cld));
        else if (c.lang != TL_COUNT)
            pith_result_set(r, &r->language, text_lang_code(c.lang), 2);
    }
    if (pith_budget_over(budget)) return PITH_ERR_TIMEOUT;
    if (c.truncated) return PITH_ERR_TOO_MANY_NODES;
    return r->n_blocks ? PITH_OK : PITH_ERR_NO_CONTENT;
}

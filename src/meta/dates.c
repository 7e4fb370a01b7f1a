/*
 * Dates: machine forms (ISO 8601, RFC 2822), dates written in running text
 * in many languages ("18.06.2024, 10:15 Uhr", "28. Juni 2024", "June 28,
 * 2024", "28 de junio de 2024", "2024年4月24日") and dates in URL paths.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "meta_internal.h"

/* Month names and abbreviations, lower case, with the month number. One
 * table for every language; abbreviations may be followed by a dot. */
static const struct { const char *name; int month; } months[] = {
    /* en */
    {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5}, {"june", 6},
    {"july", 7}, {"august", 8}, {"september", 9}, {"october", 10}, {"november", 11},
    {"december", 12}, {"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4}, {"jun", 6}, {"jul", 7},
    {"aug", 8}, {"sep", 9}, {"sept", 9}, {"oct", 10}, {"nov", 11}, {"dec", 12},
    /* de */
    {"januar", 1}, {"jänner", 1}, {"februar", 2}, {"märz", 3}, {"maerz", 3}, {"mai", 5},
    {"juni", 6}, {"juli", 7}, {"oktober", 10}, {"dezember", 12}, {"mär", 3}, {"okt", 10},
    {"dez", 12},
    /* fr */
    {"janvier", 1}, {"février", 2}, {"fevrier", 2}, {"mars", 3}, {"avril", 4}, {"juin", 6},
    {"juillet", 7}, {"août", 8}, {"aout", 8}, {"septembre", 9}, {"octobre", 10},
    {"novembre", 11}, {"décembre", 12}, {"decembre", 12}, {"janv", 1}, {"févr", 2},
    {"fév", 2}, {"avr", 4}, {"juil", 7}, {"déc", 12},
    /* es */
    {"enero", 1}, {"febrero", 2}, {"marzo", 3}, {"abril", 4}, {"mayo", 5}, {"junio", 6},
    {"julio", 7}, {"agosto", 8}, {"septiembre", 9}, {"setiembre", 9}, {"octubre", 10},
    {"noviembre", 11}, {"diciembre", 12}, {"ene", 1}, {"abr", 4}, {"ago", 8}, {"dic", 12},
    /* it */
    {"gennaio", 1}, {"febbraio", 2}, {"aprile", 4}, {"maggio", 5}, {"giugno", 6},
    {"luglio", 7}, {"settembre", 9}, {"ottobre", 10}, {"dicembre", 12}, {"gen", 1},
    {"mag", 5}, {"giu", 6}, {"lug", 7}, {"set", 9}, {"ott", 10},
    /* pt */
    {"janeiro", 1}, {"fevereiro", 2}, {"março", 3}, {"marco", 3}, {"maio", 5}, {"junho", 6},
    {"julho", 7}, {"setembro", 9}, {"outubro", 10}, {"novembro", 11}, {"dezembro", 12},
    {"fev", 2}, {"out", 10},
    /* nl */
    {"januari", 1}, {"februari", 2}, {"maart", 3}, {"mei", 5}, {"augustus", 8},
    {"oktober", 10}, {"mrt", 3},
    /* sv, da, no */
    {"januar", 1}, {"januari", 1}, {"mars", 3}, {"maj", 5}, {"juni", 6}, {"augusti", 8},
    {"oktober", 10}, {"desember", 12},
    /* pl (genitive, as in dates) */
    {"stycznia", 1}, {"lutego", 2}, {"marca", 3}, {"kwietnia", 4}, {"maja", 5},
    {"czerwca", 6}, {"lipca", 7}, {"sierpnia", 8}, {"września", 9}, {"października", 10},
    {"listopada", 11}, {"grudnia", 12},
    /* cs (genitive) */
    {"ledna", 1}, {"února", 2}, {"března", 3}, {"dubna", 4}, {"května", 5}, {"června", 6},
    {"července", 7}, {"srpna", 8}, {"září", 9}, {"října", 10}, {"listopadu", 11},
    {"prosince", 12},
    /* tr */
    {"ocak", 1}, {"şubat", 2}, {"mart", 3}, {"nisan", 4}, {"mayıs", 5}, {"haziran", 6},
    {"temmuz", 7}, {"ağustos", 8}, {"eylül", 9}, {"ekim", 10}, {"kasım", 11}, {"aralık", 12},
    /* ro */
    {"ianuarie", 1}, {"februarie", 2}, {"martie", 3}, {"aprilie", 4}, {"iunie", 6},
    {"iulie", 7}, {"septembrie", 9}, {"octombrie", 10}, {"noiembrie", 11},
    {"decembrie", 12},
    /* fi (partitive, "28. kesäkuuta 2024") */
    {"tammikuuta", 1}, {"helmikuuta", 2}, {"maaliskuuta", 3}, {"huhtikuuta", 4},
    {"toukokuuta", 5}, {"kesäkuuta", 6}, {"heinäkuuta", 7}, {"elokuuta", 8},
    {"syyskuuta", 9}, {"lokakuuta", 10}, {"marraskuuta", 11}, {"joulukuuta", 12},
    /* hu */
    {"január", 1}, {"február", 2}, {"március", 3}, {"április", 4}, {"május", 5},
    {"június", 6}, {"július", 7}, {"augusztus", 8}, {"szeptember", 9}, {"október", 10},
};

/* Words that say the following date is an update, not the publication. */
static const char *const update_cues[] = {
    "updated", "update", "last modified", "modified", "aktualisiert", "stand", "geändert",
    "mis à jour", "mise à jour", "actualizado", "actualización", "aggiornato",
    "atualizado", "bijgewerkt", "laatst gewijzigd", "oppdatert", "uppdaterad", "opdateret",
    "zaktualizowano", "aktualizováno", "güncellenme",
};

static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool is_alpha_byte(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c; }

static int days_in(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return dm[m - 1];
}

bool meta_date_valid(const meta_date *d)
{
    return d->y >= 1990 && d->y <= 2100 && d->mo >= 1 && d->mo <= 12 && d->d >= 1 &&
           d->d <= days_in(d->y, d->mo);
}

void meta_date_format(const meta_date *d, char *buf)
{
    if (!d->has_time) {
        snprintf(buf, 32, "%04d-%02d-%02d", d->y, d->mo, d->d);
        return;
    }
    int n = snprintf(buf, 32, "%04d-%02d-%02dT%02d:%02d:%02d", d->y, d->mo, d->d, d->h, d->mi, d->s);
    if (d->has_tz && n > 0 && n < 26) {
        if (d->tz_min == 0) snprintf(buf + n, 32 - (size_t)n, "Z");
        else {
            int a = d->tz_min < 0 ? -d->tz_min : d->tz_min;
            snprintf(buf + n, 32 - (size_t)n, "%c%02d:%02d", d->tz_min < 0 ? '-' : '+', a / 60 % 100, a % 60);
        }
    }
}

/* Reads up to `max` digits at s[*i]; returns the value or -1. Sets *nd. */
static int num(const char *s, size_t n, size_t *i, int max, int *nd)
{
    int v = 0, k = 0;
    while (*i < n && k < max && is_digit((unsigned char)s[*i])) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    if (nd) *nd = k;
    return k ? v : -1;
}

/* Optional time after a date: "T10:15", " 10:15:00", "Z", "+02:00". */
static void parse_time(const char *s, size_t n, size_t i, meta_date *d)
{
    if (i < n && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) i++;
    else return;
    int nd;
    int h = num(s, n, &i, 2, &nd);
    if (h < 0 || nd != 2 || i >= n || s[i] != ':') return;
    i++;
    int mi = num(s, n, &i, 2, &nd);
    if (mi < 0 || nd != 2 || h > 23 || mi > 59) return;
    int sec = 0;
    if (i < n && s[i] == ':') {
        i++;
        sec = num(s, n, &i, 2, &nd);
        if (sec < 0 || sec > 60) sec = 0;
    }
    if (i < n && (s[i] == '.' || s[i] == ',')) {
        i++;
        while (i < n && is_digit((unsigned char)s[i])) i++;
    }
    d->h = h; d->mi = mi; d->s = sec; d->has_time = true;
    while (i < n && s[i] == ' ') i++;
    if (i < n && (s[i] == 'Z' || s[i] == 'z')) { d->has_tz = true; d->tz_min = 0; return; }
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        int sign = s[i] == '-' ? -1 : 1;
        i++;
        int th = num(s, n, &i, 2, &nd);
        if (th < 0 || nd != 2) return;
        if (i < n && s[i] == ':') i++;
        int tm = num(s, n, &i, 2, &nd);
        if (tm < 0) tm = 0;
        if (th > 14 || tm > 59) return;
        d->has_tz = true;
        d->tz_min = sign * (th * 60 + tm);
    }
}

/* ISO 8601 at the start: YYYY-MM-DD or YYYY/MM/DD, optional time. */
static bool parse_iso(const char *s, size_t n, meta_date *d)
{
    size_t i = 0;
    int nd;
    memset(d, 0, sizeof *d);
    d->y = num(s, n, &i, 4, &nd);
    if (nd != 4 || i >= n || (s[i] != '-' && s[i] != '/' && s[i] != '.')) return false;
    char sep = s[i++];
    d->mo = num(s, n, &i, 2, &nd);
    if (d->mo < 0 || i >= n || s[i] != sep) return false;
    i++;
    d->d = num(s, n, &i, 2, &nd);
    if (d->d < 0) return false;
    if (!meta_date_valid(d)) return false;
    parse_time(s, n, i, d);
    return true;
}

/* The month names grouped by first byte (a counting sort of the table,
 * made once): month_word compares a word with the few names that start
 * like it instead of with all of them. */
enum { MONTH_COUNT = sizeof months / sizeof months[0] };
_Static_assert(MONTH_COUNT < 256, "month indexes fit a byte");
static uint8_t month_order[MONTH_COUNT];
static uint8_t month_from[257];
static pthread_once_t month_once = PTHREAD_ONCE_INIT;

static void month_index(void)
{
    size_t count[256] = {0};
    for (size_t k = 0; k < MONTH_COUNT; k++) count[(unsigned char)months[k].name[0]]++;
    size_t at = 0;
    for (int c = 0; c < 256; c++) {
        month_from[c] = (uint8_t)at;
        at += count[c];
    }
    month_from[256] = (uint8_t)at;
    size_t next[256];
    for (int c = 0; c < 256; c++) next[c] = month_from[c];
    for (size_t k = 0; k < MONTH_COUNT; k++) month_order[next[(unsigned char)months[k].name[0]]++] = (uint8_t)k;
}

/* The month named by the word at s[0..n), or 0. */
static int month_word(const char *s, size_t n)
{
    char w[24];
    if (n == 0 || n >= sizeof w) return 0;
    for (size_t i = 0; i < n; i++) w[i] = (char)lower((unsigned char)s[i]);
    /* accented capitals that start some month names: É, Ú, Ş */
    w[n] = '\0';
    pthread_once(&month_once, month_index);
    unsigned char c = (unsigned char)w[0];
    for (size_t q = month_from[c]; q < month_from[c + 1]; q++)
        if (strcmp(months[month_order[q]].name, w) == 0) return months[month_order[q]].month;
    return 0;
}

/* Token kinds for the text-date matcher. */
typedef struct tok {
    uint8_t kind;      /* 'n' number, 'w' word, 'p' punctuation, 'c' CJK date unit */
    char ch;           /* punctuation char, or the CJK unit: 'y', 'm', 'd' */
    int val, nd;       /* number value and digits; for words the month or 0 */
    size_t off, len;
} tok;

enum { MAX_TOKS = 96 };

/* Splits s into tokens (at most MAX_TOKS). Whitespace separates; letters
 * (ASCII and any non-ASCII byte) form words; digits form numbers. */
static size_t tokenize(const char *s, size_t n, tok *t)
{
    size_t k = 0, i = 0;
    while (i < n && k < MAX_TOKS) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') { i++; continue; }
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) { i += 2; continue; }
        tok *x = &t[k];
        memset(x, 0, sizeof *x);
        x->off = i;
        if (is_digit(c)) {
            x->kind = 'n';
            x->val = 0;
            while (i < n && is_digit((unsigned char)s[i])) {
                if (x->nd < 9) x->val = x->val * 10 + (s[i] - '0');
                x->nd++;
                i++;
            }
        } else if (c >= 0xE0 && i + 2 < n &&
                   (!memcmp(s + i, "年", 3) || !memcmp(s + i, "月", 3) || !memcmp(s + i, "日", 3))) {
            x->kind = 'c';
            x->ch = !memcmp(s + i, "年", 3) ? 'y' : !memcmp(s + i, "月", 3) ? 'm' : 'd';
            i += 3;
        } else if (is_alpha_byte(c) || c >= 0x80) {
            x->kind = 'w';
            while (i < n) {
                unsigned char e = (unsigned char)s[i];
                if (!(is_alpha_byte(e) || (e >= 0x80 && !(e == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0))))
                    break;
                if (e >= 0xE0 && i + 2 < n &&
                    (!memcmp(s + i, "年", 3) || !memcmp(s + i, "月", 3) || !memcmp(s + i, "日", 3)))
                    break;
                i++;
            }
            x->val = month_word(s + x->off, i - x->off);
        } else {
            x->kind = 'p';
            x->ch = (char)c;
            i++;
        }
        x->len = i - x->off;
        k++;
    }
    return k;
}

static bool is_year_tok(const tok *t) { return t->kind == 'n' && t->nd == 4 && t->val >= 1990 && t->val <= 2100; }
static bool is_day_tok(const tok *t) { return t->kind == 'n' && t->nd <= 2 && t->val >= 1 && t->val <= 31; }
static bool is_punct(const tok *t, char c) { return t->kind == 'p' && t->ch == c; }
static bool word_is(const char *s, const tok *t, const char *w)
{
    size_t n = strlen(w);
    if (t->kind != 'w' || t->len != n) return false;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)s[t->off + i]) != (unsigned char)w[i]) return false;
    return true;
}
/* Filler between date parts: "de", "del", "of", ordinal endings, and the
 * punctuation '.', ',' and '-'. */
static bool filler(const char *s, const tok *t)
{
    if (t->kind == 'p') return t->ch == '.' || t->ch == ',' || t->ch == '-';
    return word_is(s, t, "de") || word_is(s, t, "del") || word_is(s, t, "of") ||
           word_is(s, t, "th") || word_is(s, t, "st") || word_is(s, t, "nd") || word_is(s, t, "rd") ||
           word_is(s, t, "er") || word_is(s, t, "º");
}

/* Skips filler tokens from k (at most 3); returns the new index. */
static size_t skip_filler(const char *s, const tok *t, size_t k, size_t nt)
{
    for (int c = 0; c < 3 && k < nt && filler(s, &t[k]); c++) k++;
    return k;
}

/* Optional time after the date tokens: "10:15", ", 10:15 Uhr", "at 6:01 am". */
static void text_time(const char *s, const tok *t, size_t k, size_t nt, meta_date *d)
{
    for (int c = 0; c < 3 && k < nt && t[k].kind != 'n'; c++) k++;
    if (k + 2 < nt && t[k].kind == 'n' && t[k].nd <= 2 && t[k].val <= 23 && is_punct(&t[k + 1], ':') &&
        t[k + 2].kind == 'n' && t[k + 2].nd == 2 && t[k + 2].val <= 59) {
        int h = t[k].val;
        if (k + 3 < nt && (word_is(s, &t[k + 3], "pm") || word_is(s, &t[k + 3], "p")) && h < 12) h += 12;
        if (k + 3 < nt && (word_is(s, &t[k + 3], "am") || word_is(s, &t[k + 3], "a")) && h == 12) h = 0;
        d->h = h;
        d->mi = t[k + 2].val;
        d->has_time = true;
    }
}

/* Tries every date pattern starting at token k; fills *d on success. */
static bool match_at(const char *s, size_t n, const tok *t, size_t k, size_t nt, meta_date *d)
{
    memset(d, 0, sizeof *d);
    const tok *a = &t[k];
    /* 2024-06-18, 2024/06/18, 2024.06.18 */
    if (is_year_tok(a) && k + 4 < nt && t[k + 1].kind == 'p' && t[k + 2].kind == 'n' &&
        t[k + 3].kind == 'p' && t[k + 3].ch == t[k + 1].ch && t[k + 4].kind == 'n' &&
        (t[k + 1].ch == '-' || t[k + 1].ch == '/' || t[k + 1].ch == '.')) {
        d->y = a->val; d->mo = t[k + 2].val; d->d = t[k + 4].val;
        if (meta_date_valid(d)) {
            size_t after = t[k + 4].off + t[k + 4].len;
            parse_time(s + after, n - after, 0, d);
            return true;
        }
    }
    /* 2024年4月24日 */
    if (is_year_tok(a) && k + 4 < nt && t[k + 1].kind == 'c' && t[k + 1].ch == 'y' &&
        t[k + 2].kind == 'n' && t[k + 3].kind == 'c' && t[k + 3].ch == 'm' && t[k + 4].kind == 'n') {
        d->y = a->val; d->mo = t[k + 2].val; d->d = t[k + 4].val;
        if (meta_date_valid(d)) return true;
    }
    /* 18.06.2024, 18/06/2024, 18-06-2024 (day first unless that is impossible) */
    if (is_day_tok(a) && k + 4 < nt && t[k + 1].kind == 'p' && t[k + 2].kind == 'n' &&
        t[k + 2].nd <= 2 && t[k + 3].kind == 'p' && t[k + 3].ch == t[k + 1].ch &&
        (t[k + 1].ch == '.' || t[k + 1].ch == '/' || t[k + 1].ch == '-') && t[k + 4].kind == 'n' &&
        (t[k + 4].nd == 4 || (t[k + 4].nd == 2 && t[k + 1].ch == '.'))) {
        int y = t[k + 4].nd == 4 ? t[k + 4].val : 2000 + t[k + 4].val;
        int p = a->val, q = t[k + 2].val;
        d->y = y;
        /* day first is the habit almost everywhere; a second value over
         * 12 shows the US month-first order */
        if (q > 12) { d->mo = p; d->d = q; }
        else { d->d = p; d->mo = q; }
        if (meta_date_valid(d)) { text_time(s, t, k + 5, nt, d); return true; }
    }
    /* 28. Juni 2024, 28 juin 2024, 28 de junio de 2024, 5th March 2024 */
    if (is_day_tok(a)) {
        size_t j = skip_filler(s, t, k + 1, nt);
        if (j < nt && t[j].kind == 'w' && t[j].val) {
            int mo = t[j].val;
            size_t y = skip_filler(s, t, j + 1, nt);
            if (y < nt && is_year_tok(&t[y])) {
                d->y = t[y].val; d->mo = mo; d->d = a->val;
                if (meta_date_valid(d)) { text_time(s, t, y + 1, nt, d); return true; }
            }
        }
    }
    /* June 28, 2024; Jun. 28 2024; June 28th, 2024 */
    if (a->kind == 'w' && a->val) {
        size_t j = skip_filler(s, t, k + 1, nt);
        if (j < nt && is_day_tok(&t[j])) {
            size_t y = skip_filler(s, t, j + 1, nt);
            if (y < nt && is_year_tok(&t[y])) {
                d->y = t[y].val; d->mo = a->val; d->d = t[j].val;
                if (meta_date_valid(d)) { text_time(s, t, y + 1, nt, d); return true; }
            }
        }
    }
    return false;
}

/* True when one of the update cues occurs in s[0..n) (ASCII case-insensitive). */
static bool has_update_cue(const char *s, size_t n)
{
    for (size_t c = 0; c < sizeof update_cues / sizeof update_cues[0]; c++) {
        size_t m = strlen(update_cues[c]);
        for (size_t i = 0; i + m <= n; i++) {
            size_t k = 0;
            while (k < m && lower((unsigned char)s[i + k]) == (unsigned char)update_cues[c][k]) k++;
            if (k == m && (i == 0 || !is_alpha_byte((unsigned char)s[i - 1]))) return true;
        }
    }
    return false;
}

bool meta_date_find(const char *s, size_t n, meta_date *out, bool *update)
{
    tok t[MAX_TOKS];
    if (n > 600) n = 600;
    size_t nt = tokenize(s, n, t);
    for (size_t k = 0; k < nt; k++) {
        if (t[k].kind != 'n' && !(t[k].kind == 'w' && t[k].val)) continue;
        if (match_at(s, n, t, k, nt, out)) {
            if (update) *update = has_update_cue(s, t[k].off);
            return true;
        }
    }
    return false;
}

/* RFC 2822: "Tue, 18 Jun 2024 10:15:00 +0200" (or GMT). */
static bool parse_rfc2822(const char *s, size_t n, meta_date *d)
{
    tok t[MAX_TOKS];
    size_t nt = tokenize(s, n < 80 ? n : 80, t);
    size_t k = 0;
    if (nt > 1 && t[0].kind == 'w' && is_punct(&t[1], ',')) k = 2;
    if (k + 2 >= nt || !is_day_tok(&t[k]) || t[k + 1].kind != 'w' || !t[k + 1].val || !is_year_tok(&t[k + 2]))
        return false;
    memset(d, 0, sizeof *d);
    d->d = t[k].val; d->mo = t[k + 1].val; d->y = t[k + 2].val;
    if (!meta_date_valid(d)) return false;
    size_t after = t[k + 2].off + t[k + 2].len;
    parse_time(s + after, n - after, 0, d);
    if (d->has_time && !d->has_tz) {
        const char *z = s + after;
        size_t zn = n - after;
        if ((zn >= 3 && memmem(z, zn, "GMT", 3)) || (zn >= 3 && memmem(z, zn, "UTC", 3))) {
            d->has_tz = true;
            d->tz_min = 0;
        }
    }
    return true;
}

bool meta_date_parse(const char *s, size_t n, meta_date *out)
{
    while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) { s++; n--; }
    if (n >= 10 && parse_iso(s, n, out)) return true;
    /* compact 20240618 or 20240618T101500 */
    if (n >= 8) {
        size_t i = 0;
        int nd;
        int v = num(s, n, &i, 8, &nd);
        if (nd == 8 && (i == n || !is_digit((unsigned char)s[i]))) {
            memset(out, 0, sizeof *out);
            out->y = v / 10000; out->mo = v / 100 % 100; out->d = v % 100;
            if (meta_date_valid(out)) return true;
        }
    }
    if (parse_rfc2822(s, n, out)) return true;
    /* Unix timestamps (seconds or milliseconds) appear in some meta tags. */
    {
        size_t i = 0;
        while (i < n && is_digit((unsigned char)s[i])) i++;
        if ((i == 10 || i == 13) && i == n) {
            long long v = 0;
            for (size_t k = 0; k < 10; k++) v = v * 10 + (s[k] - '0');
            long long days = v / 86400;
            /* civil-from-days (proleptic Gregorian) */
            long long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
            long long doe = z - era * 146097;
            long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
            long long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            long long mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
            long long m = mp < 10 ? mp + 3 : mp - 9;
            memset(out, 0, sizeof *out);
            out->y = (int)(y + (m <= 2)); out->mo = (int)m; out->d = (int)d;
            if (meta_date_valid(out)) return true;
        }
    }
    bool upd;
    return meta_date_find(s, n, out, &upd);
}

/* Checks a y/m/d triple and stores it. */
static bool ymd(meta_date *d, int y, int m, int day)
{
    memset(d, 0, sizeof *d);
    d->y = y; d->mo = m; d->d = day;
    return meta_date_valid(d);
}

bool meta_date_from_url(const char *url, meta_date *out)
{
    if (!url) return false;
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : url;
    if (!p) return false;
    size_t n = strcspn(p, "?#");
    for (size_t i = 0; i < n; i++) {
        if (!is_digit((unsigned char)p[i]) || (i && is_digit((unsigned char)p[i - 1]))) continue;
        size_t j = i;
        while (j < n && is_digit((unsigned char)p[j])) j++;
        size_t run = j - i;
        int v4 = 0;
        for (size_t k = 0; k < 4 && k < run; k++) v4 = v4 * 10 + (p[i + k] - '0');
        if (run == 4 && v4 >= 1990 && v4 <= 2100 && j < n && (p[j] == '/' || p[j] == '-' || p[j] == '_')) {
            /* /2024/06/18/, /2024-06-18, /2024/0424/ */
            char sep = p[j];
            size_t k = j + 1, e = k;
            while (e < n && is_digit((unsigned char)p[e])) e++;
            if (e - k == 4 && (e == n || !is_digit((unsigned char)p[e]))) {
                int mmdd = (p[k] - '0') * 1000 + (p[k + 1] - '0') * 100 + (p[k + 2] - '0') * 10 + (p[k + 3] - '0');
                if (ymd(out, v4, mmdd / 100, mmdd % 100)) return true;
            }
            if (e - k >= 1 && e - k <= 2 && e < n && p[e] == sep) {
                int m = 0;
                for (size_t q = k; q < e; q++) m = m * 10 + (p[q] - '0');
                size_t f = e + 1, g = f;
                while (g < n && is_digit((unsigned char)p[g])) g++;
                if (g - f >= 1 && g - f <= 2) {
                    int d = 0;
                    for (size_t q = f; q < g; q++) d = d * 10 + (p[q] - '0');
                    if (ymd(out, v4, m, d)) return true;
                }
            }
        }
        if ((run == 8 || run == 12 || run == 14) && v4 >= 1990 && v4 <= 2100) {
            int m = (p[i + 4] - '0') * 10 + (p[i + 5] - '0');
            int d = (p[i + 6] - '0') * 10 + (p[i + 7] - '0');
            if (ymd(out, v4, m, d)) return true;
        }
        i = j;
    }
    return false;
}

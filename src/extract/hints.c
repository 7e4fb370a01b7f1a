/* Matching of class/id hints and boilerplate phrases (tables in hints.def). */
#include "hints.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>

const pith_hint_entry pith_hints[PITH_HINT_COUNT_] = {
#define PITH_HINT(e, p, k) [PITH_HINT_##e] = {p, k},
#include "hints.def"
#undef PITH_HINT
};

const pith_hint_entry pith_phrases[PITH_PHRASE_COUNT_] = {
#define PITH_PHRASE(e, p, k) [PITH_PHRASE_##e] = {p, k},
#include "hints.def"
#undef PITH_PHRASE
};

/* Symbols of the normalised alphabet: a-z 0-25, 0-9 26-35, separator 36,
 * anything else (non-ASCII bytes) 37. */
#define NSYM 38
static int sym(unsigned char c)
{
    if (c >= 'a' && c <= 'z') return c - 'a';
    if (c >= '0' && c <= '9') return 26 + c - '0';
    if (c == '-' || c == ' ') return 36;
    return 37;
}

/* A compiled pattern: its literal core and the boundary rules at each end. */
typedef struct pat {
    const char *core;
    unsigned char len;
    unsigned char left, right; /* 0 any, 1 word boundary, 2 class-name boundary */
} pat;

static pat pats[PITH_HINT_COUNT_];
static uint16_t bucket_start[NSYM * NSYM + 1];
static uint16_t bucket_items[PITH_HINT_COUNT_];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Compiles the patterns and buckets them by their first two symbols. */
static void build_index(void)
{
    uint16_t count[NSYM * NSYM] = {0};
    unsigned key[PITH_HINT_COUNT_];
    for (int i = 0; i < PITH_HINT_COUNT_; i++) {
        const char *p = pith_hints[i].pattern;
        size_t n = strlen(p);
        pat *x = &pats[i];
        x->left = x->right = 0;
        if (*p == '^' || *p == '|') { x->left = *p == '^' ? 1 : 2; p++; n--; }
        if (n && (p[n - 1] == '$' || p[n - 1] == '|')) { x->right = p[n - 1] == '$' ? 1 : 2; n--; }
        x->core = p;
        x->len = (unsigned char)n;
        key[i] = (unsigned)(sym((unsigned char)p[0]) * NSYM + sym((unsigned char)p[1]));
        count[key[i]]++;
    }
    unsigned s = 0;
    for (int b = 0; b < NSYM * NSYM; b++) {
        bucket_start[b] = (uint16_t)s;
        s += count[b];
        count[b] = 0;
    }
    bucket_start[NSYM * NSYM] = (uint16_t)s;
    for (int i = 0; i < PITH_HINT_COUNT_; i++)
        bucket_items[bucket_start[key[i]] + count[key[i]]++] = (uint16_t)i;
}

static bool boundary_ok(char c, unsigned rule)
{
    if (rule == 0) return true;
    if (rule == 1) return c == ' ' || c == '-';
    return c == ' ';
}

unsigned pith_hint_match(const char *s, size_t n)
{
    pthread_once(&once, build_index);
    /* Normalise to " word-word other ": lower case, separators folded. */
    char b[1030];
    size_t k = 0;
    b[k++] = ' ';
    if (n > 1024) n = 1024;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
            b[k++] = (char)c;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            if (b[k - 1] == '-') b[k - 1] = ' ';
            else if (b[k - 1] != ' ') b[k++] = ' ';
        } else if (b[k - 1] != ' ' && b[k - 1] != '-') {
            b[k++] = '-';
        }
    }
    if (b[k - 1] == '-') b[k - 1] = ' ';
    else if (b[k - 1] != ' ') b[k++] = ' ';
    b[k] = '\0';
    unsigned kinds = 0;
    for (size_t i = 1; i + 1 < k; i++) {
        unsigned key = (unsigned)(sym((unsigned char)b[i]) * NSYM + sym((unsigned char)b[i + 1]));
        for (unsigned j = bucket_start[key]; j < bucket_start[key + 1]; j++) {
            const pat *x = &pats[bucket_items[j]];
            if (i + x->len > k - 1) continue;
            if (!boundary_ok(b[i - 1], x->left)) continue;
            size_t m = 0;
            for (; m < x->len; m++) {
                char pc = x->core[m], sc = b[i + m];
                if (pc == sc || (pc == '-' && sc == ' ')) continue;
                break;
            }
            if (m < x->len) continue;
            if (!boundary_ok(b[i + x->len], x->right)) continue;
            kinds |= pith_hints[bucket_items[j]].kind;
        }
    }
    return kinds;
}

static unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

unsigned pith_phrase_match(const char *s, size_t n, unsigned mask)
{
    /* For PK_LINE, ignore trailing punctuation and spaces. */
    size_t line_n = n;
    while (line_n && strchr(" .:!?\xc2\xa0|>\xbb\xe2\x80\xa6\x86\x92", s[line_n - 1])) line_n--;
    for (int i = 0; i < PITH_PHRASE_COUNT_; i++) {
        unsigned kind = pith_phrases[i].kind;
        if (!(kind & mask)) continue;
        const char *p = pith_phrases[i].pattern;
        size_t pl = strlen(p);
        if (pl > n) continue;
        size_t m = 0;
        while (m < pl && lower((unsigned char)s[m]) == (unsigned char)p[m]) m++;
        if (m < pl) continue;
        if (kind == PK_LINE) {
            if (pl == line_n) return kind;
        } else if (kind == PK_LEAD) {
            /* the phrase must end a word */
            unsigned char c = pl < n ? (unsigned char)s[pl] : ' ';
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return kind;
        } else {
            return kind;
        }
    }
    return 0;
}

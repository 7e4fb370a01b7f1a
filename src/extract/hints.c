/* Matching of class/id hints and boilerplate phrases (tables in hints.def). */
#include "hints.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include "../core/ascii.h"

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

/*
 * Matching runs an Aho-Corasick automaton over the normalised value: one
 * table step per byte. Symbols: a-z 0-25, 0-9 26-35, separator 36 (a run of
 * '-', '_', ' ', ... counts once), any other byte 37. A pattern's word
 * boundaries become separator symbols around its core; whole-class-name
 * boundaries ('|') are checked on the normalised text when such a pattern
 * matches, since only there does ' ' differ from '-'.
 */
#define NSYM 38
#define SEP 36
#define MAX_STATES 4096

static uint16_t delta[MAX_STATES][NSYM];
static uint16_t out_kinds[MAX_STATES];   /* kinds of patterns ending here, no check needed */
static uint16_t out_check[MAX_STATES];   /* 1 + a pattern ending here that needs a check, or 0 */
static uint16_t fail_of[MAX_STATES];
static uint8_t chain_check[MAX_STATES];  /* a checked pattern ends here or along the failure chain */
static unsigned n_states = 1;
static uint8_t sym_of[256];
static pthread_once_t once = PTHREAD_ONCE_INIT;

typedef struct pat {
    unsigned char len;        /* symbols including boundary separators */
    unsigned char left, right; /* 0 any, 1 word boundary, 2 class-name boundary */
} pat;
static pat pats[PITH_HINT_COUNT_];

static int sym(unsigned char c)
{
    if (c >= 'a' && c <= 'z') return c - 'a';
    if (c >= '0' && c <= '9') return 26 + c - '0';
    if (c == '-' || c == ' ') return SEP;
    return 37;
}

/* Builds the automaton (once per process). */
static void build_index(void)
{
    for (int c = 0; c < 256; c++) {
        unsigned char l = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')) sym_of[c] = (uint8_t)sym(l);
        else if (c >= 0x80) sym_of[c] = 37;
        else sym_of[c] = SEP;
    }
    /* trie; state 0 is the root, 0 in delta means "no edge" until completed */
    static int16_t edge[MAX_STATES][NSYM];
    memset(edge, -1, sizeof edge);
    for (int i = 0; i < PITH_HINT_COUNT_; i++) {
        const char *p = pith_hints[i].pattern;
        size_t n = strlen(p);
        pat *x = &pats[i];
        x->left = x->right = 0;
        if (*p == '^' || *p == '|') { x->left = *p == '^' ? 1 : 2; p++; n--; }
        if (n && (p[n - 1] == '$' || p[n - 1] == '|')) { x->right = p[n - 1] == '$' ? 1 : 2; n--; }
        int syms[64], k = 0;
        if (x->left) syms[k++] = SEP;
        for (size_t j = 0; j < n && k < 62; j++) syms[k++] = sym((unsigned char)p[j]);
        if (x->right) syms[k++] = SEP;
        x->len = (unsigned char)k;
        unsigned st = 0;
        for (int j = 0; j < k; j++) {
            if (edge[st][syms[j]] < 0) {
                if (n_states >= MAX_STATES) return; /* the unit test checks this never happens */
                edge[st][syms[j]] = (int16_t)n_states++;
            }
            st = (unsigned)edge[st][syms[j]];
        }
        if (x->left == 2 || x->right == 2) out_check[st] = (uint16_t)(i + 1);
        else out_kinds[st] |= (uint16_t)pith_hints[i].kind;
    }
    /* breadth-first: failure links and the full transition table */
    static uint16_t queue[MAX_STATES];
    unsigned qh = 0, qt = 0;
    chain_check[0] = 0;
    for (int c = 0; c < NSYM; c++) {
        if (edge[0][c] >= 0) {
            delta[0][c] = (uint16_t)edge[0][c];
            fail_of[edge[0][c]] = 0;
            queue[qt++] = (uint16_t)edge[0][c];
        } else {
            delta[0][c] = 0;
        }
    }
    while (qh < qt) {
        unsigned st = queue[qh++];
        out_kinds[st] |= out_kinds[fail_of[st]];
        chain_check[st] = out_check[st] != 0 || chain_check[fail_of[st]];
        for (int c = 0; c < NSYM; c++) {
            if (edge[st][c] >= 0) {
                unsigned nx = (unsigned)edge[st][c];
                fail_of[nx] = delta[fail_of[st]][c];
                delta[st][c] = (uint16_t)nx;
                queue[qt++] = (uint16_t)nx;
            } else {
                delta[st][c] = delta[fail_of[st]][c];
            }
        }
    }
}

unsigned pith_hint_states(void)
{
    pthread_once(&once, build_index);
    return n_states;
}

/* Checks the class-name boundaries of patterns that need them, for the
 * match ending at b[i] in state st (following failure links). */
static unsigned checked_kinds(const char *b, size_t i, unsigned st)
{
    unsigned kinds = 0;
    for (; st; st = fail_of[st]) {
        if (!out_check[st]) continue;
        unsigned id = out_check[st] - 1u;
        const pat *x = &pats[id];
        size_t start = i + 1 - x->len; /* first symbol of the match */
        /* boundary separators are part of the match: they must be spaces */
        if (x->left == 2 && b[start] != ' ') continue;
        if (x->right == 2 && b[i] != ' ') continue;
        kinds |= pith_hints[id].kind;
    }
    return kinds;
}

unsigned pith_hint_match(const char *s, size_t n)
{
    pthread_once(&once, build_index);
    /* Normalise to " word-word other " while stepping the automaton. */
    char b[1030];
    size_t k = 0;
    b[k++] = ' ';
    unsigned st = delta[0][SEP], kinds = out_kinds[st];
    bool any_check = chain_check[st] != 0;
    if (n > 1024) n = 1024;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned y = sym_of[c];
        char ch;
        if (y == SEP) {
            bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
            if (b[k - 1] == ' ' || b[k - 1] == '-') {
                if (ws) b[k - 1] = ' ';
                continue;
            }
            ch = ws ? ' ' : '-';
        } else {
            ch = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        b[k++] = ch;
        st = delta[st][y];
        kinds |= out_kinds[st];
        any_check |= chain_check[st] != 0;
    }
    if (b[k - 1] == '-') b[k - 1] = ' ';
    else if (b[k - 1] != ' ') {
        b[k++] = ' ';
        st = delta[st][SEP];
        kinds |= out_kinds[st];
        any_check |= chain_check[st] != 0;
    }
    b[k] = '\0';
    if (any_check) {
        /* rare: run again over the final text to check class-name boundaries */
        unsigned t = 0;
        for (size_t i = 0; i < k; i++) {
            t = delta[t][sym((unsigned char)b[i])];
            if (chain_check[t]) kinds |= checked_kinds(b, i, t);
        }
    }
    return kinds;
}



size_t pith_phrase_prefix(const char *s, size_t n, unsigned mask)
{
    for (int i = 0; i < PITH_PHRASE_COUNT_; i++) {
        if (!(pith_phrases[i].kind & mask)) continue;
        const char *p = pith_phrases[i].pattern;
        if (pith_ascii_iprefix(s, n, p)) return strlen(p);
    }
    return 0;
}

unsigned pith_phrase_match(const char *s, size_t n, unsigned mask)
{
    /* For PK_LINE, ignore trailing punctuation and spaces. */
    size_t line_n = n;
    while (line_n && strchr(" .:!?\xc2\xa0|>\xbb\xe2\x80\xa6\x86\x92", s[line_n - 1])) line_n--;
    for (int i = 0; i < PITH_PHRASE_COUNT_; i++) {
        unsigned kind = pith_phrases[i].kind;
        if (!(kind & mask)) continue;
        const char *p = pith_phrases[i].pattern;
        if (!pith_ascii_iprefix(s, n, p)) continue;
        size_t pl = strlen(p);
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

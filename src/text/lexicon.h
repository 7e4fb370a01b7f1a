/*
 * The text cleaner's word knowledge: a tokenizer for any script, the stop
 * words of the covered languages and the boilerplate phrase tables, all made
 * from the one list in lexicon.def.
 */
#ifndef PITH_TEXT_LEXICON_H
#define PITH_TEXT_LEXICON_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum text_lang {
#define TEXT_LANG(id, code) TL_##id,
#include "lexicon.def"
    TL_COUNT
} text_lang;

typedef enum text_kind {
    TK_NAV, TK_SKIP, TK_HOME, TK_SHARE, TK_COOKIE, TK_NEWS, TK_PAY, TK_LOGIN, TK_AD,
    TK_END, TK_MORE, TK_COPY, TK_LABEL, TK_CREDIT, TK_BYLINE, TK_COUNT
} text_kind;

typedef enum text_mode { TM_LINE, TM_START, TM_ANY } text_mode;

#define TK_BIT(k) (1u << (k))

/* Longest word (in bytes, folded) the tables can hold; longer words are never stop words. */
enum { TEXT_WORD_MAX = 48 };

/* Word facts reported by text_next_word. */
enum {
    TW_UPPER = 1,  /* first letter is upper case */
    TW_LOWER = 2,  /* first letter is lower case */
    TW_DIGIT = 4,  /* contains a digit */
    TW_ALLNUM = 8, /* only digits */
    TW_CJK = 16    /* Han, kana or hangul: a script written without spaces */
};

/* Decodes one UTF-8 character at s (n > 0 bytes left) into *cp; returns its
 * length. An invalid byte decodes as U+FFFD of length 1. */
size_t text_utf8(const unsigned char *s, size_t n, uint32_t *cp);

/* True for characters that belong to words: letters and digits of any script. */
bool text_is_word_cp(uint32_t cp);

/* TW_UPPER or TW_LOWER for a cased letter, else 0. */
unsigned text_letter_case(uint32_t cp);

/* Finds the next word in s[*i..n): on true, the word is s[*start..*i) and
 * *info holds TW_* flags and *chars its length in characters. */
bool text_next_word(const unsigned char *s, size_t n, size_t *i, size_t *start, unsigned *info,
                    size_t *chars);

/* Lower-cases the word w[0..n) into buf (cap bytes); returns the folded
 * length, or 0 when it does not fit. Covers ASCII, Latin-1, Latin
 * Extended-A, Greek and Cyrillic. */
size_t text_fold(const unsigned char *w, size_t n, char *buf, size_t cap);

/* Builds the tables once (thread-safe). False only when the tables exceed
 * their fixed capacity, which the unit test rules out. */
bool text_lex_init(void);

/* The table id of a folded word, or -1 when the tables do not know it. */
int32_t text_lex_word(const char *folded, size_t n);

/* text_lex_word of the word w[0..n) as found in text (folds it first). */
int32_t text_lex_find(const unsigned char *w, size_t n);

/* A word found by text_words: its bytes, TW_* facts and table id (or -1),
 * with what the tables say of it (so that callers need not look again). */
typedef struct text_word {
    uint32_t start, end;
    unsigned info;
    int32_t id;
    uint32_t kinds; /* text_lex_word_kinds */
    uint16_t stop;  /* text_lex_stop */
    uint8_t span;   /* text_lex_phrase_span */
} text_word;

/* Scans up to `max` words from s[*pos..n), folding, hashing and looking each
 * up in one pass; advances *pos past the last word. Returns the count.
 * Needs text_lex_init(). */
size_t text_words(const unsigned char *s, size_t n, size_t *pos, text_word *out, size_t max);
/* The same when the bytes up to s[lim] (lim >= n) may be read: words are
 * then read sixteen bytes at a time. */
size_t text_words_lim(const unsigned char *s, size_t n, size_t lim, size_t *pos, text_word *out, size_t max);

/* Bit (1 << lang) for each language that has the word as a stop word. */
uint16_t text_lex_stop(int32_t id);

/* The number of words of the longest phrase that starts with the word (0: none). */
size_t text_lex_phrase_span(int32_t id);

/* The kinds (TK_BIT masks) of which the word alone is a phrase ("foto" is a CREDIT). */
uint32_t text_lex_word_kinds(int32_t id);

/* The phrase kinds (TK_BIT masks) found in a line given as word ids:
 * `line` for phrases that are the whole line, `start` for phrases that
 * begin it, `any` for phrases anywhere. */
typedef struct text_hits {
    uint32_t line, start, any;
} text_hits;
void text_lex_phrases(const int32_t *ids, size_t n, text_hits *h);
/* The same when the caller knows which words start a phrase (bit p of
 * `starts`: text_word.span of ids[p] is not 0; words past 63 are not looked at). */
void text_lex_phrases_at(const int32_t *ids, size_t n, uint64_t starts, text_hits *h);

/* The BCP 47 code of a language ("en"). */
const char *text_lang_code(text_lang l);

/* Table statistics for the unit test: stop words of a language, phrases of
 * a kind in a language, and the problems the loader found (duplicates,
 * upper case, empty phrases) with the first one described in *what. */
size_t text_lex_stop_count(text_lang l);
size_t text_lex_phrase_count(text_kind k, text_lang l);
size_t text_lex_problems(const char **what);
#endif

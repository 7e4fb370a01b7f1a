/*
 * Class/id hints and boilerplate phrases: the tables of hints.def, indexed by
 * enum, and their matchers.
 */
#ifndef PITH_EXTRACT_HINTS_H
#define PITH_EXTRACT_HINTS_H
#include <stddef.h>
#include <stdint.h>

/* What a class/id hint says about an element (bits; a value may match several). */
enum {
    HK_BOILER = 1 << 0,  /* navigation, sharing, related, subscription, tags ... */
    HK_COMMENT = 1 << 1, /* reader comments */
    HK_AD = 1 << 2,      /* advertising */
    HK_HIDDEN = 1 << 3,  /* hidden from sight */
    HK_NEG = 1 << 4,     /* weakly negative */
    HK_POS = 1 << 5,     /* article-like */
    HK_CAPTION = 1 << 6, /* image caption */
    HK_CREDIT = 1 << 7,  /* photo credit */
    HK_BYLINE = 1 << 8,  /* byline, dateline, article meta */
    HK_JUNK = 1 << 9,    /* consent, modal, subscription prompts: never the article */
    HK_AUTHOR = 1 << 10, /* an author's name: a photo credit inside a caption */
    HK_EMBED = 1 << 11   /* an embedded post (tweet, ...): content despite "social" */
};

/* What a boilerplate phrase means. */
enum { PK_LINE = 1, PK_LEAD = 2, PK_CREDIT = 4 };

typedef enum pith_hint_id {
#define PITH_HINT(e, p, k) PITH_HINT_##e,
#include "hints.def"
#undef PITH_HINT
    PITH_HINT_COUNT_
} pith_hint_id;

typedef enum pith_phrase_id {
#define PITH_PHRASE(e, p, k) PITH_PHRASE_##e,
#include "hints.def"
#undef PITH_PHRASE
    PITH_PHRASE_COUNT_
} pith_phrase_id;

typedef struct pith_hint_entry {
    const char *pattern;
    unsigned kind;
} pith_hint_entry;

extern const pith_hint_entry pith_hints[PITH_HINT_COUNT_];
extern const pith_hint_entry pith_phrases[PITH_PHRASE_COUNT_];

/* The HK_* bits of every hint matching a class or id value of `n` bytes.
 * Thread-safe; values longer than 1 KiB are matched on their first KiB. */
unsigned pith_hint_match(const char *s, size_t n);

/* Number of states of the hint automaton (for its unit test). */
unsigned pith_hint_states(void);

/* The PK_* kind of the first phrase of a kind in `mask` that `s` (n bytes,
 * trimmed) is (PK_LINE: equals, ignoring trailing punctuation) or starts with
 * (PK_LEAD, PK_CREDIT); 0 when none. ASCII case is ignored. */
unsigned pith_phrase_match(const char *s, size_t n, unsigned mask);
/* Length of the first phrase of a kind in `mask` that `s` starts with
 * (ASCII case ignored), or 0. */
size_t pith_phrase_prefix(const char *s, size_t n, unsigned mask);
#endif

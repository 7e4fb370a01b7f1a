/*
 * Shared between the metadata files: the candidate record that the single
 * document pass and the JSON-LD reader fill, and the helpers for dates,
 * bylines and language that pick from it.
 */
#ifndef PITH_META_INTERNAL_H
#define PITH_META_INTERNAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/buf.h"
#include "../core/result.h"
#include "../dom/dom.h"

/* A string owned by the result arena (NUL-terminated) or NULL. */
typedef const char *mstr;

enum { META_MAX_AUTHORS = 24, META_MAX_H1 = 4, META_MAX_TIME = 8, META_MAX_BYLINE = 12,
       META_MAX_TEXTDATE = 24, META_MAX_JSONLD = 8, META_MAX_LIST = 32 };

/* What the JSON-LD reader found in the first article-like object (and in
 * page-level objects for site names). */
typedef struct meta_jsonld {
    mstr headline, name, description, date, modified, created, image, language, url, license;
    mstr publisher, website;                   /* names */
    mstr authors[META_MAX_AUTHORS];
    bool author_is_org[META_MAX_AUTHORS];
    size_t n_authors;
    mstr page_date, page_modified, page_name;  /* from a WebPage object */
    mstr keywords[META_MAX_LIST];
    size_t n_keywords;
    mstr sections[8];
    size_t n_sections;
    bool found_article, article_weak;     /* weak: a VideoObject or the like */
    /* set by the caller: the page names its image / description in meta
     * tags, so those values need not be parsed */
    bool skip_image, skip_description;
    int malformed;                              /* scripts that did not parse */
} meta_jsonld;

/* A date split into parts; `has_time` when hour/minute are known. */
typedef struct meta_date {
    int y, mo, d, h, mi, s;
    bool has_time, has_tz;
    int tz_min;   /* offset east of UTC in minutes */
} meta_date;

/* dates.c */
/* Parses a machine date (ISO 8601, RFC 2822, or a text date) filling *out. */
bool meta_date_parse(const char *s, size_t n, meta_date *out);
/* Finds the first date written in running text (many languages). When
 * `update` is given it says whether an "updated"-style cue preceded it. */
bool meta_date_find(const char *s, size_t n, meta_date *out, bool *update);
/* A date in a URL path (/2024/06/18/, /20240618, -2024-06-18-). */
bool meta_date_from_url(const char *url, meta_date *out);
/* Formats as "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS[+hh:mm]" into buf (>= 32). */
void meta_date_format(const meta_date *d, char *buf);
/* Plausible as a publication date (year 1990..2100, valid day). */
bool meta_date_valid(const meta_date *d);

/* byline.c */
/* Splits a byline or author string into clean names, appending those not
 * already present to r->authors (at most `max` in all). `text` when it
 * comes from visible text (cut harder: "in London", "(Reuters)").
 * Returns the number added. */
size_t meta_authors_add(pith_result *r, const char *s, size_t n, size_t max, bool text);
/* True when a cleaned name looks like a person or organisation name. */
bool meta_author_plausible(const char *s, size_t n);
/* A wire service named by the string (whole, "(dpa)", "AFP/Reuters"), as its
 * canonical short name, or NULL. */
const char *meta_agency_name(const char *s, size_t n);
/* Scans text for an agency tag in running text: "(dpa)" at the end of a
 * paragraph or "Berlin (AFP) -" at its start. Canonical name or NULL. */
const char *meta_agency_in_text(const char *s, size_t n);
/* Length of a byline lead word such as "By ", "Von ", "Par " at s (0 if none). */
size_t meta_byline_prefix(const char *s, size_t n);
/* True when a line of its own is nothing but one to four people's names
 * ("Jane Doe", "JANE DOE/JOHN ROE", "By Jane Doe and John Roe"): capitalised
 * words, two to four a name, no digits, no heading words. */
bool meta_name_line(const char *s, size_t n);

/* lang.c */
/* Normalises a declared language tag ("en_US", "de-DE, en") into buf as
 * "en-US"/"de"; false when it is not a language tag. */
bool meta_lang_normalise(const char *s, size_t n, char *buf, size_t cap);
/* 1 when the function words of the declared language (en, de, fr, es, it,
 * pt, nl) clearly dominate text[0..n); 0 means "ask the detector". */
int meta_lang_stop_confirms(const char *text, size_t n, const char *declared);
/* Checks the declared language against the text and sets r->language. */
void meta_lang_decide(pith_result *r, const char *declared);

/* cld2_shim.cc: detects the language of UTF-8 text. Writes a BCP 47 code
 * into out (cap >= 16); *percent is the share of the text in it. Returns 1
 * when CLD2 found a language, 0 otherwise (never throws). */
int pith_cld2_detect(const char *text, size_t n, const char *hint, char *out, size_t cap,
                     int *percent, int *reliable);

/* jsonld.c */
/* What a script's "@type" values announce, read without parsing it (so
 * that scripts with nothing to give are not parsed). */
enum { LD_ARTICLE = 1, LD_WEAK = 2, LD_PAGE = 4, LD_SITE = 8, LD_ORG = 16, LD_UNKNOWN = 32 };
unsigned meta_jsonld_kinds(const char *s, size_t n);
/* Parses one ld+json script body and merges what it says into *j. A
 * malformed body is counted in j->malformed; never fails otherwise. */
void meta_jsonld_read(pith_result *r, const char *s, size_t n, meta_jsonld *j);

/* text helpers (meta.c) */
/* Copies s into the result arena with whitespace collapsed and trimmed. */
mstr meta_clean(pith_result *r, const char *s, size_t n);
/* Case-insensitive ASCII prefix test. */
bool meta_starts_with(const char *s, size_t n, const char *prefix);
#endif

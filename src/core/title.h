/* Comparing a heading with the article's title. */
#ifndef PITH_CORE_TITLE_H
#define PITH_CORE_TITLE_H
#include <stdbool.h>
#include <stddef.h>

/* Writes into out (cap bytes, NUL-terminated) the form of s used to compare
 * headings with titles: ASCII letters lower-cased, ASCII digits kept, other
 * ASCII (spaces, punctuation) left out, non-ASCII bytes kept as they are;
 * input past cap - 1 output bytes is cut. Returns the length written. */
size_t pith_title_norm(const char *s, char *out, size_t cap);

/* True when heading repeats title in their normalised forms: equal, or one
 * a prefix of the other that is at least 60% of its length (a site name or
 * subtitle added to one of them); with suffix_too, also a heading that is
 * the end of a longer title ("Site | Headline"). False when either is NULL
 * or normalises to nothing. Compares the first 511 normalised bytes. */
bool pith_title_repeats(const char *heading, const char *title, bool suffix_too);
#endif

/* Cleaning of text that a scraper already flattened. */
#ifndef PITH_TEXT_H
#define PITH_TEXT_H
#include <stdbool.h>

#include "../core/result.h"

/* True when `data` looks like plain text rather than HTML: HTML starts with
 * markup or carries known tags early on; text does neither. */
bool pith_text_looks_plain(const char *data, size_t len);

/* Segments and classifies the text, filling r (title, description, images,
 * agency, language, authors, date, body blocks). `data` is UTF-8 (invalid
 * bytes tolerated). Scratch memory comes from r's arena. */
pith_status pith_text_clean(const char *data, size_t len, const pith_options *opts,
                            pith_result *r);

/* Debugging hook (tests/tools/text_dir --trace): when set, called once per
 * block after classification with the block's class name, its article
 * weight, a line of features and its text. Not thread-safe; NULL normally. */
extern void (*pith_text_trace)(const char *cls, const char *features, const char *s, size_t n);
#endif

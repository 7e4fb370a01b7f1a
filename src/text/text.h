/* Cleaning of text that a scraper already flattened. */
#ifndef PITH_TEXT_H
#define PITH_TEXT_H
#include <stdbool.h>

#include "../core/result.h"

/* True when `data` looks like plain text rather than HTML. */
bool pith_text_looks_plain(const char *data, size_t len);

/* Segments and classifies the text, filling r (title, description, images,
 * agency, language, body blocks). `data` is UTF-8 (invalid bytes tolerated). */
pith_status pith_text_clean(const char *data, size_t len, const pith_options *opts,
                            pith_result *r);
#endif

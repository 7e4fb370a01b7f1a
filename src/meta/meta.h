/* Metadata: title, authors, dates, site, language, description, images. */
#ifndef PITH_META_H
#define PITH_META_H
#include "../core/result.h"
#include "../dom/dom.h"

/* Fills r's metadata fields from `doc` (`url` may be NULL). Runs before
 * content extraction. Malformed sources are skipped with a warning in r. */
void pith_meta_extract(pith_doc *doc, const pith_options *opts, const char *url, pith_result *r);

/* Completes metadata that needs the extracted body (language check, bylines
 * and agencies in the text, dates in the text). Runs after extraction. */
void pith_meta_finish(pith_doc *doc, const pith_options *opts, pith_result *r);
#endif

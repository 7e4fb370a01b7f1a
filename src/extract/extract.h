/* Main-content extraction: from a parsed document to the article's blocks. */
#ifndef PITH_EXTRACT_H
#define PITH_EXTRACT_H
#include "../core/result.h"
#include "../dom/dom.h"

/*
 * Finds the article in `doc` and appends its blocks and images to `r`.
 * Runs after pith_meta_extract(), so r->title etc. may already be set.
 * `url` may be NULL. Returns PITH_OK, or PITH_ERR_NO_CONTENT when nothing
 * was found (r->reason then says why).
 */
pith_status pith_extract_content(pith_doc *doc, const pith_options *opts, const char *url,
                                 pith_result *r);
#endif

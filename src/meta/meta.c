/* Placeholder metadata: the <title> only. Replaced by the real module. */
#include "meta.h"

#include <string.h>

#include "../core/buf.h"

void pith_meta_extract(pith_doc *doc, const pith_options *opts, const char *url, pith_result *r)
{
    (void)opts;
    if (url) pith_result_set(r, &r->url, url, strlen(url));
    for (pith_nid n = PITH_DOC; n; n = pith_doc_next(doc, PITH_DOC, n, true)) {
        if (pith_is_el(doc, n, PITH_TAG_TITLE)) {
            pith_buf b;
            pith_buf_init(&b);
            pith_doc_text_content(doc, n, &b);
            pith_result_set(r, &r->title, b.data, b.len);
            pith_buf_free(&b);
            break;
        }
    }
}

void pith_meta_finish(pith_doc *doc, const pith_options *opts, pith_result *r)
{
    (void)doc;
    (void)opts;
    (void)r;
}

/* Placeholder extraction: all body text as one paragraph. Replaced by the
 * real extractor. */
#include "extract.h"

#include "../core/buf.h"

pith_status pith_extract_content(pith_doc *doc, const pith_options *opts, const char *url,
                                 pith_result *r)
{
    (void)opts;
    (void)url;
    pith_buf b;
    pith_buf_init(&b);
    pith_doc_text_content(doc, PITH_DOC, &b);
    pith_status st = PITH_OK;
    if (b.len) pith_result_add_block(r, PITH_BLOCK_PARAGRAPH, 0, b.data, b.len);
    else st = PITH_ERR_NO_CONTENT;
    pith_buf_free(&b);
    return st;
}

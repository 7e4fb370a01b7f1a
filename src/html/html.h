/* The HTML5 parser: bytes in any encoding to a pith_doc. */
#ifndef PITH_HTML_H
#define PITH_HTML_H
#include <stddef.h>

#include "../dom/dom.h"

typedef struct pith_parse_options {
    const char *charset;      /* caller's charset label (e.g. from Content-Type), or NULL */
    size_t max_input_bytes;   /* 0 = no limit */
    uint32_t max_nodes, max_depth, max_attributes;
    double deadline;          /* absolute monotonic seconds (pith_now()), 0 = none */
    uint32_t min_tokens;      /* tokens parsed past the deadline, so that a late
                                 start still gives a partial result ... */
    double grace_end;         /* ... but not past this time (0 = no bound) */
} pith_parse_options;

/*
 * Parses `len` bytes into `doc` (which is reset first). Decodes to UTF-8
 * (recording doc->encoding and doc->encoding_source), tokenizes and builds
 * the tree per the WHATWG HTML standard with scripting off. Returns PITH_OK
 * or the first limit hit (the tree built so far stays usable).
 */
pith_status pith_html_parse(pith_doc *doc, const char *data, size_t len,
                            const pith_parse_options *opts);
#endif

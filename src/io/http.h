/*
 * HTTP messages as WARC stores them: the response head, chunked transfer
 * coding and content codings (gzip, deflate, br, zstd). Everything works on
 * bytes in memory and is bounded by caller-given limits.
 */
#ifndef PITH_IO_HTTP_H
#define PITH_IO_HTTP_H
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

typedef struct pith_http_head {
    int status;                 /* e.g. 200 */
    const char *ctype;          /* Content-Type value, not NUL-terminated; NULL if absent */
    size_t ctype_len;
    const char *tenc;           /* Transfer-Encoding */
    size_t tenc_len;
    const char *cenc;           /* Content-Encoding */
    size_t cenc_len;
    size_t head_len;            /* bytes up to and including the blank line */
} pith_http_head;

typedef enum pith_http_parse_result {
    PITH_HTTP_OK = 0,
    PITH_HTTP_MALFORMED,        /* no status line */
    PITH_HTTP_TOO_LARGE         /* no end of the head within the limit */
} pith_http_parse_result;

/* Parses the response head at data[0..len), skipping interim 1xx heads. A
 * head that runs to the end of the data without a blank line is accepted
 * with an empty body. */
pith_http_parse_result pith_http_parse_head(const char *data, size_t len, size_t max_head,
                                            pith_http_head *h);

typedef enum pith_decode_result {
    PITH_DECODE_OK = 0,
    PITH_DECODE_NOT_ENCODED,    /* the bytes are not in that coding; use them as they are */
    PITH_DECODE_PARTIAL,        /* damaged or truncated; `out` holds what came before */
    PITH_DECODE_FAILED,         /* damaged from the start; nothing decoded */
    PITH_DECODE_TOO_LARGE,      /* the output would exceed the limit */
    PITH_DECODE_UNSUPPORTED,    /* a coding this library does not know */
    PITH_DECODE_NOMEM
} pith_decode_result;

/* Undoes chunked transfer coding into `out` (emptied first), at most `max` bytes. */
pith_decode_result pith_http_dechunk(const char *in, size_t len, size_t max, pith_buf *out);

/* Undoes one content coding named by `name` (e.g. "gzip", "x-gzip",
 * "deflate", "br", "zstd", "identity") into `out` (emptied first). */
pith_decode_result pith_http_decode(const char *name, size_t name_len, const char *in,
                                    size_t len, size_t max, pith_buf *out);

/* Writes the lower-case media type of a Content-Type value ("text/html")
 * into buf; returns its length (0 when there is none). */
size_t pith_http_media_type(const char *ct, size_t ct_len, char *buf, size_t cap);

/* Writes the value of parameter `name` of a Content-Type value into buf,
 * unquoted; returns its length (0 when absent). */
size_t pith_http_param(const char *ct, size_t ct_len, const char *name, char *buf, size_t cap);

/* True when the bytes look like the start of an HTML document. */
bool pith_http_sniff_html(const char *data, size_t len);
#endif

/*
 * pith: turn web pages (or text already flattened by a scraper) into clean,
 * structured articles.
 *
 * This is the one installed header. Everything the command-line tool does,
 * it does through the calls declared here.
 *
 * Threads: a pith_extractor is not thread-safe; use one per thread. Distinct
 * extractors share no mutable state, so any number may run at once.
 * Ownership: a pith_result belongs to the extractor that made it and stays
 * valid until the next pith_extract() on that extractor or its free.
 */
#ifndef PITH_H
#define PITH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PITH_VERSION_MAJOR 0
#define PITH_VERSION_MINOR 1
#define PITH_VERSION_PATCH 0
#define PITH_VERSION_STRING "0.1.0"

/* Status codes. Numbers are never reused or renumbered; new ones are appended. */
typedef enum pith_status {
    PITH_OK = 0,
    PITH_ERR_NOMEM = 1,          /* out of memory */
    PITH_ERR_INVALID = 2,        /* invalid argument */
    PITH_ERR_TOO_LARGE = 3,      /* input larger than max_input_bytes */
    PITH_ERR_TOO_MANY_NODES = 4, /* document exceeded max_nodes; truncated */
    PITH_ERR_TOO_DEEP = 5,       /* nesting exceeded max_depth; deeper content flattened */
    PITH_ERR_TIMEOUT = 6,        /* time budget exhausted; result is partial */
    PITH_ERR_EMPTY = 7,          /* input is empty or only whitespace */
    PITH_ERR_BINARY = 8,         /* input looks binary, not text or HTML */
    PITH_ERR_ENCODING = 9,       /* the requested encoding is unknown */
    PITH_ERR_NO_CONTENT = 10,    /* parsed, but no article text was found */
    PITH_ERR_IO = 11,            /* reading or writing failed */
    PITH_ERR_TOO_MANY_ATTRS = 12,/* an element exceeded max_attributes; rest dropped */
    PITH_ERR_OUTPUT_TOO_LARGE = 13, /* rendered output exceeded max_output_bytes */
    PITH_ERR_MALFORMED = 14,     /* malformed container input (WARC, HTTP, JSON) */
    PITH_STATUS_COUNT_
} pith_status;

/* A static, human-readable sentence for a status. Never NULL. */
const char *pith_strerror(pith_status status);

/* The library version, e.g. "0.1.0". */
const char *pith_version(void);

typedef enum pith_focus {
    PITH_FOCUS_BALANCED = 0,
    PITH_FOCUS_PRECISION = 1,
    PITH_FOCUS_RECALL = 2
} pith_focus;

typedef enum pith_input_kind {
    PITH_INPUT_AUTO = 0, /* sniff: HTML unless it looks like plain text */
    PITH_INPUT_HTML = 1,
    PITH_INPUT_TEXT = 2
} pith_input_kind;

/*
 * Options. Always initialise with pith_options_init(), which sets `size` and
 * the defaults; fields added later go at the end, and the library reads only
 * the first `size` bytes, so old callers keep working.
 */
typedef struct pith_options {
    size_t size;               /* sizeof(pith_options), set by pith_options_init */
    pith_focus focus;
    pith_input_kind input;
    int tables;                /* keep tables (default 1) */
    int images;                /* keep images in rendered output (default 0) */
    int links;                 /* keep links in rendered output (default 0) */
    int comments;              /* extract reader comments (default 0) */
    size_t max_input_bytes;    /* default 256 MiB; 0 means no limit */
    uint32_t max_nodes;        /* default 8 million */
    uint32_t max_depth;        /* default 512 */
    uint32_t max_attributes;   /* per element, default 1024 */
    double time_budget;        /* seconds per document, default 2.0; 0 = none */
    size_t max_output_bytes;   /* default 256 MiB; 0 means no limit */
} pith_options;

void pith_options_init(pith_options *opts);

typedef struct pith_extractor pith_extractor;

/* A new extractor, or NULL when out of memory. */
pith_extractor *pith_extractor_new(void);
/* Frees the extractor and its last result. NULL is a no-op. */
void pith_extractor_free(pith_extractor *ex);

typedef struct pith_result pith_result;

/*
 * Extracts the article from `len` bytes at `data`. `url` (the page's address,
 * for resolving links and dates) and `content_type` (an HTTP Content-Type
 * value, for its charset) may be NULL. `opts` may be NULL for defaults.
 * On return *out (if out is non-NULL) points at the result, owned by `ex`;
 * a result is produced even on soft failures such as PITH_ERR_EMPTY, with
 * the reason in pith_result_status(). The return value is the same status.
 */
pith_status pith_extract(pith_extractor *ex, const pith_options *opts,
                         const char *data, size_t len, const char *url,
                         const char *content_type, pith_result **out);

typedef enum pith_block_type {
    PITH_BLOCK_PARAGRAPH = 0,
    PITH_BLOCK_HEADING = 1,
    PITH_BLOCK_LIST = 2,   /* items separated by '\n' */
    PITH_BLOCK_TABLE = 3,  /* rows separated by '\n', cells by '\t' */
    PITH_BLOCK_QUOTE = 4,
    PITH_BLOCK_CODE = 5    /* text kept verbatim, newlines included */
} pith_block_type;

typedef struct pith_block {
    pith_block_type type;
    int level;             /* heading level 1-6; list: 1 ordered, 0 not */
    int flags;             /* PITH_BLOCK_F_* */
    const char *text;      /* plain text, UTF-8, NUL-terminated */
    const char *rich;      /* inline Markdown (links, emphasis) or NULL */
} pith_block;

#define PITH_BLOCK_F_TABLE_HEADER 1 /* the first table row is a header row */

typedef struct pith_image {
    const char *src;       /* absolute when a URL was given, else as found */
    const char *alt;
    const char *caption;
    const char *credit;
    int lead;              /* 1 for the article's lead image */
} pith_image;

/* Result accessors. Strings are UTF-8, NUL-terminated, owned by the result,
 * and NULL where the field is unknown. */
pith_status pith_result_status(const pith_result *r);
const char *pith_result_reason(const pith_result *r); /* detail for the status, or NULL */
const char *pith_result_title(const pith_result *r);
const char *pith_result_text(const pith_result *r);   /* body blocks joined by "\n" */
size_t pith_result_author_count(const pith_result *r);
const char *pith_result_author(const pith_result *r, size_t i);
const char *pith_result_date(const pith_result *r);      /* ISO 8601 */
const char *pith_result_modified(const pith_result *r);  /* ISO 8601 */
const char *pith_result_language(const pith_result *r);  /* BCP 47, e.g. "de" */
const char *pith_result_sitename(const pith_result *r);
const char *pith_result_url(const pith_result *r);
const char *pith_result_description(const pith_result *r);
const char *pith_result_agency(const pith_result *r);
const char *pith_result_encoding(const pith_result *r);        /* e.g. "windows-1252" */
const char *pith_result_encoding_source(const pith_result *r); /* "bom", "meta", ... */
size_t pith_result_block_count(const pith_result *r);
const pith_block *pith_result_block(const pith_result *r, size_t i);
size_t pith_result_image_count(const pith_result *r);
const pith_image *pith_result_image(const pith_result *r, size_t i);

typedef enum pith_format {
    PITH_FORMAT_TXT = 0,
    PITH_FORMAT_MD = 1,
    PITH_FORMAT_JSON = 2,
    PITH_FORMAT_HTML = 3,
    PITH_FORMAT_XML = 4,
    PITH_FORMAT_JSONL = 5 /* JSON on one line, ending in '\n' */
} pith_format;

/*
 * Renders a result. *out points at `*out_len` bytes (NUL-terminated) owned by
 * the extractor, valid until its next call. `source` names the input for
 * JSONL's "source" field and may be NULL.
 */
pith_status pith_render(pith_extractor *ex, const pith_result *r, pith_format fmt,
                        const pith_options *opts, const char *source,
                        const char **out, size_t *out_len);

#ifdef __cplusplus
}
#endif
#endif

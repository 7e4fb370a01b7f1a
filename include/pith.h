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
    PITH_ERR_TRUNCATED = 15,     /* the input ends inside a record or compressed stream */
    PITH_STATUS_COUNT_
} pith_status;

/* A static, human-readable sentence for a status. Never NULL. */
const char *pith_strerror(pith_status status);

/* The status's short stable name, as in the JSON and XML "status" and in the
 * command's JSONL skip lines: "ok", "empty", "no_content", "timeout", ...
 * Never NULL ("unknown" for a value outside the enum). */
const char *pith_status_name(pith_status status);

/* Nonzero when pith_extract's result still stands after this status: PITH_OK,
 * and the statuses whose result is partial or empty but well formed
 * (empty, binary, no_content, too_deep, too_many_nodes, too_many_attrs,
 * timeout, malformed). Zero for failures that leave no usable result. */
int pith_status_has_result(pith_status status);

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
    uint32_t max_depth;        /* default 512; values below 16 count as 16 */
    uint32_t max_attributes;   /* per element, default 1024 */
    double time_budget;        /* seconds per document, default 2.0; 0 = none. Checked
                                  inside the loops of every stage (parsing, metadata,
                                  content extraction, text cleaning); pith_render()
                                  gets the same budget again for rendering */
    size_t max_output_bytes;   /* default 256 MiB; 0 means no limit */
} pith_options;
/* Each limit a document runs into gives its own status (PITH_ERR_TOO_LARGE,
 * _TOO_MANY_NODES (text input: lines), _TOO_DEEP, _TOO_MANY_ATTRS, _TIMEOUT,
 * _OUTPUT_TOO_LARGE) and pith_result_reason() names the limit and its value.
 * Except for the input size, the result is kept, partial. */

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

/* One item of a list block: the structure of one line of its text. Items
 * come in document order; a nested list's items follow their parent item
 * with depth + 1. Depth starts at 0 and grows by at most 1 from one item to
 * the next (at most PITH_LIST_MAX_DEPTH). */
typedef struct pith_list_item {
    int depth;             /* 0 for the block's own list, 1 for a list inside an item, ... */
    int number;            /* the item's number in an ordered list (start, value, reversed
                              honoured); 0 in a bullet list */
    int flags;             /* PITH_ITEM_F_* */
} pith_list_item;

#define PITH_ITEM_F_ORDERED 1  /* the item's own list is ordered */
#define PITH_ITEM_F_NEW_LIST 2 /* the item starts a list (the block's, or a nested one) */
#define PITH_LIST_MAX_DEPTH 8  /* deeper lists are kept at this depth */

/* One cell of a table block, at its place in the table's grid. */
typedef struct pith_table_cell {
    const char *text;      /* plain text (no tab or newline) */
    const char *rich;      /* inline Markdown when links were asked for, else NULL */
    uint32_t row, col;     /* grid position of the cell's top-left corner */
    uint32_t rowspan, colspan; /* at least 1; spans are clamped as the HTML table
                              model does and clipped to the table */
    int flags;             /* PITH_CELL_F_* */
} pith_table_cell;

#define PITH_CELL_F_HEADER 1   /* a header cell (th, or a cell of a thead row) */
#define PITH_NO_CELL UINT32_MAX /* a grid position that no cell covers */

typedef struct pith_block {
    pith_block_type type;
    int level;             /* heading level 1-6; list: 1 ordered, 0 not */
    int flags;             /* PITH_BLOCK_F_* */
    const char *text;      /* plain text, UTF-8, NUL-terminated */
    const char *rich;      /* inline Markdown (links, emphasis) or NULL */
    /* Lists: one item per line of `text` (and of `rich`). */
    const pith_list_item *items;
    size_t n_items;
    /* Tables: `text` holds the cells in row order (rows separated by '\n',
     * cells by '\t'); `cells` the same cells with their place. `grid` has
     * n_rows * n_cols entries, row by row, each the index in `cells` of the
     * cell covering that position (spans expanded) or PITH_NO_CELL; it is
     * NULL when the table is too large to lay out (then cells have spans of
     * 1 and rows may have different lengths). */
    const char *caption;   /* the table's caption, or NULL */
    const pith_table_cell *cells;
    size_t n_cells;
    uint32_t n_rows, n_cols;
    uint32_t header_rows;  /* leading rows that are headers (thead, or rows of th only) */
    const uint32_t *grid;
} pith_block;

#define PITH_BLOCK_F_TABLE_HEADER 1 /* the first table row is a header row */

typedef struct pith_image {
    const char *src;       /* absolute when a URL was given, else as found */
    const char *alt;
    const char *caption;
    const char *credit;
    int lead;              /* 1 for the article's lead image */
    size_t block;          /* where it stands in the body: before block `block`
                              (the block count or more: after the last one) */
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
 * JSONL's "source" field and may be NULL. Rendering stops with
 * PITH_ERR_OUTPUT_TOO_LARGE as soon as the output would pass
 * opts->max_output_bytes, and with PITH_ERR_TIMEOUT when opts->time_budget
 * runs out; *out is then empty (never a partial document).
 */
pith_status pith_render(pith_extractor *ex, const pith_result *r, pith_format fmt,
                        const pith_options *opts, const char *source,
                        const char **out, size_t *out_len);

/*
 * WARC archives (WARC/1.0 and 1.1): a streaming reader.
 *
 * The reader takes uncompressed archives, gzip with one member per record
 * (or any number of members), and zstd (.warc.zst, with or without the
 * dictionary frame of the IIPC zstd-WARC proposal). The format is told from
 * the first bytes, not the file name. It yields every record in file order:
 * either a document to extract (`skip` == PITH_WARC_OK, `payload` set) or the
 * reason it holds none. Damage is reported where it is found and reading goes
 * on at the next intact record, so no record is silently lost.
 *
 * Threads: a pith_warc is not thread-safe; use each from one thread at a
 * time. Distinct readers share nothing.
 * Ownership: the record and every string and byte it points at belong to the
 * reader and stay valid until the next pith_warc_next() or pith_warc_close().
 * Copy what must live longer (e.g. before handing a payload to a worker).
 */
typedef struct pith_warc pith_warc;

/* Why a record yields no document. Numbers are never reused; new ones are
 * appended. The PITH_WARC_FAIL_ ones mean the archive itself is damaged. */
typedef enum pith_warc_skip {
    PITH_WARC_OK = 0,                /* a document: extract `payload` */
    PITH_WARC_SKIP_TYPE = 1,         /* request, metadata, warcinfo, revisit, ... */
    PITH_WARC_SKIP_NOT_HTML = 2,     /* payload is not HTML (payload still set) */
    PITH_WARC_SKIP_EMPTY = 3,        /* no payload bytes */
    PITH_WARC_SKIP_HTTP_STATUS = 4,  /* HTTP status other than 2xx (payload still set) */
    PITH_WARC_SKIP_TOO_LARGE = 5,    /* record or decoded payload over a limit */
    PITH_WARC_SKIP_UNSUPPORTED = 6,  /* segmented record, unknown Content-Encoding */
    PITH_WARC_FAIL_MALFORMED = 7,    /* bad header, wrong Content-Length, bad HTTP */
    PITH_WARC_FAIL_TRUNCATED = 8,    /* the archive ends inside this record */
    PITH_WARC_FAIL_CORRUPT = 9,      /* compressed data is corrupt here */
    PITH_WARC_SKIP_COUNT_
} pith_warc_skip;

/* A short stable name for a skip value ("ok", "type", "not_html", "empty",
 * "http_status", "too_large", "unsupported", "malformed", "truncated",
 * "corrupt"), for output fields and statistics. Never NULL. */
const char *pith_warc_skip_name(pith_warc_skip s);

/*
 * One record. Strings are NUL-terminated and NULL where absent. Fields are
 * only ever appended; `size` is the size of the library's struct.
 */
typedef struct pith_warc_record {
    size_t size;
    const char *type;            /* WARC-Type, e.g. "response"; NULL for damage with no header */
    const char *record_id;       /* WARC-Record-ID, e.g. "<urn:uuid:...>" */
    const char *target_uri;      /* WARC-Target-URI */
    const char *date;            /* WARC-Date */
    const char *block_type;      /* the record's own Content-Type */
    const char *identified_type; /* WARC-Identified-Payload-Type */
    int http_status;             /* HTTP status code; 0 when not an HTTP response */
    const char *content_type;    /* HTTP Content-Type, else the block's Content-Type */
    const char *mime;            /* lower-case media type the decision used, e.g. "text/html" */
    const char *charset;         /* charset parameter of content_type */
    const char *payload;         /* the document after de-chunking and decompression */
    size_t payload_len;
    pith_input_kind input;       /* PITH_INPUT_TEXT for conversion (WET) records, else HTML */
    uint64_t offset;             /* file offset of the record, or of the compressed
                                    member (gzip member, zstd frame) it starts in */
    uint64_t length;             /* Content-Length as declared */
    pith_warc_skip skip;         /* PITH_WARC_OK or why there is no document */
    const char *reason;          /* a sentence saying why; NULL when skip is OK */
    const char *warning;         /* a problem that did not stop extraction, or NULL */
} pith_warc_record;

/* Limits. Initialise with pith_warc_options_init(); as with pith_options,
 * only the first `size` bytes are read. */
typedef struct pith_warc_options {
    size_t size;
    size_t max_header_bytes;   /* a WARC or HTTP header block; default 1 MiB */
    size_t max_record_bytes;   /* a record's content held in memory; default 64 MiB;
                                  larger records are skipped as too large */
    size_t max_payload_bytes;  /* a payload after decompression; default 64 MiB */
} pith_warc_options;

void pith_warc_options_init(pith_warc_options *opts);

/*
 * Opens a reader on `fd`, which must stay open until pith_warc_close() (the
 * reader does not close it) and may be a pipe. `opts` may be NULL. Returns
 * PITH_OK and sets *out, or PITH_ERR_NOMEM / PITH_ERR_INVALID with *out NULL.
 */
pith_status pith_warc_open_fd(int fd, const pith_warc_options *opts, pith_warc **out);
/* The same on a file the reader opens and closes itself; PITH_ERR_IO when it
 * cannot be opened (errno says why). */
pith_status pith_warc_open_file(const char *path, const pith_warc_options *opts,
                                pith_warc **out);
/* The same on `len` bytes in memory, which must outlive the reader. */
pith_status pith_warc_open_mem(const void *data, size_t len, const pith_warc_options *opts,
                               pith_warc **out);

/*
 * Reads the next record. Returns PITH_OK with *rec set, or PITH_OK with *rec
 * NULL at the end of the archive. When reading cannot go on it returns
 * PITH_ERR_TRUNCATED (the archive ends inside a record or compressed member;
 * that record was yielded first with PITH_WARC_FAIL_TRUNCATED), PITH_ERR_MALFORMED
 * (not a WARC archive), PITH_ERR_IO or PITH_ERR_NOMEM, with *rec NULL; later
 * calls return the same status. pith_warc_error() says what and where.
 */
pith_status pith_warc_next(pith_warc *w, const pith_warc_record **rec);

/* The message of the error that stopped reading (with its byte offset in the
 * text and, if `offset` is non-NULL, in *offset), or NULL when none. */
const char *pith_warc_error(const pith_warc *w, uint64_t *offset);

/* Bytes of the file consumed so far (compressed bytes for compressed input). */
uint64_t pith_warc_tell(const pith_warc *w);

/* Frees the reader (closing the file that pith_warc_open_file opened). NULL is a no-op. */
void pith_warc_close(pith_warc *w);

#ifdef __cplusplus
}
#endif
#endif

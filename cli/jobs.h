/*
 * Running the inputs: every document (a file, standard input, a fetched URL,
 * a WARC record) becomes a numbered job. Worker threads, each with its own
 * extractor, extract and render jobs; the main thread reads inputs, feeds
 * the workers and writes results in input order (or as they finish, with
 * --unordered). A WARC archive is read by the workers themselves, one record
 * at a time under a lock, each then extracting what it read: no thread waits
 * for another to hand it work, which keeps both cores busy on a loaded
 * machine, and the main thread only writes. With one job at a time (-j 1)
 * no thread is started.
 */
#ifndef PITH_CLI_JOBS_H
#define PITH_CLI_JOBS_H
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "inputs.h"
#include "output.h"
#include "pith.h"

/* A growable string for output and messages. */
typedef struct tbuf {
    char *data;
    size_t len, cap;
} tbuf;

bool tb_add(tbuf *b, const char *s, size_t n);
bool tb_puts(tbuf *b, const char *s);
bool tb_printf(tbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends `s` as a JSON string literal, or null when s is NULL. */
bool tb_json_str(tbuf *b, const char *s);
void tb_free(tbuf *b);

/* A comma-separated option value split into items. */
typedef struct strlist {
    char **items;
    size_t n;
} strlist;

/* Filters on WARC records (and --lang on every document). */
typedef struct filters {
    strlist types;        /* --warc-types; empty: response, resource, conversion */
    size_t min_size, max_size; /* payload bytes; max 0 = none */
    strlist status;       /* --status: "200", "2xx", ...; empty: 2xx */
    strlist mime;         /* --mime: "text/html", "text/..."; empty: HTML only */
    strlist lang;         /* --lang: "en", "de"; empty: any */
} filters;

/* Everything the run needs, filled from the command line. */
typedef struct job_config {
    const pith_options *opts;
    pith_format fmt;
    const char *base_url;
    const char *content_type; /* from --encoding */
    bool quiet, strict;
    sink *out;
    const char *out_path;     /* -o value */
    int jobs;                 /* worker threads; 0: one per core */
    bool unordered, stats, force_warc, progress;
    filters filt;
    double timeout;           /* URL fetch time-out in seconds */
    size_t fetch_max;         /* largest response body accepted */
} job_config;

/* Splits a comma-separated list; false when out of memory. */
bool strlist_parse(strlist *l, const char *s);
void strlist_free(strlist *l);

/* Processes every input named by `args`; returns how many failed. */
int jobs_run(const job_config *cfg, char **args, int nargs);

/* True when the file name says WARC (.warc, .warc.gz, .warc.zst). */
bool is_warc_name(const char *name);

/* ---- inside the job engine ---- */

typedef enum job_kind {
    JOB_FILE,   /* read the file (or stdin) and extract */
    JOB_URL,    /* fetch and extract */
    JOB_DOC,    /* extract the bytes held in the job (a WARC record) */
    JOB_DONE    /* nothing to run: the output and messages are ready */
} job_kind;

/* A WARC archive's own output file (-o DIR mode), closed after its last
 * line is written. Used by the main thread only. */
typedef struct warc_dest {
    FILE *f;
    char *path;
    atomic_int refs;          /* jobs not yet written (taken by readers, given back by the writer) */
    atomic_bool producing;    /* records may still come */
    int err;                  /* first write error */
} warc_dest;

/* What a WARC record adds to its output line. */
typedef struct warc_meta {
    tbuf fields;              /* JSON members after "source", each ending with ',' */
    warc_dest *dest;          /* -o DIR mode, else NULL */
} warc_meta;

typedef struct job {
    job_kind kind;
    int state;                /* free, queued, running, done */
    input_item it;            /* strings point into `names` */
    tbuf names;
    tbuf data;                /* JOB_DOC: the document, in a buffer lent by
                                 engine_lend_data() until the extraction ends */
    tbuf url, ctype;          /* JOB_DOC: its address and Content-Type ("" for none) */
    pith_input_kind input;    /* JOB_DOC: how to read it */
    bool is_warc;             /* a WARC record: output is one JSONL line */
    warc_meta warc;
    /* results */
    tbuf out;                 /* rendered output */
    const char *lent;         /* or, with -j 1, a large output left in the
                                 extractor (written before its next render) */
    size_t lent_len;
    bool has_out;             /* `out` is to be written (even when empty) */
    tbuf msg;                 /* lines for standard error */
    int failed;               /* failures to count */
    int stat;                 /* WARC: STAT_* outcome */
    char stat_reason[24];     /* WARC skip/failure code for --stats */
    size_t in_bytes;          /* input size, for the progress line */
    uint64_t archive_bytes;   /* a WARC archive's size, counted once it is read */
    bool archive_error;       /* the job reports a damaged or unreadable archive */
} job;

enum { STAT_NONE, STAT_EXTRACTED, STAT_SKIPPED, STAT_FAILED };

typedef struct engine engine;

/* Takes a free job slot to fill (waiting for one, and writing finished jobs
 * meanwhile). The slot's buffers are emptied but keep their memory. */
job *engine_slot(engine *e);
/* Gives the slot a document buffer (empty, with the memory of an earlier
 * document, best one that holds `need` bytes) to fill; it goes back to the
 * engine once the job has run. */
void engine_lend_data(engine *e, job *j, size_t need);
/* Queues the filled slot (or finishes it at once when kind is JOB_DONE). */
void engine_submit(engine *e, job *j);
const job_config *engine_config(const engine *e);
/* Notes how far the WARC archive being read is, for the progress line. */
void engine_progress_bytes(engine *e, uint64_t done, uint64_t total);

/* Reads the WARC archive named by `it` (fd: an open descriptor, or -1 to
 * open it) and submits one job per record, plus one for an archive error. */
void warc_produce(engine *e, const input_item *it, int fd);

/* The same in steps, for workers that read records themselves. */
typedef struct warc_src warc_src;
/* Opens the archive; NULL when it cannot be read (a job reports why). */
warc_src *warc_src_open(engine *e, const input_item *it, int fd);
/* Reads the next record into a new slot (engine_slot) and returns it, still
 * to be submitted: kind JOB_DOC with the document copied into `doc` (NULL:
 * into a buffer lent to the job), or JOB_DONE with its line. NULL at the end
 * of the archive or after damage that stops it (a job reports it). Calls
 * on one source must not overlap. */
job *warc_src_next(engine *e, warc_src *s, tbuf *doc);
/* Submits the archive's last job and frees the source. */
void warc_src_close(engine *e, warc_src *s);
/* Copies an input item's strings into the job; false when out of memory. */
bool job_set_item(job *j, const input_item *it);
/* Called by the writer once a job holding `d` is written. */
void warc_dest_release(warc_dest *d, const char *name, tbuf *msg, int *failed);
/* Rounds off a WARC record's line from a rendered JSONL result. */
void warc_finish_line(job *j, const char *jsonl, size_t n, const char *warning);
/* A WARC record's line for a record that yields nothing. */
void warc_skip_line(job *j, const char *code, const char *reason, bool failure);

/* Fetches `url` into body; fills the final URL and Content-Type ("" when
 * none). Returns 0, or -1 with a message in err. `handle` caches a libcurl
 * handle between calls (one per thread). */
int fetch_url(void **handle, const char *url, double timeout, size_t max, tbuf *body,
              tbuf *final_url, tbuf *ctype, char *err, size_t errcap);
void fetch_handle_free(void *handle);
void fetch_global_init(void);
#endif

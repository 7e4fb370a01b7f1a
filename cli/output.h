/*
 * Where rendered results go: standard output, one file (-o FILE), or one
 * file per input inside a directory (-o DIR), named after the input.
 */
#ifndef PITH_CLI_OUTPUT_H
#define PITH_CLI_OUTPUT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "inputs.h"

typedef enum sink_mode { SINK_STDOUT, SINK_FILE, SINK_DIR } sink_mode;

typedef struct sink {
    sink_mode mode;
    const char *path;   /* -o value */
    const char *ext;    /* file extension for SINK_DIR */
    FILE *f;            /* SINK_STDOUT and SINK_FILE, opened on first write */
    char **used;        /* SINK_DIR: output names taken so far (hash set) */
    size_t n_used, cap_used;
    char *tmp;          /* scratch for building paths */
    size_t tmp_cap;
} sink;

/* Sets up the sink; `path` is the -o value or NULL. */
void sink_init(sink *s, sink_mode mode, const char *path, const char *ext);
/*
 * Writes one input's output. Returns 0, or an errno value with a message for
 * the user in err (e.g. a name clash or "would overwrite the input").
 */
int sink_write(sink *s, const input_item *it, const char *data, size_t n, char *err,
               size_t errcap);
/* Flushes and closes; returns 0 or an errno value. */
int sink_close(sink *s);

/* Creates `dir` and its missing parents; 0 or an errno value. */
int make_dirs(const char *dir);
#endif

/*
 * The command's inputs: command-line arguments expanded into a stream of
 * items (files, directories walked recursively in sorted order, standard
 * input, URLs). Reading is separate from walking so that worker threads
 * (or WARC records, one day) can take items from the same stream.
 */
#ifndef PITH_CLI_INPUTS_H
#define PITH_CLI_INPUTS_H
#include <stdbool.h>
#include <stddef.h>

typedef enum input_kind {
    INPUT_FILE = 0,
    INPUT_STDIN,
    INPUT_URL,
    INPUT_ERROR    /* a directory that could not be read: `error` says why */
} input_kind;

typedef struct input_item {
    input_kind kind;
    const char *path;   /* what to open; "-" for stdin */
    const char *name;   /* for messages and JSONL "source" */
    const char *stem;   /* output name without extension, relative to -o DIR */
    int error;          /* errno for INPUT_ERROR */
} input_item;

typedef struct walk_frame walk_frame;

/* Walks the arguments in order; strings of the item it returns stay valid
 * until the next walker_next() call. */
typedef struct walker {
    char **args;
    int nargs, next_arg;
    walk_frame *stack;
    size_t depth, cap;
    char *path, *stem;  /* the current item's strings */
    size_t root_len;    /* length of the directory argument inside `path` */
} walker;

void walker_init(walker *w, char **args, int nargs);
/* Fills *it with the next input: 1, or 0 at the end, or -1 when out of memory. */
int walker_next(walker *w, input_item *it);
void walker_free(walker *w);

/* True for arguments that name a URL rather than a file. */
bool input_is_url(const char *arg);
/* True when `arg` names a directory (following symlinks). */
bool input_is_dir(const char *arg);

/* A buffer that input bytes are read into, reused from input to input. */
typedef struct read_buf {
    char *data;
    size_t len, cap;
} read_buf;

/*
 * Reads the whole input into b. Returns 0, or an errno value; ERANGE when
 * the input is larger than `max` (0: no limit), in which case nothing is read.
 */
int input_read(const input_item *it, read_buf *b, size_t max);
void read_buf_free(read_buf *b);
#endif

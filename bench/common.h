/*
 * common.h: what the benchmark programs share: the pages of a directory held
 * in memory, and the clocks (header only: each benchmark is one file).
 */
#ifndef PITH_BENCH_COMMON_H
#define PITH_BENCH_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../tests/tools/files.h"

typedef struct bench_page {
    char *name;      /* file name within the directory */
    char *data;      /* whole file, NUL after the last byte */
    size_t len;
    char *text;      /* the page's text twin, when the benchmark loads them */
    size_t text_len;
} bench_page;

/* Loads every file of dir ending in one of the space-separated suffixes,
 * sorted by name; *n gets the count and *total their bytes. Unreadable files
 * are skipped with a message. NULL (with a message) when the directory cannot
 * be read or holds no such file. Free with bench_free_pages. */
static inline bench_page *bench_load_pages(const char *prog, const char *dir, const char *suffixes, size_t *n,
                                           size_t *total)
{
    size_t nn;
    char **names = files_list(dir, suffixes, &nn);
    *n = *total = 0;
    if (!names) {
        fprintf(stderr, "%s: cannot open %s\n", prog, dir);
        return NULL;
    }
    bench_page *pages = calloc(nn + 1, sizeof *pages);
    size_t k = 0;
    for (size_t i = 0; pages && i < nn; i++) {
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        size_t len = 0;
        char *data = files_read(path, &len);
        if (!data) {
            fprintf(stderr, "%s: cannot read %s\n", prog, path);
            free(names[i]);
            continue;
        }
        pages[k++] = (bench_page){.name = names[i], .data = data, .len = len};
        *total += len;
    }
    free(names);
    if (!pages || !k) {
        fprintf(stderr, "%s: no %s pages in %s\n", prog, suffixes, dir);
        free(pages);
        return NULL;
    }
    *n = k;
    return pages;
}

/* Frees pages from bench_load_pages. */
static inline void bench_free_pages(bench_page *pages, size_t n)
{
    for (size_t i = 0; pages && i < n; i++) {
        free(pages[i].name);
        free(pages[i].data);
        free(pages[i].text);
    }
    free(pages);
}

/* CPU seconds used by this thread: on a shared machine wall time mostly
 * measures waiting for a core. */
static inline double bench_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Monotonic wall-clock seconds. */
static inline double bench_wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#endif

/*
 * bench_parse DIR [REPS]: parse throughput of pith against libxml2's HTML
 * parser and gumbo, measured in the same run.
 *
 * Every page under DIR is parsed REPS times (default 10) by each parser,
 * interleaved page by page (and the order rotated) so that machine noise
 * hits all three alike. pith parses into one reused pith_doc; libxml2 and
 * gumbo build and free a tree per page, as their callers do. Ends with
 *   parse MB/s: pith X, libxml2 Y, gumbo Z; pith/libxml2 R
 *   pith peak bytes per input byte: P (max over pages; ...)
 * where MB is 10^6 bytes and P is, per page, (node array + attribute array
 * + character store + arena peak) / input bytes.
 *
 * Times are the thread's CPU time (CLOCK_THREAD_CPUTIME_ID): on a shared
 * machine, wall time mostly measures how long the process waited for a
 * core, and the slower parser waits more. The wall-clock figures are
 * printed too.
 */
#include <dirent.h>
#include <gumbo.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include "html/html.h"

typedef struct page {
    char *name;
    char *data;
    size_t len;
} page;

/* Reads a whole file; NULL on failure. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *p = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (p = malloc((size_t)n + 1)) != NULL) {
            *len = fread(p, 1, (size_t)n, f);
            p[*len] = '\0';
        }
    }
    fclose(f);
    return p;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const page *)a)->name, ((const page *)b)->name);
}

enum { PITH, LIBXML2, GUMBO, NPARSERS };

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_parse DIR [REPS]\n");
        return 2;
    }
    int reps = argc > 2 ? atoi(argv[2]) : 10;
    if (reps < 1) reps = 1;
    DIR *d = opendir(argv[1]);
    if (!d) {
        fprintf(stderr, "bench_parse: cannot open %s\n", argv[1]);
        return 2;
    }
    page *pages = NULL;
    size_t n = 0, cap = 0, total = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l < 5 || (strcmp(de->d_name + l - 5, ".html") && strcmp(de->d_name + l - 4, ".htm"))) continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", argv[1], de->d_name);
        size_t len = 0;
        char *data = slurp(path, &len);
        if (!data) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            page *q = realloc(pages, cap * sizeof *pages);
            if (!q) return 1;
            pages = q;
        }
        pages[n++] = (page){strdup(de->d_name), data, len};
        total += len;
    }
    closedir(d);
    if (!n) {
        fprintf(stderr, "bench_parse: no .html pages in %s\n", argv[1]);
        return 2;
    }
    qsort(pages, n, sizeof *pages, by_name);

    xmlInitParser();
    pith_doc doc;
    if (!pith_doc_init(&doc)) return 1;
    pith_parse_options po;
    memset(&po, 0, sizeof po);
    const int xml_opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
    double t[NPARSERS] = {0}, w[NPARSERS] = {0};
    double worst = 0;
    const char *worst_page = "";
    size_t failures[NPARSERS] = {0};
    for (int r = 0; r < reps; r++) {
        for (size_t i = 0; i < n; i++) {
            const page *pg = &pages[i];
            for (int k = 0; k < NPARSERS; k++) {
                int which = (int)((i + (size_t)r + (size_t)k) % NPARSERS);
                double t0 = cpu_now(), w0 = wall_now();
                if (which == PITH) {
                    doc.arena.peak = 0;
                    pith_status st = pith_html_parse(&doc, pg->data, pg->len, &po);
                    t[PITH] += cpu_now() - t0;
                    w[PITH] += wall_now() - w0;
                    if (st != PITH_OK || doc.n_nodes < 3) failures[PITH]++;
                    if (r == 0 && pg->len) {
                        double bytes = (double)doc.n_nodes * sizeof *doc.nodes +
                                       (double)doc.n_attrs * sizeof *doc.attrs + (double)doc.n_chars +
                                       (double)doc.arena.peak;
                        double per = bytes / (double)pg->len;
                        if (per > worst) { worst = per; worst_page = pg->name; }
                    }
                } else if (which == LIBXML2) {
                    htmlDocPtr x = htmlReadMemory(pg->data, (int)pg->len, NULL, NULL, xml_opts);
                    if (x) xmlFreeDoc(x);
                    t[LIBXML2] += cpu_now() - t0;
                    w[LIBXML2] += wall_now() - w0;
                    if (!x) failures[LIBXML2]++;
                } else {
                    GumboOutput *g = gumbo_parse_with_options(&kGumboDefaultOptions, pg->data, pg->len);
                    if (g) gumbo_destroy_output(&kGumboDefaultOptions, g);
                    t[GUMBO] += cpu_now() - t0;
                    w[GUMBO] += wall_now() - w0;
                    if (!g) failures[GUMBO]++;
                }
            }
        }
    }
    double mb = (double)total * reps / 1e6;
    printf("pages: %zu, %.1f MB, %d repetitions", n, (double)total / 1e6, reps);
    if (failures[PITH] || failures[LIBXML2] || failures[GUMBO])
        printf("; failed parses: pith %zu, libxml2 %zu, gumbo %zu", failures[PITH], failures[LIBXML2],
               failures[GUMBO]);
    printf("\n");
    printf("wall-clock MB/s (the line below uses CPU time): pith %.1f, libxml2 %.1f, gumbo %.1f\n", mb / w[PITH], mb / w[LIBXML2],
           mb / w[GUMBO]);
    printf("pith peak bytes per input byte: %.2f (max over pages; %s)\n", worst, worst_page);
    printf("parse MB/s: pith %.1f, libxml2 %.1f, gumbo %.1f; pith/libxml2 %.2f\n", mb / t[PITH],
           mb / t[LIBXML2], mb / t[GUMBO], t[LIBXML2] / t[PITH]);
    pith_doc_free(&doc);
    for (size_t i = 0; i < n; i++) {
        free(pages[i].name);
        free(pages[i].data);
    }
    free(pages);
    xmlCleanupParser();
    return 0;
}

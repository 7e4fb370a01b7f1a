/*
 * bench_extract DIR [REPS]: extraction throughput of pith (pith_extract and
 * pith_render to JSON, one thread, one reused extractor) against libxml2's
 * HTML parser alone (htmlReadMemory + xmlFreeDoc), measured in the same run.
 *
 * Every .html/.htm page under DIR is loaded into memory first; then, REPS
 * times, each page goes through every measure in turn, the order rotated
 * per page and round so that machine noise hits all alike. Ends with
 *   extract MB/s: pith X; libxml2 parse-only Y; ratio R
 *   peak RSS: N MB
 * where MB is 10^6 bytes and R = X / Y.
 *
 * To add a measure (e.g. metadata share, text cleaning speed), add an entry
 * to `measures` with its per-page function, and a line to report().
 */
#include <dirent.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "core/clock.h"
#include "pith.h"

typedef struct page {
    char *name;
    char *data;
    size_t len;
} page;

/* State shared by the measures: one extractor for the whole run. */
typedef struct bench {
    pith_extractor *ex;
    pith_options opts;
    size_t out_bytes;      /* JSON produced, so the work cannot be skipped */
    size_t not_ok;         /* pages whose extraction status was not PITH_OK */
    size_t failed;         /* pages where a measure failed outright */
} bench;

typedef struct measure {
    const char *name;
    /* Processes one page; returns 0, or -1 when it failed. */
    int (*run)(bench *b, const page *pg, int round);
    double seconds;
    size_t bytes;
} measure;

static int run_pith(bench *b, const page *pg, int round)
{
    pith_result *r;
    pith_status st = pith_extract(b->ex, &b->opts, pg->data, pg->len, NULL, NULL, &r);
    if (!r) return -1;
    if (round == 0 && st != PITH_OK) b->not_ok++;
    const char *out;
    size_t n;
    if (pith_render(b->ex, r, PITH_FORMAT_JSON, &b->opts, pg->name, &out, &n) != PITH_OK) return -1;
    b->out_bytes += n;
    return 0;
}

static int run_libxml2(bench *b, const page *pg, int round)
{
    (void)b;
    (void)round;
    const int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
    htmlDocPtr x = htmlReadMemory(pg->data, (int)pg->len, NULL, NULL, opts);
    if (!x) return -1;
    xmlFreeDoc(x);
    return 0;
}

enum { M_PITH, M_LIBXML2, N_MEASURES };
static measure measures[N_MEASURES] = {
    [M_PITH] = {"pith", run_pith, 0, 0},
    [M_LIBXML2] = {"libxml2 parse-only", run_libxml2, 0, 0},
};

static double mbps(const measure *m) { return m->seconds > 0 ? (double)m->bytes / 1e6 / m->seconds : 0; }

/* Prints the result lines; the first summarises the extraction issue's goal. */
static void report(const bench *b, size_t n_pages, size_t total, int reps)
{
    printf("pages: %zu, %.1f MB, %d rounds; JSON out %.1f MB per round; not OK: %zu; failed: %zu\n",
           n_pages, (double)total / 1e6, reps, (double)b->out_bytes / reps / 1e6, b->not_ok, b->failed);
    double x = mbps(&measures[M_PITH]), y = mbps(&measures[M_LIBXML2]);
    printf("extract MB/s: pith %.1f; libxml2 parse-only %.1f; ratio %.2f\n", x, y, y > 0 ? x / y : 0);
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        printf("peak RSS: %.1f MB (input pages held in memory: %.1f MB)\n", (double)ru.ru_maxrss / 1024.0,
               (double)total / 1e6);
}

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

static int by_name(const void *a, const void *b)
{
    return strcmp(((const page *)a)->name, ((const page *)b)->name);
}

static bool is_page(const char *name)
{
    size_t l = strlen(name);
    return (l > 5 && !strcmp(name + l - 5, ".html")) || (l > 4 && !strcmp(name + l - 4, ".htm"));
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_extract DIR [REPS]\n");
        return 2;
    }
    int reps = argc > 2 ? atoi(argv[2]) : 5;
    if (reps < 1) reps = 1;
    DIR *d = opendir(argv[1]);
    if (!d) {
        fprintf(stderr, "bench_extract: cannot open %s\n", argv[1]);
        return 2;
    }
    page *pages = NULL;
    size_t n = 0, cap = 0, total = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!is_page(de->d_name)) continue;
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
        fprintf(stderr, "bench_extract: no .html pages in %s\n", argv[1]);
        return 2;
    }
    qsort(pages, n, sizeof *pages, by_name);

    xmlInitParser();
    bench b = {.ex = pith_extractor_new()};
    if (!b.ex) return 1;
    pith_options_init(&b.opts);
    for (int r = 0; r < reps; r++) {
        for (size_t i = 0; i < n; i++) {
            for (int k = 0; k < N_MEASURES; k++) {
                measure *m = &measures[(i + (size_t)r + (size_t)k) % N_MEASURES];
                double t0 = pith_now();
                int rc = m->run(&b, &pages[i], r);
                m->seconds += pith_now() - t0;
                m->bytes += pages[i].len;
                if (rc && r == 0) b.failed++;
            }
        }
    }
    report(&b, n, total, reps);
    pith_extractor_free(b.ex);
    xmlCleanupParser();
    for (size_t i = 0; i < n; i++) {
        free(pages[i].name);
        free(pages[i].data);
    }
    free(pages);
    return 0;
}

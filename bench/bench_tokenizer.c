/*
 * bench_tokenizer DIR [REPS]: throughput of pith's HTML tokenizer alone
 * (every token read, nothing built), against a memchr pass over the same
 * bytes and libxml2's whole HTML parse, measured in the same run.
 *
 * Every page under DIR is run REPS times (default 10) by each, interleaved
 * page by page so that machine noise hits all alike. Pages are fed as they
 * are (the tokenizer works on bytes; decoding is not part of this figure).
 * Times are the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), which other
 * load on a shared machine disturbs less than wall time. Ends with
 *   tokenizer MB/s: pith X, memchr('<') Y, libxml2 parse Z; tokenizer/libxml2 R
 *   tokens: T (per KB: K)
 * where MB is 10^6 bytes.
 */
#include <dirent.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include "html/tokenizer.h"

typedef struct page {
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

/* CPU seconds used by this thread. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Tokens in one page (every token is touched so nothing is optimised out). */
static size_t tokenize(pith_tokenizer *t, const page *pg, size_t *sum)
{
    pith_token k;
    size_t n = 0;
    pith_tok_init(t, pg->data, pg->len);
    while (pith_tok_next(t, &k)) {
        n++;
        *sum += k.type == PITH_TOK_CHARS ? k.data_len : k.name_len + k.n_attrs;
    }
    return n;
}

/* Count of '<' found by memchr: the floor any scanner has to beat. */
static size_t count_lt(const page *pg)
{
    size_t n = 0;
    const char *p = pg->data, *e = pg->data + pg->len;
    while ((p = memchr(p, '<', (size_t)(e - p))) != NULL) {
        n++;
        p++;
    }
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_tokenizer DIR [REPS]\n");
        return 2;
    }
    int reps = argc > 2 ? atoi(argv[2]) : 10;
    if (reps < 1) reps = 1;
    DIR *d = opendir(argv[1]);
    if (!d) {
        fprintf(stderr, "bench_tokenizer: cannot open %s\n", argv[1]);
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
            page *p = realloc(pages, cap * sizeof *p);
            if (!p) return 1;
            pages = p;
        }
        pages[n++] = (page){data, len};
        total += len;
    }
    closedir(d);
    if (!n) {
        fprintf(stderr, "bench_tokenizer: no pages in %s\n", argv[1]);
        return 2;
    }
    xmlInitParser();
    pith_tokenizer tok;
    double t_tok = 0, t_mem = 0, t_xml = 0;
    size_t tokens = 0, sum = 0, lts = 0;
    for (int r = 0; r < reps; r++) {
        for (size_t i = 0; i < n; i++) {
            const page *pg = &pages[i];
            double a = cpu_now();
            size_t k = tokenize(&tok, pg, &sum);
            double b = cpu_now();
            lts += count_lt(pg);
            double c = cpu_now();
            htmlDocPtr doc = htmlReadMemory(pg->data, (int)pg->len, NULL, NULL,
                                            HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                                HTML_PARSE_NONET);
            xmlFreeDoc(doc);
            double e = cpu_now();
            t_tok += b - a;
            t_mem += c - b;
            t_xml += e - c;
            if (r == 0) tokens += k;
        }
    }
    pith_tok_free(&tok);
    double mb = (double)total * reps / 1e6;
    printf("pages: %zu, %.1f MB, %d reps (checksum %zu/%zu)\n", n, total / 1e6, reps, sum % 997, lts % 997);
    printf("tokens: %zu (per KB: %.1f)\n", tokens, tokens * 1000.0 / (double)total);
    printf("tokenizer MB/s: pith %.0f, memchr('<') %.0f, libxml2 parse %.0f; tokenizer/libxml2 %.2f\n", mb / t_tok,
           mb / t_mem, mb / t_xml, t_xml / t_tok);
    for (size_t i = 0; i < n; i++) free(pages[i].data);
    free(pages);
    xmlCleanupParser();
    return 0;
}

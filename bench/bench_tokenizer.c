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
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "html/tokenizer.h"

typedef bench_page page;

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
    size_t n, total;
    page *pages = bench_load_pages("bench_tokenizer", argv[1], ".html .htm", &n, &total);
    if (!pages) return 2;
    xmlInitParser();
    pith_tokenizer tok;
    double t_tok = 0, t_mem = 0, t_xml = 0;
    size_t tokens = 0, sum = 0, lts = 0;
    for (int r = 0; r < reps; r++) {
        for (size_t i = 0; i < n; i++) {
            const page *pg = &pages[i];
            double a = bench_cpu_now();
            size_t k = tokenize(&tok, pg, &sum);
            double b = bench_cpu_now();
            lts += count_lt(pg);
            double c = bench_cpu_now();
            htmlDocPtr doc = htmlReadMemory(pg->data, (int)pg->len, NULL, NULL,
                                            HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                                HTML_PARSE_NONET);
            xmlFreeDoc(doc);
            double e = bench_cpu_now();
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
    bench_free_pages(pages, n);
    xmlCleanupParser();
    return 0;
}

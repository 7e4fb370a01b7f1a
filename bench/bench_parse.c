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
#include <gumbo.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "html/html.h"

typedef bench_page page;

enum { PITH, LIBXML2, GUMBO, NPARSERS };

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_parse DIR [REPS]\n");
        return 2;
    }
    int reps = argc > 2 ? atoi(argv[2]) : 10;
    if (reps < 1) reps = 1;
    size_t n, total;
    page *pages = bench_load_pages("bench_parse", argv[1], ".html .htm", &n, &total);
    if (!pages) return 2;

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
                double t0 = bench_cpu_now(), w0 = bench_wall_now();
                if (which == PITH) {
                    doc.arena.peak = 0;
                    pith_status st = pith_html_parse(&doc, pg->data, pg->len, &po);
                    t[PITH] += bench_cpu_now() - t0;
                    w[PITH] += bench_wall_now() - w0;
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
                    t[LIBXML2] += bench_cpu_now() - t0;
                    w[LIBXML2] += bench_wall_now() - w0;
                    if (!x) failures[LIBXML2]++;
                } else {
                    GumboOutput *g = gumbo_parse_with_options(&kGumboDefaultOptions, pg->data, pg->len);
                    if (g) gumbo_destroy_output(&kGumboDefaultOptions, g);
                    t[GUMBO] += bench_cpu_now() - t0;
                    w[GUMBO] += bench_wall_now() - w0;
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
    bench_free_pages(pages, n);
    xmlCleanupParser();
    return 0;
}

/*
 * libFuzzer target for the metadata path: JSON-LD reading, date parsing,
 * byline splitting, agency tags, language tags, and the whole pipeline on a
 * page that carries the input as JSON-LD, meta values, a byline and a date.
 *
 * The first byte picks what the rest of the input is fed to. Results are
 * checked for what the code promises (dates valid and formatted, names
 * plausible and NUL-terminated), and a broken promise aborts.
 *
 * Built by `make fuzz-meta` with clang -fsanitize=fuzzer; fuzz/replay.c
 * drives the same function from a plain compiler in `make check`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/result.h"
#include "meta/meta_internal.h"
#include "pith.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A formatted date is "YYYY-MM-DD" optionally followed by a time. */
static void check_date_text(const char *s)
{
    if (!s) return;
    if (strlen(s) < 10 || s[4] != '-' || s[7] != '-') abort();
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) abort();
}

static void check_date(const meta_date *d)
{
    if (!meta_date_valid(d)) abort();
    char buf[32];
    meta_date_format(d, buf);
    check_date_text(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pith_arena arena;
    static pith_extractor *ex;
    static pith_buf page;
    if (!ex) {
        pith_arena_init(&arena);
        pith_buf_init(&page);
        if (!(ex = pith_extractor_new())) return 0;
    }
    if (!size) return 0;
    unsigned sel = data[0] % 4;
    const char *in = (const char *)data + 1;
    size_t n = size - 1;

    pith_arena_reset(&arena);
    pith_result r;
    pith_result_reset(&r, &arena);
    meta_date d;
    bool upd;
    switch (sel) {
    case 0: {  /* JSON-LD straight into the reader */
        meta_jsonld j;
        memset(&j, 0, sizeof j);
        meta_jsonld_read(&r, in, n, &j);
        if (j.n_authors > META_MAX_AUTHORS || j.n_keywords > META_MAX_LIST) abort();
        for (size_t i = 0; i < j.n_authors; i++) if (!j.authors[i]) abort();
        break;
    }
    case 1:    /* dates: machine forms, text, URL */
        if (meta_date_parse(in, n, &d)) check_date(&d);
        if (meta_date_find(in, n, &d, &upd)) check_date(&d);
        {
            char *url = malloc(n + 1);
            if (!url) return 0;
            memcpy(url, in, n);
            url[n] = '\0';
            if (meta_date_from_url(url, &d)) check_date(&d);
            free(url);
        }
        break;
    case 2: {  /* bylines, agencies, language tags */
        meta_authors_add(&r, in, n, 24, n & 1);
        if (r.authors.n > 24) abort();
        for (size_t i = 0; i < r.authors.n; i++)
            if (!meta_author_plausible(r.authors.items[i], strlen(r.authors.items[i]))) abort();
        const char *a = meta_agency_in_text(in, n);
        if (a && !meta_agency_name(a, strlen(a))) abort();
        char lang[16];
        if (meta_lang_normalise(in, n, lang, sizeof lang) && strlen(lang) >= sizeof lang) abort();
        break;
    }
    default: { /* the pipeline, the input as JSON-LD and as visible metadata */
        pith_buf_reset(&page);
        pith_buf_puts(&page, "<html><head><meta property=\"og:title\" content=\"");
        pith_buf_append(&page, in, n < 200 ? n : 200);
        pith_buf_puts(&page, "\"><script type=\"application/ld+json\">");
        pith_buf_append(&page, in, n);
        pith_buf_puts(&page, "</script><title>");
        pith_buf_append(&page, in, n < 300 ? n : 300);
        pith_buf_puts(&page, "</title></head><body><h1>");
        pith_buf_append(&page, in, n < 100 ? n : 100);
        pith_buf_puts(&page, "</h1><p class=\"byline\">By ");
        pith_buf_append(&page, in, n < 120 ? n : 120);
        pith_buf_puts(&page, "</p><time>");
        pith_buf_append(&page, in, n < 60 ? n : 60);
        pith_buf_puts(&page, "</time><p>");
        pith_buf_append(&page, in, n);
        pith_buf_puts(&page, "</p></body></html>");
        if (page.oom) return 0;
        pith_result *res = NULL;
        pith_extract(ex, NULL, page.data, page.len, "https://example.org/2024/01/02/x", NULL, &res);
        if (!res) abort();
        check_date_text(pith_result_date(res));
        check_date_text(pith_result_modified(res));
        for (size_t i = 0; i < pith_result_author_count(res); i++)
            if (!pith_result_author(res, i)) abort();
        break;
    }
    }
    return 0;
}

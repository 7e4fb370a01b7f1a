/*
 * meta_dir: runs pith_extract over every .html/.htm file of a directory and
 * writes OUT/<name>.json with the metadata fields and the text, for scoring
 * the metadata with the benchmark scorer.
 *   meta_dir PAGES_DIR OUT_DIR        all pages
 *   meta_dir --trace FILE             one page: every candidate on stderr
 *   meta_dir --meta FILE [URL]        one page: the metadata fields as JSON
 *                                     (the golden output of tests/meta)
 */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/result.h"
#include "pith.h"

extern void (*pith_meta_trace)(const char *what, const char *value);

static void trace(const char *what, const char *value) { fprintf(stderr, "  %-22s %s\n", what, value); }

/* Reads a whole file; NULL on failure. */
static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, len = 0;
    char *p = malloc(cap);
    size_t k;
    while (p && (k = fread(p + len, 1, cap - len, f)) > 0) {
        len += k;
        if (len == cap) {
            char *q = realloc(p, cap *= 2);
            if (!q) { free(p); p = NULL; }
            else p = q;
        }
    }
    fclose(f);
    *n = len;
    return p;
}

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *to_json(const pith_result *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "title", str_or_null(r->title));
    json_t *a = json_array();
    for (size_t i = 0; i < r->authors.n; i++) json_array_append_new(a, json_string(r->authors.items[i]));
    json_object_set_new(o, "authors", a);
    json_object_set_new(o, "date", str_or_null(r->date));
    json_object_set_new(o, "modified", str_or_null(r->modified));
    json_object_set_new(o, "language", str_or_null(r->language));
    json_object_set_new(o, "sitename", str_or_null(r->sitename));
    json_object_set_new(o, "agency", str_or_null(r->agency));
    json_object_set_new(o, "url", str_or_null(r->url));
    json_object_set_new(o, "description", str_or_null(r->description));
    json_object_set_new(o, "image", str_or_null(r->image));
    json_object_set_new(o, "license", str_or_null(r->license));
    json_t *t = json_array();
    for (size_t i = 0; i < r->tags.n; i++) json_array_append_new(t, json_string(r->tags.items[i]));
    json_object_set_new(o, "tags", t);
    json_t *c = json_array();
    for (size_t i = 0; i < r->categories.n; i++) json_array_append_new(c, json_string(r->categories.items[i]));
    json_object_set_new(o, "categories", c);
    json_t *w = json_array();
    for (size_t i = 0; i < r->warnings.n; i++) json_array_append_new(w, json_string(r->warnings.items[i]));
    json_object_set_new(o, "warnings", w);
    json_object_set_new(o, "text", str_or_null(r->text));
    return o;
}

int main(int argc, char **argv)
{
    if ((argc == 3 || argc == 4) && !strcmp(argv[1], "--meta")) {
        size_t n;
        char *data = slurp(argv[2], &n);
        if (!data) { perror(argv[2]); return 1; }
        pith_extractor *ex = pith_extractor_new();
        pith_result *r;
        pith_extract(ex, NULL, data, n, argc == 4 ? argv[3] : NULL, NULL, &r);
        json_t *o = to_json(r);
        json_object_del(o, "text");
        char *s = json_dumps(o, JSON_INDENT(1) | JSON_SORT_KEYS);
        puts(s);
        free(s);
        json_decref(o);
        pith_extractor_free(ex);
        free(data);
        return 0;
    }
    if (argc == 3 && !strcmp(argv[1], "--trace")) {
        pith_meta_trace = trace;
        size_t n;
        char *data = slurp(argv[2], &n);
        if (!data) { perror(argv[2]); return 1; }
        pith_extractor *ex = pith_extractor_new();
        pith_result *r;
        pith_extract(ex, NULL, data, n, NULL, NULL, &r);
        json_t *o = to_json(r);
        json_object_del(o, "text");
        char *s = json_dumps(o, JSON_INDENT(1) | JSON_ENSURE_ASCII * 0);
        puts(s);
        free(s);
        json_decref(o);
        pith_extractor_free(ex);
        free(data);
        return 0;
    }
    if (argc != 3) {
        fprintf(stderr, "usage: meta_dir PAGES_DIR OUT_DIR | meta_dir --trace FILE\n");
        return 2;
    }
    DIR *dir = opendir(argv[1]);
    if (!dir) { perror(argv[1]); return 1; }
    pith_extractor *ex = pith_extractor_new();
    struct dirent *e;
    int fails = 0;
    while ((e = readdir(dir))) {
        const char *dot = strrchr(e->d_name, '.');
        if (!dot || (strcmp(dot, ".html") && strcmp(dot, ".htm"))) continue;
        char in[4096], out[4096];
        snprintf(in, sizeof in, "%s/%s", argv[1], e->d_name);
        snprintf(out, sizeof out, "%s/%.*s.json", argv[2], (int)(dot - e->d_name), e->d_name);
        size_t n;
        char *data = slurp(in, &n);
        if (!data) { fails++; continue; }
        pith_result *r;
        pith_extract(ex, NULL, data, n, NULL, NULL, &r);
        json_t *o = to_json(r);
        if (json_dump_file(o, out, JSON_INDENT(1)) != 0) fails++;
        json_decref(o);
        free(data);
    }
    closedir(dir);
    pith_extractor_free(ex);
    return fails ? 1 : 0;
}

/*
 * text_dir: the text cleaner's scoring and inspection tool.
 *   text_dir PAGES_DIR OUT_DIR [--lead]  cleans every .txt page as text and writes
 *                                        OUT/<name>.json ("text", "title", metadata)
 *                                        for /work/shared/bench/score; --lead puts
 *                                        the lead before the body text
 *   text_dir --trace FILE                every block with its class and features
 *   text_dir --golden FILE               the result in the fixture format of tests/text
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/result.h"
#include "pith.h"
#include "files.h"
#include "text/text.h"

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *to_json(const pith_result *r, int lead)
{
    json_t *o = json_object();
    json_object_set_new(o, "title", str_or_null(r->title));
    json_t *a = json_array();
    for (size_t i = 0; i < r->authors.n; i++) json_array_append_new(a, json_string(r->authors.items[i]));
    json_object_set_new(o, "authors", a);
    json_object_set_new(o, "date", str_or_null(r->date));
    json_object_set_new(o, "language", str_or_null(r->language));
    json_object_set_new(o, "agency", str_or_null(r->agency));
    json_object_set_new(o, "description", str_or_null(r->description));
    if (lead && r->description && r->text) {
        size_t n = strlen(r->description) + strlen(r->text) + 2;
        char *t = malloc(n);
        if (t) {
            snprintf(t, n, "%s\n%s", r->description, r->text);
            json_object_set_new(o, "text", json_string(t));
            free(t);
        }
    } else {
        json_object_set_new(o, "text", str_or_null(r->text));
    }
    return o;
}

static void trace(const char *cls, const char *feat, const char *s, size_t n)
{
    printf("%-8s %s | %.*s\n", cls, feat, (int)(n > 160 ? 160 : n), s);
}

/* One value on one line: newlines would break the fixture format. */
static void golden_field(const char *key, const char *v)
{
    if (!v) return;
    printf("%s: ", key);
    for (const char *p = v; *p; p++) putchar(*p == '\n' ? ' ' : *p);
    putchar('\n');
}

static int golden(const pith_result *r)
{
    golden_field("status", pith_strerror(r->status));
    golden_field("title", r->title);
    golden_field("lead", r->description);
    golden_field("language", r->language);
    golden_field("agency", r->agency);
    golden_field("date", r->date);
    for (size_t i = 0; i < r->authors.n; i++) golden_field("author", r->authors.items[i]);
    for (size_t i = 0; i < r->n_images; i++) {
        golden_field("caption", r->images[i].caption ? r->images[i].caption : "-");
        golden_field("credit", r->images[i].credit ? r->images[i].credit : "-");
    }
    for (size_t i = 0; i < r->n_blocks; i++)
        golden_field(r->blocks[i].type == PITH_BLOCK_HEADING ? "H" : "P", r->blocks[i].text);
    return 0;
}

/* The options every page is cleaned with. */
static void text_options(pith_options *o)
{
    pith_options_init(o);
    o->time_budget = 0; /* scores must not depend on the machine's load */
    o->input = PITH_INPUT_TEXT;
}

/* What each page of a directory is cleaned with. */
typedef struct run {
    pith_extractor *ex;
    pith_options o;
    int lead;
} run;

/* Cleans one page and writes its JSON to out_path (files_each). */
static int page_json(void *ctx, const char *name, const char *data, size_t len, const char *out_path)
{
    (void)name;
    run *c = ctx;
    pith_result *r;
    pith_extract(c->ex, &c->o, data, len, NULL, NULL, &r);
    json_t *j = to_json(r, c->lead);
    int rc = json_dump_file(j, out_path, JSON_INDENT(1));
    json_decref(j);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 3 && (!strcmp(argv[1], "--trace") || !strcmp(argv[1], "--golden"))) {
        size_t n;
        char *data = files_read(argv[2], &n);
        if (!data) { perror(argv[2]); return 1; }
        if (!strcmp(argv[1], "--trace")) pith_text_trace = trace;
        pith_extractor *ex = pith_extractor_new();
        pith_options o;
        text_options(&o);
        pith_result *r;
        pith_extract(ex, &o, data, n, NULL, NULL, &r);
        if (!strcmp(argv[1], "--golden")) golden(r);
        pith_extractor_free(ex);
        free(data);
        return 0;
    }
    if (argc < 3) {
        fprintf(stderr, "usage: text_dir PAGES_DIR OUT_DIR [--lead] | text_dir --trace|--golden FILE\n");
        return 2;
    }
    run c = {pith_extractor_new(), {0}, argc > 3 && !strcmp(argv[3], "--lead")};
    text_options(&c.o);
    int fails = files_each(argv[1], ".txt", argv[2], page_json, &c);
    if (fails < 0) perror(argv[1]);
    pith_extractor_free(c.ex);
    return fails ? 1 : 0;
}

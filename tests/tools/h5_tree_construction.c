/*
 * html5lib tree-construction conformance runner.
 *
 *   h5_tree_construction DIR KNOWN_FAILURES_FILE [-v]
 *
 * Runs the .dat files of DIR/tree-construction: every test without "#script-on"
 * (scripting is off in pith), "#document-fragment" ones through fragment
 * parsing, and compares the html5lib dump of the result. Tests are numbered
 * from 1 within their file, counting every test. A failure listed in the
 * known-failures file as "tree-construction <file>:<n>: <reason>" is
 * expected; the exit status is non-zero only for the others. Ends with
 * "tree-construction: N passed, M failed".
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "html/serialize.h"
#include "html/treebuilder.h"
#include "files.h"

typedef struct known {
    char **ids;
    size_t n, cap;
    char *hit;
} known;

static void load_known(known *k, const char *path)
{
    memset(k, 0, sizeof *k);
    size_t len;
    char *s = files_read(path, &len);
    if (!s) return;
    const char *prefix = "tree-construction ";
    for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, prefix, strlen(prefix))) continue;
        char *id = line + strlen(prefix);
        char *colon = strchr(id, ':');
        if (!colon) continue;
        colon = strchr(colon + 1, ':'); /* end of "<file>:<n>" */
        if (colon) *colon = '\0';
        if (k->n == k->cap) {
            k->cap = k->cap ? k->cap * 2 : 64;
            k->ids = realloc(k->ids, k->cap * sizeof *k->ids);
        }
        k->ids[k->n++] = strdup(id);
    }
    k->hit = calloc(k->n + 1, 1);
    free(s);
}

static int known_index(const known *k, const char *id)
{
    for (size_t i = 0; i < k->n; i++)
        if (!strcmp(k->ids[i], id)) return (int)i;
    return -1;
}

/* Finds `needle` in [p, end), or NULL. */
static const char *find(const char *p, const char *end, const char *needle)
{
    size_t n = strlen(needle);
    while (p + n <= end) {
        const char *q = memchr(p, needle[0], (size_t)(end - p));
        if (!q || q + n > end) return NULL;
        if (!memcmp(q, needle, n)) return q;
        p = q + 1;
    }
    return NULL;
}

typedef struct stats {
    int pass, fail, unexpected, known_pass;
} stats;

/* Runs one test; `t` .. `end` spans "#data\n" up to the blank line. */
static void run_test(const char *file, int num, const char *t, const char *end, const known *k, stats *s,
                     bool verbose, pith_doc *doc)
{
    const char *data = t + 6, *data_end;
    if (end - data >= 8 && !memcmp(data, "#errors\n", 8)) data_end = data;
    else {
        data_end = find(data, end, "\n#errors\n");
        if (!data_end) return;
    }
    const char *rest = data_end;
    bool script_on = find(rest, end, "\n#script-on\n") != NULL;
    if (script_on) return;
    char ctx[64] = "";
    const char *frag = find(rest, end, "\n#document-fragment\n");
    if (frag) {
        const char *c = frag + 20, *e = memchr(c, '\n', (size_t)(end - c));
        size_t n = e ? (size_t)(e - c) : 0;
        if (n >= sizeof ctx) n = sizeof ctx - 1;
        memcpy(ctx, c, n);
        ctx[n] = '\0';
    }
    const char *docp = find(rest, end, "\n#document\n");
    if (!docp) return;
    const char *want = docp + 11;
    size_t want_len = (size_t)(end - want);

    uint8_t ns = PITH_NS_HTML;
    const char *name = ctx;
    if (!strncmp(ctx, "svg ", 4)) {
        ns = PITH_NS_SVG;
        name = ctx + 4;
    } else if (!strncmp(ctx, "math ", 5)) {
        ns = PITH_NS_MATHML;
        name = ctx + 5;
    }
    pith_nid root = PITH_DOC;
    pith_parse_options o = {0};
    pith_html_parse_utf8(doc, data, (size_t)(data_end - data), &o, frag ? name : NULL, ns, &root);
    pith_buf got;
    pith_buf_init(&got);
    pith_serialize_test(doc, root, &got);
    bool ok = got.len == want_len && (!want_len || !memcmp(got.data, want, want_len));
    char id[512];
    snprintf(id, sizeof id, "%s:%d", file, num);
    int ki = known_index(k, id);
    if (ok) {
        s->pass++;
        if (ki >= 0) {
            s->known_pass++;
            printf("note: %s passes but is listed in known failures\n", id);
        }
    } else {
        s->fail++;
        if (ki >= 0) k->hit[ki] = 1;
        else {
            s->unexpected++;
            printf("FAIL %s\n", id);
            if (verbose) {
                printf("#data\n%.*s\n", (int)(data_end - data), data);
                if (frag) printf("#context %s\n", ctx);
                printf("#expected\n%.*s#got\n%.*s\n", (int)want_len, want, (int)got.len, got.data ? got.data : "");
            }
        }
    }
    pith_buf_free(&got);
}

static void run_file(const char *dir, const char *file, const known *k, stats *s, bool verbose, pith_doc *doc)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    size_t len;
    char *text = files_read(path, &len);
    if (!text) {
        printf("cannot read %s\n", path);
        s->fail++;
        s->unexpected++;
        return;
    }
    const char *end = text + len;
    const char *t = len >= 6 && !memcmp(text, "#data\n", 6) ? text : find(text, end, "\n#data\n");
    if (t && t != text) t++;
    int num = 0;
    while (t) {
        const char *next = find(t + 6, end, "\n\n#data\n");
        const char *te = next ? next + 1 : end;
        run_test(file, ++num, t, te, k, s, verbose, doc);
        t = next ? next + 2 : NULL;
    }
    free(text);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s DIR KNOWN_FAILURES_FILE [-v]\n", argv[0]);
        return 2;
    }
    bool verbose = argc > 3 && !strcmp(argv[3], "-v");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/tree-construction", argv[1]);
    known k;
    load_known(&k, argv[2]);
    size_t nf;
    char **files = files_list(dir, ".dat", &nf);
    if (!files) {
        printf("tree-construction: cannot open %s\n", dir);
        printf("tree-construction: 0 passed, 1 failed\n");
        return 1;
    }
    pith_doc doc;
    pith_doc_init(&doc);
    stats s = {0};
    for (size_t i = 0; i < nf; i++) run_file(dir, files[i], &k, &s, verbose, &doc);
    files_free_list(files, nf);
    pith_doc_free(&doc);
    for (size_t i = 0; i < k.n; i++) free(k.ids[i]);
    free(k.ids);
    free(k.hit);
    printf("tree-construction: %d passed, %d failed\n", s.pass, s.fail);
    return s.unexpected ? 1 : 0;
}

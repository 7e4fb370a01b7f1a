/* pith: the command-line tool. Uses only the public header.
 * (Minimal first version: files or stdin, -f FORMAT.) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pith.h"

static int usage(FILE *f)
{
    fprintf(f, "usage: pith [-f txt|md|json|html|xml|jsonl] [FILE|-]...\n");
    return f == stderr ? 2 : 0;
}

static char *read_all(FILE *f, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    if (!b) return NULL;
    for (;;) {
        if (n == cap) {
            char *q = realloc(b, cap *= 2);
            if (!q) { free(b); return NULL; }
            b = q;
        }
        size_t k = fread(b + n, 1, cap - n, f);
        n += k;
        if (k == 0) break;
    }
    if (ferror(f)) { free(b); return NULL; }
    *len = n;
    return b;
}

int main(int argc, char **argv)
{
    pith_format fmt = PITH_FORMAT_TXT;
    const char *files[4096];
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-f") || !strcmp(a, "--format")) {
            if (++i == argc) return usage(stderr);
            const char *v = argv[i];
            if (!strcmp(v, "txt")) fmt = PITH_FORMAT_TXT;
            else if (!strcmp(v, "md")) fmt = PITH_FORMAT_MD;
            else if (!strcmp(v, "json")) fmt = PITH_FORMAT_JSON;
            else if (!strcmp(v, "html")) fmt = PITH_FORMAT_HTML;
            else if (!strcmp(v, "xml")) fmt = PITH_FORMAT_XML;
            else if (!strcmp(v, "jsonl")) fmt = PITH_FORMAT_JSONL;
            else { fprintf(stderr, "pith: unknown format '%s'\n", v); return 2; }
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            return usage(stdout);
        } else if (!strcmp(a, "--version")) {
            printf("pith %s\n", pith_version());
            return 0;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "pith: unknown option '%s'\n", a);
            return 2;
        } else if (nfiles < 4096) {
            files[nfiles++] = a;
        }
    }
    if (!nfiles) files[nfiles++] = "-";
    pith_extractor *ex = pith_extractor_new();
    if (!ex) { fprintf(stderr, "pith: out of memory\n"); return 1; }
    int rc = 0;
    for (int i = 0; i < nfiles; i++) {
        FILE *f = strcmp(files[i], "-") ? fopen(files[i], "rb") : stdin;
        if (!f) { fprintf(stderr, "pith: %s: %s\n", files[i], strerror(errno)); rc = 1; continue; }
        size_t len = 0;
        char *data = read_all(f, &len);
        if (f != stdin) fclose(f);
        if (!data) { fprintf(stderr, "pith: %s: read failed\n", files[i]); rc = 1; continue; }
        pith_result *r;
        pith_extract(ex, NULL, data, len, NULL, NULL, &r);
        const char *out;
        size_t n;
        pith_render(ex, r, fmt, NULL, files[i], &out, &n);
        fwrite(out, 1, n, stdout);
        free(data);
    }
    pith_extractor_free(ex);
    return rc;
}

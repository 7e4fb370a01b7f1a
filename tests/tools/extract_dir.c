/*
 * extract_dir: runs the library over every <id>.html (or .txt) file of a
 * directory and writes <id>.json next to nothing else, into OUT_DIR, so the
 * benchmark scorer can judge extraction before the CLI takes directories.
 * usage: extract_dir [--focus precision|recall] [--no-tables] PAGES_DIR OUT_DIR
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pith.h"
#include "files.h"

int main(int argc, char **argv)
{
    pith_options o;
    pith_options_init(&o);
    o.time_budget = 0; /* scores must not depend on the machine's load */
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--no-tables")) o.tables = 0;
        else if (!strcmp(argv[i], "--links")) o.links = 1;
        else if (!strcmp(argv[i], "--comments")) o.comments = 1;
        else if (!strcmp(argv[i], "--focus") && i + 1 < argc) {
            i++;
            o.focus = !strcmp(argv[i], "precision") ? PITH_FOCUS_PRECISION
                    : !strcmp(argv[i], "recall") ? PITH_FOCUS_RECALL : PITH_FOCUS_BALANCED;
        } else {
            fprintf(stderr, "extract_dir: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (argc - i != 2) {
        fprintf(stderr, "usage: extract_dir [--focus F] [--no-tables] [--links] PAGES_DIR OUT_DIR\n");
        return 2;
    }
    const char *in = argv[i], *out = argv[i + 1];
    mkdir(out, 0777);
    size_t n;
    char **names = files_list(in, ".html .txt", &n);
    if (!names) { fprintf(stderr, "extract_dir: %s: %s\n", in, strerror(errno)); return 1; }
    pith_extractor *ex = pith_extractor_new();
    if (!ex) return 1;
    int rc = 0;
    for (size_t k = 0; k < n; k++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", in, names[k]);
        size_t len = 0;
        char *data = files_read(path, &len);
        if (!data) { fprintf(stderr, "extract_dir: %s: cannot read\n", path); rc = 1; continue; }
        pith_result *r;
        pith_extract(ex, &o, data, len, NULL, NULL, &r);
        const char *s;
        size_t sl;
        pith_render(ex, r, PITH_FORMAT_JSON, &o, names[k], &s, &sl);
        char *dot = strrchr(names[k], '.');
        *dot = '\0';
        snprintf(path, sizeof path, "%s/%s.json", out, names[k]);
        FILE *f = fopen(path, "wb");
        if (!f) { fprintf(stderr, "extract_dir: %s: %s\n", path, strerror(errno)); rc = 1; }
        else {
            fwrite(s, 1, sl, f);
            fclose(f);
        }
        free(data);
        free(names[k]);
    }
    free(names);
    pith_extractor_free(ex);
    return rc;
}

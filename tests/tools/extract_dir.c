/*
 * extract_dir: runs the library over every <id>.html (or .txt) file of a
 * directory and writes <id>.json next to nothing else, into OUT_DIR, so the
 * benchmark scorer can judge extraction before the CLI takes directories.
 * usage: extract_dir [--focus precision|recall] [--no-tables] PAGES_DIR OUT_DIR
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pith.h"
#include "files.h"

/* What each page is extracted with. */
typedef struct run {
    pith_extractor *ex;
    pith_options o;
} run;

/* Extracts one page and writes its JSON rendering to out_path (files_each). */
static int page_json(void *ctx, const char *name, const char *data, size_t len, const char *out_path)
{
    run *c = ctx;
    pith_result *r;
    pith_extract(c->ex, &c->o, data, len, NULL, NULL, &r);
    const char *s;
    size_t sl;
    pith_render(c->ex, r, PITH_FORMAT_JSON, &c->o, name, &s, &sl);
    FILE *f = fopen(out_path, "wb");
    if (!f) {
        fprintf(stderr, "extract_dir: %s: %s\n", out_path, strerror(errno));
        return 1;
    }
    size_t put = fwrite(s, 1, sl, f);
    return fclose(f) != 0 || put != sl;
}

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
    mkdir(argv[i + 1], 0777);
    run c = {pith_extractor_new(), o};
    if (!c.ex) return 1;
    int fails = files_each(argv[i], ".html .txt", argv[i + 1], page_json, &c);
    if (fails < 0) fprintf(stderr, "extract_dir: %s: %s\n", argv[i], strerror(errno));
    pith_extractor_free(c.ex);
    return fails ? 1 : 0;
}

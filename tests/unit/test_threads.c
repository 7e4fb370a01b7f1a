/*
 * Thread safety (issue 7): many threads, each with its own extractor, over
 * different pages give byte for byte what one thread gives. Pages are the
 * repository's fixtures; with PITH_THREAD_SETS=1 (make tsan) also every page
 * of $SHARED/bench/sets/x/pages, when present. Each page is rendered as JSON
 * and Markdown under two option sets; the time budget is off, as a budget
 * that runs out on a busy machine is the one thing allowed to change a
 * result. Built with -fsanitize=thread by make tsan.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../tools/files.h"
#include "pith.h"
#include "t.h"

enum { N_THREADS = 8, N_OPTS = 2, N_FMTS = 2 };
static const pith_format fmts[N_FMTS] = {PITH_FORMAT_JSON, PITH_FORMAT_MD};

typedef struct page {
    char *path;
    char *data;
    size_t len;
    bool text;
    char *want[N_OPTS][N_FMTS]; /* one thread's output */
    size_t want_len[N_OPTS][N_FMTS];
} page;

static page *pages;
static size_t n_pages, cap_pages;

static void add_file(const char *path)
{
    size_t pl = strlen(path);
    bool text = pl > 4 && !strcmp(path + pl - 4, ".txt");
    bool html = (pl > 5 && !strcmp(path + pl - 5, ".html")) || (pl > 4 && !strcmp(path + pl - 4, ".htm"));
    if (!text && !html) return;
    page p = {.text = text};
    if (!(p.data = files_read(path, &p.len))) return;
    p.path = strdup(path);
    if (n_pages == cap_pages) {
        cap_pages = cap_pages ? cap_pages * 2 : 256;
        pages = realloc(pages, cap_pages * sizeof *pages);
        if (!pages) abort();
    }
    pages[n_pages++] = p;
}

/* Adds the files of a directory and, with `deep`, of its subdirectories
 * (one level), in sorted order. */
static void add_dir(const char *dir, bool deep)
{
    size_t n;
    char **names = files_list(dir, NULL, &n);
    for (size_t i = 0; names && i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (deep) add_dir(path, false);
        } else {
            add_file(path);
        }
    }
    files_free_list(names, n);
}

static void options(pith_options *o, int which, bool text)
{
    pith_options_init(o);
    o->time_budget = 0;
    o->input = text ? PITH_INPUT_TEXT : PITH_INPUT_AUTO;
    if (which == 1) {
        o->focus = PITH_FOCUS_RECALL;
        o->links = 1;
        o->images = 1;
        o->comments = 1;
    }
}

/* Extracts and renders page p with option set `which` and format f; returns
 * a malloc'd copy of the output (length in *len) or NULL. */
static char *run(pith_extractor *ex, const page *p, int which, int f, size_t *len)
{
    pith_options o;
    options(&o, which, p->text);
    pith_result *r = NULL;
    pith_extract(ex, &o, p->data, p->len, "https://example.org/a/page.html", NULL, &r);
    if (!r) return NULL;
    const char *out;
    size_t n;
    if (pith_render(ex, r, fmts[f], &o, p->path, &out, &n) != PITH_OK) return NULL;
    char *c = malloc(n + 1);
    if (!c) return NULL;
    memcpy(c, out, n + 1);
    *len = n;
    return c;
}

typedef struct worker {
    pthread_t tid;
    int id;
    size_t done, mismatches;
} worker;

static atomic_size_t next_page;

/* Threads take the next page from a shared counter, so each page is done
 * once, by whichever thread is free, while the others work on other pages. */
static void *work(void *arg)
{
    worker *w = arg;
    pith_extractor *ex = pith_extractor_new();
    if (!ex) return NULL;
    for (;;) {
        size_t i = atomic_fetch_add(&next_page, 1);
        if (i >= n_pages) break;
        const page *p = &pages[i];
        for (int which = 0; which < N_OPTS; which++)
        for (int f = 0; f < N_FMTS; f++) {
            size_t n = 0;
            char *got = run(ex, p, which, f, &n);
            w->done++;
            if (!got || n != p->want_len[which][f] || memcmp(got, p->want[which][f], n) != 0) {
                if (w->mismatches++ < 5)
                    fprintf(stderr, "thread %d: %s (options %d, format %d) differs from one thread's output\n",
                            w->id, p->path, which, f);
            }
            free(got);
        }
    }
    pith_extractor_free(ex);
    return NULL;
}

int main(void)
{
    static const char *const fixture_dirs[] = {"tests/golden", "tests/meta", "tests/text/cases",
                                               "tests/cli/fixtures", "tests/warc/fixtures"};
    for (size_t i = 0; i < sizeof fixture_dirs / sizeof *fixture_dirs; i++) add_dir(fixture_dirs[i], true);
    size_t own = n_pages;
    const char *sets_env = getenv("PITH_THREAD_SETS");
    if (sets_env && *sets_env == '1') {
        const char *shared = getenv("SHARED") ? getenv("SHARED") : "../shared";
        char sets[4096];
        snprintf(sets, sizeof sets, "%s/bench/sets", shared);
        size_t n;
        char **names = files_list(sets, NULL, &n);
        if (!names) {
            printf("threads: %s not found; the repository's fixtures only\n", sets);
        } else {
            for (size_t i = 0; i < n; i++) {
                char dir[8300];
                snprintf(dir, sizeof dir, "%s/%s/pages", sets, names[i]);
                add_dir(dir, false);
            }
            files_free_list(names, n);
        }
    }
    printf("threads: %zu pages (%zu fixtures), %d threads\n", n_pages, own, N_THREADS);
    CHECK(own >= 20);

    /* the reference: one thread, one extractor */
    pith_extractor *ex = pith_extractor_new();
    CHECK(ex != NULL);
    if (!ex) return T_DONE("threads");
    for (size_t i = 0; i < n_pages; i++)
        for (int o = 0; o < N_OPTS; o++)
            for (int f = 0; f < N_FMTS; f++) pages[i].want[o][f] = run(ex, &pages[i], o, f, &pages[i].want_len[o][f]);
    pith_extractor_free(ex);
    size_t missing = 0;
    for (size_t i = 0; i < n_pages; i++)
        for (int o = 0; o < N_OPTS; o++)
            for (int f = 0; f < N_FMTS; f++) missing += pages[i].want[o][f] == NULL;
    CHECK(missing == 0);

    /* the same pages again, on N_THREADS threads at once */
    worker w[N_THREADS];
    memset(w, 0, sizeof w);
    for (int t = 0; t < N_THREADS; t++) {
        w[t].id = t;
        CHECK(pthread_create(&w[t].tid, NULL, work, &w[t]) == 0);
    }
    size_t done = 0, bad = 0;
    for (int t = 0; t < N_THREADS; t++) {
        pthread_join(w[t].tid, NULL);
        done += w[t].done;
        bad += w[t].mismatches;
    }
    printf("threads: %zu outputs compared, %zu differ\n", done, bad);
    CHECK(done == n_pages * N_OPTS * N_FMTS);
    CHECK(bad == 0);

    for (size_t i = 0; i < n_pages; i++) {
        for (int o = 0; o < N_OPTS; o++)
            for (int f = 0; f < N_FMTS; f++) free(pages[i].want[o][f]);
        free(pages[i].data);
        free(pages[i].path);
    }
    free(pages);
    return T_DONE("threads");
}

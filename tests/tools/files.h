/*
 * files.h: reading whole files and listing directories, for the test tools
 * and benchmark programs (header only: each tool is one translation unit).
 */
#ifndef PITH_TOOLS_FILES_H
#define PITH_TOOLS_FILES_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a whole file into a malloc'd buffer with a NUL after the last byte
 * (so text files can be used as strings); *len gets the byte count. NULL when
 * the file cannot be opened or memory runs out. */
static inline char *files_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = (size_t)1 << 16, n = 0;
    char *b = malloc(cap);
    while (b) {
        if (cap - n < 2) {
            char *q = realloc(b, cap *= 2);
            if (!q) { free(b); b = NULL; break; }
            b = q;
        }
        size_t k = fread(b + n, 1, cap - n - 1, f);
        n += k;
        if (k == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (b && bad) { free(b); b = NULL; }
    if (b) b[n] = '\0';
    if (len) *len = n;
    return b;
}

static inline int files_by_name_(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* True when name ends with one of the space-separated suffixes (".html .txt"). */
static inline int files_has_suffix_(const char *name, const char *suffixes)
{
    size_t l = strlen(name);
    for (const char *s = suffixes; *s;) {
        size_t k = strcspn(s, " ");
        if (k && l > k && !memcmp(name + l - k, s, k)) return 1;
        s += k;
        s += strspn(s, " ");
    }
    return 0;
}

/* The names (not paths) of the entries of dir ending with one of the
 * space-separated suffixes (NULL: every entry, directories too), sorted
 * bytewise, names starting with '.' left out; *n gets the count. NULL when
 * the directory cannot be opened or memory runs out. Free with files_free_list. */
static inline char **files_list(const char *dir, const char *suffixes, size_t *n)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) return NULL;
    size_t cap = 64, k = 0;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    int failed = !names;
    while (!failed && (e = readdir(d))) {
        if (e->d_name[0] == '.' || (suffixes && !files_has_suffix_(e->d_name, suffixes))) continue;
        if (k == cap) {
            char **q = realloc(names, (cap *= 2) * sizeof *names);
            if (!q) { failed = 1; break; }
            names = q;
        }
        if (!(names[k] = strdup(e->d_name))) failed = 1;
        else k++;
    }
    closedir(d);
    if (failed) {
        for (size_t i = 0; names && i < k; i++) free(names[i]);
        free(names);
        return NULL;
    }
    qsort(names, k, sizeof *names, files_by_name_);
    *n = k;
    return names;
}

/* Frees a list from files_list. */
static inline void files_free_list(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++) free(names[i]);
    free(names);
}

/* What files_each calls for each file: its name, its bytes (NUL after the
 * last) and the path of the output to write for it; nonzero for a failure. */
typedef int (*files_page_fn)(void *ctx, const char *name, const char *data, size_t len, const char *out_path);

/* Calls fn for each file of dir ending in one of the space-separated
 * suffixes, in name order, with out_path = out_dir/<name without its
 * extension>.json. Returns how many files could not be read (each named on
 * stderr) or made fn fail, or -1 when dir cannot be listed. */
static inline int files_each(const char *dir, const char *suffixes, const char *out_dir, files_page_fn fn,
                             void *ctx)
{
    size_t n;
    char **names = files_list(dir, suffixes, &n);
    if (!names) return -1;
    int fails = 0;
    for (size_t k = 0; k < n; k++) {
        const char *name = names[k], *dot = strrchr(name, '.');
        int stem = dot ? (int)(dot - name) : (int)strlen(name);
        char in[4096], out[4096];
        snprintf(in, sizeof in, "%s/%s", dir, name);
        snprintf(out, sizeof out, "%s/%.*s.json", out_dir, stem, name);
        size_t len;
        char *data = files_read(in, &len);
        if (!data) {
            fprintf(stderr, "%s: cannot read\n", in);
            fails++;
            continue;
        }
        if (fn(ctx, name, data, len, out)) fails++;
        free(data);
    }
    files_free_list(names, n);
    return fails;
}

/* True when a line of text (NUL-terminated; NULL holds no line) starts with
 * key: the test tools' known-failures lists name each failure in a line. */
static inline int files_line_starts(const char *text, const char *key)
{
    size_t kl = strlen(key);
    for (const char *p = text; p && *p;) {
        if (!strncmp(p, key, kl)) return 1;
        p = strchr(p, '\n');
        if (p) p++;
    }
    return 0;
}

#endif

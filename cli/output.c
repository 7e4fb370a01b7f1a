/* Writing rendered results to stdout, a file, or a directory. */
#include "output.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void sink_init(sink *s, sink_mode mode, const char *path, const char *ext)
{
    memset(s, 0, sizeof *s);
    s->mode = mode;
    s->path = path;
    s->ext = ext;
}

int make_dirs(const char *dir)
{
    size_t n = strlen(dir);
    char *p = malloc(n + 1);
    if (!p) return ENOMEM;
    memcpy(p, dir, n + 1);
    int err = 0;
    /* create each prefix ending before a '/', then the whole path */
    for (size_t i = 1; i <= n && !err; i++) {
        if (i < n && p[i] != '/') continue;
        char c = p[i];
        p[i] = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) err = errno;
        else {
            struct stat st;
            if (stat(p, &st) != 0) err = errno;
            else if (!S_ISDIR(st.st_mode)) err = ENOTDIR;
        }
        p[i] = c;
    }
    free(p);
    return err;
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* Adds `name` to the set of used output names; returns 1 if it was new, 0 if
 * it was taken already, -1 when out of memory. */
static int claim_name(sink *s, const char *name)
{
    if ((s->n_used + 1) * 2 > s->cap_used) {
        size_t cap = s->cap_used ? s->cap_used * 2 : 256;
        char **t = calloc(cap, sizeof *t);
        if (!t) return -1;
        for (size_t i = 0; i < s->cap_used; i++) {
            if (!s->used[i]) continue;
            size_t j = hash_str(s->used[i]) & (cap - 1);
            while (t[j]) j = (j + 1) & (cap - 1);
            t[j] = s->used[i];
        }
        free(s->used);
        s->used = t;
        s->cap_used = cap;
    }
    size_t j = hash_str(name) & (s->cap_used - 1);
    while (s->used[j]) {
        if (!strcmp(s->used[j], name)) return 0;
        j = (j + 1) & (s->cap_used - 1);
    }
    if (!(s->used[j] = strdup(name))) return -1;
    s->n_used++;
    return 1;
}

static int write_all(FILE *f, const char *data, size_t n)
{
    if (n && fwrite(data, 1, n, f) != n) return errno ? errno : EIO;
    return 0;
}

/* Writes one file of SINK_DIR mode: <dir>/<stem>.<ext>. */
static int write_dir_file(sink *s, const input_item *it, const char *data, size_t n, char *err,
                          size_t errcap)
{
    size_t need = strlen(s->path) + 1 + strlen(it->stem) + 1 + strlen(s->ext) + 1;
    if (need > s->tmp_cap) {
        char *t = realloc(s->tmp, need);
        if (!t) return ENOMEM;
        s->tmp = t;
        s->tmp_cap = need;
    }
    char *path = s->tmp;
    snprintf(path, need, "%s/%s.%s", s->path, it->stem, s->ext);
    int c = claim_name(s, path);
    if (c < 0) return ENOMEM;
    if (c == 0) {
        snprintf(err, errcap, "output %s was already written for another input", path);
        return EEXIST;
    }
    struct stat out_st, in_st;
    if (it->kind == INPUT_FILE && stat(path, &out_st) == 0 && stat(it->path, &in_st) == 0 &&
        out_st.st_dev == in_st.st_dev && out_st.st_ino == in_st.st_ino) {
        snprintf(err, errcap, "output %s would overwrite the input", path);
        return EEXIST;
    }
    char *slash = strrchr(path, '/');
    if (slash && slash != path) {
        *slash = '\0';
        int e = make_dirs(path);
        *slash = '/';
        if (e) {
            snprintf(err, errcap, "%s: %s", path, strerror(e));
            return e;
        }
    }
    FILE *f = fopen(path, "wb");
    if (!f) {
        int e = errno;
        snprintf(err, errcap, "%s: %s", path, strerror(e));
        return e;
    }
    int e = write_all(f, data, n);
    if (fclose(f) != 0 && !e) e = errno ? errno : EIO;
    if (e) snprintf(err, errcap, "%s: %s", path, strerror(e));
    return e;
}

int sink_write(sink *s, const input_item *it, const char *data, size_t n, char *err,
               size_t errcap)
{
    err[0] = '\0';
    if (s->mode == SINK_DIR) return write_dir_file(s, it, data, n, err, errcap);
    if (!s->f) {
        s->f = s->mode == SINK_STDOUT ? stdout : fopen(s->path, "wb");
        if (!s->f) {
            int e = errno;
            snprintf(err, errcap, "%s: %s", s->path, strerror(e));
            return e;
        }
    }
    int e = write_all(s->f, data, n);
    if (e) snprintf(err, errcap, "%s: %s", s->mode == SINK_STDOUT ? "standard output" : s->path,
                    strerror(e));
    return e;
}

int sink_close(sink *s)
{
    int e = 0;
    if (s->f) {
        if (s->f == stdout) {
            if (fflush(stdout) != 0) e = errno ? errno : EIO;
        } else if (fclose(s->f) != 0) {
            e = errno ? errno : EIO;
        }
    }
    for (size_t i = 0; i < s->cap_used; i++) free(s->used[i]);
    free(s->used);
    free(s->tmp);
    s->f = NULL;
    s->used = NULL;
    s->tmp = NULL;
    return e;
}

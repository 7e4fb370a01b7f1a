/* Walking the command's inputs and reading them into memory. */
#include "inputs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* One open directory of the walk: its sorted entries and the next one. */
struct walk_frame {
    char **names;
    size_t n, i;
    size_t path_len;   /* length of this directory's path in walker.path */
};

static const char *const input_exts[] = {".html", ".htm", ".xhtml", ".txt",
                                         ".warc", ".warc.gz", ".warc.zst"};

/* Length of `name` without a known input extension. */
static size_t stem_len(const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof input_exts / sizeof *input_exts; i++) {
        size_t e = strlen(input_exts[i]);
        if (n > e && !strcasecmp(name + n - e, input_exts[i])) return n - e;
    }
    return n;
}

static bool wanted(const char *name) { return stem_len(name) != strlen(name); }

bool input_is_url(const char *arg)
{
    return !strncasecmp(arg, "http://", 7) || !strncasecmp(arg, "https://", 8);
}

bool input_is_dir(const char *arg)
{
    struct stat st;
    return strcmp(arg, "-") && !input_is_url(arg) && stat(arg, &st) == 0 && S_ISDIR(st.st_mode);
}

void walker_init(walker *w, char **args, int nargs)
{
    memset(w, 0, sizeof *w);
    w->args = args;
    w->nargs = nargs;
}

static void frame_free(walk_frame *f)
{
    for (size_t i = 0; i < f->n; i++) free(f->names[i]);
    free(f->names);
}

void walker_free(walker *w)
{
    while (w->depth) frame_free(&w->stack[--w->depth]);
    free(w->stack);
    free(w->path);
    free(w->stem);
    memset(w, 0, sizeof *w);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replaces w->path with `s` (len n); false when out of memory. */
static bool set_path(char **dst, const char *s, size_t n)
{
    char *p = realloc(*dst, n + 1);
    if (!p) return false;
    memcpy(p, s, n);
    p[n] = '\0';
    *dst = p;
    return true;
}

/* Opens the directory at w->path and pushes its sorted entries. Returns 0,
 * an errno value, or -1 when out of memory. */
static int push_dir(walker *w)
{
    DIR *d = opendir(w->path);
    if (!d) return errno;
    if (w->depth == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 8;
        walk_frame *s = realloc(w->stack, cap * sizeof *s);
        if (!s) { closedir(d); return -1; }
        w->stack = s;
        w->cap = cap;
    }
    walk_frame f = {.path_len = strlen(w->path)};
    size_t cap = 0;
    struct dirent *e;
    int err = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue; /* ., .. and hidden files */
        if (f.n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(f.names, cap * sizeof *nn);
            if (!nn) { err = -1; break; }
            f.names = nn;
        }
        if (!(f.names[f.n] = strdup(e->d_name))) { err = -1; break; }
        f.n++;
    }
    closedir(d);
    if (err) { frame_free(&f); return err; }
    if (f.n > 1) qsort(f.names, f.n, sizeof *f.names, cmp_names);
    w->stack[w->depth++] = f;
    return 0;
}

/* Makes the stem of the entry at w->path: its path below the directory
 * argument, without the input extension. */
static bool make_stem(walker *w, const char *rel)
{
    return set_path(&w->stem, rel, stem_len(rel));
}

/* Takes the next entry of the innermost open directory. Returns 1 with *it
 * filled, 0 when every open directory is done, -1 when out of memory. */
static int next_in_dirs(walker *w, input_item *it)
{
    while (w->depth) {
        walk_frame *f = &w->stack[w->depth - 1];
        if (f->i == f->n) {
            frame_free(f);
            w->depth--;
            continue;
        }
        const char *name = f->names[f->i++];
        size_t nl = strlen(name);
        char *p = realloc(w->path, f->path_len + 1 + nl + 1);
        if (!p) return -1;
        w->path = p;
        p[f->path_len] = '/';
        memcpy(p + f->path_len + 1, name, nl + 1);
        struct stat st, lst;
        if (lstat(p, &lst) != 0) continue;  /* vanished meanwhile */
        if (stat(p, &st) != 0) continue;    /* dangling symlink */
        if (S_ISDIR(st.st_mode)) {
            /* symlinked directories are not followed: they can form loops */
            if (S_ISLNK(lst.st_mode)) continue;
            int err = push_dir(w);
            if (err < 0) return -1;
            if (err) {
                it->kind = INPUT_ERROR;
                it->path = it->name = w->path;
                it->error = err;
                return 1;
            }
            continue;
        }
        if (!S_ISREG(st.st_mode) || !wanted(name)) continue;
        if (!make_stem(w, p + w->root_len + 1)) return -1;
        it->kind = INPUT_FILE;
        it->path = it->name = w->path;
        it->stem = w->stem;
        return 1;
    }
    return 0;
}

int walker_next(walker *w, input_item *it)
{
    memset(it, 0, sizeof *it);
    for (;;) {
        int got = next_in_dirs(w, it);
        if (got) return got;
        if (w->next_arg >= w->nargs) return 0;
        const char *a = w->args[w->next_arg++];
        it->path = it->name = a;
        if (!strcmp(a, "-")) {
            it->kind = INPUT_STDIN;
            it->name = "<stdin>";
            it->stem = "stdin";
            return 1;
        }
        if (input_is_url(a)) {
            it->kind = INPUT_URL;
            it->stem = "url";
            return 1;
        }
        if (!input_is_dir(a)) {
            const char *base = strrchr(a, '/');
            base = base ? base + 1 : a;
            if (!make_stem(w, base)) return -1;
            it->kind = INPUT_FILE;
            it->stem = w->stem;
            return 1;
        }
        size_t n = strlen(a);
        while (n > 1 && a[n - 1] == '/') n--;  /* "dir/" and "dir" give the same stems */
        if (!set_path(&w->path, a, n)) return -1;
        w->root_len = n;
        int err = push_dir(w);
        if (err < 0) return -1;
        if (err) {
            it->kind = INPUT_ERROR;
            it->error = err;
            return 1;
        }
    }
}

/* Makes room for `need` bytes plus a NUL. */
static bool reserve(read_buf *b, size_t need)
{
    if (need + 1 <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 1 << 16;
    while (cap < need + 1) cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) return false;
    b->data = p;
    b->cap = cap;
    return true;
}

int input_read(const input_item *it, read_buf *b, size_t max)
{
    b->len = 0;
    int fd = it->kind == INPUT_STDIN ? STDIN_FILENO : open(it->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    int err = 0;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        err = errno;
    } else if (S_ISDIR(st.st_mode)) {
        err = EISDIR;
    } else if (S_ISREG(st.st_mode) && max && (size_t)st.st_size > max) {
        err = ERANGE;
    } else {
        /* a regular file is read with one call into a buffer sized for it;
         * pipes and growing files take the loop */
        size_t want = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 1 << 16;
        for (;;) {
            if (!reserve(b, b->len + want)) { err = ENOMEM; break; }
            ssize_t k = read(fd, b->data + b->len, b->cap - 1 - b->len);
            if (k < 0) {
                if (errno == EINTR) continue;
                err = errno;
                break;
            }
            if (k == 0) break;
            b->len += (size_t)k;
            if (max && b->len > max) { err = ERANGE; break; }
            want = b->len < (1u << 20) ? b->len : 1u << 20;
        }
    }
    if (b->data) b->data[b->len] = '\0';
    if (fd != STDIN_FILENO) close(fd);
    return err;
}

void read_buf_free(read_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

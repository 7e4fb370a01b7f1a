/*
 * replay FILE|DIR...: runs each file (each regular file of a directory)
 * through the fuzz target once, with a plain compiler, so saved crashes and
 * the seed corpus are checked under ASan/UBSan in `make check`. Prints
 * "fuzz-replay: N passed, 0 failed"; a crash ends the process (the
 * sanitizer's report is the failure).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs one file; returns 1 when it was read and run, 0 when skipped. */
static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    size_t cap = 4096, n = 0;
    uint8_t *p = malloc(cap);
    while (p) {
        n += fread(p + n, 1, cap - n, f);
        if (n < cap) break;
        uint8_t *q = realloc(p, cap * 2);
        if (!q) { free(p); p = NULL; break; }
        p = q;
        cap *= 2;
    }
    fclose(f);
    if (!p) return 0;
    /* an exact-size copy, so ASan sees reads past the end */
    uint8_t *exact = malloc(n ? n : 1);
    if (!exact) { free(p); return 0; }
    memcpy(exact, p, n);
    free(p);
    fprintf(stderr, "replay: %s\n", path);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    return 1;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv)
{
    int runs = 0;
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) != 0) continue;
        if (!S_ISDIR(sb.st_mode)) { runs += run_file(argv[i]); continue; }
        DIR *d = opendir(argv[i]);
        if (!d) continue;
        char **names = NULL;
        size_t nn = 0, cap = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
            if (de->d_name[0] == '.') continue;   /* ., .. and .gitkeep */
            if (nn == cap) {
                cap = cap ? cap * 2 : 64;
                char **q = realloc(names, cap * sizeof *names);
                if (!q) break;
                names = q;
            }
            size_t l = strlen(argv[i]) + strlen(de->d_name) + 2;
            if (!(names[nn] = malloc(l))) break;
            snprintf(names[nn++], l, "%s/%s", argv[i], de->d_name);
        }
        closedir(d);
        if (names) qsort(names, nn, sizeof *names, cmp_str);
        for (size_t k = 0; k < nn; k++) {
            if (stat(names[k], &sb) == 0 && S_ISREG(sb.st_mode)) runs += run_file(names[k]);
            free(names[k]);
        }
        free(names);
    }
    printf("fuzz-replay: %d passed, 0 failed\n", runs);
    return 0;
}

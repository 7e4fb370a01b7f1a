/*
 * html5lib-tests encoding runner: h5_encoding DIR KNOWN_FAILURES_FILE.
 * Runs the encoding sniffing (no caller charset) on every test in
 * the .dat files of DIR/encoding (not the scripted/ directory) and compares the answer
 * with #encoding. The suite assumes a windows-1252 default ("you may have to
 * set your defaults appropriately"), so that is the fallback given here;
 * pith itself defaults to UTF-8. Ends with "encoding: N passed, M failed";
 * exits 1 only for failures not listed as "encoding <file>:<n>: <reason>"
 * (n = the test's 1-based index in its file).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html/encoding.h"
#include "files.h"

/* Whether "encoding FILE:N:" starts a line of the known-failures text. */
static int is_known(const char *known, const char *file, int n)
{
    char key[512];
    snprintf(key, sizeof key, "encoding %s:%d:", file, n);
    return files_line_starts(known, key);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: h5_encoding DIR KNOWN_FAILURES_FILE\n");
        return 2;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/encoding", argv[1]);
    size_t klen;
    char *known = files_read(argv[2], &klen);
    size_t nn;
    char **names = files_list(dir, ".dat", &nn);
    if (!names) {
        fprintf(stderr, "h5_encoding: cannot open %s\n", dir);
        free(known);
        return 2;
    }
    int pass = 0, fail = 0, unexpected = 0;
    for (size_t f = 0; f < nn; f++) {
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, names[f]);
        size_t len;
        char *text = files_read(path, &len);
        if (!text) {
            fprintf(stderr, "h5_encoding: cannot read %s\n", path);
            unexpected++;
            continue;
        }
        int idx = 0;
        char *p = text;
        while ((p = strstr(p, "#data\n")) != NULL) {
            char *data = p + 6;
            char *enc = strstr(data, "\n#encoding\n");
            if (!enc) break;
            idx++;
            /* the newline before #encoding is not part of the data */
            size_t dlen = (size_t)(enc - data);
            char *want = enc + 11;
            size_t wlen = strcspn(want, "\n");
            p = want + wlen;
            const char *source;
            pith_enc got = pith_enc_sniff(data, dlen, NULL, PITH_ENC_WINDOWS_1252, &source, NULL);
            pith_enc exp = pith_enc_from_label(want, wlen);
            if (exp != PITH_ENC_NONE && got == exp) {
                pass++;
                continue;
            }
            fail++;
            int k = is_known(known, names[f], idx);
            if (!k) unexpected++;
            printf("%s %s:%d: got %s (%s), want %.*s\n", k ? "known" : "FAIL", names[f], idx,
                   pith_enc_name(got), source, (int)wlen, want);
        }
        free(text);
    }
    files_free_list(names, nn);
    free(known);
    printf("encoding: %d passed, %d failed\n", pass, fail);
    return unexpected ? 1 : 0;
}

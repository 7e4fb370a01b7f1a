/* A tiny test harness: CHECK records a failure and goes on; main() ends with
 * T_DONE(), which prints "<name>: N passed, M failed" and sets the exit code. */
#ifndef PITH_T_H
#define PITH_T_H
#include <stdio.h>
#include <string.h>

static int t_pass, t_fail;

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (cond) t_pass++;                                                      \
        else { t_fail++; fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } \
    } while (0)

#define CHECK_STR(got, want)                                                     \
    do {                                                                         \
        const char *g_ = (got), *w_ = (want);                                    \
        if ((g_ && w_ && !strcmp(g_, w_)) || (!g_ && !w_)) t_pass++;             \
        else { t_fail++; fprintf(stderr, "%s:%d: %s\n  got:  %s\n  want: %s\n", __FILE__, __LINE__, #got, \
                                 g_ ? g_ : "(null)", w_ ? w_ : "(null)"); }      \
    } while (0)

#define T_DONE(name)                                                             \
    (printf("%s: %d passed, %d failed\n", name, t_pass, t_fail), t_fail ? 1 : 0)
#endif

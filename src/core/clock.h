/* Monotonic time for the per-document time budget. */
#ifndef PITH_CORE_CLOCK_H
#define PITH_CORE_CLOCK_H
#include <time.h>

static inline double pith_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
#endif

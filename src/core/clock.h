/* Monotonic time and the per-document time budget. */
#ifndef PITH_CORE_CLOCK_H
#define PITH_CORE_CLOCK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

static inline double pith_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/*
 * A time budget that long loops check as they go. pith_budget_tick() adds
 * units of work (a node, a block, 64 bytes of text) and reads the clock only
 * every PITH_BUDGET_STEP units, so a check in an inner loop costs an add and
 * a compare. Once the deadline has passed the budget stays over, and each
 * stage stops at its next check. Every call takes NULL as "no budget".
 */
typedef struct pith_budget {
    double deadline;     /* absolute pith_now() seconds; 0 means no budget */
    double seconds;      /* the budget as given, for the reason string */
    uint32_t work;       /* units counted since the last clock read */
    bool over;           /* the deadline has passed */
    const char *stage;   /* the stage running now, e.g. "content extraction" */
    const char *over_in; /* the stage that was running when the budget ran out */
} pith_budget;

enum { PITH_BUDGET_STEP = 4096 };

/* Starts a budget of `seconds` from now (0 or less: no budget). */
static inline void pith_budget_start(pith_budget *b, double seconds)
{
    b->seconds = seconds > 0 ? seconds : 0;
    b->deadline = seconds > 0 ? pith_now() + seconds : 0;
    b->work = 0;
    b->over = false;
    b->stage = NULL;
    b->over_in = NULL;
}

/* Marks the budget as spent in the current stage (e.g. the parser ran out). */
static inline void pith_budget_expire(pith_budget *b)
{
    if (!b || b->over) return;
    b->over = true;
    b->over_in = b->stage;
}

/* Counts `units` of work; true when the budget is spent. */
static inline bool pith_budget_tick(pith_budget *b, size_t units)
{
    if (!b || b->deadline <= 0) return false;
    if (b->over) return true;
    b->work += units > PITH_BUDGET_STEP ? PITH_BUDGET_STEP : (uint32_t)units;
    if (b->work < PITH_BUDGET_STEP) return false;
    b->work = 0;
    if (pith_now() > b->deadline) pith_budget_expire(b);
    return b->over;
}

/* True once the budget is spent (no clock read). */
static inline bool pith_budget_over(const pith_budget *b) { return b && b->over; }
#endif

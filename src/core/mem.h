/* Advice to the kernel about large buffers (used for pith_buf, whose large
 * buffers are filled front to back; arena chunks are not advised: a chunk
 * sized for a large request but partly used would then be resident in whole
 * 2 MB pages, which raised the adversarial pages' peak RSS by 100-300 MB). */

#ifndef PITH_CORE_MEM_H
#define PITH_CORE_MEM_H
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>

/* Buffers from this size on are worth backing with 2 MB huge pages. */
#define PITH_HUGE_FROM ((size_t)4 << 20)

/* Asks for transparent huge pages under the whole 2 MB pages inside
 * [p, p + n) when n is at least PITH_HUGE_FROM; advice only, so a refusal
 * (or a kernel without THP) changes nothing. The first touch of a 4 KB page
 * is what large documents pay most for on a virtual machine (a 100 MB text
 * spent more time in page faults than in cleaning), and glibc's malloc does
 * not ask for huge pages by itself. */
static inline void pith_advise_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    const uintptr_t page = (uintptr_t)2 << 20;
    if (n < PITH_HUGE_FROM) return;
    uintptr_t lo = ((uintptr_t)p + page - 1) & ~(page - 1);
    uintptr_t hi = ((uintptr_t)p + n) & ~(page - 1);
    if (hi > lo) madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}

#endif

/*
 * A decoding input stream: plain bytes, gzip (any number of members) or zstd
 * (frames, skippable frames, the zstd-WARC dictionary frame), told apart by
 * their first bytes. It reads from a file descriptor or from memory, keeps
 * the file offset at which each compressed member starts (so WARC records can
 * be located in the file), and survives corrupt members by scanning for the
 * next member start, reporting the damage as a "gap" in the decoded stream.
 */
#ifndef PITH_IO_ZIN_H
#define PITH_IO_ZIN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pith.h"

typedef enum pith_zin_format {
    PITH_ZIN_UNKNOWN = 0, /* not decided until the first read */
    PITH_ZIN_PLAIN,
    PITH_ZIN_GZIP,
    PITH_ZIN_ZSTD
} pith_zin_format;

/* pith_zin_read results besides a positive byte count. */
#define PITH_ZIN_EOF 0
#define PITH_ZIN_ERROR (-1) /* fatal: status, msg and err_offset say why */
#define PITH_ZIN_GAP (-2)   /* data was lost (corrupt member); reading goes on after it */

/* Where a compressed member starts: its first decoded byte and its file offset. */
typedef struct pith_zin_mark {
    uint64_t dec, raw;
} pith_zin_mark;

typedef struct pith_zin {
    int fd;                      /* -1 for memory input */
    const unsigned char *raw;    /* raw bytes: own buffer, or the caller's memory */
    unsigned char *own;
    size_t raw_pos, raw_len, own_cap;
    uint64_t raw_base;           /* file offset of raw[0] */
    bool raw_eof;
    pith_zin_format fmt;
    bool in_member;              /* inside a gzip member or zstd frame */
    uint64_t member_raw;         /* file offset where the current member starts */
    uint64_t dec_total;          /* decoded bytes handed out so far */
    uint64_t consumed;           /* furthest raw position reached (pith_zin_consumed) */
    void *z;                     /* z_stream */
    void *zd;                    /* ZSTD_DCtx */
    struct libdeflate_decompressor *ld; /* one-shot gzip members */
    size_t max_dict;             /* largest zstd dictionary accepted */
    pith_zin_mark *marks;        /* member starts, oldest first */
    size_t n_marks, cap_marks;
    const char *pending;         /* corruption found after returning data: reported next call */
    pith_status status;          /* set by a fatal error */
    uint64_t err_offset;         /* file offset of the last error or gap */
    char msg[256];               /* message of the last error or gap */
} pith_zin;

/* Prepares a stream over `fd` (not closed by the stream) or, when fd < 0,
 * over `len` bytes at `mem`. False when out of memory. */
bool pith_zin_init(pith_zin *z, int fd, const void *mem, size_t len, size_t max_dict);
void pith_zin_free(pith_zin *z);

/* Decodes up to `cap` bytes into dst. Returns the count (> 0), PITH_ZIN_EOF,
 * PITH_ZIN_ERROR or PITH_ZIN_GAP. One call never crosses a member boundary,
 * so a mark is recorded before the first byte of every member is returned. */
ssize_t pith_zin_read(pith_zin *z, char *dst, size_t cap);

/* The file offset of decoded byte `dec`: for compressed input, the offset of
 * the member it lies in. Marks before `dec` that are no longer needed may be
 * dropped with pith_zin_forget(). */
uint64_t pith_zin_raw_offset(const pith_zin *z, uint64_t dec);
void pith_zin_forget(pith_zin *z, uint64_t dec);

/* The file position of the decoder. It moves back when a scan after damage
 * starts again inside the damaged member. */
uint64_t pith_zin_tell(const pith_zin *z);
/* Raw bytes consumed so far: the furthest position reached, never smaller
 * than an earlier answer. */
uint64_t pith_zin_consumed(const pith_zin *z);
#endif

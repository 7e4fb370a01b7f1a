/*
 * libFuzzer target for the WARC reader through its public API
 * (pith_warc_open_mem / pith_warc_open_fd, pith_warc_next), with every kind
 * of input it reads: plain, gzip (a member per record, one member, members
 * cut anywhere), and zstd (a frame per record, with the zstd-WARC dictionary
 * frame, with skippable frames, one frame).
 *
 * The input after the first byte is a plain archive; the first byte says how
 * the harness wraps it:
 *   bits 0-2  0 as is (seeds may be compressed already), 1 gzip per record,
 *             2 one gzip member, 3 zstd per record, 4 zstd per record with a
 *             dictionary frame, 5 zstd per record with skippable frames,
 *             6 gzip members cut at arbitrary points, 7 one zstd frame;
 *   bit 3     damage one byte of the wrapped stream;
 *   bit 4     cut the wrapped stream short;
 *   bits 5-6  limits: defaults, tight, tiny, tight headers only;
 *   bit 7     read through a file descriptor instead of memory.
 *
 * Checks: every record is well-formed (a reason exactly when skipped, a
 * payload for documents, strings readable to their NUL, payloads within the
 * limits), reading ends, a stop is sticky, and an undamaged wrapped stream
 * yields the same records as the plain archive.
 *
 * Built by `make fuzz-warc`; fuzz/replay.c replays it in `make check`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "pith.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_RECS 4096

/* What a record yielded, for comparing two reads of the same archive. */
typedef struct summary {
    int skip;
    int http;
    uint64_t payload_hash;
    size_t payload_len;
} summary;

static uint64_t fnv(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 1099511628211ull;
    return h;
}

static void strcheck(const char *s)
{
    if (s) (void)strlen(s);
}

/* Reads the whole archive, checking each record; fills sums (up to MAX_RECS)
 * and returns the record count, or -1 when the reader could not be opened. */
static long read_all(const char *p, size_t n, const pith_warc_options *o, bool via_fd, summary *sums,
                     pith_status *end)
{
    pith_warc *w = NULL;
    int fd = -1;
    pith_status st;
    if (via_fd) {
        fd = memfd_create("fuzz-warc", 0);
        if (fd < 0) return -1;
        size_t off = 0;
        while (off < n) {
            ssize_t k = write(fd, p + off, n - off);
            if (k <= 0) { close(fd); return -1; }
            off += (size_t)k;
        }
        lseek(fd, 0, SEEK_SET);
        st = pith_warc_open_fd(fd, o, &w);
    } else {
        st = pith_warc_open_mem(p, n, o, &w);
    }
    if (st != PITH_OK) {
        FUZZ_CHECK(st == PITH_ERR_NOMEM && !w);
        if (fd >= 0) close(fd);
        return -1;
    }
    size_t lim = o->max_record_bytes > o->max_payload_bytes ? o->max_record_bytes : o->max_payload_bytes;
    long count = 0;
    uint64_t last_tell = 0;
    for (;;) {
        const pith_warc_record *rec = NULL;
        st = pith_warc_next(w, &rec);
        uint64_t tell = pith_warc_tell(w);
        FUZZ_CHECK(tell >= last_tell);
        last_tell = tell;
        if (st != PITH_OK || !rec) {
            FUZZ_CHECK(!rec);
            break;
        }
        FUZZ_CHECK(rec->size == sizeof *rec);
        FUZZ_CHECK((unsigned)rec->skip < PITH_WARC_SKIP_COUNT_);
        FUZZ_CHECK((rec->skip == PITH_WARC_OK) == (rec->reason == NULL));
        strcheck(rec->reason);
        strcheck(rec->warning);
        strcheck(rec->type);
        strcheck(rec->record_id);
        strcheck(rec->target_uri);
        strcheck(rec->date);
        strcheck(rec->block_type);
        strcheck(rec->identified_type);
        strcheck(rec->content_type);
        strcheck(rec->mime);
        strcheck(rec->charset);
        (void)pith_warc_skip_name(rec->skip);
        if (rec->skip == PITH_WARC_OK) {
            FUZZ_CHECK(rec->payload && rec->payload_len);
            FUZZ_CHECK(rec->input == PITH_INPUT_HTML || rec->input == PITH_INPUT_TEXT);
        }
        uint64_t h = 0;
        if (rec->payload) {
            FUZZ_CHECK(rec->payload_len <= lim);
            h = fnv(rec->payload, rec->payload_len);
        } else {
            FUZZ_CHECK(rec->payload_len == 0);
        }
        if (count < MAX_RECS)
            sums[count] = (summary){(int)rec->skip, rec->http_status, h, rec->payload_len};
        count++;
        /* every record consumes input; this many means the reader loops */
        FUZZ_CHECK(count < 2000000);
    }
    *end = st;
    if (st != PITH_OK) {
        uint64_t off = 0;
        FUZZ_CHECK(pith_warc_error(w, &off) != NULL);
        const pith_warc_record *rec = (const pith_warc_record *)1;
        FUZZ_CHECK(pith_warc_next(w, &rec) == st && rec == NULL); /* sticky */
    }
    pith_warc_close(w);
    if (fd >= 0) close(fd);
    return count;
}

/* Start offsets of the records: "WARC/" at the start of a line. */
static size_t record_starts(const char *p, size_t n, size_t *starts, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i + 5 <= n && k < cap; i++)
        if ((i == 0 || p[i - 1] == '\n') && !memcmp(p + i, "WARC/", 5)) starts[k++] = i;
    return k;
}

static const char dict_text[] =
    "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
    "Content-Type: application/http; msgtype=response\r\nContent-Length: \r\n\r\nHTTP/1.1 200 OK\r\n"
    "Content-Type: text/html; charset=utf-8\r\n\r\n<!DOCTYPE html><html><head><title>";

/* Wraps the plain archive p[0..n) as mode says into out. False when the
 * wrapper failed (out of memory). */
static bool wrap(unsigned mode, const char *p, size_t n, pith_buf *out)
{
    static size_t starts[4096];
    pith_buf_reset(out);
    size_t k = 0;
    if (mode == 1 || mode == 3 || mode == 4 || mode == 5) {
        k = record_starts(p, n, starts, 4095);
        if (!k || starts[0] != 0) {
            memmove(starts + 1, starts, k * sizeof *starts);
            starts[0] = 0;
            k++;
        }
    } else if (mode == 6) { /* cut every 1..64 bytes, lengths from the data */
        size_t pos = 0;
        while (pos < n && k < 4096) {
            starts[k++] = pos;
            pos += 1 + ((unsigned char)p[pos] * 7u + pos) % 64;
        }
    } else {
        starts[k++] = 0;
    }
    if (mode == 4) { /* the dictionary frame: a skippable frame with magic 0x184D2A5D */
        if (!fuzz_put_le32(out, 0x184D2A5Du) || !fuzz_put_le32(out, sizeof dict_text - 1) ||
            !pith_buf_append(out, dict_text, sizeof dict_text - 1))
            return false;
    }
    for (size_t i = 0; i < k; i++) {
        size_t a = starts[i], b = i + 1 < k ? starts[i + 1] : n;
        const char *s = p + a;
        size_t len = b - a;
        bool ok;
        switch (mode) {
        case 1: case 2: case 6: ok = fuzz_deflate(out, s, len, 31, i & 1 ? 1 : 6); break;
        case 4: ok = fuzz_zstd(out, s, len, dict_text, sizeof dict_text - 1, 3); break;
        case 5:
            ok = fuzz_zstd(out, s, len, NULL, 0, 1);
            if (ok && i % 2 == 0) /* a skippable frame after every other record */
                ok = fuzz_put_le32(out, 0x184D2A50u + (uint32_t)(i % 16)) && fuzz_put_le32(out, 3) &&
                     pith_buf_append(out, "abc", 3);
            break;
        default: ok = fuzz_zstd(out, s, len, NULL, 0, 3); break;
        }
        if (!ok) return false;
    }
    return !out->oom;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pith_buf wrapped;
    static summary plain[MAX_RECS], packed[MAX_RECS];
    if (!size) return 0;
    unsigned sel = data[0];
    const char *in = (const char *)data + 1;
    size_t n = size - 1;

    pith_warc_options o;
    pith_warc_options_init(&o);
    switch ((sel >> 5) & 3) {
    case 1: o.max_header_bytes = 300, o.max_record_bytes = 4096, o.max_payload_bytes = 4096; break;
    case 2: o.max_header_bytes = 256, o.max_record_bytes = 200, o.max_payload_bytes = 100; break;
    case 3: o.max_header_bytes = 256; break;
    default: break;
    }
    bool via_fd = sel & 0x80;
    unsigned mode = sel & 7;
    pith_status end_plain = PITH_OK, end_packed = PITH_OK;

    if (mode == 0) {
        read_all(in, n, &o, via_fd, plain, &end_plain);
        return 0;
    }
    if (!wrap(mode, in, n, &wrapped)) return 0;
    uint64_t h = fnv(in, n);
    if (sel & 8 && wrapped.len) wrapped.data[h % wrapped.len] ^= (char)(1u << (h >> 32 & 7));
    if (sel & 16 && wrapped.len) wrapped.len = (size_t)(h >> 16) % wrapped.len;
    long nb = read_all(wrapped.data ? wrapped.data : "", wrapped.len, &o, via_fd, packed, &end_packed);
    if (sel & 24 || nb < 0) return 0;

    /* undamaged: the same records as the plain archive (unless the plain
     * bytes themselves start like a compressed stream) */
    const unsigned char *u = (const unsigned char *)in;
    if (n >= 2 && u[0] == 0x1F && u[1] == 0x8B) return 0;
    if (n >= 4 && u[0] == 0x28 && u[1] == 0xB5 && u[2] == 0x2F && u[3] == 0xFD) return 0;
    if (n >= 4 && (u[0] & 0xF0) == 0x50 && u[1] == 0x2A && u[2] == 0x4D && u[3] == 0x18) return 0;
    if (mode == 4 && o.max_record_bytes < sizeof dict_text) return 0; /* dictionary over the limit */
    long na = read_all(in, n, &o, false, plain, &end_plain);
    if (na < 0) return 0;
    FUZZ_CHECK(na == nb);
    for (long i = 0; i < na && i < MAX_RECS; i++) {
        if (plain[i].skip != packed[i].skip || plain[i].http != packed[i].http ||
            plain[i].payload_len != packed[i].payload_len || plain[i].payload_hash != packed[i].payload_hash) {
            fprintf(stderr, "record %ld: plain skip %d len %zu, wrapped skip %d len %zu\n", i, plain[i].skip,
                    plain[i].payload_len, packed[i].skip, packed[i].payload_len);
            abort();
        }
    }
    FUZZ_CHECK(end_plain == end_packed);
    return 0;
}

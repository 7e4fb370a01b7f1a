/* The decoding input stream: plain, gzip members or zstd frames. */
#include "zin.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#define RAW_CHUNK ((size_t)256 << 10)
/* Raw bytes of the current member kept for resynchronising after damage. */
#define KEEP_MEMBER ((size_t)1 << 20)
/* Compressed bytes offered to the one-shot gzip decoder; larger members
 * stream through zlib. */
#define FAST_IN ((size_t)256 << 10)
#define ZSTD_MAGIC 0xFD2FB528u
#define ZSTD_WARC_DICT 0x184D2A5Du

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

bool pith_zin_init(pith_zin *z, int fd, const void *mem, size_t len, size_t max_dict)
{
    memset(z, 0, sizeof *z);
    z->fd = fd;
    z->max_dict = max_dict;
    if (fd < 0) {
        z->raw = mem;
        z->raw_len = mem ? len : 0;
        z->raw_eof = true;
    }
    return true;
}

void pith_zin_free(pith_zin *z)
{
    if (z->z) {
        inflateEnd(z->z);
        free(z->z);
    }
    ZSTD_freeDCtx(z->zd);
    if (z->ld) libdeflate_free_decompressor(z->ld);
    free(z->own);
    free(z->marks);
    memset(z, 0, sizeof *z);
    z->fd = -1;
}

uint64_t pith_zin_tell(const pith_zin *z) { return z->raw_base + z->raw_pos; }

static ssize_t fail(pith_zin *z, pith_status st, uint64_t off, const char *fmt, const char *arg)
{
    z->status = st;
    z->err_offset = off;
    snprintf(z->msg, sizeof z->msg, fmt, (unsigned long long)off, arg ? arg : "");
    return PITH_ZIN_ERROR;
}

/* Makes at least `n` unread raw bytes available unless the input ends first;
 * returns how many are available, or (size_t)-1 on a read error. */
static size_t raw_need(pith_zin *z, size_t n)
{
    size_t have = z->raw_len - z->raw_pos;
    if (have >= n || z->raw_eof) return have;
    /* Keep the current member's start when it is near, for resynchronising. */
    size_t keep = z->raw_pos;
    uint64_t pos_abs = z->raw_base + z->raw_pos;
    if (z->in_member && z->member_raw >= z->raw_base && pos_abs - z->member_raw <= KEEP_MEMBER)
        keep = (size_t)(z->member_raw - z->raw_base);
    size_t live = z->raw_len - keep;
    size_t want = live + (n - have > RAW_CHUNK ? n - have : RAW_CHUNK);
    if (want > z->own_cap) {
        unsigned char *p = realloc(z->own, want);
        if (!p) {
            z->status = PITH_ERR_NOMEM;
            return (size_t)-1;
        }
        z->own = p;
        z->own_cap = want;
        z->raw = p;
    }
    if (keep) memmove(z->own, z->own + keep, live);
    z->raw_base += keep;
    z->raw_pos -= keep;
    z->raw_len = live;
    while (z->raw_len - z->raw_pos < n && !z->raw_eof) {
        ssize_t k = read(z->fd, z->own + z->raw_len, z->own_cap - z->raw_len);
        if (k < 0) {
            if (errno == EINTR) continue;
            fail(z, PITH_ERR_IO, pith_zin_tell(z), "read error at byte %llu: %s", strerror(errno));
            return (size_t)-1;
        }
        if (k == 0) z->raw_eof = true;
        z->raw_len += (size_t)k;
        if (z->raw_len == z->own_cap) break;
    }
    return z->raw_len - z->raw_pos;
}

static bool add_mark(pith_zin *z)
{
    if (z->n_marks == z->cap_marks) {
        size_t cap = z->cap_marks ? z->cap_marks * 2 : 16;
        pith_zin_mark *m = realloc(z->marks, cap * sizeof *m);
        if (!m) return false;
        z->marks = m;
        z->cap_marks = cap;
    }
    z->marks[z->n_marks++] = (pith_zin_mark){z->dec_total, z->member_raw};
    return true;
}

uint64_t pith_zin_raw_offset(const pith_zin *z, uint64_t dec)
{
    if (z->fmt == PITH_ZIN_PLAIN || !z->n_marks) return dec;
    size_t i = z->n_marks;
    while (i > 1 && z->marks[i - 1].dec > dec) i--;
    return z->marks[i - 1].raw;
}

void pith_zin_forget(pith_zin *z, uint64_t dec)
{
    size_t drop = 0;
    while (drop + 1 < z->n_marks && z->marks[drop + 1].dec <= dec) drop++;
    if (!drop) return;
    memmove(z->marks, z->marks + drop, (z->n_marks - drop) * sizeof *z->marks);
    z->n_marks -= drop;
}

/* True when the raw bytes at `p` (n available) may start a member. */
static bool member_magic(pith_zin_format fmt, const unsigned char *p, size_t n)
{
    if (fmt == PITH_ZIN_GZIP)
        return n >= 4 && p[0] == 0x1F && p[1] == 0x8B && p[2] == 8 && (p[3] & 0xE0) == 0;
    if (n < 4) return false;
    uint32_t m = le32(p);
    return m == ZSTD_MAGIC || (m & 0xFFFFFFF0u) == 0x184D2A50u;
}

/* After damage at file offset `bad`, moves to the next plausible member
 * start after it (or the end of input) and reports the gap. Returns
 * PITH_ZIN_GAP, PITH_ZIN_EOF when only NUL padding was skipped, or an error. */
static ssize_t resync(pith_zin *z, uint64_t bad, const char *what)
{
    z->in_member = false;
    uint64_t from = bad + 1;
    if (from < z->raw_base) from = z->raw_base;
    if (from > z->raw_base + z->raw_len) from = z->raw_base + z->raw_len;
    z->raw_pos = (size_t)(from - z->raw_base);
    bool all_zero = true;
    if (what == NULL && bad >= z->raw_base && z->raw[bad - z->raw_base] != 0) all_zero = false;
    for (;;) {
        size_t have = raw_need(z, 4);
        if (have == (size_t)-1) return PITH_ZIN_ERROR;
        const unsigned char *p = z->raw + z->raw_pos;
        size_t i = 0;
        for (; i + 4 <= have; i++) {
            if (member_magic(z->fmt, p + i, have - i)) break;
            if (p[i]) all_zero = false;
        }
        if (i + 4 <= have) {
            z->raw_pos += i;
            break;
        }
        if (z->raw_eof) {
            for (; i < have; i++)
                if (p[i]) all_zero = false;
            z->raw_pos += have;
            break;
        }
        /* keep the last three bytes: a magic may straddle the refill */
        z->raw_pos += i;
        if (raw_need(z, have - i + 1) == (size_t)-1) return PITH_ZIN_ERROR;
    }
    uint64_t next = pith_zin_tell(z);
    if (!what && all_zero) return PITH_ZIN_EOF;
    z->err_offset = bad;
    const char *kind = z->fmt == PITH_ZIN_GZIP ? "gzip" : "zstd";
    bool end = z->raw_eof && z->raw_pos == z->raw_len;
    if (what)
        snprintf(z->msg, sizeof z->msg, "corrupt %s data in the member at byte %llu (%s); %s%llu",
                 kind, (unsigned long long)bad, what,
                 end ? "no later member, the file ends at byte " : "reading resumes at byte ",
                 (unsigned long long)next);
    else
        snprintf(z->msg, sizeof z->msg, "bytes %llu to %llu are not %s data",
                 (unsigned long long)bad, (unsigned long long)next, kind);
    return PITH_ZIN_GAP;
}

static ssize_t read_plain(pith_zin *z, char *dst, size_t cap)
{
    size_t have = z->raw_len - z->raw_pos;
    if (!have) {
        have = raw_need(z, 1);
        if (have == (size_t)-1) return PITH_ZIN_ERROR;
        if (!have) return PITH_ZIN_EOF;
    }
    size_t n = have < cap ? have : cap;
    memcpy(dst, z->raw + z->raw_pos, n);
    z->raw_pos += n;
    z->dec_total += n;
    return (ssize_t)n;
}

static ssize_t read_gzip(pith_zin *z, char *dst, size_t cap)
{
    z_stream *s = z->z;
    if (!s) {
        s = calloc(1, sizeof *s);
        if (!s || inflateInit2(s, 15 + 16) != Z_OK) {
            free(s);
            z->status = PITH_ERR_NOMEM;
            return PITH_ZIN_ERROR;
        }
        z->z = s;
    }
    size_t got = 0;
    for (;;) {
        if (!z->in_member) {
            size_t have = raw_need(z, 10);
            if (have == (size_t)-1) return PITH_ZIN_ERROR;
            if (!have) return got ? (ssize_t)got : PITH_ZIN_EOF;
            if (!member_magic(PITH_ZIN_GZIP, z->raw + z->raw_pos, have)) {
                if (got) return (ssize_t)got;
                return resync(z, pith_zin_tell(z), NULL);
            }
            z->member_raw = pith_zin_tell(z);
            if (!add_mark(z)) {
                z->status = PITH_ERR_NOMEM;
                return PITH_ZIN_ERROR;
            }
            /* Most members (one record each) fit in the buffers: libdeflate
             * decodes them in one go, about twice as fast as zlib. Anything
             * it refuses (too big, truncated, corrupt) streams through zlib,
             * which also tells those cases apart. */
            if (z->ld || (z->ld = libdeflate_alloc_decompressor())) {
                have = raw_need(z, FAST_IN);
                if (have == (size_t)-1) return PITH_ZIN_ERROR;
                size_t used = 0, made = 0;
                if (libdeflate_gzip_decompress_ex(z->ld, z->raw + z->raw_pos, have, dst + got, cap - got, &used,
                                                  &made) == LIBDEFLATE_SUCCESS) {
                    z->raw_pos += used;
                    got += made;
                    z->dec_total += made;
                    if (got) return (ssize_t)got;
                    continue;
                }
            }
            inflateReset(s);
            z->in_member = true;
        }
        size_t have = z->raw_len - z->raw_pos;
        if (!have && !z->raw_eof) {
            have = raw_need(z, 1);
            if (have == (size_t)-1) return PITH_ZIN_ERROR;
        }
        uInt in_n = have > UINT32_MAX ? UINT32_MAX : (uInt)have;
        size_t room = cap - got;
        uInt out_n = room > UINT32_MAX ? UINT32_MAX : (uInt)room;
        s->next_in = (Bytef *)(z->raw + z->raw_pos);
        s->avail_in = in_n;
        s->next_out = (Bytef *)dst + got;
        s->avail_out = out_n;
        int rc = inflate(s, Z_NO_FLUSH);
        size_t used = in_n - s->avail_in, made = out_n - s->avail_out;
        z->raw_pos += used;
        got += made;
        z->dec_total += made;
        if (rc == Z_STREAM_END) {
            z->in_member = false;
            if (got) return (ssize_t)got; /* one call never crosses a member boundary */
            continue;
        }
        if (rc == Z_MEM_ERROR) {
            z->status = PITH_ERR_NOMEM;
            return PITH_ZIN_ERROR;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            const char *why = s->msg ? s->msg : "invalid data";
            if (got) { /* hand out the good bytes first; the gap comes next call */
                z->pending = why;
                return (ssize_t)got;
            }
            return resync(z, z->member_raw, why);
        }
        if (got == cap) return (ssize_t)got;
        if (!used && !made && z->raw_pos == z->raw_len && z->raw_eof) {
            if (got) return (ssize_t)got;
            return fail(z, PITH_ERR_TRUNCATED, z->member_raw,
                        "the gzip member at byte %llu is truncated%s", " (the file ends inside it)");
        }
    }
}

/* Decompresses the dictionary's own zstd frame (`size` bytes at d) into a
 * new buffer of at most max_dict bytes; a frame that does not state its size
 * (written by a stream) grows the buffer as it decodes. Returns the buffer
 * and its length in *n, or NULL with the error set. */
static void *unpack_dict(pith_zin *z, const unsigned char *d, size_t size, size_t *n)
{
    unsigned long long want = ZSTD_getFrameContentSize(d, size);
    if (want == ZSTD_CONTENTSIZE_ERROR || (want != ZSTD_CONTENTSIZE_UNKNOWN && want > z->max_dict)) {
        fail(z, PITH_ERR_MALFORMED, pith_zin_tell(z), "the zstd dictionary at byte %llu has no usable size%s", "");
        return NULL;
    }
    size_t cap = want != ZSTD_CONTENTSIZE_UNKNOWN ? (size_t)want : size * 4 < z->max_dict ? size * 4 : z->max_dict;
    if (!cap) cap = 1;
    unsigned char *buf = malloc(cap);
    ZSTD_DStream *ds = ZSTD_createDStream();
    if (!buf || !ds) {
        free(buf);
        ZSTD_freeDStream(ds);
        z->status = PITH_ERR_NOMEM;
        return NULL;
    }
    ZSTD_inBuffer in = {d, size, 0};
    ZSTD_outBuffer out = {buf, cap, 0};
    const char *bad = NULL;
    for (;;) {
        size_t r = ZSTD_decompressStream(ds, &out, &in);
        if (ZSTD_isError(r)) {
            bad = ZSTD_getErrorName(r);
            break;
        }
        if (r == 0) break; /* the frame is complete */
        if (in.pos == in.size && out.pos < out.size) {
            bad = "the frame is cut short";
            break;
        }
        if (out.pos == out.size) {
            if (cap >= z->max_dict) {
                bad = "larger than the dictionary limit";
                break;
            }
            size_t ncap = cap * 2 < z->max_dict ? cap * 2 : z->max_dict;
            unsigned char *p = realloc(buf, ncap);
            if (!p) {
                free(buf);
                ZSTD_freeDStream(ds);
                z->status = PITH_ERR_NOMEM;
                return NULL;
            }
            buf = p;
            cap = ncap;
            out.dst = buf;
            out.size = cap;
        }
    }
    ZSTD_freeDStream(ds);
    if (bad) {
        free(buf);
        fail(z, PITH_ERR_MALFORMED, pith_zin_tell(z), "the zstd dictionary at byte %llu does not decompress: %s", bad);
        return NULL;
    }
    *n = out.pos;
    return buf;
}

/* Reads the zstd-WARC dictionary frame's `size` bytes (compressed or not)
 * and loads them into the decoder. */
static ssize_t load_dict(pith_zin *z, size_t size)
{
    size_t have = raw_need(z, size);
    if (have == (size_t)-1) return PITH_ZIN_ERROR;
    if (have < size)
        return fail(z, PITH_ERR_TRUNCATED, pith_zin_tell(z),
                    "the zstd dictionary frame at byte %llu is truncated%s", "");
    const unsigned char *d = z->raw + z->raw_pos;
    size_t rc;
    if (size >= 4 && le32(d) == ZSTD_MAGIC) {
        size_t n = 0;
        void *buf = unpack_dict(z, d, size, &n);
        if (!buf) return PITH_ZIN_ERROR;
        rc = ZSTD_DCtx_loadDictionary(z->zd, buf, n);
        free(buf);
    } else {
        rc = ZSTD_DCtx_loadDictionary(z->zd, d, size);
    }
    if (ZSTD_isError(rc))
        return fail(z, PITH_ERR_MALFORMED, pith_zin_tell(z),
                    "the zstd dictionary at byte %llu is unusable: %s", ZSTD_getErrorName(rc));
    z->raw_pos += size;
    return 1;
}

static ssize_t read_zstd(pith_zin *z, char *dst, size_t cap)
{
    if (!z->zd && !(z->zd = ZSTD_createDCtx())) {
        z->status = PITH_ERR_NOMEM;
        return PITH_ZIN_ERROR;
    }
    size_t got = 0;
    for (;;) {
        if (!z->in_member) {
            size_t have = raw_need(z, 8);
            if (have == (size_t)-1) return PITH_ZIN_ERROR;
            if (!have) return got ? (ssize_t)got : PITH_ZIN_EOF;
            const unsigned char *p = z->raw + z->raw_pos;
            if (!member_magic(PITH_ZIN_ZSTD, p, have)) {
                if (got) return (ssize_t)got;
                return resync(z, pith_zin_tell(z), NULL);
            }
            uint32_t magic = le32(p);
            if (magic != ZSTD_MAGIC) { /* a skippable frame */
                if (have < 8) {
                    if (got) return (ssize_t)got;
                    return fail(z, PITH_ERR_TRUNCATED, pith_zin_tell(z),
                                "the zstd skippable frame at byte %llu is truncated%s", "");
                }
                uint64_t size = le32(p + 4);
                bool dict = magic == ZSTD_WARC_DICT && pith_zin_tell(z) == 0;
                z->raw_pos += 8;
                if (dict) {
                    if (size > z->max_dict)
                        return fail(z, PITH_ERR_TOO_LARGE, 0,
                                    "the zstd dictionary frame at byte %llu is larger than the limit%s", "");
                    ssize_t r = load_dict(z, (size_t)size);
                    if (r < 0) return r;
                    continue;
                }
                while (size) {
                    size_t h = z->raw_len - z->raw_pos;
                    if (!h) {
                        h = raw_need(z, 1);
                        if (h == (size_t)-1) return PITH_ZIN_ERROR;
                        if (!h) {
                            if (got) return (ssize_t)got;
                            return fail(z, PITH_ERR_TRUNCATED, pith_zin_tell(z),
                                        "a zstd skippable frame is truncated at byte %llu%s", "");
                        }
                    }
                    size_t k = h < size ? h : (size_t)size;
                    z->raw_pos += k;
                    size -= k;
                }
                continue;
            }
            z->member_raw = pith_zin_tell(z);
            if (!add_mark(z)) {
                z->status = PITH_ERR_NOMEM;
                return PITH_ZIN_ERROR;
            }
            ZSTD_DCtx_reset(z->zd, ZSTD_reset_session_only);
            z->in_member = true;
        }
        size_t have = z->raw_len - z->raw_pos;
        if (!have && !z->raw_eof) {
            have = raw_need(z, 1);
            if (have == (size_t)-1) return PITH_ZIN_ERROR;
        }
        ZSTD_inBuffer in = {z->raw + z->raw_pos, have, 0};
        ZSTD_outBuffer out = {dst + got, cap - got, 0};
        size_t rc = ZSTD_decompressStream(z->zd, &out, &in);
        z->raw_pos += in.pos;
        got += out.pos;
        z->dec_total += out.pos;
        if (ZSTD_isError(rc)) {
            if (ZSTD_getErrorCode(rc) == ZSTD_error_memory_allocation) {
                z->status = PITH_ERR_NOMEM;
                return PITH_ZIN_ERROR;
            }
            if (got) {
                z->pending = ZSTD_getErrorName(rc);
                return (ssize_t)got;
            }
            return resync(z, z->member_raw, ZSTD_getErrorName(rc));
        }
        if (rc == 0) {
            z->in_member = false;
            if (got) return (ssize_t)got;
            continue;
        }
        if (got == cap) return (ssize_t)got;
        if (!in.pos && !out.pos && z->raw_pos == z->raw_len && z->raw_eof) {
            if (got) return (ssize_t)got;
            return fail(z, PITH_ERR_TRUNCATED, z->member_raw,
                        "the zstd frame at byte %llu is truncated%s", " (the file ends inside it)");
        }
    }
}

static ssize_t zin_read(pith_zin *z, char *dst, size_t cap)
{
    if (z->status != PITH_OK) return PITH_ZIN_ERROR;
    if (!cap) return PITH_ZIN_EOF;
    if (z->pending) {
        const char *why = z->pending;
        z->pending = NULL;
        return resync(z, z->member_raw, why);
    }
    if (z->fmt == PITH_ZIN_UNKNOWN) {
        size_t have = raw_need(z, 4);
        if (have == (size_t)-1) return PITH_ZIN_ERROR;
        const unsigned char *p = z->raw + z->raw_pos;
        if (have >= 2 && p[0] == 0x1F && p[1] == 0x8B) z->fmt = PITH_ZIN_GZIP;
        else if (have >= 4 && member_magic(PITH_ZIN_ZSTD, p, have)) z->fmt = PITH_ZIN_ZSTD;
        else z->fmt = PITH_ZIN_PLAIN;
    }
    switch (z->fmt) {
    case PITH_ZIN_GZIP: return read_gzip(z, dst, cap);
    case PITH_ZIN_ZSTD: return read_zstd(z, dst, cap);
    default: return read_plain(z, dst, cap);
    }
}

ssize_t pith_zin_read(pith_zin *z, char *dst, size_t cap)
{
    ssize_t k = zin_read(z, dst, cap);
    /* after damage the scan for the next member starts again just after the
     * damaged member's start: the furthest position reached is what was consumed */
    uint64_t t = pith_zin_tell(z);
    if (t > z->consumed) z->consumed = t;
    return k;
}

uint64_t pith_zin_consumed(const pith_zin *z)
{
    uint64_t t = pith_zin_tell(z);
    return t > z->consumed ? t : z->consumed;
}

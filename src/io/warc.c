/*
 * The WARC reader. Decoded bytes flow from pith_zin into a window; each
 * record is parsed in place there (its payload is handed out without a copy
 * when it needs no decoding). Every check that can fail on a damaged archive
 * ends in a record with a reason, so the caller can account for everything.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/buf.h"
#include "io/http.h"
#include "io/zin.h"
#include "pith.h"

/* Room made for each read once the window is grown: a whole typical record
 * decodes in one step. Windows start at WIN_MIN so small archives stay small. */
#define WIN_CHUNK ((size_t)1 << 20)
#define WIN_MIN ((size_t)16 << 10)
#define NONE ((size_t)-1)

enum { FILL_OK, FILL_EOF, FILL_ERR, FILL_GAP };

/* Offsets into w->strs of the record's strings (NONE when absent); turned
 * into pointers once the buffer stops growing. */
typedef struct fields {
    size_t type, id, uri, date, block_type, ident, ctype, mime, charset, segment, truncated;
} fields;

struct pith_warc {
    pith_warc_options opt;
    pith_zin in;
    int own_fd;                /* closed by pith_warc_close, or -1 */
    char *win;                 /* decoded bytes; [pos, len) not yet parsed */
    size_t cap, len, pos;
    uint64_t win_dec;          /* decoded offset of win[0] */
    int in_state;              /* FILL_OK, FILL_EOF or FILL_ERR once the input stopped */
    bool gap;                  /* damage follows the last byte in the window */
    uint64_t gap_off;
    char gap_msg[256];
    bool gap_merged;           /* a resync passed over damage for the current record */
    pith_warc_record rec;
    fields f;
    pith_buf strs;             /* the record's strings */
    pith_buf body, body2;      /* decoded payloads */
    char reason[400];
    char warning[200];
    pith_status err;           /* sticky: reading stopped */
    pith_status pending;       /* returned after the truncated record is yielded */
    char errmsg[400];
    uint64_t err_off;
    uint64_t nrec;
};

const char *pith_warc_skip_name(pith_warc_skip s)
{
    static const char *const names[PITH_WARC_SKIP_COUNT_] = {
        "ok", "type", "not_html", "empty", "http_status", "too_large",
        "unsupported", "malformed", "truncated", "corrupt"};
    return (unsigned)s < PITH_WARC_SKIP_COUNT_ ? names[s] : "unknown";
}

void pith_warc_options_init(pith_warc_options *o)
{
    memset(o, 0, sizeof *o);
    o->size = sizeof *o;
    o->max_header_bytes = (size_t)1 << 20;
    o->max_record_bytes = (size_t)64 << 20;
    o->max_payload_bytes = (size_t)64 << 20;
}

static pith_status open_common(int fd, const void *mem, size_t len, const pith_warc_options *o,
                               pith_warc **out)
{
    *out = NULL;
    pith_warc *w = calloc(1, sizeof *w);
    if (!w) return PITH_ERR_NOMEM;
    pith_warc_options_init(&w->opt);
    if (o && o->size >= sizeof(size_t)) {
        size_t n = o->size < sizeof w->opt ? o->size : sizeof w->opt;
        memcpy(&w->opt, o, n);
        w->opt.size = sizeof w->opt;
    }
    if (w->opt.max_header_bytes < 256) w->opt.max_header_bytes = 256;
    w->own_fd = -1;
    pith_zin_init(&w->in, fd, mem, len, w->opt.max_record_bytes);
    pith_buf_init(&w->strs);
    pith_buf_init(&w->body);
    pith_buf_init(&w->body2);
    *out = w;
    return PITH_OK;
}

pith_status pith_warc_open_fd(int fd, const pith_warc_options *o, pith_warc **out)
{
    if (!out) return PITH_ERR_INVALID;
    if (fd < 0) {
        *out = NULL;
        return PITH_ERR_INVALID;
    }
    return open_common(fd, NULL, 0, o, out);
}

pith_status pith_warc_open_mem(const void *data, size_t len, const pith_warc_options *o,
                               pith_warc **out)
{
    if (!out) return PITH_ERR_INVALID;
    if (!data && len) {
        *out = NULL;
        return PITH_ERR_INVALID;
    }
    return open_common(-1, data, len, o, out);
}

pith_status pith_warc_open_file(const char *path, const pith_warc_options *o, pith_warc **out)
{
    if (!out) return PITH_ERR_INVALID;
    *out = NULL;
    if (!path) return PITH_ERR_INVALID;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return PITH_ERR_IO;
    pith_status st = open_common(fd, NULL, 0, o, out);
    if (st != PITH_OK) {
        int e = errno;
        close(fd);
        errno = e;
        return st;
    }
    (*out)->own_fd = fd;
    return PITH_OK;
}

void pith_warc_close(pith_warc *w)
{
    if (!w) return;
    pith_zin_free(&w->in);
    if (w->own_fd >= 0) close(w->own_fd);
    free(w->win);
    pith_buf_free(&w->strs);
    pith_buf_free(&w->body);
    pith_buf_free(&w->body2);
    free(w);
}

const char *pith_warc_error(const pith_warc *w, uint64_t *offset)
{
    if (!w || w->err == PITH_OK) return NULL;
    if (offset) *offset = w->err_off;
    return w->errmsg;
}

uint64_t pith_warc_tell(const pith_warc *w) { return w ? pith_zin_consumed(&w->in) : 0; }

/* ---- the window ---- */

/* Makes `need` unparsed bytes available from pos. FILL_EOF, FILL_ERR and
 * FILL_GAP mean fewer are there; bytes already in the window stay. */
static int fill(pith_warc *w, size_t need)
{
    while (w->len - w->pos < need) {
        if (w->gap) return FILL_GAP;
        if (w->in_state != FILL_OK) return w->in_state;
        size_t want = need - (w->len - w->pos);
        /* the window starts at WIN_MIN and doubles up to WIN_CHUNK, so a
         * small archive costs little; a read wants half a step of room */
        size_t step = w->cap < WIN_MIN ? WIN_MIN : w->cap < WIN_CHUNK ? w->cap : WIN_CHUNK;
        size_t room = want > step / 2 ? want : step / 2;
        if (w->pos && w->cap - w->len < room) {
            memmove(w->win, w->win + w->pos, w->len - w->pos);
            w->win_dec += w->pos;
            w->len -= w->pos;
            w->pos = 0;
        }
        if (w->cap - w->len < room) {
            size_t cap = w->len + (want > step ? want : step);
            if (want <= WIN_CHUNK && cap < w->cap * 2) cap = w->cap * 2; /* amortise small steps */
            char *p = realloc(w->win, cap);
            if (!p) {
                w->in.status = PITH_ERR_NOMEM;
                w->in_state = FILL_ERR;
                return FILL_ERR;
            }
            w->win = p;
            w->cap = cap;
        }
        ssize_t k = pith_zin_read(&w->in, w->win + w->len, w->cap - w->len);
        if (k > 0) {
            w->len += (size_t)k;
        } else if (k == PITH_ZIN_EOF) {
            w->in_state = FILL_EOF;
        } else if (k == PITH_ZIN_GAP) {
            w->gap = true;
            w->gap_off = w->in.err_offset;
            snprintf(w->gap_msg, sizeof w->gap_msg, "%s", w->in.msg);
        } else {
            w->in_state = FILL_ERR;
        }
    }
    return FILL_OK;
}

static size_t avail(const pith_warc *w) { return w->len - w->pos; }

/* The file offset of window byte `i`. */
static uint64_t file_off(const pith_warc *w, size_t i)
{
    return pith_zin_raw_offset(&w->in, w->win_dec + i);
}

/* True when window byte k starts a whole version line "WARC/1.0" or
 * "WARC/1.1" and its CRLF: a record glued to the bytes before it (no line
 * break between) is still found by this, where a looser pattern in the
 * middle of a line would more likely be text. */
static bool glued_header(const pith_warc *w, size_t k)
{
    return k + 10 <= w->len && !memcmp(w->win + k, "WARC/1.", 7) && (w->win[k + 7] == '0' || w->win[k + 7] == '1') &&
           w->win[k + 8] == '\r' && w->win[k + 9] == '\n';
}

/* Index of the next "WARC/<digit>." at the start of a line in window bytes
 * [from, len), or NONE. `line_start` says whether `from` starts a line.
 * With `glued`, a whole version line also counts in the middle of a line. */
static size_t find_warc_line(const pith_warc *w, size_t from, bool line_start, bool glued)
{
    size_t i = from;
    while (i + 7 <= w->len) {
        const char *p = memmem(w->win + i, w->len - i, "WARC/", 5);
        if (!p) return NONE;
        size_t k = (size_t)(p - w->win);
        bool at_line = k == from ? line_start : w->win[k - 1] == '\n' || w->win[k - 1] == '\r';
        if (at_line && k + 7 <= w->len && w->win[k + 5] >= '0' && w->win[k + 5] <= '9' && w->win[k + 6] == '.')
            return k;
        if (glued && glued_header(w, k)) return k;
        i = k + 1;
    }
    return NONE;
}

/* Moves pos to the next WARC header line after `from` (relative to pos),
 * reading and dropping bytes as needed. Damage met on the way is merged into
 * the caller's failure (gap_merged is set) and the search goes on after it.
 * Returns FILL_OK when a header line was found (pos is there), else the fill
 * result that ended the search (pos at len). */
static int skip_to_warc(pith_warc *w, size_t from)
{
    bool line_start = from == 0 ? false : w->win[w->pos + from - 1] == '\n';
    size_t scan = w->pos + from;
    for (;;) {
        size_t k = find_warc_line(w, scan, line_start, true);
        if (k != NONE) {
            w->pos = k;
            return FILL_OK;
        }
        /* keep the last bytes: a header line may straddle the next read */
        size_t keep = w->len - scan < 16 ? w->len - scan : 16;
        w->pos = w->len - keep;
        line_start = w->pos > 0 && w->win[w->pos - 1] == '\n';
        int r = fill(w, keep + 1);
        scan = w->pos; /* fill may have moved the window's bytes down */
        if (r == FILL_GAP) { /* what follows the damage starts a new member */
            w->gap = false;
            w->gap_merged = true;
            w->pos = scan = w->len;
            line_start = true;
            continue;
        }
        if (r != FILL_OK) {
            k = find_warc_line(w, scan, line_start, true);
            if (k != NONE) {
                w->pos = k;
                return FILL_OK;
            }
            w->pos = w->len;
            return r;
        }
    }
}

/* ---- building the record ---- */

static size_t put_str(pith_warc *w, const char *s, size_t n)
{
    size_t off = w->strs.len;
    if (!pith_buf_append(&w->strs, s, n) || !pith_buf_putc(&w->strs, '\0')) return NONE;
    return off;
}

static const char *str_at(const pith_warc *w, size_t off)
{
    return off == NONE || w->strs.oom ? NULL : w->strs.data + off;
}

static void begin_record(pith_warc *w, size_t start)
{
    memset(&w->rec, 0, sizeof w->rec);
    w->rec.size = sizeof w->rec;
    w->rec.input = PITH_INPUT_HTML;
    w->rec.offset = file_off(w, start);
    memset(&w->f, 0xFF, sizeof w->f);
    pith_buf_reset(&w->strs);
    w->reason[0] = w->warning[0] = '\0';
    w->gap_merged = false;
}

/* Fills the record's string pointers and returns it. */
static const pith_warc_record *finish_record(pith_warc *w)
{
    pith_warc_record *r = &w->rec;
    r->type = str_at(w, w->f.type);
    r->record_id = str_at(w, w->f.id);
    r->target_uri = str_at(w, w->f.uri);
    r->date = str_at(w, w->f.date);
    r->block_type = str_at(w, w->f.block_type);
    r->identified_type = str_at(w, w->f.ident);
    r->content_type = str_at(w, w->f.ctype);
    r->mime = str_at(w, w->f.mime);
    r->charset = str_at(w, w->f.charset);
    r->reason = r->skip != PITH_WARC_OK ? (w->reason[0] ? w->reason : pith_warc_skip_name(r->skip)) : NULL;
    r->warning = w->warning[0] ? w->warning : NULL;
    w->nrec++;
    return r;
}

static void set_skip(pith_warc *w, pith_warc_skip s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_skip(pith_warc *w, pith_warc_skip s, const char *fmt, ...)
{
    w->rec.skip = s;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->reason, sizeof w->reason, fmt, ap);
    va_end(ap);
}

static void stop(pith_warc *w, pith_status st, uint64_t off, const char *msg)
{
    w->err = st;
    w->err_off = off;
    snprintf(w->errmsg, sizeof w->errmsg, "%s", msg && *msg ? msg : pith_strerror(st));
}

/* The input failed (not a gap): records the fatal status from the stream. */
static pith_status input_failed(pith_warc *w)
{
    pith_status st = w->in.status != PITH_OK ? w->in.status : PITH_ERR_IO;
    stop(w, st, w->in.err_offset, w->in.msg);
    return st;
}

/* Parses the WARC header at window [pos, pos+hlen) into w->f; returns the
 * Content-Length, or -1 when it is missing or invalid. */
static int64_t parse_header(pith_warc *w, size_t hlen)
{
    const char *h = w->win + w->pos, *end = h + hlen;
    const char *nl = memchr(h, '\n', hlen);
    int64_t clen = -1;
    const char *p = nl ? nl + 1 : end;
    while (p < end) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e) e = end;
        const char *line = p;
        size_t n = (size_t)(e - p);
        p = e + 1;
        if (n && line[n - 1] == '\r') n--;
        if (!n || line[0] == ' ' || line[0] == '\t') continue;
        const char *colon = memchr(line, ':', n);
        if (!colon) continue;
        size_t nn = (size_t)(colon - line);
        const char *v = colon + 1;
        size_t vn = n - nn - 1;
        while (vn && (*v == ' ' || *v == '\t')) v++, vn--;
        while (vn && (v[vn - 1] == ' ' || v[vn - 1] == '\t')) vn--;
        while (nn && (line[nn - 1] == ' ' || line[nn - 1] == '\t')) nn--;
#define IS(name) (nn == sizeof(name) - 1 && !strncasecmp(line, name, nn))
        if (IS("Content-Length")) {
            clen = 0;
            if (!vn) clen = -1;
            for (size_t i = 0; i < vn; i++) {
                if (v[i] < '0' || v[i] > '9' || clen > ((int64_t)1 << 58)) {
                    clen = -1;
                    break;
                }
                clen = clen * 10 + (v[i] - '0');
            }
        } else if (IS("WARC-Type")) {
            w->f.type = put_str(w, v, vn);
        } else if (IS("WARC-Record-ID")) {
            w->f.id = put_str(w, v, vn);
        } else if (IS("WARC-Target-URI")) {
            if (vn >= 2 && v[0] == '<' && v[vn - 1] == '>') v++, vn -= 2; /* WARC/1.0 examples */
            w->f.uri = put_str(w, v, vn);
        } else if (IS("WARC-Date")) {
            w->f.date = put_str(w, v, vn);
        } else if (IS("Content-Type")) {
            w->f.block_type = put_str(w, v, vn);
        } else if (IS("WARC-Identified-Payload-Type")) {
            w->f.ident = put_str(w, v, vn);
        } else if (IS("WARC-Segment-Number")) {
            w->f.segment = put_str(w, v, vn);
        } else if (IS("WARC-Truncated")) {
            w->f.truncated = put_str(w, v, vn);
        }
#undef IS
    }
    return clen;
}

/* Finds the end of the header block starting at pos: returns its length
 * (including the blank line), 0 when more bytes are needed, NONE when none
 * is within the limit. `*scanned` carries the search position across calls. */
static size_t header_end(const pith_warc *w, size_t *scanned)
{
    const char *h = w->win + w->pos;
    size_t n = avail(w);
    size_t i = *scanned;
    while (i < n) {
        const char *nl = memchr(h + i, '\n', n - i);
        if (!nl) break;
        size_t k = (size_t)(nl - h);
        /* blank line: "\n\n" or "\n\r\n" */
        size_t end = k + 1 < n && h[k + 1] == '\n' ? k + 2
                   : k + 2 < n && h[k + 1] == '\r' && h[k + 2] == '\n' ? k + 3 : 0;
        if (end) return end > w->opt.max_header_bytes ? NONE : end;
        if (k + 2 >= n) { /* cannot tell yet */
            *scanned = k;
            return n > w->opt.max_header_bytes ? NONE : 0;
        }
        i = k + 1;
    }
    *scanned = i;
    return n > w->opt.max_header_bytes ? NONE : 0;
}

/* ---- payload decisions ---- */

static bool eq_ci(const char *a, size_t an, const char *b)
{
    return strlen(b) == an && !strncasecmp(a, b, an);
}

/* Undoes the transfer and content codings of an HTTP body; sets the
 * record's payload or its skip reason. False when out of memory. */
static bool decode_body(pith_warc *w, const pith_http_head *h, const char *body, size_t blen)
{
    size_t max = w->opt.max_payload_bytes;
    const char *data = body;
    size_t dlen = blen;
    pith_buf *cur = &w->body, *other = &w->body2;
    if (h->tenc && memmem(h->tenc, h->tenc_len, "chunked", 7)) {
        pith_decode_result r = pith_http_dechunk(data, dlen, max, cur);
        if (r == PITH_DECODE_NOMEM) return false;
        if (r == PITH_DECODE_TOO_LARGE) {
            set_skip(w, PITH_WARC_SKIP_TOO_LARGE, "chunked payload larger than the limit of %zu bytes", max);
            return true;
        }
        if (r == PITH_DECODE_NOT_ENCODED) {
            snprintf(w->warning, sizeof w->warning, "Transfer-Encoding: chunked, but the body is not chunked; used as stored");
        } else {
            if (r == PITH_DECODE_PARTIAL)
                snprintf(w->warning, sizeof w->warning, "chunked body ends early; the chunks before are used");
            data = cur->data ? cur->data : "";
            dlen = cur->len;
            pith_buf *t = cur; cur = other; other = t;
        }
    }
    /* codings are listed in the order applied, so undo them from the last */
    const char *list = h->cenc;
    size_t ln = h->cenc_len;
    for (int rounds = 0; list && ln && rounds < 4; rounds++) {
        size_t s = ln;
        while (s && list[s - 1] != ',') s--;
        const char *name = list + s;
        size_t nn = ln - s;
        while (nn && (*name == ' ' || *name == '\t')) name++, nn--;
        while (nn && (name[nn - 1] == ' ' || name[nn - 1] == '\t')) nn--;
        ln = s ? s - 1 : 0;
        if (!nn || eq_ci(name, nn, "identity")) continue;
        pith_decode_result r = pith_http_decode(name, nn, data, dlen, max, cur);
        switch (r) {
        case PITH_DECODE_NOMEM: return false;
        case PITH_DECODE_TOO_LARGE:
            set_skip(w, PITH_WARC_SKIP_TOO_LARGE, "decompressed payload larger than the limit of %zu bytes", max);
            return true;
        case PITH_DECODE_UNSUPPORTED:
            set_skip(w, PITH_WARC_SKIP_UNSUPPORTED, "unsupported Content-Encoding '%.*s'", (int)(nn > 40 ? 40 : nn), name);
            return true;
        case PITH_DECODE_FAILED:
            set_skip(w, PITH_WARC_FAIL_MALFORMED, "Content-Encoding %.*s: the body does not decompress", (int)(nn > 40 ? 40 : nn), name);
            return true;
        case PITH_DECODE_NOT_ENCODED:
            if (!w->warning[0])
                snprintf(w->warning, sizeof w->warning, "Content-Encoding %.*s, but the body is not compressed; used as stored", (int)(nn > 40 ? 40 : nn), name);
            continue;
        case PITH_DECODE_PARTIAL:
            if (!w->warning[0])
                snprintf(w->warning, sizeof w->warning, "compressed body is damaged or truncated; the part before is used");
            /* fall through */
        case PITH_DECODE_OK:
            data = cur->data ? cur->data : "";
            dlen = cur->len;
            pith_buf *t = cur; cur = other; other = t;
            break;
        }
    }
    if (dlen > max) {
        set_skip(w, PITH_WARC_SKIP_TOO_LARGE, "payload of %zu bytes is larger than the limit of %zu", dlen, max);
        return true;
    }
    w->rec.payload = data;
    w->rec.payload_len = dlen;
    return true;
}

static bool html_mime(const char *m)
{
    return !strcmp(m, "text/html") || !strcmp(m, "application/xhtml+xml") ||
           !strcmp(m, "application/vnd.wap.xhtml+xml");
}

/* Decides what a complete, well-framed record yields. `block` is its content
 * block. False when out of memory. */
static bool classify(pith_warc *w, const char *block, size_t blen)
{
    pith_warc_record *r = &w->rec;
    const char *type = str_at(w, w->f.type);
    w->f.ctype = w->f.block_type; /* replaced by the HTTP one for responses */
    if (!type) {
        set_skip(w, PITH_WARC_FAIL_MALFORMED, "record has no WARC-Type");
        return true;
    }
    bool response = !strcasecmp(type, "response"), resource = !strcasecmp(type, "resource"),
         conversion = !strcasecmp(type, "conversion");
    if (!response && !resource && !conversion) {
        if (!strcasecmp(type, "revisit"))
            set_skip(w, PITH_WARC_SKIP_TYPE, "revisit record (refers to an earlier capture)");
        else
            set_skip(w, PITH_WARC_SKIP_TYPE, "%.40s record", type);
        return true;
    }
    if (w->f.segment != NONE) {
        set_skip(w, PITH_WARC_SKIP_UNSUPPORTED, "segmented record (continuations are not joined)");
        return true;
    }
    const char *btype = str_at(w, w->f.block_type);
    size_t ct_off = w->f.block_type;
    bool http = btype ? !strncasecmp(btype, "application/http", 16) : blen >= 5 && !memcmp(block, "HTTP/", 5);
    if (response && http) {
        pith_http_head h;
        pith_http_parse_result pr = pith_http_parse_head(block, blen, w->opt.max_header_bytes, &h);
        if (pr == PITH_HTTP_TOO_LARGE) {
            set_skip(w, PITH_WARC_SKIP_TOO_LARGE, "HTTP head larger than the limit of %zu bytes", w->opt.max_header_bytes);
            return true;
        }
        if (pr != PITH_HTTP_OK) {
            set_skip(w, PITH_WARC_FAIL_MALFORMED, "malformed HTTP response (no status line)");
            return true;
        }
        r->http_status = h.status;
        ct_off = h.ctype ? put_str(w, h.ctype, h.ctype_len) : NONE;
        w->f.ctype = ct_off;
        if (!decode_body(w, &h, block + h.head_len, blen - h.head_len)) return false;
        if (r->skip != PITH_WARC_OK) return true;
    } else {
        w->f.ctype = ct_off;
        r->payload = block;
        r->payload_len = blen;
    }
    if (w->f.truncated != NONE && !w->warning[0])
        snprintf(w->warning, sizeof w->warning, "the crawler truncated this record (%.60s)", str_at(w, w->f.truncated));
    /* media type: what the crawler identified, else what the server said */
    char mime[128] = "";
    const char *ct = str_at(w, ct_off);
    const char *ident = str_at(w, w->f.ident);
    if (conversion) snprintf(mime, sizeof mime, "text/plain");
    else if (ident) pith_http_media_type(ident, strlen(ident), mime, sizeof mime);
    if (!mime[0] && ct) pith_http_media_type(ct, strlen(ct), mime, sizeof mime);
    char cs[64];
    if (ct && pith_http_param(ct, strlen(ct), "charset", cs, sizeof cs)) w->f.charset = put_str(w, cs, strlen(cs));
    if (conversion) {
        r->input = PITH_INPUT_TEXT;
    } else if (!html_mime(mime) &&
               (!mime[0] || !strcmp(mime, "text/plain") || !strcmp(mime, "application/octet-stream") ||
                !strcmp(mime, "unk") || !strcmp(mime, "unknown")) &&
               pith_http_sniff_html(r->payload, r->payload_len)) {
        snprintf(mime, sizeof mime, "text/html"); /* mislabelled HTML */
    }
    if (mime[0]) w->f.mime = put_str(w, mime, strlen(mime));
    if (r->http_status && (r->http_status < 200 || r->http_status >= 300)) {
        set_skip(w, PITH_WARC_SKIP_HTTP_STATUS, "HTTP status %d", r->http_status);
        return true;
    }
    if (!r->payload_len) {
        set_skip(w, PITH_WARC_SKIP_EMPTY, "empty payload");
        return true;
    }
    if (!conversion && !html_mime(mime))
        set_skip(w, PITH_WARC_SKIP_NOT_HTML, "not HTML (%s)", mime[0] ? mime : "no media type");
    return true;
}

/* ---- reading records ---- */

/* A record cut short by the end of the input or by a fatal read error. */
static pith_status truncated(pith_warc *w, int r, size_t start_len, const pith_warc_record **out)
{
    if (r == FILL_ERR && w->in.status != PITH_ERR_TRUNCATED) {
        w->pos = w->len;
        return input_failed(w);
    }
    uint64_t off = r == FILL_ERR ? w->in.err_offset : pith_zin_tell(&w->in);
    char msg[300];
    if (r == FILL_ERR)
        snprintf(msg, sizeof msg, "%s", w->in.msg);
    else
        snprintf(msg, sizeof msg, "the archive ends at byte %llu inside the record at byte %llu",
                 (unsigned long long)off, (unsigned long long)w->rec.offset);
    set_skip(w, PITH_WARC_FAIL_TRUNCATED, "%s (%zu bytes of the record present)", msg, start_len);
    w->pending = PITH_ERR_TRUNCATED;
    w->err_off = off;
    snprintf(w->errmsg, sizeof w->errmsg, "%s", msg);
    w->pos = w->len;
    *out = finish_record(w);
    return PITH_OK;
}

/* Damage reported by the decoder: the record in progress (or, between
 * records, a record of its own) fails with the decoder's message. */
static pith_status corrupt(pith_warc *w, const pith_warc_record **out)
{
    set_skip(w, PITH_WARC_FAIL_CORRUPT, "%s", w->gap_msg);
    w->pos = w->len; /* everything before the gap belongs to the damaged part */
    w->gap = false;
    *out = finish_record(w);
    return PITH_OK;
}

/* Bytes that are not a record: skip to the next header line and report. */
static pith_status garbage(pith_warc *w, const pith_warc_record **out)
{
    size_t start = w->pos;
    uint64_t start_dec = w->win_dec + start;
    uint64_t start_off = w->rec.offset;
    int r = skip_to_warc(w, 1);
    uint64_t n = w->win_dec + w->pos - start_dec;
    if (r == FILL_ERR && w->in.status != PITH_ERR_TRUNCATED) return input_failed(w);
    if (r != FILL_OK && start_dec == 0 && r != FILL_GAP) {
        stop(w, PITH_ERR_MALFORMED, 0, "not a WARC archive: no 'WARC/1.x' header line found");
        return PITH_ERR_MALFORMED;
    }
    if (w->gap_merged)
        set_skip(w, PITH_WARC_FAIL_CORRUPT, "%s", w->gap_msg);
    else
        set_skip(w, PITH_WARC_FAIL_MALFORMED, "%llu bytes at byte %llu are not a WARC record",
                 (unsigned long long)n, (unsigned long long)start_off);
    *out = finish_record(w);
    return PITH_OK;
}

/* A record longer than max_record_bytes: passes over its content without
 * keeping it, stopping early if a later record header shows the declared
 * length is a lie. */
static pith_status skip_large(pith_warc *w, size_t hlen, uint64_t clen, const pith_warc_record **out)
{
    w->pos += hlen;
    uint64_t left = clen;
    while (left) {
        size_t step = left < WIN_CHUNK ? (size_t)left : WIN_CHUNK;
        int r = fill(w, step + 10);
        size_t have = avail(w) < step ? avail(w) : step;
        size_t look = avail(w) < have + 10 ? avail(w) : have + 10;
        /* a blank line and a header line starting inside the content mean
         * the length overruns the next record */
        const char *base = w->win + w->pos;
        const char *hit = memmem(base, look, "\r\n\r\nWARC/1.", 11);
        if (hit && (size_t)(hit - base) < have) {
            w->pos += (size_t)(hit - base) + 4;
            set_skip(w, PITH_WARC_FAIL_MALFORMED,
                     "Content-Length %llu overruns the next record at byte %llu",
                     (unsigned long long)clen, (unsigned long long)file_off(w, w->pos));
            *out = finish_record(w);
            return PITH_OK;
        }
        w->pos += have;
        left -= have;
        if (left && r == FILL_GAP && have < step) return corrupt(w, out);
        if (left && r != FILL_OK && have < step) return truncated(w, r, (size_t)(clen - left + hlen), out);
    }
    set_skip(w, PITH_WARC_SKIP_TOO_LARGE, "record of %llu bytes is larger than the limit of %zu",
             (unsigned long long)clen, w->opt.max_record_bytes);
    *out = finish_record(w);
    return PITH_OK;
}

/* After the content ends `total` bytes past pos: the blank line, then the
 * next record or the end. True when the framing holds. */
static bool framing_ok(pith_warc *w, size_t total, int *fr)
{
    *fr = fill(w, total + 4 + 16);
    /* an index taken before fill() would be stale: it may move the window */
    size_t i = w->pos + total, lim = w->len;
    /* the blank line says this record is framed right, whatever follows */
    if (lim - i >= 4 && !memcmp(w->win + i, "\r\n\r\n", 4)) return true;
    size_t crlf = 0;
    while (i < lim && crlf < 16 && (w->win[i] == '\r' || w->win[i] == '\n')) i++, crlf++;
    if (i == lim) return *fr != FILL_OK; /* the archive (or the intact part) ends here */
    return lim - i >= 5 && !memcmp(w->win + i, "WARC/", 5);
}

pith_status pith_warc_next(pith_warc *w, const pith_warc_record **out)
{
    if (!out) return PITH_ERR_INVALID;
    *out = NULL;
    if (!w) return PITH_ERR_INVALID;
    if (w->err != PITH_OK) return w->err;
    if (w->pending != PITH_OK) {
        w->err = w->pending;
        return w->err;
    }
    pith_zin_forget(&w->in, w->win_dec + w->pos);
    /* blank lines between records */
    int r;
    for (;;) {
        r = fill(w, 1);
        if (r != FILL_OK) break;
        char c = w->win[w->pos];
        if (c != '\r' && c != '\n') break;
        w->pos++;
    }
    begin_record(w, w->pos);
    if (r == FILL_GAP) {
        w->rec.offset = w->gap_off;
        return corrupt(w, out);
    }
    if (r == FILL_ERR && w->in.status != PITH_ERR_TRUNCATED) return input_failed(w);
    if (r != FILL_OK) {
        if (r == FILL_ERR) return truncated(w, r, 0, out);
        return PITH_OK; /* the end */
    }
    r = fill(w, 8);
    if (avail(w) < 8 || memcmp(w->win + w->pos, "WARC/", 5) != 0) {
        if (avail(w) < 8 && r != FILL_OK && r != FILL_GAP && avail(w) && !memcmp(w->win + w->pos, "WARC/", avail(w) < 5 ? avail(w) : 5))
            return truncated(w, r, avail(w), out);
        return garbage(w, out);
    }
    /* the header block */
    size_t scanned = 0, hlen;
    for (;;) {
        hlen = header_end(w, &scanned);
        if (hlen) break;
        r = fill(w, avail(w) + 4096);
        if (r != FILL_OK && (hlen = header_end(w, &scanned)) == 0) {
            size_t have = avail(w);
            parse_header(w, have);
            if (r == FILL_GAP) return corrupt(w, out);
            return truncated(w, r, have, out);
        }
    }
    if (hlen == NONE) {
        parse_header(w, w->opt.max_header_bytes);
        set_skip(w, PITH_WARC_SKIP_TOO_LARGE, "WARC header larger than the limit of %zu bytes",
                 w->opt.max_header_bytes);
        skip_to_warc(w, 5);
        if (w->gap_merged) set_skip(w, PITH_WARC_FAIL_CORRUPT, "%s", w->gap_msg);
        *out = finish_record(w);
        return PITH_OK;
    }
    int64_t clen = parse_header(w, hlen);
    if (w->strs.oom) {
        stop(w, PITH_ERR_NOMEM, w->rec.offset, NULL);
        return PITH_ERR_NOMEM;
    }
    if (clen < 0) {
        set_skip(w, PITH_WARC_FAIL_MALFORMED, "record has no valid Content-Length");
        skip_to_warc(w, hlen);
        if (w->gap_merged) set_skip(w, PITH_WARC_FAIL_CORRUPT, "%s", w->gap_msg);
        *out = finish_record(w);
        return PITH_OK;
    }
    w->rec.length = (uint64_t)clen;
    if ((uint64_t)clen > w->opt.max_record_bytes) return skip_large(w, hlen, (uint64_t)clen, out);
    size_t total = hlen + (size_t)clen;
    r = fill(w, total);
    if (r != FILL_OK) {
        /* a later header inside the short content means the length lies */
        size_t k = find_warc_line(w, w->pos + hlen, true, false);
        if (k != NONE) {
            w->pos = k;
            set_skip(w, PITH_WARC_FAIL_MALFORMED,
                     "Content-Length %lld overruns the next record at byte %llu",
                     (long long)clen, (unsigned long long)file_off(w, k));
            *out = finish_record(w);
            return PITH_OK;
        }
        if (r == FILL_GAP) return corrupt(w, out);
        return truncated(w, r, avail(w), out);
    }
    int fr;
    if (!framing_ok(w, total, &fr)) {
        /* the declared length is wrong: find where the next record really starts */
        int sr = skip_to_warc(w, hlen);
        if (w->gap_merged)
            set_skip(w, PITH_WARC_FAIL_CORRUPT, "%s", w->gap_msg);
        else if (sr == FILL_OK)
            set_skip(w, PITH_WARC_FAIL_MALFORMED,
                     "Content-Length %lld does not match the record; the next record starts at byte %llu",
                     (long long)clen, (unsigned long long)file_off(w, w->pos));
        else
            set_skip(w, PITH_WARC_FAIL_MALFORMED,
                     "Content-Length %lld does not match the record; no later record found",
                     (long long)clen);
        *out = finish_record(w);
        return PITH_OK;
    }
    /* damage right after the content, in the member the content came from */
    if (fr == FILL_GAP && w->gap && file_off(w, w->pos + total - 1) == w->gap_off) return corrupt(w, out);
    const char *block = w->win + w->pos + hlen;
    if (!classify(w, block, (size_t)clen)) {
        stop(w, PITH_ERR_NOMEM, w->rec.offset, NULL);
        return PITH_ERR_NOMEM;
    }
    if (w->strs.oom) {
        stop(w, PITH_ERR_NOMEM, w->rec.offset, NULL);
        return PITH_ERR_NOMEM;
    }
    w->pos += total;
    *out = finish_record(w);
    return PITH_OK;
}

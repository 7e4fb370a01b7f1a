/* HTTP response heads, chunked transfer coding and content codings. */
#include "http.h"

#include <brotli/decode.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>
#include <zstd.h>

#define MAX_INTERIM 8 /* 1xx heads skipped before the final one */

static bool is_space(char c) { return c == ' ' || c == '\t'; }

/* Trims spaces and tabs (and a trailing CR) from both ends of [*p, *p+*n). */
static void trim(const char **p, size_t *n)
{
    while (*n && is_space(**p)) (*p)++, (*n)--;
    while (*n && (is_space((*p)[*n - 1]) || (*p)[*n - 1] == '\r')) (*n)--;
}

/* Parses one head at data[0..len); *used is set to its length. */
static pith_http_parse_result parse_one(const char *data, size_t len, size_t max_head,
                                        pith_http_head *h, size_t *used)
{
    size_t pos = 0;
    /* some writers leave blank lines before the status line */
    while (pos < len && pos < 16 && (data[pos] == '\r' || data[pos] == '\n')) pos++;
    if (len - pos < 12 || memcmp(data + pos, "HTTP/", 5) != 0) return PITH_HTTP_MALFORMED;
    const char *nl = memchr(data + pos, '\n', len - pos);
    size_t line_end = nl ? (size_t)(nl - data) : len;
    size_t i = pos + 5;
    while (i < line_end && data[i] != ' ') i++;
    while (i < line_end && data[i] == ' ') i++;
    if (i + 3 > line_end) return PITH_HTTP_MALFORMED;
    int st = 0;
    for (int k = 0; k < 3; k++) {
        char c = data[i + k];
        if (c < '0' || c > '9') return PITH_HTTP_MALFORMED;
        st = st * 10 + (c - '0');
    }
    if (i + 3 < line_end && data[i + 3] != ' ' && data[i + 3] != '\r') return PITH_HTTP_MALFORMED;
    memset(h, 0, sizeof *h);
    h->status = st;
    pos = line_end + 1;
    for (;;) {
        if (pos >= len) { /* no blank line: the head runs to the end */
            h->head_len = len;
            break;
        }
        if (pos > max_head) return PITH_HTTP_TOO_LARGE;
        nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        const char *line = data + pos;
        size_t n = end - pos;
        if (n && line[n - 1] == '\r') n--;
        pos = nl ? end + 1 : len;
        if (n == 0) {
            h->head_len = pos;
            break;
        }
        if (is_space(line[0])) continue; /* obsolete folding: the fields used here are short */
        const char *colon = memchr(line, ':', n);
        if (!colon) continue;
        size_t name_len = (size_t)(colon - line);
        const char *v = colon + 1;
        size_t vn = n - name_len - 1;
        trim(&v, &vn);
        while (name_len && is_space(line[name_len - 1])) name_len--;
        if (name_len == 12 && !strncasecmp(line, "Content-Type", 12)) {
            h->ctype = v, h->ctype_len = vn;
        } else if (name_len == 17 && !strncasecmp(line, "Transfer-Encoding", 17)) {
            h->tenc = v, h->tenc_len = vn;
        } else if (name_len == 16 && !strncasecmp(line, "Content-Encoding", 16)) {
            h->cenc = v, h->cenc_len = vn;
        }
    }
    *used = h->head_len;
    return PITH_HTTP_OK;
}

pith_http_parse_result pith_http_parse_head(const char *data, size_t len, size_t max_head,
                                            pith_http_head *h)
{
    size_t off = 0;
    for (int k = 0;; k++) {
        size_t used = 0;
        pith_http_parse_result r = parse_one(data + off, len - off, max_head, h, &used);
        if (r != PITH_HTTP_OK) return r;
        h->head_len = off + used;
        /* 1xx heads (but not 101 Switching Protocols) precede the real one */
        if (h->status < 100 || h->status >= 200 || h->status == 101 || k == MAX_INTERIM ||
            off + used >= len)
            return PITH_HTTP_OK;
        off += used;
    }
}

pith_decode_result pith_http_dechunk(const char *in, size_t len, size_t max, pith_buf *out)
{
    pith_buf_reset(out);
    size_t pos = 0;
    bool first = true;
    for (;;) {
        size_t i = pos;
        uint64_t size = 0;
        int digits = 0;
        while (i < len && is_space(in[i])) i++;
        for (; i < len; i++) {
            char c = in[i];
            int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (v < 0) break;
            if (++digits > 15) return first ? PITH_DECODE_NOT_ENCODED : PITH_DECODE_PARTIAL;
            size = size * 16 + (uint64_t)v;
        }
        /* the size ends the line or starts chunk extensions */
        const char *nl = i < len ? memchr(in + i, '\n', len - i) : NULL;
        char c = i < len ? in[i] : 0;
        if (!digits || !nl || (c != ';' && c != ' ' && c != '\t' && c != '\r' && c != '\n'))
            return first ? PITH_DECODE_NOT_ENCODED : PITH_DECODE_PARTIAL;
        pos = (size_t)(nl - in) + 1;
        first = false;
        if (size == 0) return PITH_DECODE_OK; /* trailers are ignored */
        if (out->len + size > max) return PITH_DECODE_TOO_LARGE;
        size_t take = size <= len - pos ? (size_t)size : len - pos;
        if (!pith_buf_append(out, in + pos, take)) return PITH_DECODE_NOMEM;
        pos += take;
        if (take < size) return PITH_DECODE_PARTIAL;
        if (pos < len && in[pos] == '\r') pos++;
        if (pos < len && in[pos] == '\n') pos++;
        if (pos >= len) return PITH_DECODE_PARTIAL; /* no last chunk */
    }
}

/* Result for damage: partial when something was decoded. */
static pith_decode_result damaged(const pith_buf *out)
{
    return out->len ? PITH_DECODE_PARTIAL : PITH_DECODE_FAILED;
}

/* Inflates gzip members (one after another), a zlib stream or raw deflate. */
static pith_decode_result inflate_all(const char *in, size_t len, int wbits, size_t max, pith_buf *out)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    if (inflateInit2(&s, wbits) != Z_OK) return PITH_DECODE_NOMEM;
    pith_decode_result res = PITH_DECODE_OK;
    size_t pos = 0;
    for (;;) {
        if (!pith_buf_reserve(out, 64 << 10)) { res = PITH_DECODE_NOMEM; break; }
        size_t room = out->cap - out->len - 1;
        if (room > UINT32_MAX) room = UINT32_MAX;
        size_t in_n = len - pos > UINT32_MAX ? UINT32_MAX : len - pos;
        s.next_in = (Bytef *)(in + pos);
        s.avail_in = (uInt)in_n;
        s.next_out = (Bytef *)out->data + out->len;
        s.avail_out = (uInt)room;
        int rc = inflate(&s, Z_NO_FLUSH);
        pos += in_n - s.avail_in;
        out->len += room - s.avail_out;
        out->data[out->len] = '\0';
        if (out->len > max) { res = PITH_DECODE_TOO_LARGE; break; }
        if (rc == Z_STREAM_END) {
            /* another gzip member may follow */
            if (wbits > 15 && len - pos >= 2 && (unsigned char)in[pos] == 0x1F &&
                (unsigned char)in[pos + 1] == 0x8B) {
                inflateReset(&s);
                continue;
            }
            break;
        }
        if (rc == Z_MEM_ERROR) { res = PITH_DECODE_NOMEM; break; }
        if (rc != Z_OK && rc != Z_BUF_ERROR) { res = damaged(out); break; }
        if (pos == len && s.avail_out) { res = damaged(out); break; } /* truncated */
    }
    inflateEnd(&s);
    return res;
}

static pith_decode_result brotli_all(const char *in, size_t len, size_t max, pith_buf *out)
{
    BrotliDecoderState *st = BrotliDecoderCreateInstance(NULL, NULL, NULL);
    if (!st) return PITH_DECODE_NOMEM;
    pith_decode_result res = PITH_DECODE_OK;
    const uint8_t *next_in = (const uint8_t *)in;
    size_t avail_in = len;
    for (;;) {
        if (!pith_buf_reserve(out, 64 << 10)) { res = PITH_DECODE_NOMEM; break; }
        size_t room = out->cap - out->len - 1, avail_out = room;
        uint8_t *next_out = (uint8_t *)out->data + out->len;
        BrotliDecoderResult rc =
            BrotliDecoderDecompressStream(st, &avail_in, &next_in, &avail_out, &next_out, NULL);
        out->len += room - avail_out;
        out->data[out->len] = '\0';
        if (out->len > max) { res = PITH_DECODE_TOO_LARGE; break; }
        if (rc == BROTLI_DECODER_RESULT_SUCCESS) break;
        if (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) continue;
        res = damaged(out); /* error, or input ended early */
        break;
    }
    BrotliDecoderDestroyInstance(st);
    return res;
}

static pith_decode_result zstd_all(const char *in, size_t len, size_t max, pith_buf *out)
{
    ZSTD_DCtx *d = ZSTD_createDCtx();
    if (!d) return PITH_DECODE_NOMEM;
    pith_decode_result res = PITH_DECODE_OK;
    ZSTD_inBuffer ib = {in, len, 0};
    for (;;) {
        if (!pith_buf_reserve(out, 64 << 10)) { res = PITH_DECODE_NOMEM; break; }
        ZSTD_outBuffer ob = {out->data + out->len, out->cap - out->len - 1, 0};
        size_t rc = ZSTD_decompressStream(d, &ob, &ib);
        out->len += ob.pos;
        out->data[out->len] = '\0';
        if (ZSTD_isError(rc)) { res = damaged(out); break; }
        if (out->len > max) { res = PITH_DECODE_TOO_LARGE; break; }
        if (rc == 0 && ib.pos == ib.size) break;
        if (ib.pos == ib.size && ob.pos < ob.size) { res = damaged(out); break; }
    }
    ZSTD_freeDCtx(d);
    return res;
}

static bool named(const char *name, size_t n, const char *want)
{
    return strlen(want) == n && !strncasecmp(name, want, n);
}

pith_decode_result pith_http_decode(const char *name, size_t name_len, const char *in,
                                    size_t len, size_t max, pith_buf *out)
{
    pith_buf_reset(out);
    const unsigned char *u = (const unsigned char *)in;
    if (named(name, name_len, "identity") || name_len == 0) return PITH_DECODE_NOT_ENCODED;
    if (named(name, name_len, "gzip") || named(name, name_len, "x-gzip")) {
        /* a body that is not gzip was stored decoded (the header kept) */
        if (len < 2 || u[0] != 0x1F || u[1] != 0x8B) return PITH_DECODE_NOT_ENCODED;
        return inflate_all(in, len, 15 + 16, max, out);
    }
    if (named(name, name_len, "deflate")) {
        if (len >= 2 && u[0] == 0x1F && u[1] == 0x8B) return inflate_all(in, len, 15 + 16, max, out);
        /* zlib-wrapped as the RFC says, or raw deflate as many servers send */
        bool zlib_hdr = len >= 2 && (u[0] & 0x0F) == 8 && ((u[0] << 8) | u[1]) % 31 == 0;
        pith_decode_result r = inflate_all(in, len, zlib_hdr ? 15 : -15, max, out);
        if (r == PITH_DECODE_FAILED && pith_http_sniff_html(in, len)) return PITH_DECODE_NOT_ENCODED;
        return r;
    }
    if (named(name, name_len, "br")) {
        pith_decode_result r = brotli_all(in, len, max, out);
        if (r == PITH_DECODE_FAILED && pith_http_sniff_html(in, len)) return PITH_DECODE_NOT_ENCODED;
        return r;
    }
    if (named(name, name_len, "zstd")) {
        if (len < 4 || u[0] != 0x28 || u[1] != 0xB5 || u[2] != 0x2F || u[3] != 0xFD)
            return PITH_DECODE_NOT_ENCODED;
        return zstd_all(in, len, max, out);
    }
    return PITH_DECODE_UNSUPPORTED;
}

size_t pith_http_media_type(const char *ct, size_t ct_len, char *buf, size_t cap)
{
    if (!ct || !cap) return 0;
    const char *semi = memchr(ct, ';', ct_len);
    size_t n = semi ? (size_t)(semi - ct) : ct_len;
    trim(&ct, &n);
    if (n >= cap) n = cap - 1;
    for (size_t i = 0; i < n; i++) {
        char c = ct[i];
        buf[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    buf[n] = '\0';
    return n;
}

size_t pith_http_param(const char *ct, size_t ct_len, const char *name, char *buf, size_t cap)
{
    if (!ct || !cap) return 0;
    size_t nl = strlen(name), pos = 0;
    while (pos < ct_len) {
        const char *semi = memchr(ct + pos, ';', ct_len - pos);
        if (!semi) return 0;
        pos = (size_t)(semi - ct) + 1;
        while (pos < ct_len && is_space(ct[pos])) pos++;
        if (ct_len - pos <= nl || strncasecmp(ct + pos, name, nl) != 0) continue;
        size_t i = pos + nl;
        while (i < ct_len && is_space(ct[i])) i++;
        if (i >= ct_len || ct[i] != '=') continue;
        i++;
        while (i < ct_len && is_space(ct[i])) i++;
        bool quoted = i < ct_len && (ct[i] == '"' || ct[i] == '\'');
        if (quoted) i++;
        size_t n = 0;
        while (i + n < ct_len && ct[i + n] != ';' && ct[i + n] != '"' && ct[i + n] != '\'' &&
               !is_space(ct[i + n]) && ct[i + n] != '\r')
            n++;
        if (n >= cap) n = cap - 1;
        memcpy(buf, ct + i, n);
        buf[n] = '\0';
        return n;
    }
    return 0;
}

bool pith_http_sniff_html(const char *data, size_t len)
{
    size_t i = 0;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) i = 3;
    while (i < len && i < 1024 && (is_space(data[i]) || data[i] == '\r' || data[i] == '\n')) i++;
    if (i >= len || data[i] != '<') return false;
    static const char *const starts[] = {"<!doctype html", "<html", "<head", "<body", "<!--",
                                         "<meta", "<title", "<?xml", "<div", "<p>", "<script",
                                         "<link", "<style", "<table", "<h1"};
    for (size_t k = 0; k < sizeof starts / sizeof *starts; k++) {
        size_t n = strlen(starts[k]);
        if (len - i >= n && !strncasecmp(data + i, starts[k], n)) return true;
    }
    return false;
}

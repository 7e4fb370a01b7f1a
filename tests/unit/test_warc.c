/* The WARC reader on archives built here: every framing and compression,
 * every record type, and damaged archives where no record may be lost. */
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "core/buf.h"
#include "io/http.h"
#include "pith.h"
#include "t.h"

/* ---- building archives ---- */

typedef struct blob {
    char *p;
    size_t n;
} blob;

typedef struct archive {
    blob rec[32];
    int n;
} archive;

static blob dup_blob(const void *p, size_t n)
{
    blob b = {malloc(n + 1), n};
    memcpy(b.p, p, n);
    b.p[n] = 0;
    return b;
}

/* Appends a record; `cl_delta` falsifies the Content-Length. */
static void add_rec_cl(archive *a, const char *type, const char *uri, const char *ctype,
                       const char *extra, const char *block, size_t blen, long cl_delta)
{
    pith_buf b;
    pith_buf_init(&b);
    pith_buf_printf(&b, "WARC/1.%d\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:rec-%02d>\r\n"
                        "WARC-Date: 2024-05-0%dT10:00:00Z\r\n",
                    a->n % 2, type, a->n, 1 + a->n % 9);
    if (uri) pith_buf_printf(&b, "WARC-Target-URI: %s\r\n", uri);
    if (ctype) pith_buf_printf(&b, "Content-Type: %s\r\n", ctype);
    if (extra) pith_buf_puts(&b, extra);
    pith_buf_printf(&b, "Content-Length: %ld\r\n\r\n", (long)blen + cl_delta);
    pith_buf_append(&b, block, blen);
    pith_buf_puts(&b, "\r\n\r\n");
    a->rec[a->n++] = dup_blob(b.data, b.len);
    pith_buf_free(&b);
}

static void add_rec(archive *a, const char *type, const char *uri, const char *ctype,
                    const char *extra, const char *block)
{
    add_rec_cl(a, type, uri, ctype, extra, block, strlen(block), 0);
}

/* An HTTP response record with a raw body. */
static void add_http(archive *a, const char *uri, const char *head, const char *body, size_t blen)
{
    pith_buf b;
    pith_buf_init(&b);
    pith_buf_puts(&b, head);
    pith_buf_append(&b, body, blen);
    add_rec_cl(a, "response", uri, "application/http; msgtype=response", NULL, b.data, b.len, 0);
    pith_buf_free(&b);
}

static void free_archive(archive *a)
{
    for (int i = 0; i < a->n; i++) free(a->rec[i].p);
    a->n = 0;
}

/* The bytes compressed by zlib at level 6 with the given window bits
 * (15 + 16: a gzip member; -15: raw deflate); malloc'd. */
static blob deflate_bytes(const char *p, size_t n, int window_bits)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    deflateInit2(&s, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
    size_t cap = deflateBound(&s, n) + 64;
    blob b = {malloc(cap), 0};
    s.next_in = (Bytef *)p;
    s.avail_in = (uInt)n;
    s.next_out = (Bytef *)b.p;
    s.avail_out = (uInt)cap;
    deflate(&s, Z_FINISH);
    b.n = cap - s.avail_out;
    deflateEnd(&s);
    return b;
}

static blob gzip_bytes(const char *p, size_t n) { return deflate_bytes(p, n, 15 + 16); }

static blob raw_deflate(const char *p, size_t n) { return deflate_bytes(p, n, -15); }

/* Brotli with uncompressed meta-blocks only (RFC 7932, 9.2), which any
 * decoder must accept: enough to test the br content coding. */
static blob brotli_stored(const char *p, size_t n)
{
    blob b = {calloc(1, n + n / 65536 * 4 + 16), 0};
    uint64_t bits = 0;
    int nb = 0;
#define PUT(v, k) (bits |= (uint64_t)(v) << nb, nb += (k))
#define FLUSH() do { while (nb >= 8) { b.p[b.n++] = (char)(bits & 0xFF); bits >>= 8; nb -= 8; } } while (0)
#define ALIGN() do { if (nb % 8) nb += 8 - nb % 8; FLUSH(); } while (0)
    PUT(0, 1); /* WBITS = 16 */
    for (size_t off = 0; off < n;) {
        size_t m = n - off > 65536 ? 65536 : n - off;
        PUT(0, 1);         /* ISLAST */
        PUT(0, 2);         /* MNIBBLES = 4 */
        PUT(m - 1, 16);    /* MLEN - 1 */
        PUT(1, 1);         /* ISUNCOMPRESSED */
        FLUSH();
        ALIGN();
        memcpy(b.p + b.n, p + off, m);
        b.n += m;
        off += m;
    }
    PUT(1, 1); /* ISLAST */
    PUT(1, 1); /* ISLASTEMPTY */
    ALIGN();
#undef PUT
#undef FLUSH
#undef ALIGN
    return b;
}

/* A zstd frame; `sized` says whether its header states the content size
 * (a frame written by a stream does not). */
static blob zstd_frame(const char *p, size_t n, const void *dict, size_t dlen, int sized)
{
    ZSTD_CCtx *c = ZSTD_createCCtx();
    size_t cap = ZSTD_compressBound(n);
    blob b = {malloc(cap), 0};
    ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1); /* as archive writers should */
    ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, sized);
    if (dict) ZSTD_CCtx_loadDictionary(c, dict, dlen);
    size_t r = ZSTD_compress2(c, b.p, cap, p, n);
    b.n = ZSTD_isError(r) ? 0 : r;
    ZSTD_freeCCtx(c);
    return b;
}

static blob zstd_bytes(const char *p, size_t n, const void *dict, size_t dlen)
{
    return zstd_frame(p, n, dict, dlen, 1);
}

/* ZSTD_ZDICT: the dictionary frame is compressed; ZSTD_SDICT: compressed
 * without its size in the frame header. */
typedef enum { PLAIN, GZIP, ZSTD, ZSTD_DICT, ZSTD_ZDICT, ZSTD_SDICT } framing;

/* The archive as one file; offs[i] gets the file offset of record i. */
static blob join(const archive *a, framing f, uint64_t *offs)
{
    pith_buf out;
    pith_buf_init(&out);
    static const char dict[] = "WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http; "
                               "msgtype=response\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                               "<!DOCTYPE html><html><head><title></title></head><body><p></p>";
    if (f == ZSTD_DICT || f == ZSTD_ZDICT || f == ZSTD_SDICT) {
        blob d = f == ZSTD_ZDICT   ? zstd_bytes(dict, sizeof dict - 1, NULL, 0)
               : f == ZSTD_SDICT ? zstd_frame(dict, sizeof dict - 1, NULL, 0, 0)
                                 : dup_blob(dict, sizeof dict - 1);
        unsigned char h[8] = {0x5D, 0x2A, 0x4D, 0x18, (unsigned char)d.n, (unsigned char)(d.n >> 8), 0, 0};
        pith_buf_append(&out, h, 8);
        pith_buf_append(&out, d.p, d.n);
        free(d.p);
    }
    for (int i = 0; i < a->n; i++) {
        if (offs) offs[i] = out.len;
        blob c;
        if (f == PLAIN) c = dup_blob(a->rec[i].p, a->rec[i].n);
        else if (f == GZIP) c = gzip_bytes(a->rec[i].p, a->rec[i].n);
        else c = zstd_bytes(a->rec[i].p, a->rec[i].n, f == ZSTD ? NULL : dict, f == ZSTD ? 0 : sizeof dict - 1);
        pith_buf_append(&out, c.p, c.n);
        free(c.p);
        if (f == ZSTD && i == 1) { /* an extension (skippable) frame between records */
            static const unsigned char skip[12] = {0x50, 0x2A, 0x4D, 0x18, 4, 0, 0, 0, 'x', 'y', 'z', 'w'};
            pith_buf_append(&out, skip, sizeof skip);
        }
    }
    blob b = {out.data ? out.data : calloc(1, 1), out.len};
    return b;
}

/* ---- reading archives ---- */

typedef struct got {
    char type[32], id[64], uri[128], mime[64], charset[32];
    pith_warc_skip skip;
    int http_status;
    char *payload;
    size_t payload_len;
    pith_input_kind input;
    uint64_t offset;
    char reason[200];
    int has_warning;
} got;

typedef struct run {
    got g[64];
    int n;
    pith_status end;  /* status of the last pith_warc_next */
    char err[300];
    uint64_t err_off;
} run;

static void cpy(char *dst, size_t cap, const char *s)
{
    snprintf(dst, cap, "%s", s ? s : "");
}

static void read_all(pith_warc *w, run *r)
{
    memset(r, 0, sizeof *r);
    for (int guard = 0; guard < 200; guard++) {
        const pith_warc_record *rec;
        pith_status st = pith_warc_next(w, &rec);
        if (st != PITH_OK || !rec) {
            r->end = st;
            if (getenv("WARC_TEST_TRACE")) fprintf(stderr, "  end: %s\n", pith_strerror(st));
            const char *e = pith_warc_error(w, &r->err_off);
            cpy(r->err, sizeof r->err, e);
            if (st != PITH_OK) CHECK(e != NULL && rec == NULL);
            /* sticky */
            const pith_warc_record *again;
            CHECK(pith_warc_next(w, &again) == st && again == NULL);
            return;
        }
        if (getenv("WARC_TEST_TRACE"))
            fprintf(stderr, "  rec %d: %s %s skip=%s off=%llu len=%zu reason=%s\n", r->n, rec->type ? rec->type : "-",
                    rec->record_id ? rec->record_id : "-", pith_warc_skip_name(rec->skip),
                    (unsigned long long)rec->offset, rec->payload_len, rec->reason ? rec->reason : "-");
        if (r->n == 64) continue;
        got *g = &r->g[r->n++];
        CHECK(rec->size == sizeof *rec);
        cpy(g->type, sizeof g->type, rec->type);
        cpy(g->id, sizeof g->id, rec->record_id);
        cpy(g->uri, sizeof g->uri, rec->target_uri);
        cpy(g->mime, sizeof g->mime, rec->mime);
        cpy(g->charset, sizeof g->charset, rec->charset);
        cpy(g->reason, sizeof g->reason, rec->reason);
        g->skip = rec->skip;
        g->http_status = rec->http_status;
        g->input = rec->input;
        g->offset = rec->offset;
        g->has_warning = rec->warning != NULL;
        CHECK((rec->skip == PITH_WARC_OK) == (rec->reason == NULL));
        if (rec->skip == PITH_WARC_OK) CHECK(rec->payload != NULL && rec->payload_len > 0);
        if (rec->payload) {
            g->payload = malloc(rec->payload_len + 1);
            memcpy(g->payload, rec->payload, rec->payload_len);
            g->payload[rec->payload_len] = 0;
            g->payload_len = rec->payload_len;
        }
    }
    CHECK(!"reader did not stop");
}

static void run_mem(const blob *b, const pith_warc_options *o, run *r)
{
    pith_warc *w;
    CHECK(pith_warc_open_mem(b->p, b->n, o, &w) == PITH_OK);
    read_all(w, r);
    pith_warc_close(w);
}

/* The same bytes through a file descriptor (a temporary file). */
static void run_fd(const blob *b, const pith_warc_options *o, run *r)
{
    char path[] = "/tmp/pith-test-warc-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0) return;
    CHECK(write(fd, b->p, b->n) == (ssize_t)b->n);
    pith_warc *w;
    CHECK(pith_warc_open_file(path, o, &w) == PITH_OK);
    read_all(w, r);
    pith_warc_close(w);
    close(fd);
    unlink(path);
}

static void free_run(run *r)
{
    for (int i = 0; i < r->n; i++) free(r->g[i].payload);
    r->n = 0;
}

/* ---- the mixed archive ---- */

static const char page1[] = "<!DOCTYPE html><html><head><title>One</title></head><body><p>First page.</p></body></html>";
static const char page2[] = "<html><body><h1>Two</h1><p>Second page, served as a resource.</p></body></html>";

static void mixed(archive *a)
{
    add_rec(a, "warcinfo", NULL, "application/warc-fields", NULL, "software: pith-test\r\nformat: WARC\r\n");
    add_rec(a, "request", "http://example.test/one", "application/http; msgtype=request", NULL,
            "GET /one HTTP/1.1\r\nHost: example.test\r\n\r\n");
    pith_buf h;
    pith_buf_init(&h);
    pith_buf_printf(&h, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\nContent-Length: %zu\r\n\r\n", strlen(page1));
    add_http(a, "http://example.test/one", h.data, page1, strlen(page1));
    pith_buf_free(&h);
    add_http(a, "http://example.test/missing", "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n",
             "<html><body>Not here</body></html>", 34);
    add_http(a, "http://example.test/logo.png", "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n", "\x89PNG\r\n\x1a\n", 8);
    add_rec(a, "resource", "http://example.test/two", "text/html", NULL, page2);
    add_rec(a, "metadata", "http://example.test/one", "application/warc-fields", NULL, "outlink: http://example.test/two\r\n");
    add_rec(a, "revisit", "http://example.test/one", "application/http; msgtype=response",
            "WARC-Profile: http://netpreserve.org/warc/1.0/revisit/identical-payload-digest\r\n",
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n");
    add_rec(a, "conversion", "http://example.test/one", "text/plain", NULL, "One\nFirst page.\n");
    add_http(a, "http://example.test/empty", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", "", 0);
    add_http(a, "http://example.test/sniffed", "HTTP/1.1 200 OK\r\n\r\n", page2, strlen(page2));
    add_rec(a, "resource", "metadata://gnu.org/software/wget/warc/wget.log", "text/plain", NULL, "wget log line\n");
}

static void check_mixed(const run *r, const uint64_t *offs)
{
    CHECK(r->end == PITH_OK);
    CHECK(r->n == 12);
    if (r->n != 12) return;
    static const char *const types[12] = {"warcinfo", "request", "response", "response", "response", "resource",
                                          "metadata", "revisit", "conversion", "response", "response", "resource"};
    static const pith_warc_skip skips[12] = {
        PITH_WARC_SKIP_TYPE, PITH_WARC_SKIP_TYPE, PITH_WARC_OK, PITH_WARC_SKIP_HTTP_STATUS,
        PITH_WARC_SKIP_NOT_HTML, PITH_WARC_OK, PITH_WARC_SKIP_TYPE, PITH_WARC_SKIP_TYPE,
        PITH_WARC_OK, PITH_WARC_SKIP_EMPTY, PITH_WARC_OK, PITH_WARC_SKIP_NOT_HTML};
    for (int i = 0; i < 12; i++) {
        CHECK_STR(r->g[i].type, types[i]);
        CHECK(r->g[i].skip == skips[i]);
        char id[64];
        snprintf(id, sizeof id, "<urn:uuid:rec-%02d>", i);
        CHECK_STR(r->g[i].id, id);
        if (offs) CHECK(r->g[i].offset == offs[i]);
    }
    CHECK_STR(r->g[2].uri, "http://example.test/one");
    CHECK(r->g[2].http_status == 200);
    CHECK_STR(r->g[2].payload, page1);
    CHECK_STR(r->g[2].mime, "text/html");
    CHECK_STR(r->g[2].charset, "ISO-8859-1");
    CHECK(r->g[3].http_status == 404 && r->g[3].payload_len == 34);
    CHECK_STR(r->g[3].reason, "HTTP status 404");
    CHECK_STR(r->g[4].mime, "image/png");
    CHECK_STR(r->g[5].payload, page2);
    CHECK(r->g[5].http_status == 0);
    CHECK(r->g[7].payload == NULL);
    CHECK(strstr(r->g[7].reason, "revisit") != NULL);
    CHECK(r->g[8].input == PITH_INPUT_TEXT);
    CHECK_STR(r->g[8].payload, "One\nFirst page.\n");
    CHECK_STR(r->g[10].mime, "text/html");
    CHECK_STR(r->g[10].payload, page2);
}

static void test_mixed(void)
{
    archive a = {0};
    mixed(&a);
    static const framing fr[] = {PLAIN, GZIP, ZSTD, ZSTD_DICT, ZSTD_ZDICT, ZSTD_SDICT};
    for (size_t k = 0; k < sizeof fr / sizeof *fr; k++) {
        uint64_t offs[32];
        blob b = join(&a, fr[k], offs);
        run r;
        run_mem(&b, NULL, &r);
        check_mixed(&r, offs);
        free_run(&r);
        run_fd(&b, NULL, &r);
        check_mixed(&r, offs);
        free_run(&r);
        free(b.p);
    }
    free_archive(&a);
}

/* ---- HTTP payload codings ---- */

static void test_codings(void)
{
    static const char body[] = "<html><body><p>Encoded payload with some words in it.</p></body></html>";
    size_t n = strlen(body);
    archive a = {0};
    /* chunked, in three chunks with an extension */
    pith_buf c;
    pith_buf_init(&c);
    pith_buf_printf(&c, "a;ext=1\r\n%.10s\r\n%zx\r\n%.*s\r\n%x\r\n%s\r\n0\r\nX-Trailer: 1\r\n\r\n",
                    body, (size_t)20, 20, body + 10, (unsigned)(n - 30), body + 30);
    add_http(&a, "http://example.test/chunked",
             "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n", c.data, c.len);
    /* gzip */
    blob g = gzip_bytes(body, n);
    add_http(&a, "http://example.test/gzip", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n", g.p, g.n);
    /* gzip inside chunked */
    pith_buf_reset(&c);
    pith_buf_printf(&c, "%zx\r\n", (size_t)5);
    pith_buf_append(&c, g.p, 5);
    pith_buf_printf(&c, "\r\n%zx\r\n", g.n - 5);
    pith_buf_append(&c, g.p + 5, g.n - 5);
    pith_buf_puts(&c, "\r\n0\r\n\r\n");
    add_http(&a, "http://example.test/gzip-chunked",
             "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n",
             c.data, c.len);
    /* raw deflate (as many servers send "deflate") */
    blob d = raw_deflate(body, n);
    add_http(&a, "http://example.test/deflate", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: deflate\r\n\r\n", d.p, d.n);
    /* brotli */
    blob br = brotli_stored(body, n);
    add_http(&a, "http://example.test/br", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n\r\n", br.p, br.n);
    /* the header says gzip, the body was stored decoded */
    add_http(&a, "http://example.test/stored", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n", body, n);
    /* unknown coding */
    add_http(&a, "http://example.test/compress", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: compress\r\n\r\n", "\x1f\x9d\x90", 3);
    /* 100 Continue before the real head */
    add_http(&a, "http://example.test/continue", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", body, n);
    /* truncated gzip body: the part before is kept, with a warning */
    add_http(&a, "http://example.test/gzip-cut", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n", g.p, g.n - 12);
    /* a crawler-identified type wins over the server's */
    add_rec(&a, "response", "http://example.test/ident", "application/http; msgtype=response",
            "WARC-Identified-Payload-Type: text/html\r\n",
            "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n<p>x</p>");
    /* malformed HTTP */
    add_rec(&a, "response", "http://example.test/bad", "application/http; msgtype=response", NULL, "HTPT/1.1 two hundred\r\n\r\nx");
    /* a gzip bomb beyond the payload limit */
    char *zeros = calloc(1, 200000);
    blob bomb = gzip_bytes(zeros, 200000);
    free(zeros);
    add_http(&a, "http://example.test/bomb", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n", bomb.p, bomb.n);

    blob b = join(&a, GZIP, NULL);
    pith_warc_options o;
    pith_warc_options_init(&o);
    o.max_payload_bytes = 100000;
    run r;
    run_mem(&b, &o, &r);
    CHECK(r.end == PITH_OK);
    CHECK(r.n == 12);
    if (r.n == 12) {
        for (int i = 0; i < 5; i++) {
            CHECK(r.g[i].skip == PITH_WARC_OK);
            CHECK_STR(r.g[i].payload, body);
            CHECK(!r.g[i].has_warning);
        }
        CHECK(r.g[5].skip == PITH_WARC_OK && r.g[5].has_warning);
        CHECK_STR(r.g[5].payload, body);
        CHECK(r.g[6].skip == PITH_WARC_SKIP_UNSUPPORTED);
        CHECK(r.g[7].skip == PITH_WARC_OK && r.g[7].http_status == 200);
        CHECK_STR(r.g[7].payload, body);
        CHECK(r.g[8].skip == PITH_WARC_OK && r.g[8].has_warning);
        CHECK(r.g[8].payload_len > 0 && r.g[8].payload_len < n && !memcmp(r.g[8].payload, body, r.g[8].payload_len));
        CHECK(r.g[9].skip == PITH_WARC_OK);
        CHECK_STR(r.g[9].mime, "text/html");
        CHECK(r.g[10].skip == PITH_WARC_FAIL_MALFORMED);
        CHECK(r.g[11].skip == PITH_WARC_SKIP_TOO_LARGE);
    }
    free_run(&r);
    free(b.p);
    free(g.p);
    free(d.p);
    free(br.p);
    free(bomb.p);
    pith_buf_free(&c);
    free_archive(&a);
}

/* ---- damage ---- */

/* Four HTML responses; the tests damage the third. */
static void four(archive *a)
{
    for (int i = 0; i < 4; i++) {
        char uri[64], page[256];
        snprintf(uri, sizeof uri, "http://example.test/p%d", i);
        snprintf(page, sizeof page, "<html><body><p>Page number %d with a little text.</p></body></html>", i);
        add_http(a, uri, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", page, strlen(page));
    }
}

static void test_empty(void)
{
    blob b = {calloc(1, 1), 0};
    run r;
    run_mem(&b, NULL, &r);
    CHECK(r.end == PITH_OK && r.n == 0);
    run_fd(&b, NULL, &r);
    CHECK(r.end == PITH_OK && r.n == 0);
    free(b.p);
    /* not a WARC file at all */
    static const char html[] = "<html><body>not an archive</body></html>";
    blob h = {(char *)html, sizeof html - 1};
    run_mem(&h, NULL, &r);
    CHECK(r.end == PITH_ERR_MALFORMED && r.n == 0);
    CHECK(strstr(r.err, "not a WARC") != NULL);
    /* a gzip file of nothing */
    blob z = gzip_bytes("", 0);
    run_mem(&z, NULL, &r);
    CHECK(r.end == PITH_OK && r.n == 0);
    free(z.p);
}

static void test_truncated(void)
{
    archive a = {0};
    four(&a);
    for (int f = 0; f < 3; f++) {
        uint64_t offs[8];
        blob b = join(&a, f == 0 ? PLAIN : f == 1 ? GZIP : ZSTD, offs);
        /* cut inside the third record */
        blob cut = {b.p, (size_t)(offs[2] + (offs[3] - offs[2]) / 2)};
        run r;
        run_mem(&cut, NULL, &r);
        CHECK(r.n == 3);
        CHECK(r.end == PITH_ERR_TRUNCATED);
        CHECK(r.n >= 2 && r.g[0].skip == PITH_WARC_OK && r.g[1].skip == PITH_WARC_OK);
        if (r.n == 3) {
            CHECK(r.g[2].skip == PITH_WARC_FAIL_TRUNCATED);
            CHECK(r.g[2].offset == offs[2]);
            if (f == 0) CHECK_STR(r.g[2].id, "<urn:uuid:rec-02>");
        }
        char want[32];
        snprintf(want, sizeof want, "%llu", (unsigned long long)(f == 0 ? cut.n : offs[2]));
        CHECK(strstr(r.err, want) != NULL);
        free_run(&r);
        run_fd(&cut, NULL, &r);
        CHECK(r.n == 3 && r.end == PITH_ERR_TRUNCATED);
        free_run(&r);
        /* cut right after the second record: nothing lost, nothing wrong */
        blob clean = {b.p, (size_t)offs[2]};
        run_mem(&clean, NULL, &r);
        CHECK(r.n == 2 && r.end == PITH_OK);
        free_run(&r);
        free(b.p);
    }
    free_archive(&a);
}

static void test_corrupt_member(void)
{
    archive a = {0};
    four(&a);
    for (int f = 0; f < 2; f++) {
        uint64_t offs[8];
        blob b = join(&a, f == 0 ? GZIP : ZSTD, offs);
        /* damage the middle of the third member */
        size_t mid = (size_t)(offs[2] + (offs[3] - offs[2]) / 2);
        for (int k = 0; k < 6; k++) b.p[mid + k] ^= 0x5A;
        run r;
        run_mem(&b, NULL, &r);
        CHECK(r.end == PITH_OK);
        CHECK(r.n == 4);
        if (r.n == 4) {
            CHECK(r.g[0].skip == PITH_WARC_OK && r.g[1].skip == PITH_WARC_OK);
            CHECK(r.g[2].skip == PITH_WARC_FAIL_CORRUPT || r.g[2].skip == PITH_WARC_FAIL_MALFORMED);
            CHECK(r.g[2].offset == offs[2]);
            CHECK(r.g[3].skip == PITH_WARC_OK);
            CHECK_STR(r.g[3].id, "<urn:uuid:rec-03>");
            CHECK(r.g[3].offset == offs[3]);
        }
        free_run(&r);
        run_fd(&b, NULL, &r);
        CHECK(r.end == PITH_OK && r.n == 4);
        free_run(&r);
        free(b.p);
    }
    free_archive(&a);
}

static void test_wrong_length(void)
{
    for (int delta = -1; delta <= 1; delta += 2) {
        archive a = {0};
        add_http(&a, "http://example.test/a", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", page1, strlen(page1));
        add_rec_cl(&a, "response", "http://example.test/b", "application/http; msgtype=response", NULL,
                   "HTTP/1.1 200 OK\r\n\r\n<p>bad length</p>", 36, delta * 9);
        add_http(&a, "http://example.test/c", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", page2, strlen(page2));
        add_rec(&a, "metadata", "http://example.test/c", "application/warc-fields", NULL, "a: b\r\n");
        for (int f = 0; f < 2; f++) {
            uint64_t offs[8];
            blob b = join(&a, f ? GZIP : PLAIN, offs);
            run r;
            run_mem(&b, NULL, &r);
            CHECK(r.end == PITH_OK);
            CHECK(r.n == 4);
            if (r.n == 4) {
                CHECK(r.g[0].skip == PITH_WARC_OK);
                CHECK(r.g[1].skip == PITH_WARC_FAIL_MALFORMED);
                CHECK(strstr(r.g[1].reason, "Content-Length") != NULL);
                CHECK_STR(r.g[1].id, "<urn:uuid:rec-01>");
                CHECK(r.g[2].skip == PITH_WARC_OK);
                CHECK_STR(r.g[2].payload, page2);
                CHECK_STR(r.g[3].type, "metadata");
            }
            free_run(&r);
            free(b.p);
        }
        free_archive(&a);
    }
    /* a length far beyond the limit that lies: the next record is still found */
    archive a = {0};
    add_rec_cl(&a, "resource", "http://example.test/huge", "text/html", NULL, "<p>small</p>", 12, 1000000);
    add_rec(&a, "resource", "http://example.test/next", "text/html", NULL, page2);
    blob b = join(&a, PLAIN, NULL);
    pith_warc_options o;
    pith_warc_options_init(&o);
    o.max_record_bytes = 1000;
    run r;
    run_mem(&b, &o, &r);
    CHECK(r.n == 2 && r.end == PITH_OK);
    if (r.n == 2) {
        CHECK(r.g[0].skip == PITH_WARC_FAIL_MALFORMED);
        CHECK(r.g[1].skip == PITH_WARC_OK);
        CHECK_STR(r.g[1].payload, page2);
    }
    free_run(&r);
    free(b.p);
    free_archive(&a);
}

static void test_limits_and_garbage(void)
{
    archive a = {0};
    /* a gigantic header */
    pith_buf big;
    pith_buf_init(&big);
    for (int i = 0; i < 2000; i++) pith_buf_printf(&big, "X-Filler-%d: %s\r\n", i, "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy");
    add_rec(&a, "resource", "http://example.test/fat", "text/html", big.data, page1);
    pith_buf_free(&big);
    /* a record over the size limit, honestly declared */
    char *large = malloc(5000);
    memset(large, 'a', 5000);
    memcpy(large, "<html>", 6);
    add_rec_cl(&a, "resource", "http://example.test/large", "text/html", NULL, large, 5000, 0);
    free(large);
    add_rec(&a, "resource", "http://example.test/fine", "text/html", NULL, page2);
    /* no Content-Length */
    static const char nolen[] = "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:nolen>\r\n\r\nabc\r\n\r\n";
    a.rec[a.n++] = dup_blob(nolen, strlen(nolen));
    add_rec(&a, "resource", "http://example.test/last", "text/html", NULL, page1);
    blob plain = join(&a, PLAIN, NULL);
    /* garbage between the third and fourth record */
    pith_buf g;
    pith_buf_init(&g);
    size_t cut = 0;
    for (int i = 0; i < 3; i++) cut += a.rec[i].n;
    pith_buf_append(&g, plain.p, cut);
    pith_buf_puts(&g, "this is not a record\r\nWARC-ish junk\r\n");
    pith_buf_append(&g, plain.p + cut, plain.n - cut);
    blob b = {g.data, g.len};
    pith_warc_options o;
    pith_warc_options_init(&o);
    o.max_header_bytes = 4096;
    o.max_record_bytes = 4000;
    run r;
    run_mem(&b, &o, &r);
    CHECK(r.end == PITH_OK);
    CHECK(r.n == 6);
    if (r.n == 6) {
        CHECK(r.g[0].skip == PITH_WARC_SKIP_TOO_LARGE);
        CHECK_STR(r.g[0].id, "<urn:uuid:rec-00>");
        CHECK(r.g[1].skip == PITH_WARC_SKIP_TOO_LARGE);
        CHECK_STR(r.g[1].id, "<urn:uuid:rec-01>");
        CHECK(r.g[2].skip == PITH_WARC_OK);
        CHECK(r.g[3].skip == PITH_WARC_FAIL_MALFORMED && r.g[3].type[0] == 0);
        CHECK(r.g[4].skip == PITH_WARC_FAIL_MALFORMED);
        CHECK_STR(r.g[4].id, "<urn:uuid:nolen>");
        CHECK(r.g[5].skip == PITH_WARC_OK);
        CHECK_STR(r.g[5].payload, page1);
    }
    free_run(&r);
    free(plain.p);
    pith_buf_free(&g);
    free_archive(&a);
}

/* Many records through a descriptor, so the buffers refill many times. */
static void test_large_fd(void)
{
    archive a = {0};
    pith_buf all;
    pith_buf_init(&all);
    char *page = malloc(70000);
    for (int i = 0; i < 70000; i++) page[i] = "abcdefgh <p>\n"[i % 13];
    memcpy(page, "<html>", 6);
    int total = 0;
    for (int round = 0; round < 4; round++) {
        for (int i = 0; i < 10; i++) add_rec_cl(&a, "resource", "http://example.test/big", "text/html", NULL, page, 70000 - (size_t)i * 997, 0);
        blob b = join(&a, GZIP, NULL);
        pith_buf_append(&all, b.p, b.n);
        free(b.p);
        total += a.n;
        free_archive(&a);
    }
    /* and the same as one zstd file */
    for (int i = 0; i < 10; i++) add_rec_cl(&a, "resource", "http://example.test/big", "text/html", NULL, page, 70000 - (size_t)i * 997, 0);
    blob zb = join(&a, ZSTD, NULL);
    free_archive(&a);
    run zr;
    run_fd(&zb, NULL, &zr);
    CHECK(zr.end == PITH_OK && zr.n == 10);
    free_run(&zr);
    free(zb.p);
    free(page);
    blob b = {all.data, all.len};
    run r;
    run_fd(&b, NULL, &r);
    CHECK(r.end == PITH_OK);
    CHECK(r.n == total);
    int ok = 0;
    for (int i = 0; i < r.n; i++) ok += r.g[i].skip == PITH_WARC_OK && r.g[i].payload_len == 70000 - (size_t)(i % 10) * 997;
    CHECK(ok == total);
    free_run(&r);
    pith_buf_free(&all);
}

/* Random damage to real archives: the reader must finish, account for what
 * it saw, and (under the sanitizers) touch no byte it should not. */
static void test_mutations(void)
{
    archive a = {0};
    mixed(&a);
    uint32_t seed = 12345;
#define RND() (seed = seed * 1103515245u + 12345u, (seed >> 8) & 0xFFFFFF)
    int finished = 0, rounds = 0;
    for (int f = 0; f < 4; f++) {
        blob b = join(&a, f == 0 ? PLAIN : f == 1 ? GZIP : f == 2 ? ZSTD : ZSTD_DICT, NULL);
        for (int it = 0; it < 150; it++, rounds++) {
            blob m = dup_blob(b.p, b.n);
            int kind = (int)(RND() % 4);
            if (kind == 0 || kind == 3) {
                int flips = 1 + (int)(RND() % 8);
                for (int k = 0; k < flips; k++) {
                    size_t at = RND() % m.n;
                    m.p[at] ^= (char)(1 + RND() % 255);
                }
            }
            if (kind == 1 || kind == 3) m.n = RND() % m.n;
            if (kind == 2) { /* a chunk of the file repeated further on */
                size_t from = RND() % m.n;
                size_t len = RND() % (m.n - from);
                size_t to = RND() % m.n;
                if (to + len > m.n) len = m.n - to;
                memmove(m.p + to, b.p + from, len);
            }
            pith_warc *w;
            pith_warc_open_mem(m.p, m.n, NULL, &w);
            int n = 0;
            pith_status st;
            const pith_warc_record *rec;
            while ((st = pith_warc_next(w, &rec)) == PITH_OK && rec && n < 1000) {
                n++;
                if (rec->skip == PITH_WARC_OK && (!rec->payload || !rec->payload_len)) n = 10000;
                if (rec->skip != PITH_WARC_OK && !rec->reason) n = 10000;
                if (rec->payload_len) (void)((volatile const char *)rec->payload)[rec->payload_len - 1];
            }
            finished += n < 1000 && (st != PITH_OK || !rec);
            pith_warc_close(w);
            free(m.p);
        }
        free(b.p);
    }
#undef RND
    CHECK(finished == rounds);
    free_archive(&a);
}

static void test_helpers(void)
{
    char buf[64];
    CHECK(pith_http_media_type(" Text/HTML ; charset=utf-8", 26, buf, sizeof buf) == 9);
    CHECK_STR(buf, "text/html");
    CHECK(pith_http_param("text/html; Charset=\"utf-8\"", 26, "charset", buf, sizeof buf) == 5);
    CHECK_STR(buf, "utf-8");
    CHECK(pith_http_param("text/html", 9, "charset", buf, sizeof buf) == 0);
    CHECK(pith_http_sniff_html("\xEF\xBB\xBF  <!DOCTYPE html>", 20));
    CHECK(!pith_http_sniff_html("GIF89a", 6));
    pith_buf out;
    pith_buf_init(&out);
    CHECK(pith_http_dechunk("5\r\nhello\r\n0\r\n\r\n", 15, 100, &out) == PITH_DECODE_OK);
    CHECK_STR(out.data, "hello");
    CHECK(pith_http_dechunk("<html>", 6, 100, &out) == PITH_DECODE_NOT_ENCODED);
    CHECK(pith_http_dechunk("5\r\nhel", 6, 100, &out) == PITH_DECODE_PARTIAL);
    CHECK(pith_http_dechunk("ffffffffffffffffff\r\n", 20, 100, &out) == PITH_DECODE_NOT_ENCODED);
    CHECK(pith_http_dechunk("5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n", 25, 7, &out) == PITH_DECODE_TOO_LARGE);
    pith_buf_free(&out);
    CHECK_STR(pith_warc_skip_name(PITH_WARC_SKIP_NOT_HTML), "not_html");
    CHECK_STR(pith_warc_skip_name((pith_warc_skip)99), "unknown");
    CHECK_STR(pith_strerror(PITH_ERR_TRUNCATED), "input is truncated");
    pith_warc *w;
    CHECK(pith_warc_open_file("/nonexistent/x.warc", NULL, &w) == PITH_ERR_IO && w == NULL);
    CHECK(pith_warc_open_fd(-1, NULL, &w) == PITH_ERR_INVALID);
    pith_warc_close(NULL);
}

int main(void)
{
    test_helpers();
    test_mixed();
    test_codings();
    test_empty();
    test_truncated();
    test_corrupt_member();
    test_wrong_length();
    test_limits_and_garbage();
    test_large_fd();
    test_mutations();
    return T_DONE("test_warc");
}

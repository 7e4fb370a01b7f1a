/*
 * libFuzzer target for HTTP responses as WARC stores them (src/io/http.c):
 * the response head, Content-Type parameters, HTML sniffing, chunked
 * transfer coding and the content codings (gzip, deflate, br, zstd).
 *
 * The input after the first byte is a response (head, blank line, body).
 * The first byte says what the harness does with the body:
 *   bits 0-2  0 decode it as the head's Transfer-Encoding and
 *             Content-Encoding say; 1 gzip, 2 zlib deflate, 3 raw deflate,
 *             4 brotli, 5 zstd, 6 two gzip members, 7 deflate of gzip:
 *             the harness compresses the body, then decodes it;
 *   bit 3     the harness also chunks the encoded body;
 *   bit 4     damage or cut the encoded bytes;
 *   bit 5     a small output limit (512 bytes);
 *   bit 6     a small head limit (64 bytes).
 *
 * Checks: the head's fields lie inside the input, parameters fit their
 * buffers, decoders respect their limit, and an undamaged round trip
 * (compress, chunk, dechunk, decompress) gives back the body exactly, or
 * PITH_DECODE_TOO_LARGE when the body is over the limit.
 *
 * Built by `make fuzz-http`; fuzz/replay.c replays it in `make check`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "io/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool inside(const char *p, size_t n, const char *base, size_t len)
{
    return !p || (p >= base && p + n <= base + len);
}

/* Appends `in` in chunked transfer coding, chunk sizes and line styles taken
 * from `seed`. */
static bool chunk(pith_buf *out, const char *in, size_t n, uint64_t seed)
{
    size_t pos = 0;
    while (pos < n) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        size_t k = 1 + (size_t)(seed >> 33) % 300;
        if (k > n - pos) k = n - pos;
        const char *eol = seed & 1 ? "\r\n" : "\n";
        bool ok = pith_buf_printf(out, seed & 2 ? "%zX" : "%zx", k) &&
                  (!(seed & 4) || pith_buf_puts(out, ";ext=\"v\"")) && pith_buf_puts(out, eol) &&
                  pith_buf_append(out, in + pos, k) && pith_buf_puts(out, eol);
        if (!ok) return false;
        pos += k;
    }
    return pith_buf_puts(out, seed & 8 ? "0\r\nX-Trailer: 1\r\n\r\n" : "0\r\n\r\n");
}

static uint64_t fnv(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 1099511628211ull;
    return h;
}

/* Decodes the body as the head says, checking each step against the limit. */
static void decode_as_declared(const pith_http_head *h, const char *body, size_t blen, size_t max,
                               pith_buf *a, pith_buf *b)
{
    if (h->tenc && memmem(h->tenc, h->tenc_len, "chunked", 7)) {
        pith_decode_result r = pith_http_dechunk(body, blen, max, a);
        FUZZ_CHECK(r != PITH_DECODE_FAILED && r != PITH_DECODE_UNSUPPORTED);
        if (r == PITH_DECODE_OK || r == PITH_DECODE_PARTIAL) {
            FUZZ_CHECK(a->len <= max && a->len <= blen);
            body = a->data ? a->data : "";
            blen = a->len;
            pith_buf *t = a; a = b; b = t;
        }
    }
    if (!h->cenc) return;
    /* the last listed coding, as the WARC reader undoes it first */
    const char *name = h->cenc;
    size_t nn = h->cenc_len;
    const char *comma = NULL;
    for (size_t i = 0; i < nn; i++)
        if (name[i] == ',') comma = name + i;
    if (comma) {
        nn -= (size_t)(comma + 1 - name);
        name = comma + 1;
        while (nn && *name == ' ') name++, nn--;
    }
    pith_decode_result r = pith_http_decode(name, nn, body, blen, max, a);
    if (r == PITH_DECODE_OK || r == PITH_DECODE_PARTIAL) FUZZ_CHECK(a->len <= max);
    if (r == PITH_DECODE_NOT_ENCODED || r == PITH_DECODE_UNSUPPORTED) FUZZ_CHECK(a->len == 0);
    if (a->data) FUZZ_CHECK(a->data[a->len] == '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pith_buf enc, chunked, a, b;
    if (!size) return 0;
    unsigned sel = data[0];
    const char *in = (const char *)data + 1;
    size_t n = size - 1;
    size_t max = sel & 32 ? 512 : (size_t)1 << 20;
    size_t max_head = sel & 64 ? 64 : (size_t)64 << 10;

    pith_http_head h;
    memset(&h, 0, sizeof h);
    pith_http_parse_result pr = pith_http_parse_head(in, n, max_head, &h);
    FUZZ_CHECK(pr == PITH_HTTP_OK || pr == PITH_HTTP_MALFORMED || pr == PITH_HTTP_TOO_LARGE);
    const char *body = in;
    size_t blen = n;
    if (pr == PITH_HTTP_OK) {
        FUZZ_CHECK(h.head_len <= n);
        FUZZ_CHECK(h.status >= 0 && h.status <= 999);
        FUZZ_CHECK(inside(h.ctype, h.ctype_len, in, n));
        FUZZ_CHECK(inside(h.tenc, h.tenc_len, in, n));
        FUZZ_CHECK(inside(h.cenc, h.cenc_len, in, n));
        body = in + h.head_len;
        blen = n - h.head_len;
        char mt[64], cs[32];
        size_t k = pith_http_media_type(h.ctype, h.ctype_len, mt, sizeof mt);
        FUZZ_CHECK(k < sizeof mt && (!h.ctype || strlen(mt) <= k));
        k = pith_http_param(h.ctype, h.ctype_len, "charset", cs, sizeof cs);
        FUZZ_CHECK(k < sizeof cs && (!k || strlen(cs) <= k));
    }
    (void)pith_http_sniff_html(body, blen);

    unsigned mode = sel & 7;
    if (mode == 0) {
        if (pr == PITH_HTTP_OK) decode_as_declared(&h, body, blen, max, &a, &b);
        return 0;
    }

    /* the round trip */
    static const char *const names[8] = {"", "gzip", "deflate", "deflate", "br", "zstd", "x-gzip", "deflate"};
    pith_buf_reset(&enc);
    bool ok;
    switch (mode) {
    case 1: ok = fuzz_deflate(&enc, body, blen, 31, 6); break;
    case 2: ok = fuzz_deflate(&enc, body, blen, 15, 6); break;
    case 3: ok = fuzz_deflate(&enc, body, blen, -15, 1); break;
    case 4: ok = fuzz_brotli(&enc, body, blen, 4); break;
    case 5: ok = fuzz_zstd(&enc, body, blen, NULL, 0, 3); break;
    case 6: ok = fuzz_deflate(&enc, body, blen / 2, 31, 1) && fuzz_deflate(&enc, body + blen / 2, blen - blen / 2, 31, 9); break;
    default: ok = fuzz_deflate(&enc, body, blen, 31, 6); break; /* gzip named deflate */
    }
    if (!ok || enc.oom) return 0;
    const char *e = enc.data ? enc.data : "";
    size_t elen = enc.len;
    uint64_t seed = fnv(in, n);
    bool damaged = sel & 16;
    if (damaged && elen) {
        if (seed & 1) enc.data[(seed >> 8) % elen] ^= (char)(1u << (seed >> 40 & 7));
        else elen = (size_t)(seed >> 8) % elen;
    }
    if (sel & 8) {
        pith_buf_reset(&chunked);
        if (!chunk(&chunked, e, elen, seed) || chunked.oom) return 0;
        pith_decode_result r = pith_http_dechunk(chunked.data, chunked.len, max, &a);
        if (elen > max) {
            FUZZ_CHECK(r == PITH_DECODE_TOO_LARGE);
            return 0;
        }
        FUZZ_CHECK(r == PITH_DECODE_OK);
        FUZZ_CHECK(a.len == elen && (!elen || !memcmp(a.data, e, elen)));
    }
    pith_decode_result r = pith_http_decode(names[mode], strlen(names[mode]), e, elen, max, &b);
    if (r == PITH_DECODE_OK || r == PITH_DECODE_PARTIAL) FUZZ_CHECK(b.len <= max);
    if (damaged || mode == 3) return 0; /* raw deflate may look like a zlib header */
    if (blen > max) {
        FUZZ_CHECK(r == PITH_DECODE_TOO_LARGE);
        return 0;
    }
    if (r != PITH_DECODE_OK)
        fprintf(stderr, "decode %s of %zu bytes (%zu encoded): result %d\n", names[mode], blen, elen, (int)r);
    FUZZ_CHECK(r == PITH_DECODE_OK);
    FUZZ_CHECK(b.len == blen && (!blen || !memcmp(b.data, body, blen)));
    return 0;
}

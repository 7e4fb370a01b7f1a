/*
 * Helpers shared by the fuzz targets: output checks (valid UTF-8, valid JSON,
 * well-formed XML), the checks of a result and of its rendering through the
 * public API, and compressors that turn fuzzed plain bytes into the
 * gzip, zlib, zstd and brotli streams the decoders must read, so that the
 * decoders see valid streams (and cut or damaged copies of them) rather than
 * only the random bytes a mutator makes of a compressed seed.
 *
 * Everything here is static: each target includes it once.
 */
#ifndef PITH_FUZZ_UTIL_H
#define PITH_FUZZ_UTIL_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <brotli/encode.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <zlib.h>
#include <zstd.h>

#include "core/buf.h"
#include "pith.h"

/* Aborts, which the fuzzer reports, with a line saying which promise broke. */
#define FUZZ_CHECK(cond)                                                                   \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

/* True when s[0..n) is valid UTF-8 (no overlongs, surrogates or values past
 * U+10FFFF). Written here so the check does not share code with the library. */
static inline bool fuzz_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + n;
    while (p < e) {
        unsigned c = *p;
        if (c < 0x80) { p++; continue; }
        size_t k;
        uint32_t cp, min;
        if ((c & 0xE0) == 0xC0) k = 2, cp = c & 0x1F, min = 0x80;
        else if ((c & 0xF0) == 0xE0) k = 3, cp = c & 0x0F, min = 0x800;
        else if ((c & 0xF8) == 0xF0) k = 4, cp = c & 0x07, min = 0x10000;
        else return false;
        if ((size_t)(e - p) < k) return false;
        for (size_t i = 1; i < k; i++) {
            if ((p[i] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        p += k;
    }
    return true;
}

/* True when the n bytes parse as one JSON value (jansson, strict). */
static inline bool fuzz_json_valid(const char *s, size_t n)
{
    json_error_t err;
    json_t *v = json_loadb(s, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    if (!v) {
        fprintf(stderr, "invalid JSON: %s at line %d column %d\n", err.text, err.line, err.column);
        return false;
    }
    json_decref(v);
    return true;
}

/* True when the n bytes are a well-formed XML document (libxml2, no recovery). */
static inline bool fuzz_xml_valid(const char *s, size_t n)
{
    static bool ready;
    if (!ready) {
        xmlInitParser();
        ready = true;
    }
    if (n > INT32_MAX) return true;
    xmlDocPtr d = xmlReadMemory(s, (int)n, "out.xml", "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE);
    if (!d) {
        const xmlError *e = xmlGetLastError();
        fprintf(stderr, "ill-formed XML: %s", e && e->message ? e->message : "?\n");
        return false;
    }
    xmlFreeDoc(d);
    return true;
}

/* Checks what the public accessors promise about a result that pith_extract()
 * gave with status st: a known status that the result repeats, a reason for
 * every failure, a text and a known type for every block, something to show
 * for every image, no NULL author. */
static inline void fuzz_check_result(const pith_result *r, pith_status st)
{
    FUZZ_CHECK(r != NULL);
    FUZZ_CHECK((unsigned)st < PITH_STATUS_COUNT_);
    FUZZ_CHECK(pith_result_status(r) == st);
    if (st != PITH_OK) FUZZ_CHECK(pith_result_reason(r) != NULL);
    for (size_t i = 0; i < pith_result_block_count(r); i++) {
        const pith_block *b = pith_result_block(r, i);
        FUZZ_CHECK(b && b->text);
        FUZZ_CHECK((unsigned)b->type <= PITH_BLOCK_CODE);
        (void)strlen(b->text);
        if (b->rich) (void)strlen(b->rich);
    }
    FUZZ_CHECK(pith_result_block(r, pith_result_block_count(r)) == NULL);
    for (size_t i = 0; i < pith_result_image_count(r); i++) {
        const pith_image *im = pith_result_image(r, i);
        /* a figure may have a caption or credit and no usable image source */
        FUZZ_CHECK(im && (im->src || im->caption || im->credit));
        if (im->src) (void)strlen(im->src);
    }
    for (size_t i = 0; i < pith_result_author_count(r); i++) FUZZ_CHECK(pith_result_author(r, i));
    const char *t = pith_result_text(r);
    if (t) (void)strlen(t);
}

/* Renders r as fmt with pith_render() and checks the output: a known status;
 * no bytes when the output limit or the time budget stopped it; otherwise
 * PITH_OK and NUL-terminated text of exactly *len bytes within the limit,
 * valid UTF-8, one JSON value for JSON, one line of JSON for JSONL, a
 * well-formed document for XML. Returns the status; the output stays in the
 * extractor until its next call. */
static inline pith_status fuzz_render_checked(pith_extractor *ex, const pith_result *r, pith_format fmt,
                                              const pith_options *o, const char *source, const char **out,
                                              size_t *len)
{
    pith_status st = pith_render(ex, r, fmt, o, source, out, len);
    FUZZ_CHECK((unsigned)st < PITH_STATUS_COUNT_);
    FUZZ_CHECK(*out != NULL);
    FUZZ_CHECK((*out)[*len] == '\0');
    if (st == PITH_ERR_OUTPUT_TOO_LARGE || st == PITH_ERR_TIMEOUT) {
        FUZZ_CHECK(*len == 0);
        return st;
    }
    FUZZ_CHECK(st == PITH_OK);
    if (o->max_output_bytes) FUZZ_CHECK(*len <= o->max_output_bytes);
    FUZZ_CHECK(strlen(*out) == *len);
    FUZZ_CHECK(fuzz_utf8_valid(*out, *len));
    if (fmt == PITH_FORMAT_JSON || fmt == PITH_FORMAT_JSONL) FUZZ_CHECK(fuzz_json_valid(*out, *len));
    if (fmt == PITH_FORMAT_JSONL) FUZZ_CHECK(*len && (*out)[*len - 1] == '\n' && !memchr(*out, '\n', *len - 1));
    if (fmt == PITH_FORMAT_XML) FUZZ_CHECK(fuzz_xml_valid(*out, *len));
    return st;
}

/* Requires out[0..len) to be the bytes kept in first: the same input run a
 * second time on the same extractor gives the same output. */
static inline void fuzz_check_same(const pith_buf *first, const char *out, size_t len)
{
    FUZZ_CHECK(len == first->len && (!len || !memcmp(out, first->data, len)));
}

/* Appends in[0..n) compressed with zlib's deflate: wbits 31 gives a gzip
 * member, 15 a zlib stream, -15 raw deflate. One stream per kind is kept
 * and reset, as setting one up costs more than compressing a small input.
 * False when out of memory. */
static inline bool fuzz_deflate(pith_buf *out, const void *in, size_t n, int wbits, int level)
{
    static z_stream streams[3];
    static bool ready[3];
    int k = wbits > 15 ? 0 : wbits > 0 ? 1 : 2;
    z_stream *s = &streams[k];
    if (!ready[k]) {
        if (deflateInit2(s, level, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY) != Z_OK) return false;
        ready[k] = true;
    } else if (deflateReset(s) != Z_OK || deflateParams(s, level, Z_DEFAULT_STRATEGY) != Z_OK) {
        return false;
    }
    uLong bound = deflateBound(s, (uLong)n) + 32;
    if (!pith_buf_reserve(out, bound)) return false;
    s->next_in = (Bytef *)in;
    s->avail_in = (uInt)n;
    s->next_out = (Bytef *)out->data + out->len;
    s->avail_out = (uInt)bound;
    int rc = deflate(s, Z_FINISH);
    out->len += bound - s->avail_out;
    out->data[out->len] = '\0';
    return rc == Z_STREAM_END;
}

/* Appends in[0..n) as one zstd frame, with a raw-content dictionary when
 * dict is non-NULL. False when out of memory or on a zstd error. */
static inline bool fuzz_zstd(pith_buf *out, const void *in, size_t n, const void *dict, size_t dict_len,
                      int level)
{
    static ZSTD_CCtx *cc;
    if (!cc && !(cc = ZSTD_createCCtx())) return false;
    size_t bound = ZSTD_compressBound(n);
    if (!pith_buf_reserve(out, bound)) return false;
    size_t k = dict ? ZSTD_compress_usingDict(cc, out->data + out->len, bound, in, n, dict, dict_len, level)
                    : ZSTD_compressCCtx(cc, out->data + out->len, bound, in, n, level);
    if (ZSTD_isError(k)) return false;
    out->len += k;
    out->data[out->len] = '\0';
    return true;
}

/* Appends in[0..n) compressed with brotli. */
static inline bool fuzz_brotli(pith_buf *out, const void *in, size_t n, int quality)
{
    size_t bound = BrotliEncoderMaxCompressedSize(n);
    if (!bound) bound = n + 1024;
    if (!pith_buf_reserve(out, bound)) return false;
    size_t k = bound;
    if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, n,
                               (const uint8_t *)in, &k, (uint8_t *)out->data + out->len))
        return false;
    out->len += k;
    out->data[out->len] = '\0';
    return true;
}

/* Appends a little-endian 32-bit value. */
static inline bool fuzz_put_le32(pith_buf *out, uint32_t v)
{
    unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    return pith_buf_append(out, b, 4);
}
#endif

/*
 * Encoding sniffing and decoding to UTF-8, per the WHATWG HTML "encoding
 * sniffing algorithm" and the WHATWG Encoding Standard's labels.
 *
 * Order: byte-order mark, the caller's charset (e.g. from HTTP Content-Type),
 * the <meta> prescan of the first 1024 bytes, then of the rest of the head
 * (what the tree builder's "change the encoding" would see), a detector (uchardet, only for
 * bytes that are not valid UTF-8), then a default. All calls are thread-safe
 * and keep no state between calls.
 */
#ifndef PITH_HTML_ENCODING_H
#define PITH_HTML_ENCODING_H
#include <stdbool.h>
#include <stddef.h>

#include "../core/buf.h"
#include "pith.h"

/* Every WHATWG encoding, in the Standard's order; PITH_ENC_NONE is "failure". */
typedef enum pith_enc {
    PITH_ENC_NONE = 0,
#define PITH_ENC(id, name, iconv) PITH_ENC_##id,
#include "encodings.def"
    PITH_ENC_COUNT_
} pith_enc;

/* How many bytes the <meta> prescan looks at. */
#define PITH_PRESCAN_BYTES 1024

/* The encoding a WHATWG label names (ASCII whitespace trimmed, case
 * ignored), or PITH_ENC_NONE for an unknown label. */
pith_enc pith_enc_from_label(const char *s, size_t n);

/* The canonical lower-case name, e.g. "windows-1252"; "" for PITH_ENC_NONE. */
const char *pith_enc_name(pith_enc e);

/* The encoding named by a byte-order mark at the start of `in` (UTF-8,
 * UTF-16LE or UTF-16BE) and the mark's length, or PITH_ENC_NONE. */
pith_enc pith_enc_bom(const char *in, size_t len, size_t *bom_len);

/* WHATWG "algorithm for extracting a character encoding from a meta
 * element", which also reads HTTP Content-Type values ("text/html;
 * charset=x"). PITH_ENC_NONE when there is none or it is unknown. */
pith_enc pith_enc_from_content(const char *s, size_t n);

/* WHATWG "prescan a byte stream to determine its encoding" over at most the
 * first PITH_PRESCAN_BYTES bytes; UTF-16 answers become UTF-8 and
 * x-user-defined becomes windows-1252 as the algorithm says. */
pith_enc pith_enc_prescan(const char *in, size_t len);

/* A <meta> encoding declaration anywhere before <body>, found by the
 * prescan rules run over the whole head with raw-text elements (script,
 * style, ...) skipped as the tokenizer would: it stands in for the tree
 * builder's "change the encoding" when the first 1024 bytes named none.
 * PITH_ENC_NONE when there is none. */
pith_enc pith_enc_late_meta(const char *in, size_t len);

/* The length of the longest prefix of `in` that is valid UTF-8. */
size_t pith_utf8_valid_prefix(const char *in, size_t len);

/* PITH_ENC_UTF_16LE or _16BE when the bytes look like UTF-16 text without a
 * byte-order mark (one byte of nearly every pair zero), else PITH_ENC_NONE. */
pith_enc pith_enc_guess_utf16(const char *in, size_t len);

/* A guess for bytes without any declaration: UTF-16 when the bytes look like
 * UTF-16 text without a mark, else uchardet's answer mapped through the label
 * table; PITH_ENC_NONE when neither knows. */
pith_enc pith_enc_detect(const char *in, size_t len);

/*
 * Runs the sniffing steps in order and returns the encoding, setting
 * *source to "bom", "caller", "meta", "detector" or "default" (a static
 * string) and *bom_len to the length of a byte-order mark to skip. The
 * detector runs only when the bytes are not valid UTF-8 (and keeps UTF-8
 * when valid multi-byte sequences far outnumber the invalid spots, i.e. a
 * UTF-8 page with a few stray bytes); `fallback` is the
 * default (pith_decode_html uses UTF-8). `caller` may be NULL, a label, or a
 * Content-Type value; an unknown one is ignored.
 */
pith_enc pith_enc_sniff(const char *in, size_t len, const char *caller, pith_enc fallback,
                        const char **source, size_t *bom_len);

/* Decodes `len` bytes in encoding `e` to UTF-8, appending to `out`. Invalid
 * input becomes U+FFFD (UTF-8: one per maximal subpart) and never stops the
 * decoding. PITH_ERR_NOMEM when out of memory, PITH_ERR_ENCODING when iconv
 * cannot convert from `e` at all (the bytes are then decoded as windows-1252). */
pith_status pith_decode(pith_enc e, const char *in, size_t len, pith_buf *out);

/*
 * Sniffs the encoding of an HTML page and decodes it to UTF-8 in `utf8_out`
 * (reset first; the byte-order mark is dropped). Writes the encoding's
 * canonical name to enc_name and a static string naming the step that chose
 * it to *source ("bom", "caller", "meta", "detector", "default").
 * `caller_charset` may be NULL. Returns PITH_OK or PITH_ERR_NOMEM; an
 * encoding iconv cannot open is decoded as windows-1252 and still PITH_OK.
 */
pith_status pith_decode_html(const char *in, size_t len, const char *caller_charset,
                             pith_buf *utf8_out, char enc_name[32], const char **source);

/*
 * pith_decode_html without a copy when none is needed: if the page is UTF-8
 * and the bytes after any byte-order mark are valid, *text points into `in`
 * (valid as long as `in` is); otherwise the decoded text is built in
 * `scratch` (reset first) and *text points at its data. *text_len is the
 * text's length; *text is never NULL. Same statuses as pith_decode_html.
 */
pith_status pith_decode_html_view(const char *in, size_t len, const char *caller_charset,
                                  pith_buf *scratch, const char **text, size_t *text_len,
                                  char enc_name[32], const char **source);
#endif

/*
 * libFuzzer target for the HTML parser and the encoding decoder.
 *
 * The first byte picks a caller charset and a set of limits, so the limit
 * paths (depth, nodes, attributes) and the legacy decoders are reached as
 * well as the defaults. After each parse the tree's links are checked
 * (every child's parent is its parent, sibling links agree, the walk ends),
 * and a broken invariant aborts, which the fuzzer reports.
 *
 * Built by `make fuzz` with clang -fsanitize=fuzzer; fuzz/replay.c drives the
 * same function from a plain compiler in `make check`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "html/encoding.h"
#include "html/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const charsets[8] = {NULL, NULL, NULL, NULL, "shift_jis", "windows-1252",
                                        "utf-16le", "iso-2022-jp"};

/* Aborts (a fuzzer finding) when the tree under the document is not a
 * consistent tree: links agree both ways and every node is reached once. */
static void check_tree(const pith_doc *d)
{
    if (d->n_nodes < 2) return;
    uint32_t seen = 0;
    for (pith_nid n = pith_doc_next(d, PITH_DOC, PITH_DOC, true); n != PITH_NIL;
         n = pith_doc_next(d, PITH_DOC, n, true)) {
        if (n >= d->n_nodes || ++seen > d->n_nodes) abort();
        const pith_node *x = &d->nodes[n];
        if (x->parent == PITH_NIL || x->parent >= d->n_nodes) abort();
        const pith_node *p = &d->nodes[x->parent];
        if (x->prev == PITH_NIL ? p->first != n : d->nodes[x->prev].next != n) abort();
        if (x->next == PITH_NIL ? p->last != n : d->nodes[x->next].prev != n) abort();
        if (x->type == PITH_NODE_ELEMENT && (uint64_t)x->a + x->b > d->n_attrs) abort();
        if ((x->type == PITH_NODE_TEXT || x->type == PITH_NODE_COMMENT) &&
            (uint64_t)x->a + x->b > d->n_chars)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pith_doc doc;
    static pith_buf buf;
    static int ready;
    if (!ready) {
        if (!pith_doc_init(&doc)) return 0;
        pith_buf_init(&buf);
        ready = 1;
    }
    unsigned sel = size ? data[0] : 0;
    const char *in = size ? (const char *)data + 1 : "";
    size_t len = size ? size - 1 : 0;

    /* the decoder on its own: output must be valid UTF-8 */
    char enc[32];
    const char *source = NULL;
    if (pith_decode_html(in, len, charsets[sel & 7], &buf, enc, &source) == PITH_OK) {
        if (!source || !enc[0]) abort();
        if (pith_utf8_valid_prefix(buf.data ? buf.data : "", buf.len) != buf.len) abort();
    }

    pith_parse_options po;
    memset(&po, 0, sizeof po);
    po.charset = charsets[sel & 7];
    if (sel & 8) {   /* tight limits */
        po.max_depth = 16;
        po.max_nodes = 200;
        po.max_attributes = 4;
    }
    pith_status st = pith_html_parse(&doc, in, len, &po);
    if ((unsigned)st >= PITH_STATUS_COUNT_) abort();
    check_tree(&doc);
    return 0;
}

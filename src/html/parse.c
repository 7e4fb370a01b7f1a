/*
 * The parser entry points: decoding, then the tokenizer feeding the tree
 * builder, with the document's limits and the time budget checked as it
 * goes.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/clock.h"
#include "encoding.h"
#include "html.h"
#include "tokenizer.h"
#include "treebuilder.h"

/* Tokens between two looks at the clock: frequent enough to stop within a
 * millisecond or so, rare enough to cost nothing. */
#define DEADLINE_EVERY 1024u

static void apply_limits(pith_doc *doc, const pith_parse_options *o)
{
    if (!o) return;
    if (o->max_nodes) doc->max_nodes = o->max_nodes;
    if (o->max_depth) doc->max_depth = o->max_depth;
    if (o->max_attributes) doc->max_attributes = o->max_attributes;
}

static pith_status outcome(pith_doc *doc, bool timed_out)
{
    if (doc->oom) return PITH_ERR_NOMEM;
    if (timed_out && doc->status == PITH_OK) doc->status = PITH_ERR_TIMEOUT;
    return timed_out ? PITH_ERR_TIMEOUT : doc->status;
}

static void ctl_state(void *t, pith_tok_state s) { pith_tok_set_state(t, s); }
static void ctl_cdata(void *t, bool on) { pith_tok_set_cdata_allowed(t, on); }

/* Runs tokenizer and tree builder over UTF-8 text already in place. */
static pith_status build(pith_doc *doc, const char *utf8, size_t len, const pith_parse_options *o,
                         const char *ctx_name, uint8_t ctx_ns, pith_nid *root)
{
    pith_tokenizer tok;
    pith_tb tb;
    if (root) *root = PITH_DOC;
    memset(&tok, 0, sizeof tok);
    if (!pith_tok_init(&tok, utf8, len)) {
        doc->oom = true;
        return PITH_ERR_NOMEM;
    }
    pith_tb_tokctl ctl = {&tok, ctl_state, ctl_cdata};
    bool ok = ctx_name ? pith_tb_init_fragment(&tb, doc, &ctl, ctx_name, strlen(ctx_name), ctx_ns)
                       : pith_tb_init(&tb, doc, &ctl);
    if (!ok) {
        pith_tok_free(&tok);
        if (!doc->status) doc->oom = true;
        return outcome(doc, false);
    }
    double deadline = o ? o->deadline : 0;
    uint32_t grace = o ? o->min_tokens : 0;
    double grace_end = o ? o->grace_end : 0;
    bool timed_out = false;
    uint32_t n = 0;
    pith_token tk;
    while (!tb.done && pith_tok_next(&tok, &tk)) {
        double now;
        if (deadline > 0 && (n++ % DEADLINE_EVERY) == 0 && (now = pith_now()) > deadline &&
            (n > grace || (grace_end > 0 && now > grace_end))) {
            timed_out = true;
            break;
        }
        pith_tb_token(&tb, &tk);
    }
    if (root && ctx_name) *root = tb.root;
    if (tok.oom) doc->oom = true;
    pith_tb_free(&tb);
    pith_tok_free(&tok);
    return outcome(doc, timed_out);
}

pith_status pith_html_parse_utf8(pith_doc *doc, const char *utf8, size_t len, const pith_parse_options *opts,
                                 const char *ctx_name, uint8_t ctx_ns, pith_nid *root)
{
    pith_doc_reset(doc);
    apply_limits(doc, opts);
    if (doc->oom) return PITH_ERR_NOMEM;
    if (opts && opts->max_input_bytes && len > opts->max_input_bytes) return PITH_ERR_TOO_LARGE;
    strcpy(doc->encoding, "utf-8");
    doc->encoding_source = "caller";
    return build(doc, utf8, len, opts, ctx_name, ctx_ns, root);
}

pith_status pith_html_parse(pith_doc *doc, const char *data, size_t len, const pith_parse_options *opts)
{
    pith_doc_reset(doc);
    apply_limits(doc, opts);
    if (doc->oom) return PITH_ERR_NOMEM;
    if (opts && opts->max_input_bytes && len > opts->max_input_bytes) return PITH_ERR_TOO_LARGE;
    if (len > UINT32_MAX) return PITH_ERR_TOO_LARGE;
    /* Decoding: BOM, caller charset, <meta> prescan, detector (encoding.c);
     * valid UTF-8 is used in place. */
    pith_buf scratch;
    pith_buf_init(&scratch);
    const char *source = "default", *text;
    if (pith_decode_html_view(data, len, opts ? opts->charset : NULL, &scratch, &text, &len, doc->encoding,
                              &source) != PITH_OK) {
        pith_buf_free(&scratch);
        doc->oom = true;
        return PITH_ERR_NOMEM;
    }
    doc->encoding_source = source;
    pith_status st = build(doc, text, len, opts, NULL, PITH_NS_HTML, NULL);
    pith_buf_free(&scratch);
    return st;
}

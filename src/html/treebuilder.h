/*
 * HTML tree construction (WHATWG HTML 13.2.6, scripting flag off): turns the
 * tokenizer's tokens into nodes of a pith_doc. The tree builder owns the
 * stack of open elements, the list of active formatting elements and the
 * insertion mode, and steers the tokenizer (RCDATA/RAWTEXT/... states and
 * CDATA sections in foreign content).
 *
 * Limits: elements beyond doc->max_depth open elements are inserted flat
 * (as siblings at the deepest level) and doc->status becomes
 * PITH_ERR_TOO_DEEP; node and attribute caps are enforced by the document.
 * Every walk is iterative; no step scans more than the stack of open
 * elements (which the depth cap bounds) per token, apart from the bounded
 * loops of the adoption agency algorithm.
 */
#ifndef PITH_HTML_TREEBUILDER_H
#define PITH_HTML_TREEBUILDER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/buf.h"
#include "../dom/dom.h"
#include "html.h"
#include "token.h"

/* How the tree builder steers its tokenizer (both may be NULL when tokens
 * are fed by hand). */
typedef struct pith_tb_tokctl {
    void *ctx;
    void (*set_state)(void *ctx, pith_tok_state state);
    void (*set_cdata)(void *ctx, bool allowed);
} pith_tb_tokctl;

/* One entry of the stack of open elements (tag and namespace are cached so
 * that scope scans do not touch the node array). */
typedef struct pith_tb_entry {
    pith_nid node;
    uint32_t tag;
    uint8_t ns;
} pith_tb_entry;

/* One entry of the list of active formatting elements; node 0 is a marker.
 * `fp` fingerprints the attributes for the Noah's Ark clause. */
typedef struct pith_tb_fmt {
    pith_nid node;
    uint32_t tag;
    uint32_t n_attrs;
    bool has_fp;                  /* fp computed (lazily, see fmt_push) */
    uint64_t fp;
} pith_tb_fmt;

/* A select being parsed, for cloning its selected option into its
 * selectedcontent element. */
typedef struct pith_tb_select {
    pith_nid select, content, first_option, selected;
} pith_tb_select;

#define PITH_TB_SELECTS 8

typedef struct pith_tb {
    pith_doc *d;
    pith_tb_tokctl tok;
    uint8_t mode, orig_mode;
    bool frameset_ok, foster, skip_lf, fragment, done, stop;
    pith_tb_entry *st;
    uint32_t n_st, cap_st;
    pith_tb_fmt *fmt;
    uint32_t n_fmt, cap_fmt;
    uint8_t *tmodes;              /* stack of template insertion modes */
    uint32_t n_tm, cap_tm;
    pith_nid head, form;
    pith_nid root;                /* the html element (fragment: the result root) */
    pith_nid ctx;                 /* fragment context element (detached), or 0 */
    pith_tb_entry ctx_entry;      /* the context element as a stack entry */
    uint32_t max_depth;
    uint32_t fo_tag;              /* interned "foreignObject", 0 until first seen */
    uint32_t sc_tag;              /* interned "selectedcontent", 0 until first seen */
    pith_tb_select sel[PITH_TB_SELECTS];
    uint32_t n_sel, sel_next;
    pith_buf pending;             /* "in table text" pending characters */
    bool pending_nonspace;
    pith_buf tmp;                 /* scratch for copying attributes */
    bool cdata_allowed;           /* last value given to the tokenizer */
    uint32_t scratch_cap;         /* attribute-merge hash scratch */
    uint32_t *scratch;
    /* HTML elements on the stack per known tag: lets scope checks for a
     * tag that is not open at all return without scanning. */
    uint32_t count[PITH_TAG_COUNT_];
} pith_tb;

/* Prepares a tree builder for a whole document (doc must be freshly reset).
 * `tok` steers the tokenizer feeding it (NULL: none). False when out of
 * memory. */
bool pith_tb_init(pith_tb *tb, pith_doc *doc, const pith_tb_tokctl *tok);

/*
 * Prepares a tree builder for the HTML fragment parsing algorithm with a
 * context element named `ctx_name` (lower case) in namespace `ctx_ns`
 * (PITH_NS_HTML, SVG or MATHML). Sets the tokenizer's initial state from
 * the context. The parsed nodes end up as children of tb->root.
 */
bool pith_tb_init_fragment(pith_tb *tb, pith_doc *doc, const pith_tb_tokctl *tok,
                           const char *ctx_name, size_t ctx_len, uint8_t ctx_ns);

/* Processes one token. After the EOF token (or a hard stop such as the node
 * cap or out of memory) tb->done is set and further tokens are ignored. */
void pith_tb_token(pith_tb *tb, const pith_token *tk);

/* True when the tokenizer should treat <![CDATA[ as a CDATA section (the
 * adjusted current node is not in the HTML namespace). */
bool pith_tb_cdata_allowed(const pith_tb *tb);

/* Releases the tree builder's own memory (not the document). */
void pith_tb_free(pith_tb *tb);

/*
 * Parses UTF-8 text (no decoding or sniffing) into `doc`, which is reset
 * first. With `ctx_name` non-NULL, runs the fragment parsing algorithm with
 * that context element and stores the result root in *root (children of
 * the root are the fragment); otherwise *root (if given) is PITH_DOC.
 * Returns PITH_OK or the first limit hit.
 */
pith_status pith_html_parse_utf8(pith_doc *doc, const char *utf8, size_t len,
                                 const pith_parse_options *opts, const char *ctx_name,
                                 uint8_t ctx_ns, pith_nid *root);
#endif

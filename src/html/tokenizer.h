/*
 * pith's HTML tokenizer (WHATWG HTML 13.2.5), over UTF-8 text held whole in
 * memory.
 *
 * Every state of the standard is implemented, but the plain-text states
 * scan ahead for the next byte that matters instead of stepping through a
 * state switch per byte, and since the whole input is at hand the short
 * lookahead states (tag open, end tag name, character references, ...) are
 * straight-line code. Character data between two other tokens comes out as
 * one PITH_TOK_CHARS token, pointing into the input where no byte had to
 * change. Parse errors are not reported.
 *
 * The tokenizer is not thread-safe; use one per thread. It never allocates
 * per token: its buffers grow amortised and are kept when it is initialised
 * again for the next document.
 */
#ifndef PITH_HTML_TOKENIZER_H
#define PITH_HTML_TOKENIZER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/buf.h"
#include "token.h"

/* An attribute of the tag being built: name and value as offsets into the
 * input (where nothing had to change) or into the attribute buffer (which
 * may move while it grows). */
typedef struct pith_tok_attr_at {
    size_t name_off, name_len, value_off, value_len;
    size_t mark;     /* attribute buffer length before this attribute */
    uint32_t key;    /* name length, first and last byte, for quick compares */
    bool name_in_input, value_in_input;
} pith_tok_attr_at;

typedef struct pith_tokenizer {
    /* input: the caller's text, or norm.data when CRs had to be rewritten */
    const char *in;
    size_t len, pos;
    pith_buf norm;
    pith_tok_state state;
    bool cdata_allowed;
    bool have_tok;        /* tok waits behind the character token just given */
    bool done;            /* the EOF token was given */
    bool oom;             /* an allocation failed; the token stream ended early */
    /* the character run being collected: the input slice [run_a, run_b)
     * while nothing had to change, else the bytes in text */
    size_t run_a, run_b;
    bool run_buffered;
    pith_buf text;
    /* the token being built: tag or doctype name, comment data */
    pith_token tok;
    const char *tname;    /* tag name: in the input, or name.data */
    size_t tname_len;
    pith_buf name;
    pith_buf abuf;        /* attribute names and values */
    pith_tok_attr_at *at;
    size_t n_at, cap_at;
    pith_tok_attr *attrs; /* handed out with the token */
    size_t cap_attrs;
    bool drop_attr;       /* the attribute being read repeats an earlier name */
    /* duplicate-name check for tags with many attributes: open addressing
     * over attribute indexes, entries stamped with a per-tag generation */
    uint64_t *dup;
    size_t dup_cap, dup_n;
    uint32_t dup_gen;
    pith_buf pub, sys;    /* doctype identifiers */
    pith_buf last;        /* name of the last start tag (lower case) */
    uint32_t magic;       /* with self: says the buffers above are live */
    const struct pith_tokenizer *self;
} pith_tokenizer;

/*
 * Starts tokenizing `len` bytes of UTF-8 at `utf8` (which must stay valid
 * and unchanged until the tokenizer is initialised again or freed) in the
 * data state. `t` may be uninitialised memory or a tokenizer initialised
 * before and not yet freed, whose buffers are then reused. Returns false
 * when out of memory (t is then still safe to free or to initialise again).
 */
bool pith_tok_init(pith_tokenizer *t, const char *utf8, size_t len);

/* Releases the tokenizer's buffers; safe on a tokenizer whose init failed. */
void pith_tok_free(pith_tokenizer *t);

/*
 * Fills *out with the next token. Token memory belongs to the tokenizer and
 * is valid until the next call. Returns false only after the EOF token was
 * given. When out of memory the stream ends with an EOF token early and
 * t->oom is set.
 */
bool pith_tok_next(pith_tokenizer *t, pith_token *out);

/* Switches the state in which the next token is read (the tree builder
 * does this after start tags such as <title>, <style>, <script>). */
void pith_tok_set_state(pith_tokenizer *t, pith_tok_state s);

/* Sets the name of the last start tag, for the "appropriate end tag" check
 * (the tokenizer also records every start tag it emits itself). */
void pith_tok_set_last_start_tag(pith_tokenizer *t, const char *name, size_t len);

/* Whether "<![CDATA[" opens a CDATA section (the adjusted current node is
 * not in the HTML namespace) or a bogus comment. */
void pith_tok_set_cdata_allowed(pith_tokenizer *t, bool allowed);
#endif

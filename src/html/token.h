/*
 * The interface between the tokenizer and the tree builder.
 *
 * The tokenizer reads UTF-8 (already decoded; it normalises CR and CRLF to
 * LF itself) and hands out one token per pith_tok_next() call. Token memory
 * (names, attribute values, character data) belongs to the tokenizer and is
 * valid until the next call. Names of tags and attributes are ASCII-lower-
 * cased; character references are already decoded.
 */
#ifndef PITH_HTML_TOKEN_H
#define PITH_HTML_TOKEN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum pith_tok_type {
    PITH_TOK_DOCTYPE,
    PITH_TOK_START_TAG,
    PITH_TOK_END_TAG,
    PITH_TOK_COMMENT,
    PITH_TOK_CHARS,   /* a run of characters; may contain U+0000 as a 0 byte */
    PITH_TOK_EOF
} pith_tok_type;

/* Tokenizer states the tree builder switches to (WHATWG 13.2.5). */
typedef enum pith_tok_state {
    PITH_TOKSTATE_DATA,
    PITH_TOKSTATE_RCDATA,
    PITH_TOKSTATE_RAWTEXT,
    PITH_TOKSTATE_SCRIPT_DATA,
    PITH_TOKSTATE_PLAINTEXT,
    PITH_TOKSTATE_CDATA_SECTION   /* only for the tokenizer tests' initial state */
} pith_tok_state;

typedef struct pith_tok_attr {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
} pith_tok_attr;

typedef struct pith_token {
    pith_tok_type type;
    /* start/end tag: tag name; doctype: name (NULL when missing) */
    const char *name;
    size_t name_len;
    uint32_t tag;              /* pith_tag_lookup(name), 0 when not a known tag */
    bool self_closing;
    pith_tok_attr *attrs;      /* start tags; duplicates already dropped */
    size_t n_attrs;
    /* chars and comment */
    const char *data;
    size_t data_len;
    /* doctype */
    bool force_quirks;
    const char *public_id, *system_id;   /* NULL when missing */
    size_t public_id_len, system_id_len;
} pith_token;

#endif

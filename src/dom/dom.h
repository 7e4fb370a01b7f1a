/*
 * The compact document model. Nodes are entries of one array, linked by
 * 32-bit indexes; index 0 is the nil node and index 1 the document. Text,
 * attribute values and names live in one byte store addressed by offset, so
 * growing it never invalidates a node. A document is reset, not freed,
 * between inputs, and never points into the caller's input.
 */
#ifndef PITH_DOM_H
#define PITH_DOM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"
#include "pith.h"

typedef uint32_t pith_nid;
#define PITH_NIL 0u
#define PITH_DOC 1u

typedef enum pith_node_type {
    PITH_NODE_NIL = 0,
    PITH_NODE_DOCUMENT,
    PITH_NODE_ELEMENT,
    PITH_NODE_TEXT,
    PITH_NODE_COMMENT,
    PITH_NODE_DOCTYPE,
    PITH_NODE_FRAGMENT   /* root of a fragment parse (tests) */
} pith_node_type;

typedef enum pith_ns {
    PITH_NS_HTML = 0,
    PITH_NS_SVG,
    PITH_NS_MATHML,
    /* attribute namespaces */
    PITH_NS_NONE,
    PITH_NS_XLINK,
    PITH_NS_XML,
    PITH_NS_XMLNS
} pith_ns;

typedef enum pith_tag {
    PITH_TAG_UNKNOWN = 0,
#define PITH_TAG(e, s) PITH_TAG_##e,
#include "tags.def"
#undef PITH_TAG
    PITH_TAG_COUNT_   /* interned names get ids from here on */
} pith_tag;

/* A slice of the document's byte store. */
typedef struct pith_str {
    uint32_t off, len;
} pith_str;

typedef struct pith_node {
    pith_nid parent, first, last, next, prev;
    uint8_t type;     /* pith_node_type */
    uint8_t ns;       /* pith_ns, elements only */
    uint16_t flags;   /* PITH_NF_* */
    uint32_t tag;     /* element: pith_tag or interned id >= PITH_TAG_COUNT_ */
    /* element: first attribute index and count; text/comment: the text;
     * doctype: index of its pith_doctype record in `a`. */
    uint32_t a, b;
} pith_node;

enum {
    PITH_NF_SELF_CLOSING = 1,   /* element came from a self-closing tag */
    /* A <template>'s contents: a fragment node with this flag, kept as the
     * template element's first child. */
    PITH_NF_TEMPLATE_CONTENT = 2,
    PITH_NF_USER = 0x100        /* bits from here on are free for later passes */
};

typedef struct pith_attr {
    pith_str name;    /* lower case for HTML; adjusted case for foreign */
    pith_str value;
    uint8_t ns;       /* PITH_NS_NONE, XLINK, XML or XMLNS */
} pith_attr;

typedef struct pith_doctype {
    pith_str name, public_id, system_id;
    bool has_public, has_system;
} pith_doctype;

typedef struct pith_doc {
    pith_node *nodes;
    uint32_t n_nodes, cap_nodes;
    pith_attr *attrs;
    uint32_t n_attrs, cap_attrs;
    char *chars;                 /* byte store for text, names and values */
    size_t n_chars, cap_chars;
    pith_doctype *doctypes;
    uint32_t n_doctypes, cap_doctypes;
    /* interned tag names for tags outside the known list */
    pith_str *names;
    uint32_t n_names, cap_names;
    uint32_t *name_hash;         /* open addressing, 0 = empty, else id+1 */
    uint32_t name_hash_cap;
    pith_arena arena;            /* for passes that need scratch memory */
    /* limits and outcome */
    uint32_t max_nodes, max_depth, max_attributes;
    pith_status status;          /* first limit hit, or PITH_OK */
    bool oom;
    int quirks;                  /* 0 no-quirks, 1 limited, 2 quirks */
    char encoding[32];           /* e.g. "utf-8" */
    const char *encoding_source; /* "bom", "caller", "meta", "detector", "default" */
} pith_doc;

/* Prepares an empty document. False when out of memory. */
bool pith_doc_init(pith_doc *d);
/* Empties the document, keeping its memory. */
void pith_doc_reset(pith_doc *d);
void pith_doc_free(pith_doc *d);

static inline pith_node *pith_node_at(const pith_doc *d, pith_nid id) { return &d->nodes[id]; }

/* Adds bytes to the store; returns the slice (len 0 on OOM, d->oom set). */
pith_str pith_doc_store(pith_doc *d, const char *p, size_t n);
static inline const char *pith_doc_str(const pith_doc *d, pith_str s) { return d->chars + s.off; }

/* Creating nodes. Each returns PITH_NIL when out of memory or over max_nodes
 * (d->status says which). New nodes are detached. */
pith_nid pith_doc_new_element(pith_doc *d, uint32_t tag, uint8_t ns);
pith_nid pith_doc_new_text(pith_doc *d, const char *p, size_t n);
pith_nid pith_doc_new_comment(pith_doc *d, const char *p, size_t n);
pith_nid pith_doc_new_doctype(pith_doc *d, const pith_doctype *dt);
pith_nid pith_doc_new_fragment(pith_doc *d);

/* Appends text to a text node (extending in place when it is the last
 * thing in the store). */
bool pith_doc_text_append(pith_doc *d, pith_nid text, const char *p, size_t n);

/* Adds an attribute to an element; it need not be the last created. */
bool pith_doc_add_attr(pith_doc *d, pith_nid el, const char *name, size_t nlen,
                       const char *value, size_t vlen, uint8_t ns);

/* Tree surgery. `child` must be detached for the insert calls. */
void pith_doc_append(pith_doc *d, pith_nid parent, pith_nid child);
void pith_doc_insert_before(pith_doc *d, pith_nid parent, pith_nid child, pith_nid ref);
void pith_doc_detach(pith_doc *d, pith_nid node);
/* Moves all children of `from` to the end of `to`. */
void pith_doc_move_children(pith_doc *d, pith_nid from, pith_nid to);

/* Tag names. */
uint32_t pith_tag_lookup(const char *name, size_t len);       /* known id or 0 */
const char *pith_tag_name_known(uint32_t tag);                /* for known ids */
uint32_t pith_doc_intern_tag(pith_doc *d, const char *name, size_t len); /* any name */
/* The name of a tag id as stored (lower case for known ids). */
const char *pith_doc_tag_name(const pith_doc *d, uint32_t tag, size_t *len);

/* Attribute lookup by name (ASCII, exact); returns NULL when absent. */
const pith_attr *pith_doc_attr(const pith_doc *d, pith_nid el, const char *name);
/* The value of an attribute (not NUL-terminated) and its length; NULL when absent. */
const char *pith_doc_attr_value(const pith_doc *d, pith_nid el, const char *name, size_t *len);

static inline bool pith_is_el(const pith_doc *d, pith_nid n, uint32_t tag)
{
    const pith_node *x = &d->nodes[n];
    return x->type == PITH_NODE_ELEMENT && x->tag == tag && x->ns == PITH_NS_HTML;
}

/* Iterative pre-order walk: the next node after `n` within `root`'s subtree,
 * descending into children when `descend`. PITH_NIL at the end. */
pith_nid pith_doc_next(const pith_doc *d, pith_nid root, pith_nid n, bool descend);

/* The text of a subtree, whitespace collapsed, appended to a buffer. */
struct pith_buf;
bool pith_doc_text_content(const pith_doc *d, pith_nid root, struct pith_buf *out);

#endif

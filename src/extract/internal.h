/* Shared state of the extraction passes (src/extract only). */
#ifndef PITH_EXTRACT_INTERNAL_H
#define PITH_EXTRACT_INTERNAL_H
#include <stdbool.h>
#include <stdint.h>

#include "../core/buf.h"
#include "../core/result.h"
#include "../core/title.h"
#include "../dom/dom.h"

/* Tag properties, by known tag id. */
enum {
    TP_BLOCK = 1 << 0,    /* starts a new line */
    TP_DROP = 1 << 1,     /* never content: the subtree is skipped */
    TP_HEADING = 1 << 2,
    TP_LIST = 1 << 3,     /* ul, ol, dl, menu */
    TP_ITEM = 1 << 4,     /* li, dt, dd */
    TP_CLEAN = 1 << 5,    /* judged by conditional cleaning inside the article */
    TP_CELL = 1 << 6,     /* td, th */
    TP_INPUT = 1 << 7,    /* form controls (counted) */
    TP_EMBED = 1 << 8,    /* iframe, object, embed, video (counted) */
    TP_SEMANTIC = 1 << 9  /* article, main */
};

/* Per-element flags in the side array. */
enum {
    XF_DROP = 1 << 0,     /* never content (tag, hidden) */
    XF_SOFT = 1 << 1,     /* boilerplate candidate (hint, role, page-level tag) */
    XF_KILL = 1 << 2,     /* removed by the current pruning stage */
    XF_INLINK = 1 << 3,   /* inside an <a> */
    XF_SCORED = 1 << 4,   /* has a candidate score */
    XF_PROTECT = 1 << 5,  /* holds the article by markup (articleBody, main, role=main) */
    XF_DATATABLE = 1 << 6,/* a table holding data, not layout */
    XF_INARTICLE = 1 << 7,/* inside article/main/articleBody */
    XF_COMMENTS = 1 << 8, /* a reader-comment section */
    XF_PRE = 1 << 9,      /* inside <pre> */
    XF_SOFTTAG = 1 << 10, /* boilerplate by tag or role (nav, aside, footer, ...) */
    XF_INFIGURE = 1 << 11,/* inside <figure> */
    XF_CLEANED = 1 << 12, /* rejected by conditional cleaning */
    XF_HASBLOCK = 1 << 13 /* has block-level descendants (before the next block) */
};

/* Per-node data, indexed by node id. */
typedef struct xnode {
    uint32_t blk;      /* nearest block-level ancestor-or-self */
    uint32_t pos, end; /* the subtree's range in the order list */
    uint32_t txt;      /* visible text bytes in the subtree (a whitespace run counts 1) */
    uint32_t lnk;      /* of which inside links */
    uint32_t own;      /* text whose nearest block is this element */
    uint32_t ownlnk;
    float score;
    float mass;        /* paragraph scores in the subtree, undiluted */
    uint16_t flags;    /* XF_* */
    uint16_t hint;     /* HK_* of class and id */
    uint32_t listtxt;  /* text inside ul/ol */
    uint16_t commas;   /* in own text (element) or in the text (text node) */
    uint16_t scommas;  /* in the subtree */
    uint16_t np, nimg, nli, ninput, nembed, nhead, ntable;
    uint16_t nlhead;   /* headings whose text is all link (teaser headlines) */
    uint8_t dinput, dembed; /* dropped form controls and embeds among the children */
    int8_t weight;     /* class/id weight: -50 .. 50 */
} xnode;

typedef struct pith_xctx {
    pith_doc *d;
    const pith_options *o;
    pith_result *r;
    const char *url;
    xnode *x;
    pith_nid *ord;     /* elements and texts in document order, dropped subtrees left out */
    uint32_t n_ord;
    pith_nid body;
    int stage;         /* 0 strict; higher stages relax pruning */
    bool show_hidden;  /* treat hidden markup as visible (last resort) */
    uint32_t root_prose; /* text outside lists in the container being cleaned, before cleaning */
} pith_xctx;

static inline uint32_t pith_x_props(const pith_doc *d, pith_nid n);

/* True for a table of data rather than layout. */
bool pith_x_data_table(const pith_xctx *c, pith_nid n);
/* Emits the blocks of the chosen containers (emit.c); the figures of
 * `region` (an article element around them, or nil) before them give
 * their images. */
bool pith_x_emit(pith_xctx *c, const pith_nid *roots, size_t n_roots, pith_nid region);
/* Article text carried as data in scripts (jsondata.c): the prose length
 * of the best string found, 0 if none; with `emit`, its blocks are added.
 * With `probe` (text the markup gave), only a JSON-LD articleBody that
 * contains the probe's first words counts: the full text of a page whose
 * markup shows the start of the article only. */
size_t pith_x_data_chars(pith_xctx *c, bool emit, const char *probe);
/* Appends the collapsed text of a subtree, skipping dropped and killed nodes
 * and those whose hints intersect `skip_hints`. */
void pith_x_text(pith_xctx *c, pith_nid root, pith_buf *out, unsigned skip_hints);
/* The same with block boundaries as line breaks, killed parts included. */
void pith_x_text_lines(pith_xctx *c, pith_nid root, pith_buf *out, unsigned skip_hints, uint32_t skip_tag,
                       bool lines);
/* Appends `href` (n bytes) resolved against `base` (may be NULL) to out. */
void pith_x_resolve(const char *base, const char *href, size_t n, pith_buf *out);
/* The address that links and images of the page resolve against: its
 * first <base href> (resolved against the page's address), else `url`,
 * else the canonical address metadata found (when absolute). */
const char *pith_x_base(pith_xctx *c, const char *url);

#ifdef PITH_XDEBUG
/* Debug builds (cc -DPITH_XDEBUG) describe their decisions on stderr. */
void pith_x_dbg(const pith_xctx *c, const char *what, pith_nid n);
#define DBG(c, what, n) pith_x_dbg(c, what, n)
#else
#define DBG(c, what, n) ((void)0)
#endif

extern const uint16_t pith_x_tagprops[PITH_TAG_COUNT_];
static inline uint32_t pith_x_props(const pith_doc *d, pith_nid n)
{
    const pith_node *x = &d->nodes[n];
    if (x->type != PITH_NODE_ELEMENT || x->ns != PITH_NS_HTML || x->tag >= PITH_TAG_COUNT_) return 0;
    return pith_x_tagprops[x->tag];
}
#endif

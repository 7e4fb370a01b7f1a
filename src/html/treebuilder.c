/*
 * Tree construction, WHATWG HTML 13.2.6 with the scripting flag off.
 *
 * Structure: pith_tb_token() applies the tree construction dispatcher
 * (HTML rules or the rules for foreign content); each insertion mode is one
 * function that switches on the token type and the tag enum. "Reprocess the
 * token" is a call back into the mode dispatcher; those chains are short and
 * bounded by the number of modes, never by input depth.
 */
#include "treebuilder.h"

#include <stdlib.h>
#include <string.h>

#include "../core/ascii.h"
#include "tree_foreign.h"
#include "tree_quirks.h"

#define T(x) PITH_TAG_##x

enum {
    M_INITIAL,
    M_BEFORE_HTML,
    M_BEFORE_HEAD,
    M_IN_HEAD,
    M_IN_HEAD_NOSCRIPT,
    M_AFTER_HEAD,
    M_IN_BODY,
    M_TEXT,
    M_IN_TABLE,
    M_IN_TABLE_TEXT,
    M_IN_CAPTION,
    M_IN_COLUMN_GROUP,
    M_IN_TABLE_BODY,
    M_IN_ROW,
    M_IN_CELL,
    M_IN_TEMPLATE,
    M_AFTER_BODY,
    M_IN_FRAMESET,
    M_AFTER_FRAMESET,
    M_AFTER_AFTER_BODY,
    M_AFTER_AFTER_FRAMESET
};

/* Per-tag classes of HTML elements, from the standard's lists. */
enum {
    C_SPECIAL = 1 << 0,
    C_SCOPE = 1 << 1,       /* boundary of "in scope" (and list/button scope) */
    C_LIST = 1 << 2,        /* extra boundary of list item scope */
    C_BUTTON = 1 << 3,      /* extra boundary of button scope */
    C_TABLE = 1 << 4,       /* boundary of table scope */
    C_IMPLIED = 1 << 5,     /* "generate implied end tags" pops these */
    C_THOROUGH = 1 << 6,    /* ... and "thoroughly" also these (includes C_IMPLIED ones) */
    C_FORMATTING = 1 << 7,
    C_BREAKOUT = 1 << 8,    /* start tags that leave foreign content */
    C_HEADING = 1 << 9,
    C_FOSTER = 1 << 10      /* table, tbody, tfoot, thead, tr */
};

#define SP C_SPECIAL
#define IMP (C_IMPLIED | C_THOROUGH)
#define BO C_BREAKOUT
#define FMT C_FORMATTING
static const uint16_t tclass[PITH_TAG_COUNT_] = {
    [T(A)] = FMT,
    [T(ADDRESS)] = SP,
    [T(APPLET)] = SP | C_SCOPE,
    [T(AREA)] = SP,
    [T(ARTICLE)] = SP,
    [T(ASIDE)] = SP,
    [T(B)] = FMT | BO,
    [T(BASE)] = SP,
    [T(BASEFONT)] = SP,
    [T(BGSOUND)] = SP,
    [T(BIG)] = FMT | BO,
    [T(BLOCKQUOTE)] = SP | BO,
    [T(BODY)] = SP | BO,
    [T(BR)] = SP | BO,
    [T(BUTTON)] = SP | C_BUTTON,
    [T(CAPTION)] = SP | C_SCOPE | C_THOROUGH,
    [T(CENTER)] = SP | BO,
    [T(CODE)] = FMT | BO,
    [T(COL)] = SP,
    [T(COLGROUP)] = SP | C_THOROUGH,
    [T(DD)] = SP | IMP | BO,
    [T(DETAILS)] = SP,
    [T(DIR)] = SP,
    [T(DIV)] = SP | BO,
    [T(DL)] = SP | BO,
    [T(DT)] = SP | IMP | BO,
    [T(EM)] = FMT | BO,
    [T(EMBED)] = SP | BO,
    [T(FIELDSET)] = SP,
    [T(FIGCAPTION)] = SP,
    [T(FIGURE)] = SP,
    [T(FONT)] = FMT,
    [T(FOOTER)] = SP,
    [T(FORM)] = SP,
    [T(FRAME)] = SP,
    [T(FRAMESET)] = SP,
    [T(H1)] = SP | C_HEADING | BO,
    [T(H2)] = SP | C_HEADING | BO,
    [T(H3)] = SP | C_HEADING | BO,
    [T(H4)] = SP | C_HEADING | BO,
    [T(H5)] = SP | C_HEADING | BO,
    [T(H6)] = SP | C_HEADING | BO,
    [T(HEAD)] = SP | BO,
    [T(HEADER)] = SP,
    [T(HGROUP)] = SP,
    [T(HR)] = SP | BO,
    [T(HTML)] = SP | C_SCOPE | C_TABLE,
    [T(I)] = FMT | BO,
    [T(IFRAME)] = SP,
    [T(IMG)] = SP | BO,
    [T(INPUT)] = SP,
    [T(KEYGEN)] = SP,
    [T(LI)] = SP | IMP | BO,
    [T(LINK)] = SP,
    [T(LISTING)] = SP | BO,
    [T(MAIN)] = SP,
    [T(MARQUEE)] = SP | C_SCOPE,
    [T(MENU)] = SP | BO,
    [T(META)] = SP | BO,
    [T(NAV)] = SP,
    [T(NOBR)] = FMT | BO,
    [T(NOEMBED)] = SP,
    [T(NOFRAMES)] = SP,
    [T(NOSCRIPT)] = SP,
    [T(OBJECT)] = SP | C_SCOPE,
    [T(OL)] = SP | C_LIST | BO,
    [T(OPTGROUP)] = IMP,
    [T(OPTION)] = IMP,
    [T(P)] = SP | IMP | BO,
    [T(PARAM)] = SP,
    [T(PLAINTEXT)] = SP,
    [T(PRE)] = SP | BO,
    [T(RB)] = IMP,
    [T(RP)] = IMP,
    [T(RT)] = IMP,
    [T(RTC)] = IMP,
    [T(RUBY)] = BO,
    [T(S)] = FMT | BO,
    [T(SCRIPT)] = SP,
    [T(SEARCH)] = SP,
    [T(SECTION)] = SP,
    [T(SELECT)] = SP | C_SCOPE,
    [T(SMALL)] = FMT | BO,
    [T(SOURCE)] = SP,
    [T(SPAN)] = BO,
    [T(STRIKE)] = FMT | BO,
    [T(STRONG)] = FMT | BO,
    [T(STYLE)] = SP,
    [T(SUB)] = BO,
    [T(SUMMARY)] = SP,
    [T(SUP)] = BO,
    [T(TABLE)] = SP | C_SCOPE | C_TABLE | C_FOSTER | BO,
    [T(TBODY)] = SP | C_THOROUGH | C_FOSTER,
    [T(TD)] = SP | C_SCOPE | C_THOROUGH,
    [T(TEMPLATE)] = SP | C_SCOPE | C_TABLE,
    [T(TEXTAREA)] = SP,
    [T(TFOOT)] = SP | C_THOROUGH | C_FOSTER,
    [T(TH)] = SP | C_SCOPE | C_THOROUGH,
    [T(THEAD)] = SP | C_THOROUGH | C_FOSTER,
    [T(TITLE)] = SP,
    [T(TR)] = SP | C_THOROUGH | C_FOSTER,
    [T(TRACK)] = SP,
    [T(TT)] = FMT | BO,
    [T(U)] = FMT | BO,
    [T(UL)] = SP | C_LIST | BO,
    [T(VAR)] = BO,
    [T(WBR)] = SP,
    [T(XMP)] = SP,
};
#undef SP
#undef IMP
#undef BO
#undef FMT

/* Scope kinds: the class bits that end a scan. */
#define SCOPE_DEFAULT C_SCOPE
#define SCOPE_LIST (C_SCOPE | C_LIST)
#define SCOPE_BUTTON (C_SCOPE | C_BUTTON)
#define SCOPE_TABLE C_TABLE

/* Node flag kept while an element is on the stack of open elements, so that
 * "is this node on the stack" is O(1); cleared when it leaves the stack. */
#define TB_ONSTACK 0x8000u

/* Beyond this many bytes, text is not merged into a text node whose bytes
 * are no longer at the end of the store (that would copy the whole node
 * each time); a hostile page could otherwise make text insertion
 * quadratic. Ordinary pages never reach it. */
#define TB_MERGE_COPY_MAX 4096u

/* Most entries the list of active formatting elements keeps after its last
 * marker. The standard only limits identical entries (Noah's Ark, three);
 * distinct unclosed ones such as <p><b id=N></p> repeated would otherwise
 * be reconstructed all over again at every token, turning a small page
 * into millions of nodes. Real pages stay far below this. */
#define TB_FMT_MAX 32

static void dispatch(pith_tb *tb, const pith_token *tk);
static void in_body(pith_tb *tb, const pith_token *tk);
static void in_head(pith_tb *tb, const pith_token *tk);
static void in_table(pith_tb *tb, const pith_token *tk);
static void in_template(pith_tb *tb, const pith_token *tk);

/* ---------------------------------------------------------------- helpers */

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

static size_t ws_span(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n && is_ws(p[i])) i++;
    return i;
}

static bool has_nonspace(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_ws(p[i])) return true;
    return false;
}

static bool grow_array(void **p, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap) return true;
    uint64_t c = *cap ? *cap : 32;
    while (c < need) c *= 2;
    if (c > UINT32_MAX / 2) return false;
    void *q = realloc(*p, (size_t)c * elem);
    if (!q) return false;
    *p = q;
    *cap = (uint32_t)c;
    return true;
}

/* Stops the parse: out of memory, or a document limit that ends parsing. */
static void fail(pith_tb *tb)
{
    tb->done = true;
    tb->stop = true;
}

static void oom(pith_tb *tb)
{
    tb->d->oom = true;
    fail(tb);
}

static pith_node *N(const pith_tb *tb, pith_nid n) { return &tb->d->nodes[n]; }

static bool node_is(const pith_tb *tb, pith_nid n, uint32_t tag)
{
    const pith_node *x = N(tb, n);
    return x->tag == tag && x->ns == PITH_NS_HTML && x->type == PITH_NODE_ELEMENT;
}

static bool e_is(const pith_tb_entry *e, uint32_t tag) { return e->tag == tag && e->ns == PITH_NS_HTML; }

static uint16_t e_class(const pith_tb_entry *e)
{
    return e->ns == PITH_NS_HTML && e->tag < PITH_TAG_COUNT_ ? tclass[e->tag] : 0;
}

static pith_tb_entry *cur(pith_tb *tb) { return &tb->st[tb->n_st - 1]; }

static bool cur_is(pith_tb *tb, uint32_t tag) { return tb->n_st && e_is(cur(tb), tag); }

/* The tokenizer may be absent when tokens are fed by hand (unit tests). */
static void tok_state(pith_tb *tb, int state)
{
    if (tb->tok.set_state) tb->tok.set_state(tb->tok.ctx, (pith_tok_state)state);
}

/* MathML mi, mo, mn, ms, mtext. */
static bool mathml_text_ip(const pith_tb_entry *e)
{
    return e->ns == PITH_NS_MATHML &&
           (e->tag == T(MI) || e->tag == T(MO) || e->tag == T(MN) || e->tag == T(MS) || e->tag == T(MTEXT));
}

/* annotation-xml with encoding text/html or application/xhtml+xml, or SVG
 * foreignObject, desc, title. */
static bool html_ip(const pith_tb *tb, const pith_tb_entry *e)
{
    if (e->ns == PITH_NS_SVG)
        return e->tag == T(DESC) || e->tag == T(TITLE) || (tb->fo_tag && e->tag == tb->fo_tag);
    if (e->ns == PITH_NS_MATHML && e->tag == T(ANNOTATION_XML)) {
        size_t n;
        const char *v = pith_doc_attr_value(tb->d, e->node, "encoding", &n);
        return v && (pith_ascii_ieq(v, n, "text/html") || pith_ascii_ieq(v, n, "application/xhtml+xml"));
    }
    return false;
}

/* Foreign elements that bound the default, list item and button scopes
 * (and count as special). */
static bool foreign_boundary(const pith_tb *tb, const pith_tb_entry *e)
{
    if (e->ns == PITH_NS_MATHML) return mathml_text_ip(e) || e->tag == T(ANNOTATION_XML);
    if (e->ns == PITH_NS_SVG)
        return e->tag == T(DESC) || e->tag == T(TITLE) || (tb->fo_tag && e->tag == tb->fo_tag);
    return false;
}

static bool is_special(const pith_tb *tb, const pith_tb_entry *e)
{
    if (e->ns == PITH_NS_HTML) return e_class(e) & C_SPECIAL;
    return foreign_boundary(tb, e);
}

/* ------------------------------------------------ stack of open elements */

static void push(pith_tb *tb, pith_nid n)
{
    if (tb->n_st == tb->cap_st && !grow_array((void **)&tb->st, &tb->cap_st, tb->n_st + 1, sizeof *tb->st)) {
        oom(tb);
        return;
    }
    pith_node *x = N(tb, n);
    pith_tb_entry *e = &tb->st[tb->n_st++];
    e->node = n;
    e->tag = x->tag;
    e->ns = x->ns;
    x->flags |= TB_ONSTACK;
    if (e->ns == PITH_NS_HTML && e->tag < PITH_TAG_COUNT_) tb->count[e->tag]++;
}

static void unmark(pith_tb *tb, const pith_tb_entry *e)
{
    N(tb, e->node)->flags &= (uint16_t)~TB_ONSTACK;
    if (e->ns == PITH_NS_HTML && e->tag < PITH_TAG_COUNT_) tb->count[e->tag]--;
}

/* Pops the current node; the root element is never popped, so the current
 * node always exists once the root does. */
static void option_popped(pith_tb *tb, pith_nid option);

static void pop(pith_tb *tb)
{
    if (tb->n_st <= 1) return;
    pith_tb_entry *e = cur(tb);
    unmark(tb, e);
    tb->n_st--;
    if (tb->n_sel && e_is(e, T(OPTION))) option_popped(tb, e->node);
}

static void st_remove_at(pith_tb *tb, uint32_t i)
{
    pith_nid n = tb->st[i].node;
    bool option = e_is(&tb->st[i], T(OPTION));
    unmark(tb, &tb->st[i]);
    if (tb->n_sel && option) option_popped(tb, n);
    memmove(tb->st + i, tb->st + i + 1, (tb->n_st - i - 1) * sizeof *tb->st);
    tb->n_st--;
}

static int st_index(const pith_tb *tb, pith_nid n)
{
    if (!(N(tb, n)->flags & TB_ONSTACK)) return -1;
    for (int i = (int)tb->n_st - 1; i >= 0; i--)
        if (tb->st[i].node == n) return i;
    return -1;
}

static void st_remove_node(pith_tb *tb, pith_nid n)
{
    int i = st_index(tb, n);
    if (i >= 0) st_remove_at(tb, (uint32_t)i);
}

static bool on_stack(const pith_tb *tb, pith_nid n) { return N(tb, n)->flags & TB_ONSTACK; }

/* Index of the topmost HTML element with `tag`, or -1. */
static int st_last(const pith_tb *tb, uint32_t tag)
{
    if (tag < PITH_TAG_COUNT_ && !tb->count[tag]) return -1;
    for (int i = (int)tb->n_st - 1; i >= 0; i--)
        if (e_is(&tb->st[i], tag)) return i;
    return -1;
}

static bool boundary(const pith_tb *tb, const pith_tb_entry *e, unsigned scope)
{
    if (e->ns == PITH_NS_HTML) return e_class(e) & scope;
    return (scope & C_SCOPE) && foreign_boundary(tb, e);
}

/* "Has an element in the specific scope" for an HTML tag. */
static bool in_scope(const pith_tb *tb, uint32_t tag, unsigned scope)
{
    if (tag < PITH_TAG_COUNT_ && !tb->count[tag]) return false;
    for (int i = (int)tb->n_st - 1; i >= 0; i--) {
        const pith_tb_entry *e = &tb->st[i];
        if (e_is(e, tag)) return true;
        if (boundary(tb, e, scope)) return false;
    }
    return false;
}

/* Whether the stack entry at index `idx` is in (default) scope. */
static bool index_in_scope(const pith_tb *tb, int idx)
{
    for (int i = (int)tb->n_st - 1; i > idx; i--)
        if (boundary(tb, &tb->st[i], SCOPE_DEFAULT)) return false;
    return idx >= 0;
}

static void pop_until_tag(pith_tb *tb, uint32_t tag)
{
    if (tag < PITH_TAG_COUNT_ && !tb->count[tag]) return;
    while (tb->n_st > 1) {
        bool hit = e_is(cur(tb), tag);
        pop(tb);
        if (hit) return;
    }
}

static void pop_until_index(pith_tb *tb, int idx)
{
    while ((int)tb->n_st > idx && tb->n_st > 1) pop(tb);
}

static void implied_end(pith_tb *tb, uint32_t except)
{
    while (tb->n_st) {
        pith_tb_entry *e = cur(tb);
        if (!(e_class(e) & C_IMPLIED) || e_is(e, except)) return;
        pop(tb);
    }
}

static void implied_end_thorough(pith_tb *tb)
{
    while (tb->n_st && (e_class(cur(tb)) & C_THOROUGH)) pop(tb);
}

static void close_p(pith_tb *tb)
{
    implied_end(tb, T(P));
    pop_until_tag(tb, T(P));
}

static void close_p_if_button_scope(pith_tb *tb)
{
    if (in_scope(tb, T(P), SCOPE_BUTTON)) close_p(tb);
}

/* Pops until the current node is one of the HTML `tags` (or html). */
static void clear_back_to(pith_tb *tb, uint32_t a, uint32_t b, uint32_t c)
{
    while (tb->n_st > 1) {
        pith_tb_entry *e = cur(tb);
        if (e->ns == PITH_NS_HTML &&
            (e->tag == a || e->tag == b || e->tag == c || e->tag == T(TEMPLATE) || e->tag == T(HTML)))
            return;
        pop(tb);
    }
}

static void clear_to_table(pith_tb *tb) { clear_back_to(tb, T(TABLE), T(TABLE), T(TABLE)); }
static void clear_to_tbody(pith_tb *tb) { clear_back_to(tb, T(TBODY), T(TFOOT), T(THEAD)); }
static void clear_to_row(pith_tb *tb) { clear_back_to(tb, T(TR), T(TR), T(TR)); }

/* The adjusted current node: the context element when the fragment parser
 * has only the root on the stack. The stack must not be empty. */
static inline const pith_tb_entry *adjusted_current(const pith_tb *tb)
{
    if (tb->n_st == 1 && tb->fragment && tb->ctx) return &tb->ctx_entry;
    return &tb->st[tb->n_st - 1];
}

/* --------------------------------------- list of active formatting elements */

static bool fmt_reserve(pith_tb *tb)
{
    if (tb->n_fmt < tb->cap_fmt) return true;
    if (!grow_array((void **)&tb->fmt, &tb->cap_fmt, tb->n_fmt + 1, sizeof *tb->fmt)) {
        oom(tb);
        return false;
    }
    return true;
}

static uint64_t hash64(const char *p, size_t n, uint64_t h)
{
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
    return h;
}

/* An order-independent fingerprint of an element's attributes. */
static uint64_t attr_fp(const pith_tb *tb, pith_nid el)
{
    const pith_node *x = N(tb, el);
    uint64_t fp = 0;
    for (uint32_t i = 0; i < x->b; i++) {
        const pith_attr *a = &tb->d->attrs[x->a + i];
        uint64_t h = hash64(tb->d->chars + a->name.off, a->name.len, 14695981039346656037ull + a->ns);
        h = hash64("=", 1, h);
        h = hash64(tb->d->chars + a->value.off, a->value.len, h);
        h ^= h >> 29;
        fp += h * 0x9E3779B97F4A7C15ull;
    }
    return fp;
}

static bool attr_in(const pith_tb *tb, pith_nid el, const pith_attr *a)
{
    const pith_node *x = N(tb, el);
    const char *c = tb->d->chars;
    for (uint32_t i = 0; i < x->b; i++) {
        const pith_attr *b = &tb->d->attrs[x->a + i];
        if (b->ns == a->ns && b->name.len == a->name.len && b->value.len == a->value.len &&
            !memcmp(c + b->name.off, c + a->name.off, a->name.len) &&
            !memcmp(c + b->value.off, c + a->value.off, a->value.len))
            return true;
    }
    return false;
}

/* Same attributes (Noah's Ark). Counts and fingerprints decide for large
 * sets, where the exact pairwise check would be quadratic. */
static bool same_attrs(const pith_tb *tb, const pith_tb_fmt *f, pith_nid el, uint32_t n, uint64_t fp)
{
    if (f->n_attrs != n || f->fp != fp) return false;
    if (n > 16) return true;
    const pith_node *x = N(tb, el);
    for (uint32_t i = 0; i < n; i++)
        if (!attr_in(tb, f->node, &tb->d->attrs[x->a + i])) return false;
    return true;
}

/* Pushes a formatting element, applying the Noah's Ark clause. Fingerprints
 * are computed only once three same-named entries are in play, which
 * ordinary pages rarely reach. */
static void fmt_remove_at(pith_tb *tb, int i);

static void fmt_push(pith_tb *tb, pith_nid el)
{
    if (!fmt_reserve(tb)) return;
    const pith_node *x = N(tb, el);
    int candidates = 0, first = (int)tb->n_fmt;
    for (int i = (int)tb->n_fmt - 1; i >= 0 && tb->fmt[i].node; i--) {
        if (tb->fmt[i].tag == x->tag) candidates++;
        first = i;
    }
    if ((int)tb->n_fmt - first >= TB_FMT_MAX) {
        /* beyond the cap the earliest entry goes, as Noah's Ark does for
         * identical ones (see TB_FMT_MAX) */
        if (tb->fmt[first].tag == x->tag) candidates--;
        fmt_remove_at(tb, first);
    }
    uint32_t n = x->b;
    uint64_t fp = 0;
    bool have_fp = false;
    if (candidates >= 3) {
        fp = attr_fp(tb, el);
        have_fp = true;
        int same = 0, earliest = -1;
        for (int i = (int)tb->n_fmt - 1; i >= 0; i--) {
            pith_tb_fmt *f = &tb->fmt[i];
            if (!f->node) break;
            if (f->tag != x->tag || N(tb, f->node)->ns != x->ns) continue;
            if (!f->has_fp) {
                f->fp = attr_fp(tb, f->node);
                f->has_fp = true;
            }
            if (same_attrs(tb, f, el, n, fp)) {
                same++;
                earliest = i;
            }
        }
        if (same >= 3) {
            memmove(tb->fmt + earliest, tb->fmt + earliest + 1, (tb->n_fmt - earliest - 1) * sizeof *tb->fmt);
            tb->n_fmt--;
        }
    }
    pith_tb_fmt *f = &tb->fmt[tb->n_fmt++];
    f->node = el;
    f->tag = x->tag;
    f->n_attrs = n;
    f->fp = fp;
    f->has_fp = have_fp;
}

static void fmt_push_marker(pith_tb *tb)
{
    if (!fmt_reserve(tb)) return;
    memset(&tb->fmt[tb->n_fmt++], 0, sizeof *tb->fmt);
}

static void fmt_clear_to_marker(pith_tb *tb)
{
    while (tb->n_fmt) {
        bool marker = !tb->fmt[--tb->n_fmt].node;
        if (marker) return;
    }
}

static int fmt_index(const pith_tb *tb, pith_nid n)
{
    for (int i = (int)tb->n_fmt - 1; i >= 0; i--)
        if (tb->fmt[i].node == n) return i;
    return -1;
}

static void fmt_remove_at(pith_tb *tb, int i)
{
    memmove(tb->fmt + i, tb->fmt + i + 1, (tb->n_fmt - i - 1) * sizeof *tb->fmt);
    tb->n_fmt--;
}

/* The last element with `tag` after the last marker, or -1. */
static int fmt_find_tag(const pith_tb *tb, uint32_t tag)
{
    for (int i = (int)tb->n_fmt - 1; i >= 0; i--) {
        const pith_tb_fmt *f = &tb->fmt[i];
        if (!f->node) return -1;
        if (f->tag == tag && N(tb, f->node)->ns == PITH_NS_HTML) return i;
    }
    return -1;
}

/* --------------------------------------------------------- node creation */

typedef struct place {
    pith_nid parent, before;
} place;

static pith_nid content_of(const pith_tb *tb, pith_nid tmpl)
{
    pith_nid c = N(tb, tmpl)->first;
    return c && (N(tb, c)->flags & PITH_NF_TEMPLATE_CONTENT) ? c : tmpl;
}

/* The appropriate place for inserting a node (foster parenting included). */
static place insert_place(pith_tb *tb, pith_nid target)
{
    place p = {target, PITH_NIL};
    const pith_node *t = N(tb, target);
    if (tb->foster && t->ns == PITH_NS_HTML && t->type == PITH_NODE_ELEMENT && t->tag < PITH_TAG_COUNT_ &&
        (tclass[t->tag] & C_FOSTER)) {
        int lt = st_last(tb, T(TEMPLATE)), ltab = st_last(tb, T(TABLE));
        if (lt >= 0 && (ltab < 0 || lt > ltab)) {
            p.parent = tb->st[lt].node;
        } else if (ltab < 0) {
            p.parent = tb->st[0].node;
        } else if (N(tb, tb->st[ltab].node)->parent) {
            p.parent = N(tb, tb->st[ltab].node)->parent;
            p.before = tb->st[ltab].node;
        } else {
            p.parent = tb->st[ltab - 1].node;
        }
    }
    if (node_is(tb, p.parent, T(TEMPLATE))) {
        p.parent = content_of(tb, p.parent);
        p.before = PITH_NIL;
    }
    return p;
}

static void insert_at(pith_tb *tb, place p, pith_nid n)
{
    if (p.before) pith_doc_insert_before(tb->d, p.parent, n, p.before);
    else pith_doc_append(tb->d, p.parent, n);
}

/* Inserts characters at the appropriate place, extending a preceding text
 * node rather than starting a new one. */
static void insert_text(pith_tb *tb, const char *p, size_t n)
{
    if (!n || !tb->n_st) return;
    place pl = insert_place(tb, cur(tb)->node);
    if (N(tb, pl.parent)->type == PITH_NODE_DOCUMENT) return;
    pith_nid prev = pl.before ? N(tb, pl.before)->prev : N(tb, pl.parent)->last;
    if (prev && N(tb, prev)->type == PITH_NODE_TEXT) {
        const pith_node *x = N(tb, prev);
        if ((size_t)x->a + x->b == tb->d->n_chars || x->b <= TB_MERGE_COPY_MAX) {
            if (!pith_doc_text_append(tb->d, prev, p, n)) fail(tb);
            return;
        }
    }
    pith_nid t = pith_doc_new_text(tb->d, p, n);
    if (!t) {
        fail(tb);
        return;
    }
    insert_at(tb, pl, t);
}

static void insert_comment_in(pith_tb *tb, const pith_token *tk, pith_nid parent)
{
    pith_nid c = pith_doc_new_comment(tb->d, tk->data, tk->data_len);
    if (!c) {
        fail(tb);
        return;
    }
    pith_doc_append(tb->d, parent, c);
}

static void insert_comment(pith_tb *tb, const pith_token *tk)
{
    pith_nid c = pith_doc_new_comment(tb->d, tk->data, tk->data_len);
    if (!c) {
        fail(tb);
        return;
    }
    insert_at(tb, insert_place(tb, cur(tb)->node), c);
}

/* Adds the token's attributes to a new element; `ns` selects the foreign
 * attribute adjustments. Stops quietly at max_attributes (doc->status
 * says so). */
static void add_token_attrs(pith_tb *tb, pith_nid el, const pith_token *tk, uint8_t ns)
{
    for (size_t i = 0; i < tk->n_attrs; i++) {
        const pith_tok_attr *a = &tk->attrs[i];
        const char *name = a->name;
        size_t nl = a->name_len;
        uint8_t ans = PITH_NS_NONE;
        if (ns != PITH_NS_HTML) {
            const char *adj = NULL;
            if (ns == PITH_NS_SVG) adj = pith_svg_attr_adjust(name, nl);
            else if (nl == 13 && !memcmp(name, "definitionurl", 13)) adj = "definitionURL";
            if (adj) {
                name = adj;
                nl = strlen(adj);
            } else {
                const pith_foreign_attr *fa = pith_foreign_attr_adjust(name, nl);
                if (fa) {
                    name = fa->local;
                    nl = strlen(fa->local);
                    ans = fa->ns;
                }
            }
        }
        if (!pith_doc_add_attr(tb->d, el, name, nl, a->value, a->value_len, ans)) {
            if (tb->d->oom) oom(tb);
            return;
        }
    }
}

/* The tag id of a foreign element: SVG names get their case adjusted. */
static uint32_t foreign_tag(pith_tb *tb, const pith_token *tk, uint8_t ns)
{
    if (ns == PITH_NS_SVG) {
        const char *adj = pith_svg_tag_adjust(tk->name, tk->name_len);
        if (adj) {
            uint32_t id = pith_doc_intern_tag(tb->d, adj, strlen(adj));
            if (!id) oom(tb);
            if (tk->tag == T(FOREIGNOBJECT)) tb->fo_tag = id;
            return id;
        }
    }
    return tk->tag;
}

/* Creates an element for a token (a template gets its contents fragment). */
static pith_nid create_el(pith_tb *tb, uint32_t tag, uint8_t ns, const pith_token *tk)
{
    pith_nid el = pith_doc_new_element(tb->d, tag, ns);
    if (!el) {
        fail(tb);
        return PITH_NIL;
    }
    if (tk && tk->self_closing) N(tb, el)->flags |= PITH_NF_SELF_CLOSING;
    if (tk && tk->n_attrs) add_token_attrs(tb, el, tk, ns);
    if (tag == T(TEMPLATE) && ns == PITH_NS_HTML) {
        pith_nid c = pith_doc_new_fragment(tb->d);
        if (!c) {
            fail(tb);
            return PITH_NIL;
        }
        N(tb, c)->flags |= PITH_NF_TEMPLATE_CONTENT;
        pith_doc_append(tb->d, el, c);
    }
    return el;
}

/* Marks the document as flattened once the depth cap is hit. */
static bool at_depth_cap(pith_tb *tb)
{
    if (tb->n_st < tb->max_depth) return false;
    if (tb->d->status == PITH_OK) tb->d->status = PITH_ERR_TOO_DEEP;
    return true;
}

/*
 * Inserts a foreign or HTML element for a token at the appropriate place
 * and pushes it. At the depth cap the element is inserted but not pushed
 * (so later content lands beside it) unless `leaf` says it will be popped
 * again right away (void and raw text elements). Returns the element when
 * it is on the stack, PITH_NIL otherwise.
 */
static void note_select_parts(pith_tb *tb, pith_nid el, uint32_t tag);

static pith_nid insert_el(pith_tb *tb, uint32_t tag, uint8_t ns, const pith_token *tk, bool leaf)
{
    if (tb->done) return PITH_NIL;
    pith_nid el = create_el(tb, tag, ns, tk);
    if (!el) return PITH_NIL;
    insert_at(tb, insert_place(tb, cur(tb)->node), el);
    if (ns == PITH_NS_HTML && (tag == T(SELECT) || tag == T(OPTION) || (tb->sc_tag && tag == tb->sc_tag)))
        note_select_parts(tb, el, tag);
    if (!leaf && at_depth_cap(tb)) return PITH_NIL;
    push(tb, el);
    return tb->done ? PITH_NIL : el;
}

static pith_nid insert_html(pith_tb *tb, const pith_token *tk)
{
    return insert_el(tb, tk->tag, PITH_NS_HTML, tk, false);
}

/* A void element: inserted, never left on the stack. */
static void insert_void(pith_tb *tb, const pith_token *tk)
{
    if (tb->done) return;
    pith_nid el = create_el(tb, tk->tag, PITH_NS_HTML, tk);
    if (el) insert_at(tb, insert_place(tb, cur(tb)->node), el);
}

/* An element for a tag with no attributes (the standard's "insert an HTML
 * element for a start tag token with the tag name X"). */
static pith_nid insert_fake(pith_tb *tb, uint32_t tag)
{
    return insert_el(tb, tag, PITH_NS_HTML, NULL, false);
}

/* Clones an element's name and attributes (for reconstruction and the
 * adoption agency). Attribute bytes are copied out first because adding
 * attributes may move the document's byte store. */
static pith_nid clone_el(pith_tb *tb, pith_nid src)
{
    const pith_node *s = N(tb, src);
    pith_nid el = pith_doc_new_element(tb->d, s->tag, s->ns);
    if (!el) {
        fail(tb);
        return PITH_NIL;
    }
    s = N(tb, src);
    uint32_t a0 = s->a, na = s->b;
    for (uint32_t i = 0; i < na; i++) {
        pith_attr a = tb->d->attrs[a0 + i];
        pith_buf *b = &tb->tmp;
        size_t base = b->len;
        if (!pith_buf_append(b, tb->d->chars + a.name.off, a.name.len) ||
            !pith_buf_append(b, tb->d->chars + a.value.off, a.value.len)) {
            oom(tb);
            return PITH_NIL;
        }
        bool ok = pith_doc_add_attr(tb->d, el, b->data + base, a.name.len, b->data + base + a.name.len,
                                    a.value.len, a.ns);
        b->len = base;
        if (!ok) {
            if (tb->d->oom) oom(tb);
            break;
        }
    }
    return el;
}

/* "Reconstruct the active formatting elements". */
static void reconstruct(pith_tb *tb)
{
    if (!tb->n_fmt) return;
    int i = (int)tb->n_fmt - 1;
    pith_tb_fmt *f = &tb->fmt[i];
    if (!f->node || on_stack(tb, f->node)) return;
    while (i > 0) {
        f = &tb->fmt[i - 1];
        if (!f->node || on_stack(tb, f->node)) break;
        i--;
    }
    for (; i < (int)tb->n_fmt; i++) {
        if (at_depth_cap(tb)) return;
        pith_nid el = clone_el(tb, tb->fmt[i].node);
        if (!el) return;
        insert_at(tb, insert_place(tb, cur(tb)->node), el);
        push(tb, el);
        if (tb->done) return;
        tb->fmt[i].node = el;
    }
}

/* Adds the token's attributes that `el` lacks (html and body in body).
 * A small hash of the element's names keeps this linear. */
static void merge_attrs(pith_tb *tb, pith_nid el, const pith_token *tk)
{
    if (!tk->n_attrs) return;
    const pith_node *x = N(tb, el);
    uint32_t have = x->b, cap = 16;
    while (cap < 2 * (have + (uint32_t)(tk->n_attrs < 1024 ? tk->n_attrs : 1024)) + 2) cap *= 2;
    if (cap > tb->scratch_cap) {
        uint32_t *s = realloc(tb->scratch, cap * sizeof *s);
        if (!s) {
            oom(tb);
            return;
        }
        tb->scratch = s;
        tb->scratch_cap = cap;
    }
    uint32_t *h = tb->scratch, mask = cap - 1;
    memset(h, 0, cap * sizeof *h);
    for (uint32_t i = 0; i < have; i++) {
        const pith_attr *a = &tb->d->attrs[x->a + i];
        uint32_t k = (uint32_t)hash64(tb->d->chars + a->name.off, a->name.len, 14695981039346656037ull) & mask;
        while (h[k]) k = (k + 1) & mask;
        h[k] = i + 1;
    }
    for (size_t j = 0; j < tk->n_attrs; j++) {
        x = N(tb, el);
        if (x->b >= tb->d->max_attributes || 2 * (x->b + 1) >= cap) return;
        const pith_tok_attr *ta = &tk->attrs[j];
        uint32_t k = (uint32_t)hash64(ta->name, ta->name_len, 14695981039346656037ull) & mask;
        bool found = false;
        while (h[k]) {
            const pith_attr *a = &tb->d->attrs[x->a + h[k] - 1];
            if (a->name.len == ta->name_len && !memcmp(tb->d->chars + a->name.off, ta->name, ta->name_len)) {
                found = true;
                break;
            }
            k = (k + 1) & mask;
        }
        if (found) continue;
        if (!pith_doc_add_attr(tb->d, el, ta->name, ta->name_len, ta->value, ta->value_len, PITH_NS_NONE)) {
            if (tb->d->oom) oom(tb);
            return;
        }
        h[k] = N(tb, el)->b;
    }
}

/* "Reset the insertion mode appropriately". */
static void reset_mode(pith_tb *tb)
{
    for (int i = (int)tb->n_st - 1; i >= 0; i--) {
        pith_tb_entry e = tb->st[i];
        bool last = i == 0;
        if (last && tb->fragment && tb->ctx) {
            e.node = tb->ctx;
            e.tag = N(tb, tb->ctx)->tag;
            e.ns = N(tb, tb->ctx)->ns;
        }
        if (e.ns == PITH_NS_HTML) {
            switch (e.tag) {
            case T(TD):
            case T(TH):
                if (!last) {
                    tb->mode = M_IN_CELL;
                    return;
                }
                break;
            case T(TR): tb->mode = M_IN_ROW; return;
            case T(TBODY):
            case T(THEAD):
            case T(TFOOT): tb->mode = M_IN_TABLE_BODY; return;
            case T(CAPTION): tb->mode = M_IN_CAPTION; return;
            case T(COLGROUP): tb->mode = M_IN_COLUMN_GROUP; return;
            case T(TABLE): tb->mode = M_IN_TABLE; return;
            case T(TEMPLATE): tb->mode = tb->n_tm ? tb->tmodes[tb->n_tm - 1] : M_IN_TEMPLATE; return;
            case T(HEAD):
                if (!last) {
                    tb->mode = M_IN_HEAD;
                    return;
                }
                break;
            case T(BODY): tb->mode = M_IN_BODY; return;
            case T(FRAMESET): tb->mode = M_IN_FRAMESET; return;
            case T(HTML): tb->mode = tb->head ? M_AFTER_HEAD : M_BEFORE_HEAD; return;
            default: break;
            }
        }
        if (last) {
            tb->mode = M_IN_BODY;
            return;
        }
    }
    tb->mode = M_IN_BODY;
}

static void tm_push(pith_tb *tb, uint8_t m)
{
    if (tb->n_tm == tb->cap_tm && !grow_array((void **)&tb->tmodes, &tb->cap_tm, tb->n_tm + 1, 1)) {
        oom(tb);
        return;
    }
    tb->tmodes[tb->n_tm++] = m;
}

static void tm_pop(pith_tb *tb)
{
    if (tb->n_tm) tb->n_tm--;
}

/* The generic raw text and RCDATA element parsing algorithms. */
static void raw_text(pith_tb *tb, const pith_token *tk, int state)
{
    if (!insert_el(tb, tk->tag, PITH_NS_HTML, tk, true)) return;
    tok_state(tb, state);
    tb->orig_mode = tb->mode;
    tb->mode = M_TEXT;
}

/* A copy of a token with other character data. */
static pith_token chars_tok(const pith_token *tk, const char *p, size_t n)
{
    pith_token t = *tk;
    t.data = p;
    t.data_len = n;
    return t;
}

static pith_token fake_tag(pith_tok_type type, uint32_t tag)
{
    pith_token t;
    memset(&t, 0, sizeof t);
    t.type = type;
    t.tag = tag;
    t.name = pith_tag_name_known(tag);
    t.name_len = strlen(t.name);
    return t;
}

static bool template_open(const pith_tb *tb) { return tb->count[T(TEMPLATE)] != 0; }

/* ------------------------------------------------ adoption agency algorithm */

static void body_any_end(pith_tb *tb, uint32_t tag);

/* Runs the adoption agency algorithm for a tag; false when it fell back to
 * the "any other end tag" steps. */
static bool adoption(pith_tb *tb, uint32_t subject)
{
    pith_tb_entry *c = cur(tb);
    if (e_is(c, subject) && fmt_index(tb, c->node) < 0) {
        pop(tb);
        return true;
    }
    for (int outer = 0; outer < 8; outer++) {
        int fi = fmt_find_tag(tb, subject);
        if (fi < 0) {
            body_any_end(tb, subject);
            return false;
        }
        pith_nid fe = tb->fmt[fi].node;
        int si = st_index(tb, fe);
        if (si < 0) {
            fmt_remove_at(tb, fi);
            return true;
        }
        if (!index_in_scope(tb, si)) return true;
        int fb = -1;
        for (uint32_t i = (uint32_t)si + 1; i < tb->n_st; i++)
            if (is_special(tb, &tb->st[i])) {
                fb = (int)i;
                break;
            }
        if (fb < 0) {
            pop_until_index(tb, si);
            fi = fmt_index(tb, fe);
            if (fi >= 0) fmt_remove_at(tb, fi);
            return true;
        }
        pith_nid common = tb->st[si - 1].node;
        pith_nid furthest = tb->st[fb].node;
        int bookmark = fi;
        pith_nid last = furthest;
        int ni = fb; /* stack index of `node` */
        for (int inner = 1;; inner++) {
            ni--;
            pith_nid node = tb->st[ni].node;
            if (node == fe) break;
            int nf = fmt_index(tb, node);
            if (inner > 3 && nf >= 0) {
                fmt_remove_at(tb, nf);
                if (nf < bookmark) bookmark--;
                nf = -1;
            }
            if (nf < 0) {
                st_remove_at(tb, (uint32_t)ni);
                continue;
            }
            pith_nid el = clone_el(tb, node);
            if (!el) return true;
            tb->fmt[nf].node = el;
            unmark(tb, &tb->st[ni]);
            tb->st[ni].node = el;
            N(tb, el)->flags |= TB_ONSTACK;
            if (tb->st[ni].ns == PITH_NS_HTML && tb->st[ni].tag < PITH_TAG_COUNT_) tb->count[tb->st[ni].tag]++;
            node = el;
            if (last == furthest) bookmark = nf + 1;
            pith_doc_detach(tb->d, last);
            pith_doc_append(tb->d, node, last);
            last = node;
        }
        pith_doc_detach(tb->d, last);
        insert_at(tb, insert_place(tb, common), last);
        pith_nid el = clone_el(tb, fe);
        if (!el) return true;
        if (node_is(tb, furthest, T(TEMPLATE))) {
            /* a template's DOM children are its contents' children: none move */
        } else {
            pith_doc_move_children(tb->d, furthest, el);
        }
        pith_doc_append(tb->d, furthest, el);
        /* list: replace fe by el at the bookmark */
        fi = fmt_index(tb, fe);
        pith_tb_fmt entry = tb->fmt[fi];
        entry.node = el;
        fmt_remove_at(tb, fi);
        if (fi < bookmark) bookmark--;
        if (bookmark > (int)tb->n_fmt) bookmark = (int)tb->n_fmt;
        if (!fmt_reserve(tb)) return true;
        memmove(tb->fmt + bookmark + 1, tb->fmt + bookmark, (tb->n_fmt - bookmark) * sizeof *tb->fmt);
        tb->fmt[bookmark] = entry;
        tb->n_fmt++;
        /* stack: remove fe, insert el just below (after) the furthest block */
        si = st_index(tb, fe);
        st_remove_at(tb, (uint32_t)si);
        fb = st_index(tb, furthest);
        if (tb->n_st == tb->cap_st &&
            !grow_array((void **)&tb->st, &tb->cap_st, tb->n_st + 1, sizeof *tb->st)) {
            oom(tb);
            return true;
        }
        memmove(tb->st + fb + 2, tb->st + fb + 1, (tb->n_st - fb - 1) * sizeof *tb->st);
        tb->n_st++;
        pith_tb_entry *ne = &tb->st[fb + 1];
        ne->node = el;
        ne->tag = N(tb, el)->tag;
        ne->ns = N(tb, el)->ns;
        N(tb, el)->flags |= TB_ONSTACK;
        if (ne->ns == PITH_NS_HTML && ne->tag < PITH_TAG_COUNT_) tb->count[ne->tag]++;
    }
    return true;
}

/* ------------------------------------------------- select/selectedcontent */

/*
 * Customizable <select>: when a selected option leaves the stack of open
 * elements, its children are cloned into the select's <selectedcontent>
 * (WHATWG "maybe clone an option into selectedcontent"). Selectedness is
 * the parser's view: the last option with a selected attribute, else the
 * first option. A few recent selects are tracked; ordinary pages without
 * selectedcontent never pay for more than a flag test.
 */

/* The nearest select ancestor of a node, or 0. */
static pith_nid select_of(const pith_tb *tb, pith_nid n)
{
    for (pith_nid p = N(tb, n)->parent; p; p = N(tb, p)->parent)
        if (node_is(tb, p, T(SELECT))) return p;
    return PITH_NIL;
}

static pith_tb_select *select_rec(pith_tb *tb, pith_nid sel)
{
    for (uint32_t i = 0; i < tb->n_sel; i++)
        if (tb->sel[i].select == sel) return &tb->sel[i];
    return NULL;
}

static void note_select_parts(pith_tb *tb, pith_nid el, uint32_t tag)
{
    if (tag == T(SELECT)) {
        uint32_t i = tb->n_sel < PITH_TB_SELECTS ? tb->n_sel++ : tb->sel_next++ % PITH_TB_SELECTS;
        tb->sel[i] = (pith_tb_select){el, 0, 0, 0};
        return;
    }
    if (!tb->n_sel) return;
    pith_tb_select *r = select_rec(tb, select_of(tb, el));
    if (!r) return;
    if (tag == T(OPTION)) {
        if (!r->first_option) r->first_option = el;
        if (pith_doc_attr(tb->d, el, "selected")) r->selected = el;
    } else if (!r->content) {
        r->content = el;
    }
}

/* Replaces the children of `to` with deep copies of the children of `from`. */
static void clone_children(pith_tb *tb, pith_nid from, pith_nid to)
{
    while (N(tb, to)->first) pith_doc_detach(tb->d, N(tb, to)->first);
    pith_nid src = N(tb, from)->first, dst_parent = to;
    while (src) {
        const pith_node *x = N(tb, src);
        pith_nid c = PITH_NIL;
        if (x->type == PITH_NODE_ELEMENT) {
            c = clone_el(tb, src);
        } else if (x->type == PITH_NODE_TEXT || x->type == PITH_NODE_COMMENT) {
            /* copy out first: creating the node may move the byte store */
            pith_buf *b = &tb->tmp;
            b->len = 0;
            if (!pith_buf_append(b, tb->d->chars + x->a, x->b)) {
                oom(tb);
                return;
            }
            c = x->type == PITH_NODE_TEXT ? pith_doc_new_text(tb->d, b->data, b->len)
                                          : pith_doc_new_comment(tb->d, b->data, b->len);
            if (!c) fail(tb);
        }
        if (!c) return;
        pith_doc_append(tb->d, dst_parent, c);
        if (N(tb, src)->first && N(tb, c)->type == PITH_NODE_ELEMENT) {
            src = N(tb, src)->first;
            dst_parent = c;
            continue;
        }
        while (src != from && !N(tb, src)->next) {
            src = N(tb, src)->parent;
            dst_parent = N(tb, dst_parent)->parent;
        }
        if (src == from) return;
        src = N(tb, src)->next;
    }
}

static void option_popped(pith_tb *tb, pith_nid option)
{
    if (tb->done && tb->stop) return;
    pith_nid sel = select_of(tb, option);
    pith_tb_select *r = sel ? select_rec(tb, sel) : NULL;
    if (!r || !r->content || pith_doc_attr(tb->d, sel, "multiple")) return;
    if (option != (r->selected ? r->selected : r->first_option)) return;
    clone_children(tb, option, r->content);
}

/* -------------------------------------------------------- insertion modes */

static void ignore_token(pith_tb *tb, const pith_token *tk)
{
    (void)tb;
    (void)tk;
}

static void mode_initial(pith_tb *tb, const pith_token *tk)
{
    switch (tk->type) {
    case PITH_TOK_CHARS: {
        size_t w = ws_span(tk->data, tk->data_len);
        if (w == tk->data_len) return;
        pith_token t = chars_tok(tk, tk->data + w, tk->data_len - w);
        tb->d->quirks = PITH_QUIRKS;
        tb->mode = M_BEFORE_HTML;
        dispatch(tb, &t);
        return;
    }
    case PITH_TOK_COMMENT: insert_comment_in(tb, tk, PITH_DOC); return;
    case PITH_TOK_DOCTYPE: {
        pith_doctype dt;
        memset(&dt, 0, sizeof dt);
        if (tk->name) dt.name = pith_doc_store(tb->d, tk->name, tk->name_len);
        if (tk->public_id) {
            dt.public_id = pith_doc_store(tb->d, tk->public_id, tk->public_id_len);
            dt.has_public = true;
        }
        if (tk->system_id) {
            dt.system_id = pith_doc_store(tb->d, tk->system_id, tk->system_id_len);
            dt.has_system = true;
        }
        pith_nid n = pith_doc_new_doctype(tb->d, &dt);
        if (!n) {
            fail(tb);
            return;
        }
        pith_doc_append(tb->d, PITH_DOC, n);
        tb->d->quirks = pith_doctype_quirks(tk);
        tb->mode = M_BEFORE_HTML;
        return;
    }
    default:
        tb->d->quirks = PITH_QUIRKS;
        tb->mode = M_BEFORE_HTML;
        dispatch(tb, tk);
        return;
    }
}

static void make_root(pith_tb *tb, const pith_token *tk)
{
    pith_nid html = create_el(tb, T(HTML), PITH_NS_HTML, tk);
    if (!html) return;
    pith_doc_append(tb->d, PITH_DOC, html);
    push(tb, html);
    tb->root = html;
    tb->mode = M_BEFORE_HEAD;
}

static void mode_before_html(pith_tb *tb, const pith_token *tk)
{
    switch (tk->type) {
    case PITH_TOK_DOCTYPE: return;
    case PITH_TOK_COMMENT: insert_comment_in(tb, tk, PITH_DOC); return;
    case PITH_TOK_CHARS: {
        size_t w = ws_span(tk->data, tk->data_len);
        if (w == tk->data_len) return;
        pith_token t = chars_tok(tk, tk->data + w, tk->data_len - w);
        make_root(tb, NULL);
        if (!tb->done) dispatch(tb, &t);
        return;
    }
    case PITH_TOK_START_TAG:
        if (tk->tag == T(HTML)) {
            make_root(tb, tk);
            return;
        }
        break;
    case PITH_TOK_END_TAG:
        if (tk->tag != T(HEAD) && tk->tag != T(BODY) && tk->tag != T(HTML) && tk->tag != T(BR)) return;
        break;
    default: break;
    }
    make_root(tb, NULL);
    if (!tb->done) dispatch(tb, tk);
}

static void mode_before_head(pith_tb *tb, const pith_token *tk)
{
    switch (tk->type) {
    case PITH_TOK_CHARS: {
        size_t w = ws_span(tk->data, tk->data_len);
        if (w == tk->data_len) return;
        pith_token t = chars_tok(tk, tk->data + w, tk->data_len - w);
        tb->head = insert_fake(tb, T(HEAD));
        if (!tb->head) return;
        tb->mode = M_IN_HEAD;
        dispatch(tb, &t);
        return;
    }
    case PITH_TOK_COMMENT: insert_comment(tb, tk); return;
    case PITH_TOK_DOCTYPE: return;
    case PITH_TOK_START_TAG:
        if (tk->tag == T(HTML)) {
            in_body(tb, tk);
            return;
        }
        if (tk->tag == T(HEAD)) {
            tb->head = insert_html(tb, tk);
            if (tb->head) tb->mode = M_IN_HEAD;
            return;
        }
        break;
    case PITH_TOK_END_TAG:
        if (tk->tag != T(HEAD) && tk->tag != T(BODY) && tk->tag != T(HTML) && tk->tag != T(BR)) return;
        break;
    default: break;
    }
    tb->head = insert_fake(tb, T(HEAD));
    if (!tb->head) return;
    tb->mode = M_IN_HEAD;
    dispatch(tb, tk);
}

static void in_head(pith_tb *tb, const pith_token *tk)
{
    switch (tk->type) {
    case PITH_TOK_CHARS: {
        size_t w = ws_span(tk->data, tk->data_len);
        insert_text(tb, tk->data, w);
        if (w == tk->data_len) return;
        pith_token t = chars_tok(tk, tk->data + w, tk->data_len - w);
        pop(tb);
        tb->mode = M_AFTER_HEAD;
        dispatch(tb, &t);
        return;
    }
    case PITH_TOK_COMMENT: insert_comment(tb, tk); return;
    case PITH_TOK_DOCTYPE: return;
    case PITH_TOK_START_TAG:
        switch (tk->tag) {
        case T(HTML): in_body(tb, tk); return;
        case T(BASE):
        case T(BASEFONT):
        case T(BGSOUND):
        case T(LINK):
        case T(META): insert_void(tb, tk); return;
        case T(TITLE): raw_text(tb, tk, PITH_TOKSTATE_RCDATA); return;
        case T(NOSCRIPT):
            if (insert_html(tb, tk)) tb->mode = M_IN_HEAD_NOSCRIPT;
            return;
        case T(NOFRAMES):
        case T(STYLE): raw_text(tb, tk, PITH_TOKSTATE_RAWTEXT); return;
        case T(SCRIPT): raw_text(tb, tk, PITH_TOKSTATE_SCRIPT_DATA); return;
        case T(TEMPLATE):
            if (!insert_html(tb, tk)) return;
            fmt_push_marker(tb);
            tb->frameset_ok = false;
            tb->mode = M_IN_TEMPLATE;
            tm_push(tb, M_IN_TEMPLATE);
            return;
        case T(HEAD): return;
        default: break;
        }
        break;
    case PITH_TOK_END_TAG:
        switch (tk->tag) {
        case T(HEAD):
            pop(tb);
            tb->mode = M_AFTER_HEAD;
            return;
        case T(BODY):
        case T(HTML):
        case T(BR): break;
        case T(TEMPLATE):
            if (!template_open(tb)) return;
            implied_end_thorough(tb);
            pop_until_tag(tb, T(TEMPLATE));
            fmt_clear_to_marker(tb);
            tm_pop(tb);
            reset_mode(tb);
            return;
        default: return;
        }
        break;
    default: break;
    }
    pop(tb);
    tb->mode = M_AFTER_HEAD;
    dispatch(tb, tk);
}

static void in_head_noscript(pith_tb *tb, const pith_token *tk)
{
    switch (tk->type) {
    case PITH_TOK_DOCTYPE: return;
    case PITH_TOK_COMMENT: in_head(tb, tk); return;
    case PITH_TOK_CHARS: {
        size_t w = ws_span(tk->data, tk->data_len);
        insert_text(tb, tk->data, w);
        if (w == tk->data_len) return;
        pith_token t = chars_tok(tk, tk->data + w, tk->data_len - w);
        pop(tb);
        tb->mode = M_IN_HEAD;
        dispatch(tb, &t);
        return;
    }
    case PITH_TOK_START_TAG:
        switch (tk->tag) {
        case T(HTML): in_body(tb, tk); return;
        case T(BASEFONT):
        case T(BGSOUND):
        case T(LINK):
        case T(META):
        case T(NOFRAMES):
        case T(STYLE): in_head(tb, tk); return;
        case T(HEAD):
        case T(NOSCRIPT): return;
        default: break;
        }
        break;
    case PITH_TOK_END_TAG:
        if (tk->tag == T(NOSCRIPT)) {
            pop(tb);
            tb->mode = M_IN_HEAD;
            return;
        }
        if (tk->tag != T(BR)) return;
        break;
    default: break;
    }
    pop(tb);
    tb->mode = M_IN_HEAD;
    dispatch(tb, tk);
}

static void after_head(pith_tb *tb, const pith_token *tk)
{
    switch (tk->type) {
    case PITH_TOK_CHARS: {
        size_t w = ws_span(tk->data, tk->data_len);
        insert_text(tb, tk->data, w);
        if (w == tk->data_len) return;
        pith_token t = chars_tok(tk, tk->data + w, tk->data_len - w);
        if (!insert_fake(tb, T(BODY))) return;
        tb->mode = M_IN_BODY;
        dispatch(tb, &t);
        return;
    }
    case PITH_TOK_COMMENT: insert_comment(tb, tk); return;
    case PITH_TOK_DOCTYPE: return;
    case PITH_TOK_START_TAG:
        switch (tk->tag) {
        case T(HTML): in_body(tb, tk); return;
        case T(BODY):
            if (!insert_html(tb, tk)) return;
            tb->frameset_ok = false;
            tb->mode = M_IN_BODY;
            return;
        case T(FRAMESET):
            if (insert_html(tb, tk)) tb->mode = M_IN_FRAMESET;
            return;
        case T(BASE):
        case T(BASEFONT):
        case T(BGSOUND):
        case T(LINK):
        case T(META):
        case T(NOFRAMES):
        case T(SCRIPT):
        case T(STYLE):
        case T(TEMPLATE):
        case T(TITLE):
            if (!tb->head) break;
            push(tb, tb->head);
            in_head(tb, tk);
            st_remove_node(tb, tb->head);
            return;
        case T(HEAD): return;
        default: break;
        }
        break;
    case PITH_TOK_END_TAG:
        switch (tk->tag) {
        case T(TEMPLATE): in_head(tb, tk); return;
        case T(BODY):
        case T(HTML):
        case T(BR): break;
        default: return;
        }
        break;
    default: break;
    }
    if (!insert_fake(tb, T(BODY))) return;
    tb->mode = M_IN_BODY;
    dispatch(tb, tk);
}

/* Character tokens in body: NULs dropped, formatting reconstructed. */
static void body_chars(pith_tb *tb, const char *p, size_t n)
{
    bool started = false;
    size_t i = 0;
    while (i < n) {
        const char *z = memchr(p + i, 0, n - i);
        size_t j = z ? (size_t)(z - p) : n;
        if (j > i) {
            if (!started) {
                reconstruct(tb);
                if (tb->done) return;
                started = true;
            }
            insert_text(tb, p + i, j - i);
            if (tb->frameset_ok && has_nonspace(p + i, j - i)) tb->frameset_ok = false;
        }
        i = j + 1;
    }
}

static void body_any_end(pith_tb *tb, uint32_t tag)
{
    for (int i = (int)tb->n_st - 1; i >= 0; i--) {
        pith_tb_entry *e = &tb->st[i];
        if (e_is(e, tag)) {
            implied_end(tb, tag);
            pop_until_index(tb, i);
            return;
        }
        if (is_special(tb, e)) return;
    }
}

/* The shared body of the li and dd/dt start tag rules. */
static void list_item_start(pith_tb *tb, const pith_token *tk, uint32_t a, uint32_t b)
{
    tb->frameset_ok = false;
    for (int i = (int)tb->n_st - 1; i >= 0; i--) {
        pith_tb_entry *e = &tb->st[i];
        if (e_is(e, a) || e_is(e, b)) {
            uint32_t t = e->tag;
            implied_end(tb, t);
            pop_until_tag(tb, t);
            break;
        }
        if (is_special(tb, e) && !e_is(e, T(ADDRESS)) && !e_is(e, T(DIV)) && !e_is(e, T(P))) break;
    }
    close_p_if_button_scope(tb);
    insert_html(tb, tk);
}

static bool fragment_ctx_is(const pith_tb *tb, uint32_t tag)
{
    return tb->fragment && tb->ctx && node_is(tb, tb->ctx, tag);
}

static void insert_foreign_root(pith_tb *tb, const pith_token *tk, uint8_t ns)
{
    reconstruct(tb);
    if (tb->done) return;
    pith_nid el = insert_el(tb, foreign_tag(tb, tk, ns), ns, tk, tk->self_closing);
    if (el && tk->self_closing) pop(tb);
}

static void body_start(pith_tb *tb, const pith_token *tk)
{
    switch (tk->tag) {
    case T(HTML):
        if (!template_open(tb) && tb->n_st) merge_attrs(tb, tb->st[0].node, tk);
        return;
    case T(BASE):
    case T(BASEFONT):
    case T(BGSOUND):
    case T(LINK):
    case T(META):
    case T(NOFRAMES):
    case T(SCRIPT):
    case T(STYLE):
    case T(TEMPLATE):
    case T(TITLE): in_head(tb, tk); return;
    case T(BODY):
        if (tb->n_st < 2 || !e_is(&tb->st[1], T(BODY)) || template_open(tb)) return;
        tb->frameset_ok = false;
        merge_attrs(tb, tb->st[1].node, tk);
        return;
    case T(FRAMESET):
        if (tb->n_st < 2 || !e_is(&tb->st[1], T(BODY)) || !tb->frameset_ok) return;
        pith_doc_detach(tb->d, tb->st[1].node);
        while (tb->n_st > 1) pop(tb);
        if (insert_html(tb, tk)) tb->mode = M_IN_FRAMESET;
        return;
    case T(ADDRESS):
    case T(ARTICLE):
    case T(ASIDE):
    case T(BLOCKQUOTE):
    case T(CENTER):
    case T(DETAILS):
    case T(DIALOG):
    case T(DIR):
    case T(DIV):
    case T(DL):
    case T(FIELDSET):
    case T(FIGCAPTION):
    case T(FIGURE):
    case T(FOOTER):
    case T(HEADER):
    case T(HGROUP):
    case T(MAIN):
    case T(MENU):
    case T(NAV):
    case T(OL):
    case T(P):
    case T(SEARCH):
    case T(SECTION):
    case T(SUMMARY):
    case T(UL):
        close_p_if_button_scope(tb);
        insert_html(tb, tk);
        return;
    case T(H1):
    case T(H2):
    case T(H3):
    case T(H4):
    case T(H5):
    case T(H6):
        close_p_if_button_scope(tb);
        if (e_class(cur(tb)) & C_HEADING) pop(tb);
        insert_html(tb, tk);
        return;
    case T(PRE):
    case T(LISTING):
        close_p_if_button_scope(tb);
        insert_html(tb, tk);
        tb->skip_lf = true;
        tb->frameset_ok = false;
        return;
    case T(FORM): {
        bool tmpl = template_open(tb);
        if (tb->form && !tmpl) return;
        close_p_if_button_scope(tb);
        pith_nid f = insert_html(tb, tk);
        if (f && !tmpl) tb->form = f;
        return;
    }
    case T(LI): list_item_start(tb, tk, T(LI), T(LI)); return;
    case T(DD):
    case T(DT): list_item_start(tb, tk, T(DD), T(DT)); return;
    case T(PLAINTEXT):
        close_p_if_button_scope(tb);
        if (insert_html(tb, tk)) tok_state(tb, PITH_TOKSTATE_PLAINTEXT);
        return;
    case T(BUTTON):
        if (in_scope(tb, T(BUTTON), SCOPE_DEFAULT)) {
            implied_end(tb, 0);
            pop_until_tag(tb, T(BUTTON));
        }
        reconstruct(tb);
        insert_html(tb, tk);
        tb->frameset_ok = false;
        return;
    case T(A): {
        int i = fmt_find_tag(tb, T(A));
        if (i >= 0) {
            pith_nid a = tb->fmt[i].node;
            adoption(tb, T(A));
            if (tb->done) return;
            int j = fmt_index(tb, a);
            if (j >= 0) fmt_remove_at(tb, j);
            st_remove_node(tb, a);
        }
        reconstruct(tb);
        pith_nid el = insert_html(tb, tk);
        if (el) fmt_push(tb, el);
        return;
    }
    case T(B):
    case T(BIG):
    case T(CODE):
    case T(EM):
    case T(FONT):
    case T(I):
    case T(S):
    case T(SMALL):
    case T(STRIKE):
    case T(STRONG):
    case T(TT):
    case T(U): {
        reconstruct(tb);
        pith_nid el = insert_html(tb, tk);
        if (el) fmt_push(tb, el);
        return;
    }
    case T(NOBR): {
        reconstruct(tb);
        if (in_scope(tb, T(NOBR), SCOPE_DEFAULT)) {
            adoption(tb, T(NOBR));
            reconstruct(tb);
        }
        pith_nid el = insert_html(tb, tk);
        if (el) fmt_push(tb, el);
        return;
    }
    case T(APPLET):
    case T(MARQUEE):
    case T(OBJECT):
        reconstruct(tb);
        if (insert_html(tb, tk)) fmt_push_marker(tb);
        tb->frameset_ok = false;
        return;
    case T(TABLE):
        if (tb->d->quirks != PITH_QUIRKS) close_p_if_button_scope(tb);
        if (insert_html(tb, tk)) tb->mode = M_IN_TABLE;
        tb->frameset_ok = false;
        return;
    case T(AREA):
    case T(BR):
    case T(EMBED):
    case T(IMG):
    case T(KEYGEN):
    case T(WBR):
        reconstruct(tb);
        insert_void(tb, tk);
        tb->frameset_ok = false;
        return;
    case T(INPUT): {
        if (fragment_ctx_is(tb, T(SELECT))) return;
        if (in_scope(tb, T(SELECT), SCOPE_DEFAULT)) pop_until_tag(tb, T(SELECT));
        reconstruct(tb);
        insert_void(tb, tk);
        bool hidden = false;
        for (size_t i = 0; i < tk->n_attrs; i++)
            if (tk->attrs[i].name_len == 4 && !memcmp(tk->attrs[i].name, "type", 4))
                hidden = pith_ascii_ieq(tk->attrs[i].value, tk->attrs[i].value_len, "hidden");
        if (!hidden) tb->frameset_ok = false;
        return;
    }
    case T(PARAM):
    case T(SOURCE):
    case T(TRACK): insert_void(tb, tk); return;
    case T(HR):
        close_p_if_button_scope(tb);
        if (in_scope(tb, T(SELECT), SCOPE_DEFAULT)) implied_end(tb, 0);
        insert_void(tb, tk);
        tb->frameset_ok = false;
        return;
    case T(IMAGE): {
        pith_token t = *tk;
        t.tag = T(IMG);
        t.name = "img";
        t.name_len = 3;
        dispatch(tb, &t);
        return;
    }
    case T(TEXTAREA):
        if (!insert_el(tb, tk->tag, PITH_NS_HTML, tk, true)) return;
        tb->skip_lf = true;
        tok_state(tb, PITH_TOKSTATE_RCDATA);
        tb->orig_mode = tb->mode;
        tb->frameset_ok = false;
        tb->mode = M_TEXT;
        return;
    case T(XMP):
        close_p_if_button_scope(tb);
        reconstruct(tb);
        tb->frameset_ok = false;
        raw_text(tb, tk, PITH_TOKSTATE_RAWTEXT);
        return;
    case T(IFRAME):
        tb->frameset_ok = false;
        raw_text(tb, tk, PITH_TOKSTATE_RAWTEXT);
        return;
    case T(NOEMBED): raw_text(tb, tk, PITH_TOKSTATE_RAWTEXT); return;
    case T(SELECT):
        if (fragment_ctx_is(tb, T(SELECT))) return;
        if (in_scope(tb, T(SELECT), SCOPE_DEFAULT)) {
            pop_until_tag(tb, T(SELECT));
            return;
        }
        reconstruct(tb);
        insert_html(tb, tk);
        tb->frameset_ok = false;
        return;
    case T(OPTION):
        if (in_scope(tb, T(SELECT), SCOPE_DEFAULT)) implied_end(tb, T(OPTGROUP));
        else if (cur_is(tb, T(OPTION))) pop(tb);
        reconstruct(tb);
        insert_html(tb, tk);
        return;
    case T(OPTGROUP):
        if (in_scope(tb, T(SELECT), SCOPE_DEFAULT)) implied_end(tb, 0);
        else if (cur_is(tb, T(OPTION))) pop(tb);
        reconstruct(tb);
        insert_html(tb, tk);
        return;
    case T(RB):
    case T(RTC):
        if (in_scope(tb, T(RUBY), SCOPE_DEFAULT)) implied_end(tb, 0);
        insert_html(tb, tk);
        return;
    case T(RP):
    case T(RT):
        if (in_scope(tb, T(RUBY), SCOPE_DEFAULT)) implied_end(tb, T(RTC));
        insert_html(tb, tk);
        return;
    case T(MATH): insert_foreign_root(tb, tk, PITH_NS_MATHML); return;
    case T(SVG): insert_foreign_root(tb, tk, PITH_NS_SVG); return;
    case T(CAPTION):
    case T(COL):
    case T(COLGROUP):
    case T(FRAME):
    case T(HEAD):
    case T(TBODY):
    case T(TD):
    case T(TFOOT):
    case T(TH):
    case T(THEAD):
    case T(TR): return;
    default:
        reconstruct(tb);
        insert_html(tb, tk);
        return;
    }
}

static void body_end(pith_tb *tb, const pith_token *tk)
{
    switch (tk->tag) {
    case T(TEMPLATE): in_head(tb, tk); return;
    case T(BODY):
        if (in_scope(tb, T(BODY), SCOPE_DEFAULT)) tb->mode = M_AFTER_BODY;
        return;
    case T(HTML):
        if (!in_scope(tb, T(BODY), SCOPE_DEFAULT)) return;
        tb->mode = M_AFTER_BODY;
        dispatch(tb, tk);
        return;
    case T(ADDRESS):
    case T(ARTICLE):
    case T(ASIDE):
    case T(BLOCKQUOTE):
    case T(BUTTON):
    case T(CENTER):
    case T(DETAILS):
    case T(DIALOG):
    case T(DIR):
    case T(DIV):
    case T(DL):
    case T(FIELDSET):
    case T(FIGCAPTION):
    case T(FIGURE):
    case T(FOOTER):
    case T(HEADER):
    case T(HGROUP):
    case T(LISTING):
    case T(MAIN):
    case T(MENU):
    case T(NAV):
    case T(OL):
    case T(PRE):
    case T(SEARCH):
    case T(SECTION):
    case T(SELECT):
    case T(SUMMARY):
    case T(UL):
        if (!in_scope(tb, tk->tag, SCOPE_DEFAULT)) return;
        implied_end(tb, 0);
        pop_until_tag(tb, tk->tag);
        return;
    case T(FORM):
        if (!template_open(tb)) {
            pith_nid f = tb->form;
            tb->form = PITH_NIL;
            if (!f) return;
            int i = st_index(tb, f);
            if (i < 0 || !index_in_scope(tb, i)) return;
            implied_end(tb, 0);
            st_remove_node(tb, f);
        } else {
            if (!in_scope(tb, T(FORM), SCOPE_DEFAULT)) return;
            implied_end(tb, 0);
            pop_until_tag(tb, T(FORM));
        }
        return;
    case T(P):
        if (!in_scope(tb, T(P), SCOPE_BUTTON)) {
            pith_token t = fake_tag(PITH_TOK_START_TAG, T(P));
            insert_html(tb, &t);
            if (tb->done) return;
            if (!cur_is(tb, T(P))) return; /* flattened at the depth cap */
        }
        close_p(tb);
        return;
    case T(LI):
        if (!in_scope(tb, T(LI), SCOPE_LIST)) return;
        implied_end(tb, T(LI));
        pop_until_tag(tb, T(LI));
        return;
    case T(DD):
    case T(DT):
        if (!in_scope(tb, tk->tag, SCOPE_DEFAULT)) return;
        implied_end(tb, tk->tag);
        pop_until_tag(tb, tk->tag);
        return;
    case T(H1):
    case T(H2):
    case T(H3):
    case T(H4):
    case T(H5):
    case T(H6): {
        int found = -1;
        for (int i = (int)tb->n_st - 1; i >= 0; i--) {
            if (e_class(&tb->st[i]) & C_HEADING) {
                found = i;
                break;
            }
            if (boundary(tb, &tb->st[i], SCOPE_DEFAULT)) break;
        }
        if (found < 0) return;
        implied_end(tb, 0);
        while (tb->n_st > 1) {
            bool h = e_class(cur(tb)) & C_HEADING;
            pop(tb);
            if (h) break;
        }
        return;
    }
    case T(A):
    case T(B):
    case T(BIG):
    case T(CODE):
    case T(EM):
    case T(FONT):
    case T(I):
    case T(NOBR):
    case T(S):
    case T(SMALL):
    case T(STRIKE):
    case T(STRONG):
    case T(TT):
    case T(U):
        adoption(tb, tk->tag);
        return;
    case T(APPLET):
    case T(MARQUEE):
    case T(OBJECT):
        if (!in_scope(tb, tk->tag, SCOPE_DEFAULT)) return;
        implied_end(tb, 0);
        pop_until_tag(tb, tk->tag);
        fmt_clear_to_marker(tb);
        return;
    case T(BR): {
        pith_token t = fake_tag(PITH_TOK_START_TAG, T(BR));
        reconstruct(tb);
        insert_void(tb, &t);
        tb->frameset_ok = false;
        return;
    }
    default: body_any_end(tb, tk->tag); return;
    }
}

static void in_body(pith_tb *tb, const pith_token *tk)
{
    switch (tk->type) {
    case PITH_TOK_CHARS: body_chars(tb, tk->data, tk->data_len); return;
    case PITH_TOK_COMMENT: insert_comment(tb, tk); return;
    case PITH_TOK_DOCTYPE: return;
    case PITH_TOK_START_TAG: body_start(tb, tk); return;
    case PITH_TOK_END_TAG: body_end(tb, tk); return;
    case PITH_TOK_EOF:
        if (tb->n_tm) {
            in_template(tb, tk);
            return;
        }
        tb->done = true;
        return;
    }
}

static void mode_text(pith_tb *tb, const pith_token *tk)
{
    switch (tk->type) {
    case PITH_TOK_CHARS: insert_text(tb, tk->data, tk->data_len); return;
    case PITH_TOK_EOF:
        pop(tb);
        tb->mode = tb->orig_mode;
        dispatch(tb, tk);
        return;
    case PITH_TOK_END_TAG:
        pop(tb);
        tb->mode = tb->orig_mode;
        return;
    default: return;
    }
}

/* "Anything else" in table: body rules with foster parenting. */
static void table_anything(pith_tb *tb, const pith_token *tk)
{
    bool was = tb->foster;
    tb->foster = true;
    in_body(tb, tk);
    tb->foster = was;
}

static void in_table(pith_tb *tb, const pith_token *tk)
{
    switch (tk->type) {
    case PITH_TOK_CHARS: {
        pith_tb_entry *c = cur(tb);
        if (c->ns == PITH_NS_HTML && (c->tag == T(TABLE) || c->tag == T(TBODY) || c->tag == T(TEMPLATE) ||
                                      c->tag == T(TFOOT) || c->tag == T(THEAD) || c->tag == T(TR))) {
            tb->pending.len = 0;
            tb->pending_nonspace = false;
            tb->orig_mode = tb->mode;
            tb->mode = M_IN_TABLE_TEXT;
            dispatch(tb, tk);
            return;
        }
        table_anything(tb, tk);
        return;
    }
    case PITH_TOK_COMMENT: insert_comment(tb, tk); return;
    case PITH_TOK_DOCTYPE: return;
    case PITH_TOK_START_TAG:
        switch (tk->tag) {
        case T(CAPTION):
            clear_to_table(tb);
            fmt_push_marker(tb);
            if (insert_html(tb, tk)) tb->mode = M_IN_CAPTION;
            return;
        case T(COLGROUP):
            clear_to_table(tb);
            if (insert_html(tb, tk)) tb->mode = M_IN_COLUMN_GROUP;
            return;
        case T(COL):
            clear_to_table(tb);
            if (!insert_fake(tb, T(COLGROUP))) return;
            tb->mode = M_IN_COLUMN_GROUP;
            dispatch(tb, tk);
            return;
        case T(TBODY):
        case T(TFOOT):
        case T(THEAD):
            clear_to_table(tb);
            if (insert_html(tb, tk)) tb->mode = M_IN_TABLE_BODY;
            return;
        case T(TD):
        case T(TH):
        case T(TR):
            clear_to_table(tb);
            if (!insert_fake(tb, T(TBODY))) return;
            tb->mode = M_IN_TABLE_BODY;
            dispatch(tb, tk);
            return;
        case T(TABLE):
            if (!in_scope(tb, T(TABLE), SCOPE_TABLE)) return;
            pop_until_tag(tb, T(TABLE));
            reset_mode(tb);
            dispatch(tb, tk);
            return;
        case T(STYLE):
        case T(SCRIPT):
        case T(TEMPLATE): in_head(tb, tk); return;
        case T(INPUT): {
            bool hidden = false;
            for (size_t i = 0; i < tk->n_attrs; i++)
                if (tk->attrs[i].name_len == 4 && !memcmp(tk->attrs[i].name, "type", 4))
                    hidden = pith_ascii_ieq(tk->attrs[i].value, tk->attrs[i].value_len, "hidden");
            if (!hidden) break;
            insert_void(tb, tk);
            return;
        }
        case T(FORM):
            if (template_open(tb) || tb->form) return;
            tb->form = insert_html(tb, tk);
            if (tb->form) pop(tb);
            return;
        default: break;
        }
        break;
    case PITH_TOK_END_TAG:
        switch (tk->tag) {
        case T(TABLE):
            if (!in_scope(tb, T(TABLE), SCOPE_TABLE)) return;
            pop_until_tag(tb, T(TABLE));
            reset_mode(tb);
            return;
        case T(BODY):
        case T(CAPTION):
        case T(COL):
        case T(COLGROUP):
        case T(HTML):
        case T(TBODY):
        case T(TD):
        case T(TFOOT):
        case T(TH):
        case T(THEAD):
        case T(TR): return;
        case T(TEMPLATE): in_head(tb, tk); return;
        default: break;
        }
        break;
    case PITH_TOK_EOF: in_body(tb, tk); return;
    }
    table_anything(tb, tk);
}

static void in_table_text(pith_tb *tb, const pith_token *tk)
{
    if (tk->type == PITH_TOK_CHARS) {
        const char *p = tk->data;
        size_t n = tk->data_len, i = 0;
        while (i < n) {
            const char *z = memchr(p + i, 0, n - i);
            size_t j = z ? (size_t)(z - p) : n;
            if (j > i) {
                if (!pith_buf_append(&tb->pending, p + i, j - i)) {
                    oom(tb);
                    return;
                }
                if (!tb->pending_nonspace && has_nonspace(p + i, j - i)) tb->pending_nonspace = true;
            }
            i = j + 1;
        }
        return;
    }
    if (tb->pending.len) {
        if (tb->pending_nonspace) {
            bool was = tb->foster;
            tb->foster = true;
            body_chars(tb, tb->pending.data, tb->pending.len);
            tb->foster = was;
        } else {
            insert_text(tb, tb->pending.data, tb->pending.len);
        }
        tb->pending.len = 0;
    }
    tb->mode = tb->orig_mode;
    dispatch(tb, tk);
}

/* Closes the caption; false when there is none in table scope. */
static bool close_caption(pith_tb *tb)
{
    if (!in_scope(tb, T(CAPTION), SCOPE_TABLE)) return false;
    implied_end(tb, 0);
    pop_until_tag(tb, T(CAPTION));
    fmt_clear_to_marker(tb);
    tb->mode = M_IN_TABLE;
    return true;
}

static void in_caption(pith_tb *tb, const pith_token *tk)
{
    if (tk->type == PITH_TOK_END_TAG) {
        switch (tk->tag) {
        case T(CAPTION): close_caption(tb); return;
        case T(TABLE):
            if (close_caption(tb)) dispatch(tb, tk);
            return;
        case T(BODY):
        case T(COL):
        case T(COLGROUP):
        case T(HTML):
        case T(TBODY):
        case T(TD):
        case T(TFOOT):
        case T(TH):
        case T(THEAD):
        case T(TR): return;
        default: break;
        }
    } else if (tk->type == PITH_TOK_START_TAG) {
        switch (tk->tag) {
        case T(CAPTION):
        case T(COL):
        case T(COLGROUP):
        case T(TBODY):
        case T(TD):
        case T(TFOOT):
        case T(TH):
        case T(THEAD):
        case T(TR):
            if (close_caption(tb)) dispatch(tb, tk);
            return;
        default: break;
        }
    }
    in_body(tb, tk);
}

static void in_column_group(pith_tb *tb, const pith_token *tk)
{
    switch (tk->type) {
    case PITH_TOK_CHARS: {
        size_t w = ws_span(tk->data, tk->data_len);
        insert_text(tb, tk->data, w);
        if (w == tk->data_len) return;
        pith_token t = chars_tok(tk, tk->data + w, tk->data_len - w);
        if (!cur_is(tb, T(COLGROUP))) return;
        pop(tb);
        tb->mode = M_IN_TABLE;
        dispatch(tb, &t);
        return;
    }
    case PITH_TOK_COMMENT: insert_comment(tb, tk); return;
    case PITH_TOK_DOCTYPE: return;
    case PITH_TOK_START_TAG:
        switch (tk->tag) {
        case T(HTML): in_body(tb, tk); return;
        case T(COL): insert_void(tb, tk); return;
        case T(TEMPLATE): in_head(tb, tk); return;
        default: break;
        }
        break;
    case PITH_TOK_END_TAG:
        switch (tk->tag) {
        case T(COLGROUP):
            if (!cur_is(tb, T(COLGROUP))) return;
            pop(tb);
            tb->mode = M_IN_TABLE;
            return;
        case T(COL): return;
        case T(TEMPLATE): in_head(tb, tk); return;
        default: break;
        }
        break;
    case PITH_TOK_EOF: in_body(tb, tk); return;
    }
    if (!cur_is(tb, T(COLGROUP))) return;
    pop(tb);
    tb->mode = M_IN_TABLE;
    dispatch(tb, tk);
}

static bool tbody_in_table_scope(pith_tb *tb)
{
    return in_scope(tb, T(TBODY), SCOPE_TABLE) || in_scope(tb, T(THEAD), SCOPE_TABLE) ||
           in_scope(tb, T(TFOOT), SCOPE_TABLE);
}

static void in_table_body(pith_tb *tb, const pith_token *tk)
{
    if (tk->type == PITH_TOK_START_TAG) {
        switch (tk->tag) {
        case T(TR):
            clear_to_tbody(tb);
            if (insert_html(tb, tk)) tb->mode = M_IN_ROW;
            return;
        case T(TH):
        case T(TD):
            clear_to_tbody(tb);
            if (!insert_fake(tb, T(TR))) return;
            tb->mode = M_IN_ROW;
            dispatch(tb, tk);
            return;
        case T(CAPTION):
        case T(COL):
        case T(COLGROUP):
        case T(TBODY):
        case T(TFOOT):
        case T(THEAD):
            if (!tbody_in_table_scope(tb)) return;
            clear_to_tbody(tb);
            pop(tb);
            tb->mode = M_IN_TABLE;
            dispatch(tb, tk);
            return;
        default: break;
        }
    } else if (tk->type == PITH_TOK_END_TAG) {
        switch (tk->tag) {
        case T(TBODY):
        case T(TFOOT):
        case T(THEAD):
            if (!in_scope(tb, tk->tag, SCOPE_TABLE)) return;
            clear_to_tbody(tb);
            pop(tb);
            tb->mode = M_IN_TABLE;
            return;
        case T(TABLE):
            if (!tbody_in_table_scope(tb)) return;
            clear_to_tbody(tb);
            pop(tb);
            tb->mode = M_IN_TABLE;
            dispatch(tb, tk);
            return;
        case T(BODY):
        case T(CAPTION):
        case T(COL):
        case T(COLGROUP):
        case T(HTML):
        case T(TD):
        case T(TH):
        case T(TR): return;
        default: break;
        }
    }
    in_table(tb, tk);
}

/* Ends the current row; false when no tr is in table scope. */
static bool close_row(pith_tb *tb)
{
    if (!in_scope(tb, T(TR), SCOPE_TABLE)) return false;
    clear_to_row(tb);
    pop(tb);
    tb->mode = M_IN_TABLE_BODY;
    return true;
}

static void in_row(pith_tb *tb, const pith_token *tk)
{
    if (tk->type == PITH_TOK_START_TAG) {
        switch (tk->tag) {
        case T(TH):
        case T(TD):
            clear_to_row(tb);
            if (!insert_html(tb, tk)) return;
            tb->mode = M_IN_CELL;
            fmt_push_marker(tb);
            return;
        case T(CAPTION):
        case T(COL):
        case T(COLGROUP):
        case T(TBODY):
        case T(TFOOT):
        case T(THEAD):
        case T(TR):
            if (close_row(tb)) dispatch(tb, tk);
            return;
        default: break;
        }
    } else if (tk->type == PITH_TOK_END_TAG) {
        switch (tk->tag) {
        case T(TR): close_row(tb); return;
        case T(TABLE):
            if (close_row(tb)) dispatch(tb, tk);
            return;
        case T(TBODY):
        case T(TFOOT):
        case T(THEAD):
            if (!in_scope(tb, tk->tag, SCOPE_TABLE)) return;
            if (close_row(tb)) dispatch(tb, tk);
            return;
        case T(BODY):
        case T(CAPTION):
        case T(COL):
        case T(COLGROUP):
        case T(HTML):
        case T(TD):
        case T(TH): return;
        default: break;
        }
    }
    in_table(tb, tk);
}

static void close_cell(pith_tb *tb)
{
    implied_end(tb, 0);
    while (tb->n_st > 1) {
        bool cell = cur_is(tb, T(TD)) || cur_is(tb, T(TH));
        pop(tb);
        if (cell) break;
    }
    fmt_clear_to_marker(tb);
    tb->mode = M_IN_ROW;
}

static void in_cell(pith_tb *tb, const pith_token *tk)
{
    if (tk->type == PITH_TOK_END_TAG) {
        switch (tk->tag) {
        case T(TD):
        case T(TH):
            if (!in_scope(tb, tk->tag, SCOPE_TABLE)) return;
            implied_end(tb, 0);
            pop_until_tag(tb, tk->tag);
            fmt_clear_to_marker(tb);
            tb->mode = M_IN_ROW;
            return;
        case T(BODY):
        case T(CAPTION):
        case T(COL):
        case T(COLGROUP):
        case T(HTML): return;
        case T(TABLE):
        case T(TBODY):
        case T(TFOOT):
        case T(THEAD):
        case T(TR):
            if (!in_scope(tb, tk->tag, SCOPE_TABLE)) return;
            close_cell(tb);
            dispatch(tb, tk);
            return;
        default: break;
        }
    } else if (tk->type == PITH_TOK_START_TAG) {
        switch (tk->tag) {
        case T(CAPTION):
        case T(COL):
        case T(COLGROUP):
        case T(TBODY):
        case T(TD):
        case T(TFOOT):
        case T(TH):
        case T(THEAD):
        case T(TR):
            if (!in_scope(tb, T(TD), SCOPE_TABLE) && !in_scope(tb, T(TH), SCOPE_TABLE)) return;
            close_cell(tb);
            dispatch(tb, tk);
            return;
        default: break;
        }
    }
    in_body(tb, tk);
}

static void in_template(pith_tb *tb, const pith_token *tk)
{
    switch (tk->type) {
    case PITH_TOK_CHARS:
    case PITH_TOK_COMMENT:
    case PITH_TOK_DOCTYPE: in_body(tb, tk); return;
    case PITH_TOK_START_TAG: {
        uint8_t m;
        switch (tk->tag) {
        case T(BASE):
        case T(BASEFONT):
        case T(BGSOUND):
        case T(LINK):
        case T(META):
        case T(NOFRAMES):
        case T(SCRIPT):
        case T(STYLE):
        case T(TEMPLATE):
        case T(TITLE): in_head(tb, tk); return;
        case T(CAPTION):
        case T(COLGROUP):
        case T(TBODY):
        case T(TFOOT):
        case T(THEAD): m = M_IN_TABLE; break;
        case T(COL): m = M_IN_COLUMN_GROUP; break;
        case T(TR): m = M_IN_TABLE_BODY; break;
        case T(TD):
        case T(TH): m = M_IN_ROW; break;
        default: m = M_IN_BODY; break;
        }
        tm_pop(tb);
        tm_push(tb, m);
        tb->mode = m;
        dispatch(tb, tk);
        return;
    }
    case PITH_TOK_END_TAG:
        if (tk->tag == T(TEMPLATE)) in_head(tb, tk);
        return;
    case PITH_TOK_EOF:
        if (!template_open(tb)) {
            tb->done = true;
            return;
        }
        pop_until_tag(tb, T(TEMPLATE));
        fmt_clear_to_marker(tb);
        tm_pop(tb);
        reset_mode(tb);
        dispatch(tb, tk);
        return;
    }
}

static void after_body(pith_tb *tb, const pith_token *tk)
{
    switch (tk->type) {
    case PITH_TOK_CHARS: {
        size_t w = ws_span(tk->data, tk->data_len);
        if (w) body_chars(tb, tk->data, w);
        if (w == tk->data_len) return;
        pith_token t = chars_tok(tk, tk->data + w, tk->data_len - w);
        tb->mode = M_IN_BODY;
        dispatch(tb, &t);
        return;
    }
    case PITH_TOK_COMMENT: insert_comment_in(tb, tk, tb->st[0].node); return;
    case PITH_TOK_DOCTYPE: return;
    case PITH_TOK_START_TAG:
        if (tk->tag == T(HTML)) {
            in_body(tb, tk);
            return;
        }
        break;
    case PITH_TOK_END_TAG:
        if (tk->tag == T(HTML)) {
            if (!tb->fragment) tb->mode = M_AFTER_AFTER_BODY;
            return;
        }
        break;
    case PITH_TOK_EOF: tb->done = true; return;
    }
    tb->mode = M_IN_BODY;
    dispatch(tb, tk);
}

/* Inserts only the whitespace characters of a run (frameset modes ignore
 * the others one by one). */
static void insert_ws_only(pith_tb *tb, const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && is_ws(p[j])) j++;
        insert_text(tb, p + i, j - i);
        while (j < n && !is_ws(p[j])) j++;
        i = j;
    }
}

static void in_frameset(pith_tb *tb, const pith_token *tk)
{
    switch (tk->type) {
    case PITH_TOK_CHARS: insert_ws_only(tb, tk->data, tk->data_len); return;
    case PITH_TOK_COMMENT: insert_comment(tb, tk); return;
    case PITH_TOK_DOCTYPE: return;
    case PITH_TOK_START_TAG:
        switch (tk->tag) {
        case T(HTML): in_body(tb, tk); return;
        case T(FRAMESET): insert_html(tb, tk); return;
        case T(FRAME): insert_void(tb, tk); return;
        case T(NOFRAMES): in_head(tb, tk); return;
        default: return;
        }
    case PITH_TOK_END_TAG:
        if (tk->tag == T(FRAMESET)) {
            if (tb->n_st <= 1) return;
            pop(tb);
            if (!tb->fragment && !cur_is(tb, T(FRAMESET))) tb->mode = M_AFTER_FRAMESET;
        }
        return;
    case PITH_TOK_EOF: tb->done = true; return;
    }
}

static void after_frameset(pith_tb *tb, const pith_token *tk)
{
    switch (tk->type) {
    case PITH_TOK_CHARS: insert_ws_only(tb, tk->data, tk->data_len); return;
    case PITH_TOK_COMMENT: insert_comment(tb, tk); return;
    case PITH_TOK_DOCTYPE: return;
    case PITH_TOK_START_TAG:
        if (tk->tag == T(HTML)) in_body(tb, tk);
        else if (tk->tag == T(NOFRAMES)) in_head(tb, tk);
        return;
    case PITH_TOK_END_TAG:
        if (tk->tag == T(HTML)) tb->mode = M_AFTER_AFTER_FRAMESET;
        return;
    case PITH_TOK_EOF: tb->done = true; return;
    }
}

static void after_after_body(pith_tb *tb, const pith_token *tk)
{
    switch (tk->type) {
    case PITH_TOK_COMMENT: insert_comment_in(tb, tk, PITH_DOC); return;
    case PITH_TOK_DOCTYPE: in_body(tb, tk); return;
    case PITH_TOK_CHARS: {
        size_t w = ws_span(tk->data, tk->data_len);
        if (w) body_chars(tb, tk->data, w);
        if (w == tk->data_len) return;
        pith_token t = chars_tok(tk, tk->data + w, tk->data_len - w);
        tb->mode = M_IN_BODY;
        dispatch(tb, &t);
        return;
    }
    case PITH_TOK_START_TAG:
        if (tk->tag == T(HTML)) {
            in_body(tb, tk);
            return;
        }
        break;
    case PITH_TOK_EOF: tb->done = true; return;
    default: break;
    }
    tb->mode = M_IN_BODY;
    dispatch(tb, tk);
}

static void after_after_frameset(pith_tb *tb, const pith_token *tk)
{
    switch (tk->type) {
    case PITH_TOK_COMMENT: insert_comment_in(tb, tk, PITH_DOC); return;
    case PITH_TOK_DOCTYPE: in_body(tb, tk); return;
    case PITH_TOK_CHARS: {
        /* whitespace goes through the body rules; the rest is ignored */
        size_t i = 0, n = tk->data_len;
        const char *p = tk->data;
        while (i < n) {
            size_t j = i;
            while (j < n && is_ws(p[j])) j++;
            if (j > i) body_chars(tb, p + i, j - i);
            while (j < n && !is_ws(p[j])) j++;
            i = j;
        }
        return;
    }
    case PITH_TOK_START_TAG:
        if (tk->tag == T(HTML)) in_body(tb, tk);
        else if (tk->tag == T(NOFRAMES)) in_head(tb, tk);
        return;
    case PITH_TOK_EOF: tb->done = true; return;
    default: return;
    }
}

/* Processes a token by the rules of the current insertion mode. */
static void dispatch(pith_tb *tb, const pith_token *tk)
{
    if (tb->done) return;
    switch (tb->mode) {
    case M_INITIAL: mode_initial(tb, tk); return;
    case M_BEFORE_HTML: mode_before_html(tb, tk); return;
    case M_BEFORE_HEAD: mode_before_head(tb, tk); return;
    case M_IN_HEAD: in_head(tb, tk); return;
    case M_IN_HEAD_NOSCRIPT: in_head_noscript(tb, tk); return;
    case M_AFTER_HEAD: after_head(tb, tk); return;
    case M_IN_BODY: in_body(tb, tk); return;
    case M_TEXT: mode_text(tb, tk); return;
    case M_IN_TABLE: in_table(tb, tk); return;
    case M_IN_TABLE_TEXT: in_table_text(tb, tk); return;
    case M_IN_CAPTION: in_caption(tb, tk); return;
    case M_IN_COLUMN_GROUP: in_column_group(tb, tk); return;
    case M_IN_TABLE_BODY: in_table_body(tb, tk); return;
    case M_IN_ROW: in_row(tb, tk); return;
    case M_IN_CELL: in_cell(tb, tk); return;
    case M_IN_TEMPLATE: in_template(tb, tk); return;
    case M_AFTER_BODY: after_body(tb, tk); return;
    case M_IN_FRAMESET: in_frameset(tb, tk); return;
    case M_AFTER_FRAMESET: after_frameset(tb, tk); return;
    case M_AFTER_AFTER_BODY: after_after_body(tb, tk); return;
    case M_AFTER_AFTER_FRAMESET: after_after_frameset(tb, tk); return;
    default: ignore_token(tb, tk); return;
    }
}

/* ------------------------------------------------------- foreign content */

/* Lower-case comparison of an element's name with an end tag's name. */
static bool name_matches_lower(const pith_tb *tb, const pith_tb_entry *e, const pith_token *tk)
{
    if (e->tag == tk->tag) return true;
    if (e->tag < PITH_TAG_COUNT_) return false;
    size_t n;
    const char *s = pith_doc_tag_name(tb->d, e->tag, &n);
    if (n != tk->name_len) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c != tk->name[i]) return false;
    }
    return true;
}

static bool breaks_out(const pith_token *tk)
{
    if (tk->tag < PITH_TAG_COUNT_ && (tclass[tk->tag] & C_BREAKOUT)) return true;
    if (tk->tag == T(FONT))
        for (size_t i = 0; i < tk->n_attrs; i++) {
            const pith_tok_attr *a = &tk->attrs[i];
            if ((a->name_len == 5 && !memcmp(a->name, "color", 5)) || (a->name_len == 4 && !memcmp(a->name, "face", 4)) ||
                (a->name_len == 4 && !memcmp(a->name, "size", 4)))
                return true;
        }
    return false;
}

static void foreign_chars(pith_tb *tb, const pith_token *tk)
{
    const char *p = tk->data;
    size_t n = tk->data_len, i = 0;
    while (i < n) {
        const char *z = memchr(p + i, 0, n - i);
        size_t j = z ? (size_t)(z - p) : n;
        insert_text(tb, p + i, j - i);
        if (tb->frameset_ok && has_nonspace(p + i, j - i)) tb->frameset_ok = false;
        if (z) insert_text(tb, "\xEF\xBF\xBD", 3); /* U+FFFD, frameset-ok untouched */
        i = j + 1;
    }
}

static void foreign(pith_tb *tb, const pith_token *tk)
{
    switch (tk->type) {
    case PITH_TOK_CHARS: foreign_chars(tb, tk); return;
    case PITH_TOK_COMMENT: insert_comment(tb, tk); return;
    case PITH_TOK_DOCTYPE: return;
    case PITH_TOK_START_TAG: {
        if (breaks_out(tk)) {
            while (tb->n_st > 1) {
                pith_tb_entry *c = cur(tb);
                if (c->ns == PITH_NS_HTML || mathml_text_ip(c) || html_ip(tb, c)) break;
                pop(tb);
            }
            dispatch(tb, tk);
            return;
        }
        uint8_t ns = adjusted_current(tb)->ns;
        pith_nid el = insert_el(tb, foreign_tag(tb, tk, ns), ns, tk, tk->self_closing);
        if (el && tk->self_closing) pop(tb);
        return;
    }
    case PITH_TOK_END_TAG: {
        if (tk->tag == T(BR) || tk->tag == T(P)) {
            while (tb->n_st > 1) {
                pith_tb_entry *c = cur(tb);
                if (c->ns == PITH_NS_HTML || mathml_text_ip(c) || html_ip(tb, c)) break;
                pop(tb);
            }
            dispatch(tb, tk);
            return;
        }
        for (int i = (int)tb->n_st - 1; i >= 0; i--) {
            pith_tb_entry *e = &tb->st[i];
            if (i == 0) return;
            if (name_matches_lower(tb, e, tk)) {
                pop_until_index(tb, i);
                return;
            }
            if (tb->st[i - 1].ns == PITH_NS_HTML) {
                dispatch(tb, tk);
                return;
            }
        }
        return;
    }
    case PITH_TOK_EOF: dispatch(tb, tk); return;
    }
}

/* ------------------------------------------------------------ entry points */

bool pith_tb_cdata_allowed(const pith_tb *tb)
{
    return tb->n_st && adjusted_current(tb)->ns != PITH_NS_HTML;
}

void pith_tb_token(pith_tb *tb, const pith_token *tk0)
{
    if (tb->done) return;
    const pith_token *tk = tk0;
    pith_token copy;
    if ((tk->type == PITH_TOK_START_TAG || tk->type == PITH_TOK_END_TAG) && !tk->tag) {
        copy = *tk0;
        copy.tag = pith_doc_intern_tag(tb->d, tk->name, tk->name_len);
        if (!copy.tag) {
            oom(tb);
            return;
        }
        if (tk->name_len == 15 && !memcmp(tk->name, "selectedcontent", 15)) tb->sc_tag = copy.tag;
        tk = &copy;
    }
    if (tb->skip_lf) {
        tb->skip_lf = false;
        if (tk->type == PITH_TOK_CHARS && tk->data_len && tk->data[0] == '\n') {
            if (tk->data_len == 1) return;
            copy = *tk0;
            copy.data++;
            copy.data_len--;
            tk = &copy;
        }
    }
    if (!tb->n_st) {
        dispatch(tb, tk);
    } else {
        const pith_tb_entry *a = adjusted_current(tb);
        bool html = a->ns == PITH_NS_HTML || tk->type == PITH_TOK_EOF;
        if (!html && mathml_text_ip(a))
            html = (tk->type == PITH_TOK_START_TAG && tk->tag != T(MGLYPH) && tk->tag != T(MALIGNMARK)) ||
                   tk->type == PITH_TOK_CHARS;
        if (!html && a->ns == PITH_NS_MATHML && a->tag == T(ANNOTATION_XML) && tk->type == PITH_TOK_START_TAG &&
            tk->tag == T(SVG))
            html = true;
        if (!html && (tk->type == PITH_TOK_START_TAG || tk->type == PITH_TOK_CHARS) && html_ip(tb, a)) html = true;
        if (html) dispatch(tb, tk);
        else foreign(tb, tk);
    }
    if (tb->tok.set_cdata && !tb->done) {
        bool c = pith_tb_cdata_allowed(tb);
        if (c != tb->cdata_allowed) {
            tb->cdata_allowed = c;
            tb->tok.set_cdata(tb->tok.ctx, c);
        }
    }
    if (tb->done) {
        /* "stop parsing" pops everything; leave no parse-time flags behind */
        for (uint32_t i = tb->n_st; i-- > 0;) {
            pith_tb_entry *e = &tb->st[i];
            N(tb, e->node)->flags &= (uint16_t)~TB_ONSTACK;
            if (tb->n_sel && e_is(e, T(OPTION))) option_popped(tb, e->node);
        }
        tb->n_st = 0;
    }
}

static bool tb_setup(pith_tb *tb, pith_doc *doc, const pith_tb_tokctl *tok)
{
    memset(tb, 0, sizeof *tb);
    tb->d = doc;
    if (tok) tb->tok = *tok;
    tb->frameset_ok = true;
    tb->max_depth = doc->max_depth ? doc->max_depth : 512;
    if (tb->max_depth < 16) tb->max_depth = 16;
    pith_buf_init(&tb->pending);
    pith_buf_init(&tb->tmp);
    tb->cap_st = 64;
    tb->st = malloc(tb->cap_st * sizeof *tb->st);
    tb->cap_fmt = 32;
    tb->fmt = malloc(tb->cap_fmt * sizeof *tb->fmt);
    if (!tb->st || !tb->fmt) {
        pith_tb_free(tb);
        return false;
    }
    return true;
}

bool pith_tb_init(pith_tb *tb, pith_doc *doc, const pith_tb_tokctl *tok)
{
    if (!tb_setup(tb, doc, tok)) return false;
    tb->mode = M_INITIAL;
    return true;
}

bool pith_tb_init_fragment(pith_tb *tb, pith_doc *doc, const pith_tb_tokctl *tok, const char *ctx_name,
                           size_t ctx_len, uint8_t ctx_ns)
{
    if (!tb_setup(tb, doc, tok)) return false;
    tb->fragment = true;
    char lower[64];
    size_t n = ctx_len < sizeof lower ? ctx_len : sizeof lower - 1;
    for (size_t i = 0; i < n; i++) {
        char c = ctx_name[i];
        lower[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    uint32_t tag;
    const char *adj = ctx_ns == PITH_NS_SVG ? pith_svg_tag_adjust(lower, n) : NULL;
    if (adj) tag = pith_doc_intern_tag(doc, adj, strlen(adj));
    else tag = pith_doc_intern_tag(doc, lower, n);
    if (adj && !strcmp(adj, "foreignObject")) tb->fo_tag = tag;
    tb->ctx = tag ? pith_doc_new_element(doc, tag, ctx_ns) : PITH_NIL;
    tb->ctx_entry = (pith_tb_entry){tb->ctx, tag, ctx_ns};
    tb->root = tb->ctx ? pith_doc_new_element(doc, T(HTML), PITH_NS_HTML) : PITH_NIL;
    if (!tb->root) {
        pith_tb_free(tb);
        return false;
    }
    pith_doc_append(doc, PITH_DOC, tb->root);
    if (ctx_ns == PITH_NS_HTML) {
        switch (tag) {
        case T(TITLE):
        case T(TEXTAREA): tok_state(tb, PITH_TOKSTATE_RCDATA); break;
        case T(STYLE):
        case T(XMP):
        case T(IFRAME):
        case T(NOEMBED):
        case T(NOFRAMES): tok_state(tb, PITH_TOKSTATE_RAWTEXT); break;
        case T(SCRIPT): tok_state(tb, PITH_TOKSTATE_SCRIPT_DATA); break;
        case T(PLAINTEXT): tok_state(tb, PITH_TOKSTATE_PLAINTEXT); break;
        default: break;
        }
    }
    push(tb, tb->root);
    if (ctx_ns == PITH_NS_HTML && tag == T(TEMPLATE)) tm_push(tb, M_IN_TEMPLATE);
    reset_mode(tb);
    if (tb->tok.set_cdata) {
        tb->cdata_allowed = pith_tb_cdata_allowed(tb);
        tb->tok.set_cdata(tb->tok.ctx, tb->cdata_allowed);
    }
    return !tb->done;
}

void pith_tb_free(pith_tb *tb)
{
    /* a parse cut short (time budget) leaves elements open: unmark them */
    for (uint32_t i = 0; i < tb->n_st; i++) N(tb, tb->st[i].node)->flags &= (uint16_t)~TB_ONSTACK;
    free(tb->st);
    free(tb->fmt);
    free(tb->tmodes);
    free(tb->scratch);
    pith_buf_free(&tb->pending);
    pith_buf_free(&tb->tmp);
    tb->st = NULL;
    tb->fmt = NULL;
    tb->tmodes = NULL;
    tb->scratch = NULL;
    tb->n_st = tb->n_fmt = tb->n_tm = 0;
}

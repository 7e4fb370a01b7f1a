/*
 * Main-content extraction: a few linear passes over the node arrays, with
 * per-node data in a side array (internal.h).
 *
 *   1. classify (document order): tag properties, class/id hints, hidden
 *      elements, the order list; text lengths and commas of text nodes.
 *   2. measure (reverse order): text, link text and counts per subtree.
 *   3. prune (document order): boilerplate candidates are removed unless they
 *      hold most of the page's prose; then measure again.
 *   4. score (reverse order): paragraph scores go to their ancestors, as in a
 *      reader mode; the best candidate is chosen and sibling blocks that
 *      continue the article are joined to it.
 *   5. emit (emit.c): the blocks of the chosen containers, in order.
 * When the result is short the passes run again with relaxed pruning (the
 * document is neither copied nor re-parsed) and the longest result is kept.
 * A page with no article in its markup may carry it as data (jsondata.c).
 */
#include "extract.h"

#include <stdlib.h>
#include <string.h>

#include "hints.h"
#include "internal.h"

#ifdef PITH_XDEBUG
#include <stdio.h>
/* Debug builds (cc -DPITH_XDEBUG) describe their decisions on stderr. */
void pith_x_dbg(const pith_xctx *c, const char *what, pith_nid n)
{
    size_t cl = 0, il = 0, tl = 0;
    const char *cls = pith_doc_attr_value(c->d, n, "class", &cl);
    const char *id = pith_doc_attr_value(c->d, n, "id", &il);
    const char *tag = pith_doc_tag_name(c->d, c->d->nodes[n].tag, &tl);
    const xnode *x = &c->x[n];
    fprintf(stderr, "[%d] %s <%.*s id=%.*s class=%.*s> txt=%u lnk=%u score=%.1f w=%d\n", c->stage, what,
            (int)tl, tag, (int)(il > 40 ? 40 : il), id ? id : "", (int)(cl > 60 ? 60 : cl), cls ? cls : "",
            x->txt, x->lnk, x->score, x->weight);
}
#endif

#define T(x) [PITH_TAG_##x]
const uint16_t pith_x_tagprops[PITH_TAG_COUNT_] = {
    T(ADDRESS) = TP_BLOCK, T(ARTICLE) = TP_BLOCK | TP_SEMANTIC, T(ASIDE) = TP_BLOCK | TP_CLEAN,
    T(BLOCKQUOTE) = TP_BLOCK, T(BODY) = TP_BLOCK, T(CENTER) = TP_BLOCK, T(DD) = TP_BLOCK | TP_ITEM,
    T(DETAILS) = TP_BLOCK, T(DIALOG) = TP_BLOCK | TP_DROP, T(DIR) = TP_BLOCK | TP_LIST,
    T(DIV) = TP_BLOCK | TP_CLEAN, T(DL) = TP_BLOCK | TP_LIST, T(DT) = TP_BLOCK | TP_ITEM,
    T(FIELDSET) = TP_BLOCK | TP_CLEAN, T(FIGCAPTION) = TP_BLOCK, T(FIGURE) = TP_BLOCK,
    T(FOOTER) = TP_BLOCK, T(FORM) = TP_BLOCK | TP_CLEAN, T(H1) = TP_BLOCK | TP_HEADING,
    T(H2) = TP_BLOCK | TP_HEADING, T(H3) = TP_BLOCK | TP_HEADING, T(H4) = TP_BLOCK | TP_HEADING,
    T(H5) = TP_BLOCK | TP_HEADING, T(H6) = TP_BLOCK | TP_HEADING, T(HEADER) = TP_BLOCK,
    T(HGROUP) = TP_BLOCK, T(HR) = TP_BLOCK, T(HTML) = TP_BLOCK, T(LEGEND) = TP_BLOCK,
    T(LI) = TP_BLOCK | TP_ITEM, T(LISTING) = TP_BLOCK, T(MAIN) = TP_BLOCK | TP_SEMANTIC,
    T(MENU) = TP_BLOCK | TP_LIST, T(NAV) = TP_BLOCK, T(OL) = TP_BLOCK | TP_LIST | TP_CLEAN,
    T(P) = TP_BLOCK, T(PLAINTEXT) = TP_BLOCK, T(PRE) = TP_BLOCK, T(SECTION) = TP_BLOCK | TP_CLEAN,
    T(SUMMARY) = TP_BLOCK, T(TABLE) = TP_BLOCK | TP_CLEAN, T(TBODY) = TP_BLOCK, T(THEAD) = TP_BLOCK,
    T(TFOOT) = TP_BLOCK, T(TR) = TP_BLOCK, T(TD) = TP_BLOCK | TP_CELL, T(TH) = TP_BLOCK | TP_CELL,
    T(CAPTION) = TP_BLOCK, T(UL) = TP_BLOCK | TP_LIST | TP_CLEAN, T(XMP) = TP_BLOCK,
    T(SEARCH) = TP_BLOCK | TP_DROP,
    T(SCRIPT) = TP_DROP, T(STYLE) = TP_DROP, T(TEMPLATE) = TP_DROP, T(NOSCRIPT) = TP_DROP,
    T(SVG) = TP_DROP, T(HEAD) = TP_DROP, T(TITLE) = TP_DROP, T(META) = TP_DROP, T(LINK) = TP_DROP,
    T(BASE) = TP_DROP, T(BUTTON) = TP_DROP, T(INPUT) = TP_DROP | TP_INPUT,
    T(SELECT) = TP_DROP, T(TEXTAREA) = TP_DROP, T(OPTION) = TP_DROP,
    T(OPTGROUP) = TP_DROP, T(DATALIST) = TP_DROP, T(KEYGEN) = TP_DROP, T(OUTPUT) = TP_DROP,
    T(PROGRESS) = TP_DROP, T(METER) = TP_DROP, T(LABEL) = TP_DROP, T(MAP) = TP_DROP,
    T(AREA) = TP_DROP, T(FRAME) = TP_DROP, T(FRAMESET) = TP_DROP, T(NOFRAMES) = TP_DROP,
    T(NOEMBED) = TP_DROP, T(PARAM) = TP_DROP, T(SOURCE) = TP_DROP, T(TRACK) = TP_DROP,
    T(CANVAS) = TP_DROP, T(IFRAME) = TP_DROP | TP_EMBED, T(OBJECT) = TP_DROP | TP_EMBED,
    T(EMBED) = TP_DROP | TP_EMBED, T(APPLET) = TP_DROP | TP_EMBED, T(AUDIO) = TP_DROP | TP_EMBED,
    T(VIDEO) = TP_DROP | TP_EMBED,
};
#undef T

static bool is_space(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

/* Case-insensitive search of an ASCII needle in a value. */
static bool has_ci(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++) {
        size_t k = 0;
        while (k < m && ((unsigned char)s[i + k] | 0x20) == (unsigned char)needle[k]) k++;
        if (k == m) return true;
    }
    return false;
}

static bool eq_ci(const char *s, size_t n, const char *w)
{
    size_t m = strlen(w);
    if (n != m) return false;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] | 0x20) != (unsigned char)w[i]) return false;
    return true;
}

/* Inline styles that hide an element. */
static bool style_hides(const char *s, size_t n)
{
    for (size_t i = 0; i + 7 < n; i++) {
        if ((s[i] | 0x20) != 'd' && (s[i] | 0x20) != 'v') continue;
        const char *p = s + i;
        size_t left = n - i, k;
        if (left >= 7 && has_ci(p, 7, "display")) k = 7;
        else if (left >= 10 && has_ci(p, 10, "visibility")) k = 10;
        else continue;
        size_t j = k;
        while (j < left && is_space((unsigned char)p[j])) j++;
        if (j >= left || p[j] != ':') continue;
        j++;
        while (j < left && is_space((unsigned char)p[j])) j++;
        if (k == 7 && left - j >= 4 && has_ci(p + j, 4, "none")) return true;
        if (k == 10 && left - j >= 6 && has_ci(p + j, 6, "hidden")) return true;
    }
    return false;
}

/* ARIA roles of page furniture. */
static bool role_is_furniture(const char *s, size_t n)
{
    static const char *const roles[] = {"navigation", "menu", "menubar", "complementary", "banner",
                                        "contentinfo", "search", "dialog", "alertdialog", "tooltip"};
    for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
        if (eq_ci(s, n, roles[i])) return true;
    return false;
}

static bool is_comma(const unsigned char *p, size_t left, size_t *adv)
{
    *adv = 1;
    if (p[0] == ',') return true;
    if (left >= 2 && p[0] == 0xD8 && p[1] == 0x8C) { *adv = 2; return true; }          /* U+060C */
    if (left >= 3 && p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C) { *adv = 3; return true; } /* U+FF0C */
    if (left >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x81) { *adv = 3; return true; } /* U+3001 */
    return false;
}

/* Visible length of a text (non-space bytes, plus one for each run of
 * spaces between words) and its commas (ASCII, Arabic, full-width,
 * ideographic). One branch-free loop; the rare multi-byte commas are
 * confirmed only when one of their lead bytes occurs. */
static uint32_t text_len(const unsigned char *s, uint32_t len, unsigned *commas)
{
    uint32_t ws = 0, runs = 0, k = 0, lead = 0;
    unsigned prev = 1;
    for (uint32_t i = 0; i < len; i++) {
        unsigned c = s[i];
        unsigned w = (c == ' ') | (c == '\n') | (c == '\t') | (c == '\r') | (c == '\f');
        runs += w & (prev ^ 1u);
        ws += w;
        prev = w;
        k += c == ',';
        lead += (c == 0xD8) | (c == 0xEF) | (c == 0xE3);
    }
    if (lead) {
        for (uint32_t i = 0; i < len; i++) {
            size_t adv;
            if (s[i] >= 0xD8 && is_comma(s + i, len - i, &adv)) k++;
        }
    }
    *commas = k;
    uint32_t t = len - ws + runs;
    if (prev && runs) t--; /* a trailing run is not a separator */
    return t;
}

/* Pass 1: tag properties, hints and hidden elements, in document order;
 * builds the order list and measures text nodes. False when the time
 * budget ran out (the side arrays are then incomplete and must not be used). */
static bool classify(pith_xctx *c)
{
    pith_doc *d = c->d;
    xnode *x = c->x;
    c->n_ord = 0;
    c->body = PITH_NIL;
    pith_nid n = d->nodes[PITH_DOC].first;
    while (n) {
        if (pith_budget_tick(c->r->budget, 1)) return false;
        pith_node *nd = &d->nodes[n];
        pith_nid p = nd->parent;
        xnode *xn = &x[n];
        memset(xn, 0, sizeof *xn);
        uint16_t inherit = x[p].flags & (XF_INLINK | XF_INARTICLE | XF_PRE | XF_INFIGURE);
        xn->flags = inherit;
        xn->blk = x[p].blk;
        bool descend = true;
        if (nd->type == PITH_NODE_TEXT) {
            const unsigned char *s = (const unsigned char *)d->chars + nd->a;
            uint32_t len = nd->b;
            unsigned commas;
            xn->txt = text_len(s, len, &commas);
            xn->commas = commas > 65535 ? 65535 : (uint16_t)commas;
            xn->pos = xn->end = c->n_ord;
            c->ord[c->n_ord++] = n;
        } else if (nd->type == PITH_NODE_ELEMENT) {
            uint32_t tp = pith_x_props(d, n);
            bool drop = (tp & TP_DROP) || nd->ns == PITH_NS_SVG;
            if (nd->tag == PITH_TAG_BODY && !c->body) c->body = n;
            if (tp & TP_BLOCK) {
                x[xn->blk].flags |= XF_HASBLOCK;
                xn->blk = n;
            }
            if (nd->tag == PITH_TAG_A) xn->flags |= XF_INLINK;
            if (nd->tag == PITH_TAG_PRE) xn->flags |= XF_PRE;
            if (tp & TP_SEMANTIC) xn->flags |= XF_INARTICLE;
            /* attributes */
            int weight = 0;
            const pith_attr *a = nd->b ? d->attrs + nd->a : NULL; /* no array without attributes */
            for (uint32_t i = 0; i < nd->b && !drop; i++) {
                const char *name = d->chars + a[i].name.off;
                uint32_t nl = a[i].name.len;
                const char *v = d->chars + a[i].value.off;
                uint32_t vl = a[i].value.len;
                if ((nl == 5 && !memcmp(name, "class", 5)) || (nl == 2 && !memcmp(name, "id", 2))) {
                    /* URLs and paths say nothing about the element */
                    if (!vl || memchr(v, '/', vl)) continue;
                    unsigned h = pith_hint_match(v, vl);
                    xn->hint |= (uint16_t)h;
                    if (h & HK_POS) weight += 25;
                    if ((h & (HK_NEG | HK_BOILER | HK_COMMENT | HK_AD | HK_JUNK)) && !(h & HK_EMBED)) weight -= 25;
                } else if (nl == 6 && !memcmp(name, "hidden", 6)) {
                    if (!c->show_hidden) drop = true;
                } else if (nl == 11 && !memcmp(name, "aria-hidden", 11)) {
                    if (eq_ci(v, vl, "true")) drop = true;
                } else if (nl == 5 && !memcmp(name, "style", 5)) {
                    if (!c->show_hidden && style_hides(v, vl)) drop = true;
                } else if (nl == 4 && !memcmp(name, "role", 4)) {
                    if (role_is_furniture(v, vl)) xn->flags |= XF_SOFT | XF_SOFTTAG;
                    else if (eq_ci(v, vl, "main") || eq_ci(v, vl, "article")) xn->flags |= XF_PROTECT | XF_INARTICLE;
                } else if (nl == 8 && !memcmp(name, "itemprop", 8)) {
                    if (has_ci(v, vl, "articlebody")) xn->flags |= XF_PROTECT | XF_INARTICLE;
                } else if (nl == 4 && !memcmp(name, "type", 4) && nd->tag == PITH_TAG_INPUT) {
                    (void)0;
                }
            }
            if (xn->hint & HK_HIDDEN) drop = true;
            if (xn->hint & (HK_BOILER | HK_COMMENT | HK_AD | HK_JUNK)) xn->flags |= XF_SOFT;
            if (xn->hint & HK_COMMENT) xn->flags |= XF_COMMENTS;
            switch (nd->tag) {
            case PITH_TAG_NAV: case PITH_TAG_ASIDE: case PITH_TAG_FOOTER:
                xn->flags |= XF_SOFT | XF_SOFTTAG;
                break;
            case PITH_TAG_HEADER:
                if (!(x[p].flags & XF_INARTICLE)) xn->flags |= XF_SOFT | XF_SOFTTAG;
                break;
            case PITH_TAG_FIGURE:
                xn->flags |= XF_INFIGURE;
                break;
            case PITH_TAG_MAIN:
                xn->flags |= XF_PROTECT;
                break;
            default:
                break;
            }
            if (weight > 50) weight = 50;
            if (weight < -50) weight = -50;
            xn->weight = (int8_t)weight;
            if (drop) {
                xn->flags |= XF_DROP;
                if ((tp & TP_INPUT) && x[p].dinput < 255) x[p].dinput++;
                if ((tp & TP_EMBED) && x[p].dembed < 255) x[p].dembed++;
                descend = false;
            } else {
                xn->pos = xn->end = c->n_ord;
                c->ord[c->n_ord++] = n;
            }
        } else {
            descend = false;
        }
        /* next in document order (iterative, parents before children) */
        if (descend && nd->first) { n = nd->first; continue; }
        while (n && !d->nodes[n].next) n = d->nodes[n].parent;
        if (n) n = d->nodes[n].next;
    }
    return true;
}

static uint16_t sat16(uint32_t v) { return v > 65535 ? 65535 : (uint16_t)v; }

/* Pass 2: text and counts per subtree, children before parents. Killed
 * subtrees count nothing. */
static bool clean_out(pith_xctx *c, pith_nid n);

/* Text and counts per subtree for the order-list range lo..hi (a subtree),
 * children before parents; killed subtrees count nothing. With `clean`,
 * containers that conditional cleaning rejects are marked and count nothing
 * either, so a parent is judged without its rejected children. */
static void measure(pith_xctx *c, uint32_t lo, uint32_t hi, bool clean)
{
    pith_doc *d = c->d;
    xnode *x = c->x;
    pith_budget *budget = c->r->budget;
    if (pith_budget_tick(budget, (hi - lo) / 16)) return;
    for (uint32_t i = lo; i <= hi; i++) {
        pith_nid n = c->ord[i];
        xnode *xn = &x[n];
        xn->flags &= (uint16_t)~XF_CLEANED;
        if (d->nodes[n].type != PITH_NODE_ELEMENT) continue;
        xn->lnk = xn->own = xn->ownlnk = 0;
        xn->np = xn->nimg = xn->nli = xn->nhead = xn->ntable = xn->nlhead = 0;
        xn->ninput = xn->dinput;
        xn->nembed = xn->dembed;
        xn->commas = xn->scommas = 0;
        xn->txt = xn->listtxt = 0;
        xn->end = i;
    }
    for (uint32_t i = hi + 1; i-- > lo;) {
        if (pith_budget_tick(budget, 1)) return;
        pith_nid n = c->ord[i];
        xnode *xn = &x[n];
        if (xn->flags & XF_KILL) continue;
        pith_node *nd = &d->nodes[n];
        if (clean && i == lo) break; /* the root's parent is outside the range */
        xnode *xp = &x[nd->parent];
        if (nd->type == PITH_NODE_TEXT) {
            uint32_t t = xn->txt;
            if (!t) continue;
            xp->txt += t;
            if (xn->flags & XF_INLINK) xp->lnk += t;
            xnode *b = &x[xn->blk];
            if (b->pos >= lo) {
                b->own += t;
                if (xn->flags & XF_INLINK) b->ownlnk += t;
                b->commas = sat16((uint32_t)b->commas + xn->commas);
            }
            xp->scommas = sat16((uint32_t)xp->scommas + xn->commas);
            continue;
        }
        if (xn->end > xp->end) xp->end = xn->end;
        if (clean && (pith_x_props(d, n) & TP_CLEAN) && clean_out(c, n)) {
            xn->flags |= XF_CLEANED;
            if (xn->txt > 100) DBG(c, "clean", n);
            continue;
        }
        xp->txt += xn->txt;
        xp->lnk += xn->lnk;
        uint32_t tag = nd->tag;
        xp->np = sat16((uint32_t)xp->np + xn->np + (tag == PITH_TAG_P));
        xp->nimg = sat16((uint32_t)xp->nimg + xn->nimg + (tag == PITH_TAG_IMG));
        xp->nli = sat16((uint32_t)xp->nli + xn->nli + (tag == PITH_TAG_LI));
        bool heading = (pith_x_props(d, n) & TP_HEADING) != 0;
        xp->nhead = sat16((uint32_t)xp->nhead + xn->nhead + heading);
        xp->nlhead = sat16((uint32_t)xp->nlhead + xn->nlhead + (heading && xn->txt && xn->lnk * 10 >= xn->txt * 9));
        xp->ntable = sat16((uint32_t)xp->ntable + xn->ntable + (tag == PITH_TAG_TABLE));
        xp->ninput = sat16((uint32_t)xp->ninput + xn->ninput);
        xp->nembed = sat16((uint32_t)xp->nembed + xn->nembed);
        xp->scommas = sat16((uint32_t)xp->scommas + xn->scommas);
        xp->listtxt += (tag == PITH_TAG_UL || tag == PITH_TAG_OL) ? xn->txt : xn->listtxt;
    }
}

/* Measures the whole document. */
static void measure_all(pith_xctx *c)
{
    c->x[PITH_DOC].txt = c->x[PITH_DOC].lnk = 0;
    c->x[PITH_DOC].end = 0;
    if (c->n_ord) measure(c, 0, c->n_ord - 1, false);
}

bool pith_x_data_table(const pith_xctx *c, pith_nid n)
{
    const pith_doc *d = c->d;
    const xnode *x = &c->x[n];
    size_t rl;
    const char *role = pith_doc_attr_value(d, n, "role", &rl);
    if (role && rl == 12 && !memcmp(role, "presentation", 12)) return false;
    if (x->ntable) return false;
    if (x->np > 2 || x->nhead > 0) return false;
    return x->txt > 0;
}

/* Readability-style conditional cleaning of a container inside the article. */
static bool clean_out(pith_xctx *c, pith_nid n)
{
    const xnode *x = &c->x[n];
    if (c->stage >= 2 || (x->flags & XF_PROTECT) || (x->hint & HK_EMBED)) return false;
    uint32_t tag = c->d->nodes[n].tag;
    if (tag == PITH_TAG_TABLE && pith_x_data_table(c, n)) return false;
    int weight = x->weight;
    if (weight < 0) return true;
    if (x->scommas >= 10) return false;
    bool is_list = tag == PITH_TAG_UL || tag == PITH_TAG_OL || (x->txt && x->listtxt * 10 > x->txt * 9);
    bool in_figure = x->flags & XF_INFIGURE;
    int p = x->np, img = x->nimg, li = (int)x->nli - 100, input = x->ninput, embed = x->nembed;
    float ld = x->txt ? (float)x->lnk / (float)x->txt : 0;
    uint32_t len = x->txt;
    if (!in_figure && img > 1 && (float)p / (float)img < 0.5f) return true;
    if (!is_list && li > p) return true;
    if (input > p / 3) return true;
    if (!is_list && !in_figure && x->nhead == 0 && len < 25 && (img == 0 || img > 2) && ld > 0) return true;
    float ld_max = c->o->focus == PITH_FOCUS_PRECISION ? 0.15f : c->o->focus == PITH_FOCUS_RECALL ? 0.33f : 0.2f;
    if (!is_list && weight < 25 && ld > ld_max) return true;
    /* teaser cards (items led by a headline that links elsewhere) beside
     * the text; on an index page they are the text */
    if (is_list && x->nlhead >= 2 && x->nlhead * 2 >= x->nli && (uint64_t)x->txt * 2 < c->root_prose) return true;
    /* lists of links: navigation or teasers */
    if (is_list && weight < 25 && ld > 0.5f) return true;
    if (weight >= 25 && ld > 0.5f) return true;
    if ((embed == 1 && len < 75) || embed > 1) return true;
    return false;
}

static bool is_phrasing_tag(uint32_t tag)
{
    switch (tag) {
    case PITH_TAG_A: case PITH_TAG_SPAN: case PITH_TAG_EM: case PITH_TAG_STRONG: case PITH_TAG_B:
    case PITH_TAG_I: case PITH_TAG_U: case PITH_TAG_SMALL: case PITH_TAG_SUP: case PITH_TAG_SUB:
    case PITH_TAG_ABBR: case PITH_TAG_CITE: case PITH_TAG_CODE: case PITH_TAG_MARK: case PITH_TAG_Q:
        return true;
    default:
        return false;
    }
}

static bool is_prose_tag(uint32_t tag)
{
    return tag == PITH_TAG_P || tag == PITH_TAG_H1 || tag == PITH_TAG_H2 || tag == PITH_TAG_H3 ||
           tag == PITH_TAG_H4 || tag == PITH_TAG_H5 || tag == PITH_TAG_H6 || tag == PITH_TAG_BLOCKQUOTE ||
           tag == PITH_TAG_PRE;
}

/* Pass 3: removes boilerplate candidates, unless one holds the bulk of the
 * page's prose (then the hint was wrong: "content-with-sidebar"). */
static void prune(pith_xctx *c)
{
    pith_doc *d = c->d;
    xnode *x = c->x;
    uint32_t total = x[PITH_DOC].txt - x[PITH_DOC].lnk;
    for (uint32_t i = 0; i < c->n_ord; i++) {
        if (pith_budget_tick(c->r->budget, 1)) return;
        pith_nid n = c->ord[i];
        xnode *xn = &x[n];
        xn->flags &= (uint16_t)~XF_KILL;
        if (x[d->nodes[n].parent].flags & XF_KILL) { xn->flags |= XF_KILL; continue; }
        if (!(xn->flags & XF_SOFT) || d->nodes[n].type != PITH_NODE_ELEMENT) continue;
        /* relaxed stages trust tags and roles only, then nothing */
        if (c->stage >= 1 && !(xn->flags & (XF_SOFTTAG | XF_COMMENTS))) continue;
        if (c->stage >= 2 && !(xn->flags & XF_COMMENTS)) continue;
        if (n == c->body || d->nodes[n].tag == PITH_TAG_HTML || d->nodes[n].tag == PITH_TAG_BODY) continue;
        uint32_t prose = xn->txt - xn->lnk;
        if (xn->flags & XF_PROTECT) continue;
        if (total && prose * 2 > total && !(xn->hint & HK_JUNK) && !(pith_x_props(d, n) & TP_LIST)) continue;
        /* captions are judged as captions ("image-footer") */
        if (!(xn->flags & XF_SOFTTAG) && (d->nodes[n].tag == PITH_TAG_FIGCAPTION || d->nodes[n].tag == PITH_TAG_FIGURE ||
                                          (xn->hint & HK_CAPTION)))
            continue;
        /* an embedded post the article quotes ("social-media-embed") */
        if (!(xn->flags & XF_SOFTTAG) && (xn->hint & HK_EMBED)) continue;
        /* a link or an emphasis inside a sentence ("a class=popup") is part of it */
        if (!(xn->flags & XF_SOFTTAG) && is_phrasing_tag(d->nodes[n].tag) && (xn->hint & HK_JUNK)) continue;
        /* paragraphs are content by nature ("p class=paywall" marks the part behind it) */
        if (!(xn->flags & XF_SOFTTAG) && is_prose_tag(d->nodes[n].tag)) continue;
        /* "article-body paywall": a positive hint with prose outweighs the negative one */
        if ((xn->hint & HK_POS) && !(xn->flags & XF_SOFTTAG) && prose > 400 && xn->lnk * 4 < xn->txt) continue;
        xn->flags |= XF_KILL;
        if (xn->txt > 150) DBG(c, "kill", n);
    }
}

/* Score of a paragraph-like block, as a reader mode counts it. */
static float para_score(const xnode *b)
{
    float s = 1.0f + (float)b->commas;
    uint32_t k = b->own / 100;
    s += (float)(k > 3 ? 3 : k);
    return s;
}

static float tag_base(const pith_doc *d, pith_nid n)
{
    switch (d->nodes[n].tag) {
    case PITH_TAG_DIV: return 5;
    case PITH_TAG_ARTICLE: case PITH_TAG_MAIN: return 8;
    case PITH_TAG_PRE: case PITH_TAG_TD: case PITH_TAG_BLOCKQUOTE: return 3;
    case PITH_TAG_ADDRESS: case PITH_TAG_OL: case PITH_TAG_UL: case PITH_TAG_DL: case PITH_TAG_DD:
    case PITH_TAG_DT: case PITH_TAG_LI: case PITH_TAG_FORM: return -3;
    case PITH_TAG_H1: case PITH_TAG_H2: case PITH_TAG_H3: case PITH_TAG_H4: case PITH_TAG_H5:
    case PITH_TAG_H6: case PITH_TAG_TH: return -5;
    default: return 0;
    }
}

static void init_candidate(pith_xctx *c, pith_nid n)
{
    xnode *xn = &c->x[n];
    if (xn->flags & XF_SCORED) return;
    xn->flags |= XF_SCORED;
    xn->score = tag_base(c->d, n) + (c->stage >= 2 ? 0 : (float)xn->weight);
    if (xn->flags & XF_PROTECT) xn->score += 10;
}

/* Pass 4a: paragraph scores flow to up to five ancestors. */
static void score(pith_xctx *c)
{
    pith_doc *d = c->d;
    xnode *x = c->x;
    for (uint32_t i = 0; i < c->n_ord; i++) {
        pith_nid n = c->ord[i];
        x[n].flags &= (uint16_t)~XF_SCORED;
        x[n].score = 0;
        x[n].mass = 0;
    }
    if (pith_budget_tick(c->r->budget, c->n_ord / 16)) return;
    for (uint32_t i = 0; i < c->n_ord; i++) {
        if (pith_budget_tick(c->r->budget, 1)) return;
        pith_nid n = c->ord[i];
        xnode *xn = &x[n];
        if (d->nodes[n].type != PITH_NODE_ELEMENT || (xn->flags & XF_KILL)) continue;
        if (xn->blk != n || xn->own < 25) continue;
        if (xn->ownlnk * 2 > xn->own) continue;
        float s = para_score(xn);
        xn->mass += s;
        /* loose text beside blocks is a paragraph of its own element */
        pith_nid a = (xn->flags & XF_HASBLOCK) && n != c->body ? n : d->nodes[n].parent;
        for (int level = 0; level < 5 && a && a != PITH_DOC; level++) {
            if (d->nodes[a].type != PITH_NODE_ELEMENT) break;
            init_candidate(c, a);
            float div = level == 0 ? 1.0f : level == 1 ? 2.0f : (float)level * 3.0f;
            x[a].score += s / div;
            a = d->nodes[a].parent;
        }
    }
    for (uint32_t i = 0; i < c->n_ord; i++) {
        pith_nid n = c->ord[i];
        xnode *xn = &x[n];
        if (!(xn->flags & XF_SCORED)) continue;
        float ld = xn->txt ? (float)xn->lnk / (float)xn->txt : 0;
        xn->score *= 1.0f - ld;
    }
    for (uint32_t i = c->n_ord; i-- > 0;) {
        pith_nid n = c->ord[i];
        if (d->nodes[n].type != PITH_NODE_ELEMENT || (x[n].flags & XF_KILL)) continue;
        x[d->nodes[n].parent].mass += x[n].mass;
    }
}

static bool is_ancestor(const pith_doc *d, pith_nid a, pith_nid n)
{
    for (n = d->nodes[n].parent; n; n = d->nodes[n].parent)
        if (n == a) return true;
    return false;
}

static uint32_t element_children(const pith_doc *d, pith_nid n)
{
    uint32_t k = 0;
    for (pith_nid ch = d->nodes[n].first; ch; ch = d->nodes[ch].next)
        if (d->nodes[ch].type == PITH_NODE_ELEMENT && ++k > 1) break;
    return k;
}

/* Pass 4b: the best candidate, refined as a reader mode does. */
static pith_nid choose(pith_xctx *c)
{
    pith_doc *d = c->d;
    xnode *x = c->x;
    enum { NTOP = 5 };
    pith_nid top[NTOP] = {0};
    for (uint32_t i = 0; i < c->n_ord; i++) {
        pith_nid n = c->ord[i];
        if (!(x[n].flags & XF_SCORED) || (x[n].flags & XF_KILL)) continue;
        float s = x[n].score;
        for (int k = 0; k < NTOP; k++) {
            if (!top[k] || s > x[top[k]].score) {
                memmove(top + k + 1, top + k, (NTOP - 1 - k) * sizeof *top);
                top[k] = n;
                break;
            }
        }
    }
    pith_nid best = top[0];
    pith_nid body = c->body ? c->body : PITH_DOC;
    if (!best || best == body) return body;
    float bs = x[best].score;
    /* several near-best candidates under one ancestor: take the ancestor */
    int alts = 0;
    for (int k = 1; k < NTOP && top[k]; k++)
        if (x[top[k]].score >= 0.75f * bs) alts++;
    if (alts >= 3) {
        for (pith_nid p = d->nodes[best].parent; p && p != body && p != PITH_DOC; p = d->nodes[p].parent) {
            int inside = 0;
            for (int k = 1; k < NTOP && top[k]; k++)
                if (x[top[k]].score >= 0.75f * bs && is_ancestor(d, p, top[k])) inside++;
            if (inside >= 3) { best = p; break; }
        }
    }
    init_candidate(c, best);
    /* climb while a parent scores better */
    float last = x[best].score, threshold = last / 3;
    for (pith_nid p = d->nodes[best].parent; p && p != body && p != PITH_DOC; p = d->nodes[p].parent) {
        if (!(x[p].flags & XF_SCORED)) continue;
        float ps = x[p].score;
        if (ps < threshold) break;
        if (ps > last) { best = p; break; }
        last = ps;
    }
    /* an only child stands for its parent */
    for (pith_nid p = d->nodes[best].parent; p && p != body && p != PITH_DOC && element_children(d, p) == 1;
         p = d->nodes[p].parent)
        best = p;
    return best;
}

/* True when a paragraph-like sibling reads as a continuation of the article. */
static bool sibling_reads_on(pith_xctx *c, pith_nid s)
{
    const xnode *xs = &c->x[s];
    if (!xs->txt) return false;
    float ld = (float)xs->lnk / (float)xs->txt;
    bool paralike = c->d->nodes[s].tag == PITH_TAG_P || (xs->own * 10 >= xs->txt * 9);
    if (!paralike) return false;
    if (xs->txt > 80 && ld < 0.25f) return true;
    if (xs->txt <= 80 && xs->lnk == 0) {
        /* ends a sentence */
        pith_buf b;
        pith_buf_init(&b);
        pith_x_text(c, s, &b, 0);
        bool ok = b.len && (b.data[b.len - 1] == '.' || strstr(b.data, ". "));
        pith_buf_free(&b);
        return ok;
    }
    return false;
}

static bool same_class(const pith_doc *d, pith_nid a, pith_nid b)
{
    size_t la, lb;
    const char *ca = pith_doc_attr_value(d, a, "class", &la);
    const char *cb = pith_doc_attr_value(d, b, "class", &lb);
    return ca && cb && la && la == lb && !memcmp(ca, cb, la);
}

/* True when the first h1/h2 of a subtree repeats the title. */
static bool has_title_heading(pith_xctx *c, pith_nid root)
{
    pith_doc *d = c->d;
    for (uint32_t i = c->x[root].pos + 1; i <= c->x[root].end && i < c->n_ord; i++) {
        pith_nid n = c->ord[i];
        if (!pith_is_el(d, n, PITH_TAG_H1) && !pith_is_el(d, n, PITH_TAG_H2)) continue;
        pith_buf b;
        pith_buf_init(&b);
        pith_x_text(c, n, &b, 0);
        bool t = b.data && pith_title_repeats(b.data, c->r->title, true);
        pith_buf_free(&b);
        return t;
    }
    return false;
}

/* A feed of whole articles (infinite scroll) under the best candidate:
 * keep the one whose heading is the title, else the first. */
static pith_nid one_article(pith_xctx *c, pith_nid best)
{
    pith_doc *d = c->d;
    xnode *x = c->x;
    if (pith_is_el(d, best, PITH_TAG_ARTICLE)) return best;
    uint32_t prose_best = x[best].txt - x[best].lnk;
    pith_nid first = PITH_NIL, titled = PITH_NIL;
    int count = 0;
    for (uint32_t i = x[best].pos + 1; i <= x[best].end && i < c->n_ord; i++) {
        pith_nid n = c->ord[i];
        if (!pith_is_el(d, n, PITH_TAG_ARTICLE) || (x[n].flags & XF_KILL)) continue;
        uint32_t prose = x[n].txt - x[n].lnk;
        if (prose >= 500 && prose * 5 >= prose_best) {
            count++;
            if (!first) first = n;
            if (!titled && has_title_heading(c, n)) titled = n;
        }
        if (x[n].end > i) i = x[n].end;
    }
    if (count < 2) return best;
    return titled ? titled : first;
}

/* Runs one stage: prune, measure, score, choose, join siblings, emit. */
static void run_stage(pith_xctx *c)
{
    pith_doc *d = c->d;
    xnode *x = c->x;
    pith_budget *budget = c->r->budget;
    prune(c);
    measure_all(c);
    score(c);
    /* a pass cut short by the budget leaves its measures half done */
    if (pith_budget_over(budget)) return;
    pith_nid best = one_article(c, choose(c));
    DBG(c, "best", best);
    /* siblings that continue the article */
    pith_nid roots_buf[256];
    size_t nr = 0;
    pith_nid parent = d->nodes[best].parent;
    if (best == c->body || !parent || parent == PITH_DOC) {
        roots_buf[nr++] = best;
    } else {
        float bs = x[best].score;
        float share = c->o->focus == PITH_FOCUS_PRECISION ? 0.3f : c->o->focus == PITH_FOCUS_RECALL ? 0.1f : 0.2f;
        float threshold = bs * share > 10 ? bs * share : 10;
        bool whole = pith_is_el(d, best, PITH_TAG_ARTICLE);
        for (pith_nid s = d->nodes[parent].first; s; s = d->nodes[s].next) {
            if (s == best) {
                if (nr < 256) roots_buf[nr++] = s;
                continue;
            }
            if (d->nodes[s].type != PITH_NODE_ELEMENT || (x[s].flags & (XF_KILL | XF_DROP))) continue;
            float bonus = same_class(d, s, best) ? bs * 0.2f : 0;
            /* an <article> is whole: next to it, only paragraphs join */
            bool take = (!whole && (x[s].flags & XF_SCORED) && x[s].score + bonus >= threshold) ||
                        sibling_reads_on(c, s);
            /* a deep wrapper scores little itself: judge it by the prose inside */
            if (!take && !whole && c->o->focus != PITH_FOCUS_PRECISION && x[s].mass >= 0.25f * x[best].mass && x[s].mass >= 8 &&
                x[s].lnk * 4 < x[s].txt)
                take = true;
            if (take && nr < 256) roots_buf[nr++] = s;
            if (take) DBG(c, "join", s);
        }
    }
    for (size_t i = 0; i < nr; i++) {
        pith_nid n = roots_buf[i];
        if (d->nodes[n].type != PITH_NODE_ELEMENT) continue;
        c->root_prose = x[n].txt - (x[n].listtxt < x[n].txt ? x[n].listtxt : x[n].txt);
        measure(c, x[n].pos, x[n].end, true);
    }
    if (pith_budget_over(budget)) return;
    /* the article element around the text, for its lead figures */
    pith_nid region = PITH_NIL;
    for (pith_nid a = roots_buf[0]; a && a != PITH_DOC && a != c->body; a = d->nodes[a].parent) {
        if (pith_is_el(d, a, PITH_TAG_ARTICLE) || pith_is_el(d, a, PITH_TAG_MAIN) || (x[a].flags & XF_PROTECT)) {
            region = a;
            break;
        }
    }
    pith_x_emit(c, roots_buf, nr, region);
}

static size_t result_chars(const pith_result *r, size_t from)
{
    size_t k = 0;
    for (size_t i = from; i < r->n_blocks; i++) k += strlen(r->blocks[i].text);
    return k;
}

/* Reader comments, when asked for: the text of each outermost comment
 * section (by class/id hint), one line per block, sections apart. */
static void comments(pith_xctx *c)
{
    pith_doc *d = c->d;
    xnode *x = c->x;
    pith_buf b;
    pith_buf_init(&b);
    for (uint32_t i = 0; i < c->n_ord; i++) {
        if (pith_budget_tick(c->r->budget, 1)) break;
        pith_nid n = c->ord[i];
        if (!(x[n].flags & XF_COMMENTS) || d->nodes[n].type != PITH_NODE_ELEMENT) continue;
        size_t before = b.len;
        if (b.len) pith_buf_puts(&b, "\n\n");
        size_t start = b.len;
        pith_x_text_lines(c, n, &b, HK_JUNK | HK_HIDDEN, 0, true);
        if (b.len == start) b.len = before;
        if (x[n].end > i) i = x[n].end;
    }
    if (b.len) pith_result_set(c->r, &c->r->comments, b.data, b.len);
    pith_buf_free(&b);
}

/* Runs the stages from the strictest, stopping at the first result of
 * `want` characters, and leaves the longest result in r; returns its length. */
static size_t run_stages(pith_xctx *c, size_t want, size_t b0, size_t i0)
{
    pith_result *r = c->r;
    size_t best_chars = 0;
    int best_stage = -1;
    for (int stage = 0; stage < 3; stage++) {
        c->stage = stage;
        r->n_blocks = b0;
        r->n_images = i0;
        run_stage(c);
        size_t k = result_chars(r, b0);
        if (k >= want || pith_budget_over(r->budget)) return k;
        if (k > best_chars || best_stage < 0) { best_chars = k; best_stage = stage; }
    }
    if (best_stage != c->stage) {
        c->stage = best_stage;
        r->n_blocks = b0;
        r->n_images = i0;
        run_stage(c);
    }
    return best_chars;
}

/* True when the blocks from b0 are only headings and lists of short lines,
 * with at least one list: headlines of other pages (an index), no article. */
static bool only_headlines(const pith_result *r, size_t b0)
{
    bool list = false;
    for (size_t i = b0; i < r->n_blocks; i++) {
        const pith_block *b = &r->blocks[i];
        if (b->type == PITH_BLOCK_HEADING) continue;
        if (b->type != PITH_BLOCK_LIST) return false;
        list = true;
        size_t run = 0;
        for (const char *p = b->text; *p; p++) {
            run = *p == '\n' ? 0 : run + 1;
            if (run >= 100) return false; /* an item long enough to be prose */
        }
    }
    return list;
}

pith_status pith_extract_content(pith_doc *doc, const pith_options *opts, const char *url,
                                 pith_result *r)
{
    pith_xctx c = {.d = doc, .o = opts, .r = r, .url = url};
    if (doc->n_nodes < 2) goto none;
    c.url = pith_x_base(&c, url);
    c.x = pith_arena_alloc(&doc->arena, (size_t)doc->n_nodes * sizeof *c.x);
    c.ord = pith_arena_alloc(&doc->arena, (size_t)doc->n_nodes * sizeof *c.ord);
    if (!c.x || !c.ord) return PITH_ERR_NOMEM;
    memset(&c.x[0], 0, sizeof c.x[0]);
    memset(&c.x[PITH_DOC], 0, sizeof c.x[PITH_DOC]);
    /* the time budget is checked inside every pass; once it is spent no
     * further pass runs and what was emitted so far is the result */
    pith_budget *budget = r->budget;
    if (!classify(&c)) return PITH_ERR_TIMEOUT;
    measure_all(&c);
    if (pith_budget_over(budget)) return PITH_ERR_TIMEOUT;

    size_t b0 = r->n_blocks, i0 = r->n_images;
    size_t want = opts->focus == PITH_FOCUS_RECALL ? 1000 : 500;
    size_t got = run_stages(&c, want, b0, i0);
#ifdef PITH_XDEBUG
    fprintf(stderr, "stages: %zu chars\n", got);
#endif
    if (pith_budget_over(budget)) return PITH_ERR_TIMEOUT;
    if (got < 250) {
        /* Content hidden in the markup until a script shows it (streamed
         * server rendering): look again with the hidden parts visible. */
        c.show_hidden = true;
        if (!classify(&c)) return PITH_ERR_TIMEOUT;
        measure_all(&c);
        size_t k = run_stages(&c, want, b0, i0);
        if (pith_budget_over(budget)) return PITH_ERR_TIMEOUT;
        if (k >= 500 && k > 2 * got) {
            got = k;
        } else {
            c.show_hidden = false;
            if (!classify(&c)) return PITH_ERR_TIMEOUT;
            measure_all(&c);
            got = run_stages(&c, want, b0, i0);
            if (pith_budget_over(budget)) return PITH_ERR_TIMEOUT;
        }
    }
    if (got < 250) {
        /* The article as data in scripts (pages rendered by JavaScript). */
        size_t k = pith_x_data_chars(&c, false, NULL);
        if (k >= 200 && k > 2 * got) {
            r->n_blocks = b0;
            r->n_images = i0;
            pith_x_data_chars(&c, true, NULL);
            got = result_chars(r, b0);
        }
    } else if (got < 2000) {
        /* The markup may show only the start of the article (paywall, "read
         * more"): JSON-LD can carry the whole text. */
        const char *probe = NULL;
        for (size_t i = b0; i < r->n_blocks && !probe; i++)
            if (r->blocks[i].type == PITH_BLOCK_PARAGRAPH && strlen(r->blocks[i].text) >= 60) probe = r->blocks[i].text;
        size_t k = probe ? pith_x_data_chars(&c, false, probe) : 0;
        if (k > 2 * got) {
            r->n_blocks = b0;
            pith_x_data_chars(&c, true, probe);
            got = result_chars(r, b0);
        }
    }
    if (opts->comments) comments(&c);
    if (pith_budget_over(budget)) return PITH_ERR_TIMEOUT;
    if (r->n_blocks > b0 && !only_headlines(r, b0)) return PITH_OK;
    r->n_blocks = b0;
    r->n_images = i0;
    /* say why, as precisely as the measures allow */
    c.show_hidden = false;
    if (!classify(&c)) return PITH_ERR_TIMEOUT;
    measure_all(&c);
    if (pith_budget_over(budget)) return PITH_ERR_TIMEOUT;
    if (c.x[PITH_DOC].txt == 0) {
        r->reason = "no article text was found: the page has no visible text (it may be built by JavaScript "
                    "and carries no article as data)";
    } else if (c.x[PITH_DOC].lnk * 2 > c.x[PITH_DOC].txt) {
        r->reason = "no article text was found: the page's text is mostly links (an index or navigation page)";
    } else {
        r->reason = "no article text was found: the page holds no paragraphs of prose outside navigation and page furniture";
    }
    return PITH_ERR_NO_CONTENT;
none:
    r->reason = "no article text was found: the document is empty";
    return PITH_ERR_NO_CONTENT;
}

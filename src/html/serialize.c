/* Serialisers: html5lib tree dumps for the conformance runner, and HTML. */
#include "serialize.h"

#include <stdlib.h>
#include <string.h>

static const char *ns_prefix(uint8_t ns)
{
    switch (ns) {
    case PITH_NS_SVG: return "svg ";
    case PITH_NS_MATHML: return "math ";
    case PITH_NS_XLINK: return "xlink ";
    case PITH_NS_XML: return "xml ";
    case PITH_NS_XMLNS: return "xmlns ";
    default: return "";
    }
}

static void indent(pith_buf *out, uint32_t depth)
{
    pith_buf_append(out, "| ", 2);
    for (uint32_t i = 0; i < depth; i++) pith_buf_append(out, "  ", 2);
}

static void put_str(pith_buf *out, const pith_doc *d, pith_str s) { pith_buf_append(out, d->chars + s.off, s.len); }

/* Orders attributes by their test-format name ("xlink href" etc.). */
static int attr_cmp(const void *a, const void *b, void *ctx)
{
    const pith_doc *d = ctx;
    const pith_attr *x = &d->attrs[*(const uint32_t *)a], *y = &d->attrs[*(const uint32_t *)b];
    const char *px = ns_prefix(x->ns), *py = ns_prefix(y->ns);
    size_t lx = strlen(px), ly = strlen(py);
    /* compare prefix + name as one string, byte by byte */
    size_t nx = lx + x->name.len, ny = ly + y->name.len;
    for (size_t i = 0; i < nx && i < ny; i++) {
        unsigned char cx = (unsigned char)(i < lx ? px[i] : d->chars[x->name.off + i - lx]);
        unsigned char cy = (unsigned char)(i < ly ? py[i] : d->chars[y->name.off + i - ly]);
        if (cx != cy) return cx < cy ? -1 : 1;
    }
    return (nx > ny) - (nx < ny);
}

static bool dump_node(const pith_doc *d, pith_nid n, uint32_t depth, pith_buf *out)
{
    const pith_node *x = &d->nodes[n];
    switch (x->type) {
    case PITH_NODE_ELEMENT: {
        indent(out, depth);
        pith_buf_putc(out, '<');
        pith_buf_puts(out, ns_prefix(x->ns));
        size_t nl;
        const char *name = pith_doc_tag_name(d, x->tag, &nl);
        pith_buf_append(out, name, nl);
        pith_buf_append(out, ">\n", 2);
        if (x->b) {
            uint32_t *idx = malloc(x->b * sizeof *idx);
            if (!idx) return false;
            for (uint32_t i = 0; i < x->b; i++) idx[i] = x->a + i;
            qsort_r(idx, x->b, sizeof *idx, attr_cmp, (void *)d);
            for (uint32_t i = 0; i < x->b; i++) {
                const pith_attr *a = &d->attrs[idx[i]];
                indent(out, depth + 1);
                pith_buf_puts(out, ns_prefix(a->ns));
                put_str(out, d, a->name);
                pith_buf_append(out, "=\"", 2);
                put_str(out, d, a->value);
                pith_buf_append(out, "\"\n", 2);
            }
            free(idx);
        }
        break;
    }
    case PITH_NODE_TEXT:
        indent(out, depth);
        pith_buf_putc(out, '"');
        pith_buf_append(out, d->chars + x->a, x->b);
        pith_buf_append(out, "\"\n", 2);
        break;
    case PITH_NODE_COMMENT:
        indent(out, depth);
        pith_buf_append(out, "<!-- ", 5);
        pith_buf_append(out, d->chars + x->a, x->b);
        pith_buf_append(out, " -->\n", 5);
        break;
    case PITH_NODE_DOCTYPE: {
        const pith_doctype *dt = &d->doctypes[x->a];
        indent(out, depth);
        pith_buf_append(out, "<!DOCTYPE ", 10);
        put_str(out, d, dt->name);
        if (dt->public_id.len || dt->system_id.len) {
            pith_buf_append(out, " \"", 2);
            put_str(out, d, dt->public_id);
            pith_buf_append(out, "\" \"", 3);
            put_str(out, d, dt->system_id);
            pith_buf_putc(out, '"');
        }
        pith_buf_append(out, ">\n", 2);
        break;
    }
    case PITH_NODE_FRAGMENT:
        indent(out, depth);
        pith_buf_append(out, "content\n", 8);
        break;
    default: break;
    }
    return !out->oom;
}

bool pith_serialize_test(const pith_doc *d, pith_nid root, pith_buf *out)
{
    pith_nid n = d->nodes[root].first;
    uint32_t depth = 0;
    while (n) {
        if (!dump_node(d, n, depth, out)) return false;
        if (d->nodes[n].first) {
            n = d->nodes[n].first;
            depth++;
            continue;
        }
        while (n && n != root && !d->nodes[n].next) {
            n = d->nodes[n].parent;
            depth--;
        }
        if (!n || n == root) break;
        n = d->nodes[n].next;
    }
    return !out->oom;
}

/* ------------------------------------------------------------------ HTML */

static bool is_void(const pith_node *x)
{
    if (x->ns != PITH_NS_HTML) return false;
    switch (x->tag) {
    case PITH_TAG_AREA:
    case PITH_TAG_BASE:
    case PITH_TAG_BASEFONT:
    case PITH_TAG_BGSOUND:
    case PITH_TAG_BR:
    case PITH_TAG_COL:
    case PITH_TAG_EMBED:
    case PITH_TAG_FRAME:
    case PITH_TAG_HR:
    case PITH_TAG_IMG:
    case PITH_TAG_INPUT:
    case PITH_TAG_KEYGEN:
    case PITH_TAG_LINK:
    case PITH_TAG_META:
    case PITH_TAG_PARAM:
    case PITH_TAG_SOURCE:
    case PITH_TAG_TRACK:
    case PITH_TAG_WBR: return true;
    default: return false;
    }
}

/* Text inside these is written as is. */
static bool is_raw_parent(const pith_node *x)
{
    if (!x || x->type != PITH_NODE_ELEMENT || x->ns != PITH_NS_HTML) return false;
    switch (x->tag) {
    case PITH_TAG_STYLE:
    case PITH_TAG_SCRIPT:
    case PITH_TAG_XMP:
    case PITH_TAG_IFRAME:
    case PITH_TAG_NOEMBED:
    case PITH_TAG_NOFRAMES:
    case PITH_TAG_PLAINTEXT: return true;
    default: return false;
    }
}

/* Escapes &, U+00A0, < and > (and " in attribute values). */
static void escape(pith_buf *out, const char *p, size_t n, bool attr)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        size_t skip = 1;
        unsigned char c = (unsigned char)p[i];
        if (c == '&') rep = "&amp;";
        else if (c == '<') rep = "&lt;";
        else if (c == '>') rep = "&gt;";
        else if (c == '"' && attr) rep = "&quot;";
        else if (c == 0xC2 && i + 1 < n && (unsigned char)p[i + 1] == 0xA0) {
            rep = "&nbsp;";
            skip = 2;
        }
        if (!rep) continue;
        pith_buf_append(out, p + start, i - start);
        pith_buf_puts(out, rep);
        i += skip - 1;
        start = i + 1;
    }
    pith_buf_append(out, p + start, n - start);
}

static void attr_name(pith_buf *out, const pith_doc *d, const pith_attr *a)
{
    if (a->ns == PITH_NS_XML) pith_buf_append(out, "xml:", 4);
    else if (a->ns == PITH_NS_XLINK) pith_buf_append(out, "xlink:", 6);
    else if (a->ns == PITH_NS_XMLNS && !(a->name.len == 5 && !memcmp(d->chars + a->name.off, "xmlns", 5)))
        pith_buf_append(out, "xmlns:", 6);
    put_str(out, d, a->name);
}

static void open_tag(const pith_doc *d, const pith_node *x, pith_buf *out)
{
    size_t nl;
    const char *name = pith_doc_tag_name(d, x->tag, &nl);
    pith_buf_putc(out, '<');
    pith_buf_append(out, name, nl);
    for (uint32_t i = 0; i < x->b; i++) {
        const pith_attr *a = &d->attrs[x->a + i];
        pith_buf_putc(out, ' ');
        attr_name(out, d, a);
        pith_buf_append(out, "=\"", 2);
        escape(out, d->chars + a->value.off, a->value.len, true);
        pith_buf_putc(out, '"');
    }
    pith_buf_putc(out, '>');
}

static void close_tag(const pith_doc *d, const pith_node *x, pith_buf *out)
{
    size_t nl;
    const char *name = pith_doc_tag_name(d, x->tag, &nl);
    pith_buf_append(out, "</", 2);
    pith_buf_append(out, name, nl);
    pith_buf_putc(out, '>');
}

/* Writes a node's start (or all of it for leaves); true when the walk
 * should descend into its children. */
static bool html_enter(const pith_doc *d, pith_nid n, pith_buf *out)
{
    const pith_node *x = &d->nodes[n];
    switch (x->type) {
    case PITH_NODE_ELEMENT:
        open_tag(d, x, out);
        return !is_void(x) && x->first;
    case PITH_NODE_TEXT: {
        const pith_node *p = x->parent ? &d->nodes[x->parent] : NULL;
        if (is_raw_parent(p)) pith_buf_append(out, d->chars + x->a, x->b);
        else escape(out, d->chars + x->a, x->b, false);
        return false;
    }
    case PITH_NODE_COMMENT:
        pith_buf_append(out, "<!--", 4);
        pith_buf_append(out, d->chars + x->a, x->b);
        pith_buf_append(out, "-->", 3);
        return false;
    case PITH_NODE_DOCTYPE:
        pith_buf_append(out, "<!DOCTYPE ", 10);
        put_str(out, d, d->doctypes[x->a].name);
        pith_buf_putc(out, '>');
        return false;
    case PITH_NODE_FRAGMENT:
    case PITH_NODE_DOCUMENT: return x->first != PITH_NIL;
    default: return false;
    }
}

static void html_leave(const pith_doc *d, pith_nid n, pith_buf *out)
{
    const pith_node *x = &d->nodes[n];
    if (x->type == PITH_NODE_ELEMENT && !is_void(x)) close_tag(d, x, out);
}

bool pith_serialize_html(const pith_doc *d, pith_nid node, bool outer, pith_buf *out)
{
    pith_nid n;
    if (outer) {
        if (!html_enter(d, node, out)) {
            /* a leaf, or an element with no children: close it now */
            if (d->nodes[node].type == PITH_NODE_ELEMENT) html_leave(d, node, out);
            return !out->oom;
        }
    }
    n = d->nodes[node].first;
    while (n) {
        if (html_enter(d, n, out)) {
            n = d->nodes[n].first;
            continue;
        }
        if (d->nodes[n].type == PITH_NODE_ELEMENT && !d->nodes[n].first) html_leave(d, n, out);
        /* climb until a next sibling exists, closing elements on the way */
        while (n != node && !d->nodes[n].next) {
            n = d->nodes[n].parent;
            if (n != node || outer) html_leave(d, n, out);
        }
        if (n == node) break;
        n = d->nodes[n].next;
    }
    return !out->oom;
}

/*
 * TEMPORARY stand-in for pith's own HTML5 parser: builds a pith_doc from
 * libxml2's HTML parser so that extraction can be developed meanwhile.
 * Deleted when src/html/treebuilder.c lands.
 */
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <string.h>

#include "html.h"

typedef struct frame { xmlNode *x; pith_nid parent; } frame;

pith_status pith_html_parse(pith_doc *doc, const char *data, size_t len,
                            const pith_parse_options *o)
{
    pith_doc_reset(doc);
    if (o) {
        if (o->max_nodes) doc->max_nodes = o->max_nodes;
        if (o->max_depth) doc->max_depth = o->max_depth;
    }
    if (o && o->max_input_bytes && len > o->max_input_bytes) return PITH_ERR_TOO_LARGE;
    if (len > INT32_MAX) return PITH_ERR_TOO_LARGE;
    htmlDocPtr x = htmlReadMemory(data, (int)len, NULL, o ? o->charset : NULL,
                                  HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                      HTML_PARSE_NONET | HTML_PARSE_COMPACT);
    strcpy(doc->encoding, "utf-8");
    doc->encoding_source = "libxml2";
    if (!x) return PITH_OK;
    /* iterative copy with an explicit stack */
    size_t cap = 256, n = 0;
    frame *st = malloc(cap * sizeof *st);
    if (!st) { xmlFreeDoc(x); return PITH_ERR_NOMEM; }
    st[n++] = (frame){x->children, PITH_DOC};
    while (n) {
        frame *f = &st[n - 1];
        xmlNode *c = f->x;
        if (!c) { n--; continue; }
        f->x = c->next;
        pith_nid parent = f->parent, id = PITH_NIL;
        if (c->type == XML_ELEMENT_NODE) {
            const char *name = (const char *)c->name;
            uint32_t tag = pith_doc_intern_tag(doc, name, strlen(name));
            id = pith_doc_new_element(doc, tag, PITH_NS_HTML);
            if (!id) break;
            for (xmlAttr *a = c->properties; a; a = a->next) {
                xmlChar *v = xmlNodeListGetString(x, a->children, 1);
                const char *vs = v ? (const char *)v : "";
                pith_doc_add_attr(doc, id, (const char *)a->name, strlen((const char *)a->name), vs,
                                  strlen(vs), PITH_NS_NONE);
                xmlFree(v);
            }
            pith_doc_append(doc, parent, id);
            if (c->children) {
                if (n == cap) {
                    frame *q = realloc(st, cap * 2 * sizeof *st);
                    if (!q) break;
                    st = q;
                    cap *= 2;
                }
                st[n++] = (frame){c->children, id};
            }
        } else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            const char *t = (const char *)c->content;
            id = pith_doc_new_text(doc, t ? t : "", t ? strlen(t) : 0);
            if (!id) break;
            pith_doc_append(doc, parent, id);
        } else if (c->type == XML_COMMENT_NODE) {
            const char *t = (const char *)c->content;
            id = pith_doc_new_comment(doc, t ? t : "", t ? strlen(t) : 0);
            if (!id) break;
            pith_doc_append(doc, parent, id);
        }
    }
    free(st);
    xmlFreeDoc(x);
    if (doc->oom) return PITH_ERR_NOMEM;
    return doc->status;
}

/* Name adjustment tables for SVG and MathML content (tree construction). */
#ifndef PITH_HTML_TREE_FOREIGN_H
#define PITH_HTML_TREE_FOREIGN_H
#include <stddef.h>
#include <stdint.h>

#include "../dom/dom.h"

typedef struct pith_name_map {
    const char *from, *to;
} pith_name_map;

typedef struct pith_foreign_attr {
    const char *from;   /* as tokenized, e.g. "xlink:href" */
    const char *local;  /* e.g. "href" */
    uint8_t ns;         /* PITH_NS_XLINK, XML or XMLNS */
} pith_foreign_attr;

/* The case-adjusted SVG element name for a lower-case name, or NULL when
 * the name needs no adjustment. */
const char *pith_svg_tag_adjust(const char *name, size_t len);
/* The case-adjusted SVG attribute name, or NULL when unchanged. */
const char *pith_svg_attr_adjust(const char *name, size_t len);
/* The namespaced form of xlink:*, xml:* and xmlns attributes, or NULL. */
const pith_foreign_attr *pith_foreign_attr_adjust(const char *name, size_t len);

/* The tables themselves, for the unit test that checks their order. */
const pith_name_map *pith_svg_tag_table(size_t *n);
const pith_name_map *pith_svg_attr_table(size_t *n);
#endif

/* Document to text: the html5lib tree-construction test format, and HTML. */
#ifndef PITH_HTML_SERIALIZE_H
#define PITH_HTML_SERIALIZE_H
#include <stdbool.h>

#include "../core/buf.h"
#include "../dom/dom.h"

/*
 * Appends the html5lib test dump of the children of `root` ("| <html>",
 * two spaces per level, attributes sorted, "svg "/"math " prefixes,
 * "content" for template contents), one line per node, each ending in LF.
 * False when out of memory.
 */
bool pith_serialize_test(const pith_doc *d, pith_nid root, pith_buf *out);

/*
 * Appends the HTML serialisation of `node` (WHATWG "serializing HTML
 * fragments"): with `outer` the node itself, otherwise only its children.
 * Scripting is taken as off (noscript content is escaped). False when out
 * of memory.
 */
bool pith_serialize_html(const pith_doc *d, pith_nid node, bool outer, pith_buf *out);
#endif

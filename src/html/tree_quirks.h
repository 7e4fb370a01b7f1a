/* Document compatibility mode from a DOCTYPE token. */
#ifndef PITH_HTML_TREE_QUIRKS_H
#define PITH_HTML_TREE_QUIRKS_H
#include "token.h"

/* Values of pith_doc.quirks. */
enum { PITH_NO_QUIRKS = 0, PITH_LIMITED_QUIRKS = 1, PITH_QUIRKS = 2 };

/* The mode a DOCTYPE token selects in the "initial" insertion mode. */
int pith_doctype_quirks(const pith_token *tk);
#endif

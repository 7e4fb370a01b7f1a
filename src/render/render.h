/* Renderers: txt, md, json, html, xml, jsonl. */
#ifndef PITH_RENDER_H
#define PITH_RENDER_H
#include "../core/buf.h"
#include "../core/result.h"

/* Appends `r` rendered as `fmt` to `out`. `source` is for JSONL's "source". */
pith_status pith_render_result(const pith_result *r, pith_format fmt, const pith_options *opts,
                               const char *source, pith_buf *out);

/* Appends `s` as a JSON string literal (quotes included). */
void pith_json_string(pith_buf *out, const char *s);
#endif

/* Placeholder renderers (txt and json only). Replaced by the real module. */
#include "render.h"

#include <string.h>

void pith_json_string(pith_buf *out, const char *s)
{
    pith_buf_putc(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': pith_buf_puts(out, "\\\""); break;
        case '\\': pith_buf_puts(out, "\\\\"); break;
        case '\n': pith_buf_puts(out, "\\n"); break;
        case '\r': pith_buf_puts(out, "\\r"); break;
        case '\t': pith_buf_puts(out, "\\t"); break;
        default:
            if (*p < 0x20) pith_buf_printf(out, "\\u%04x", *p);
            else pith_buf_putc(out, (char)*p);
        }
    }
    pith_buf_putc(out, '"');
}

static void field(pith_buf *out, const char *k, const char *v, bool *first)
{
    if (!*first) pith_buf_putc(out, ',');
    *first = false;
    pith_json_string(out, k);
    pith_buf_putc(out, ':');
    if (v) pith_json_string(out, v);
    else pith_buf_puts(out, "null");
}

pith_status pith_render_result(const pith_result *r, pith_format fmt, const pith_options *opts,
                               const char *source, pith_buf *out)
{
    (void)opts;
    if (fmt == PITH_FORMAT_JSON || fmt == PITH_FORMAT_JSONL) {
        bool first = true;
        pith_buf_putc(out, '{');
        if (fmt == PITH_FORMAT_JSONL) field(out, "source", source, &first);
        field(out, "title", r->title, &first);
        field(out, "text", r->text ? r->text : "", &first);
        pith_buf_puts(out, ",\"authors\":[]");
        field(out, "date", r->date, &first);
        field(out, "language", r->language, &first);
        field(out, "sitename", r->sitename, &first);
        pith_buf_puts(out, "}\n");
    } else {
        if (r->title) { pith_buf_puts(out, r->title); pith_buf_puts(out, "\n\n"); }
        for (size_t i = 0; i < r->n_blocks; i++) {
            if (i) pith_buf_putc(out, '\n');
            pith_buf_puts(out, r->blocks[i].text);
            pith_buf_putc(out, '\n');
        }
    }
    return out->oom ? PITH_ERR_NOMEM : PITH_OK;
}

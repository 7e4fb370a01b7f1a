/* Placeholder cleaner: every blank-line paragraph is a block. Replaced by
 * the real cleaner. */
#include "text.h"

#include <string.h>

bool pith_text_looks_plain(const char *data, size_t len)
{
    size_t n = len < 4096 ? len : 4096;
    for (size_t i = 0; i < n; i++)
        if (data[i] == '<') return false;
    return true;
}

pith_status pith_text_clean(const char *data, size_t len, const pith_options *opts,
                            pith_result *r)
{
    (void)opts;
    r->from_text = true;
    size_t i = 0;
    while (i < len) {
        const char *e = memchr(data + i, '\n', len - i);
        size_t j = e ? (size_t)(e - data) : len;
        if (j > i) pith_result_add_block(r, PITH_BLOCK_PARAGRAPH, 0, data + i, j - i);
        i = j + 1;
    }
    return r->n_blocks ? PITH_OK : PITH_ERR_EMPTY;
}

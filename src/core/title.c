/* Comparing a heading with the article's title. */
#include "title.h"

#include <string.h>

size_t pith_title_norm(const char *s, char *out, size_t cap)
{
    if (!cap) return 0;
    size_t k = 0;
    for (; *s && k + 1 < cap; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch >= 'A' && ch <= 'Z') out[k++] = (char)(ch + 32);
        else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80) out[k++] = (char)ch;
    }
    out[k] = '\0';
    return k;
}

bool pith_title_repeats(const char *heading, const char *title, bool suffix_too)
{
    if (!heading || !title) return false;
    char h[512], t[512];
    size_t hl = pith_title_norm(heading, h, sizeof h), tl = pith_title_norm(title, t, sizeof t);
    if (!hl || !tl) return false;
    if (hl == tl) return !memcmp(h, t, hl);
    /* the shorter one must be most of the longer, so that a short heading
     * such as "News" does not match every title starting with it */
    if (hl < tl)
        return hl * 10 >= tl * 6 && (!memcmp(h, t, hl) || (suffix_too && !memcmp(h, t + tl - hl, hl)));
    return tl * 10 >= hl * 6 && !memcmp(h, t, tl);
}

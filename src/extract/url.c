/* Resolution of relative links and image addresses against the page URL. */
#include <string.h>

#include "internal.h"

/* Length of the scheme ("https") of an absolute URL, or 0. */
static size_t scheme_len(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') || (i && ((s[i] >= '0' && s[i] <= '9') ||
                                                                              s[i] == '+' || s[i] == '-' || s[i] == '.'))))
        i++;
    return i && i < n && s[i] == ':' ? i : 0;
}

/* Appends path segments removing "." and "..", as URL resolution does. */
static void put_path(pith_buf *out, size_t root, const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && p[j] != '/' && p[j] != '?' && p[j] != '#') j++;
        size_t sl = j - i;
        bool last = j >= n || p[j] != '/';
        if (sl == 1 && p[i] == '.') {
            /* nothing */
        } else if (sl == 2 && p[i] == '.' && p[i + 1] == '.') {
            /* drop the previous segment */
            if (out->len > root) {
                out->len--; /* the trailing '/' */
                while (out->len > root && out->data[out->len - 1] != '/') out->len--;
            }
        } else {
            pith_buf_append(out, p + i, sl);
            if (!last) pith_buf_putc(out, '/');
        }
        if (last) {
            if (j < n) pith_buf_append(out, p + j, n - j); /* query and fragment */
            break;
        }
        i = j + 1;
        if (i == n) break;
    }
    if (out->data) out->data[out->len] = '\0';
}

static void resolve(const char *base, const char *href, size_t n, pith_buf *out);

void pith_x_resolve(const char *base, const char *href, size_t n, pith_buf *out)
{
    size_t start = out->len;
    resolve(base, href, n, out);
    /* tabs and newlines inside a URL are dropped, as URL parsing does; a
     * link in rich text then never breaks its line */
    size_t k = start;
    for (size_t i = start; i < out->len; i++)
        if (out->data[i] != '\t' && out->data[i] != '\n' && out->data[i] != '\r') out->data[k++] = out->data[i];
    out->len = k;
    if (out->data) out->data[k] = '\0';
}

static void resolve(const char *base, const char *href, size_t n, pith_buf *out)
{
    while (n && (*href == ' ' || *href == '\t' || *href == '\n' || *href == '\r')) { href++; n--; }
    while (n && (href[n - 1] == ' ' || href[n - 1] == '\t' || href[n - 1] == '\n' || href[n - 1] == '\r')) n--;
    size_t bl = base ? strlen(base) : 0;
    size_t bs = base ? scheme_len(base, bl) : 0;
    if (!bs || scheme_len(href, n) || !n) {
        pith_buf_append(out, href, n);
        return;
    }
    /* base parts: scheme "://" authority, path, query */
    size_t auth_end = bs + 1;
    if (auth_end + 1 < bl && base[auth_end] == '/' && base[auth_end + 1] == '/') {
        auth_end += 2;
        while (auth_end < bl && base[auth_end] != '/' && base[auth_end] != '?' && base[auth_end] != '#') auth_end++;
    }
    size_t path_end = auth_end;
    while (path_end < bl && base[path_end] != '?' && base[path_end] != '#') path_end++;
    size_t query_end = path_end;
    while (query_end < bl && base[query_end] != '#') query_end++;
    if (n >= 2 && href[0] == '/' && href[1] == '/') {
        pith_buf_append(out, base, bs + 1);
        pith_buf_append(out, href, n);
    } else if (href[0] == '#') {
        pith_buf_append(out, base, query_end);
        pith_buf_append(out, href, n);
    } else if (href[0] == '?') {
        pith_buf_append(out, base, path_end);
        pith_buf_append(out, href, n);
    } else if (href[0] == '/') {
        pith_buf_append(out, base, auth_end);
        size_t root = out->len;
        pith_buf_putc(out, '/');
        put_path(out, root + 1, href + 1, n - 1);
    } else {
        /* relative to the base's directory */
        size_t dir = path_end;
        while (dir > auth_end && base[dir - 1] != '/') dir--;
        pith_buf_append(out, base, auth_end);
        size_t root = out->len;
        if (dir > auth_end) pith_buf_append(out, base + auth_end, dir - auth_end);
        else pith_buf_putc(out, '/');
        put_path(out, root + 1, href, n);
    }
}

/* True when `s` starts with a URL scheme and "//" (an absolute address). */
static bool absolute(const char *s)
{
    size_t n = strlen(s), k = scheme_len(s, n);
    return k && k + 2 < n && s[k + 1] == '/' && s[k + 2] == '/';
}

const char *pith_x_base(pith_xctx *c, const char *url)
{
    const pith_doc *d = c->d;
    const char *page = url && absolute(url) ? url : c->r->url && absolute(c->r->url) ? c->r->url : url;
    for (pith_nid n = 1; n < d->n_nodes; n++) {
        if (!pith_is_el(d, n, PITH_TAG_BASE)) continue;
        size_t hl;
        const char *href = pith_doc_attr_value(d, n, "href", &hl);
        if (!href) continue;
        /* the first base element with an href decides, as in a browser */
        pith_buf b;
        pith_buf_init(&b);
        pith_x_resolve(page && absolute(page) ? page : NULL, href, hl, &b);
        const char *r = NULL;
        if (!b.oom && b.len && absolute(b.data ? b.data : "")) r = pith_result_strdup(c->r, b.data, b.len);
        pith_buf_free(&b);
        if (r) return r;
        break;
    }
    return page;
}

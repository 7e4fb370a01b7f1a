/*
 * Article text carried as data, for pages whose markup holds no article
 * (rendered by JavaScript): JSON-LD articleBody, framework state such as
 * __NEXT_DATA__, window.__INITIAL_STATE__ = {...}, and the React server
 * component stream (self.__next_f.push). The longest prose or HTML string
 * found is taken; HTML is split into blocks by a small tag scanner.
 * JSON is parsed with jansson; the walk over the JSON tree is iterative.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct found {
    pith_buf best;     /* the chosen string */
    size_t best_score;
    bool from_body;    /* came from an articleBody key */
} found;

/* Letters and spaces of a string outside tags: how much prose it holds. */
static size_t prose_len(const char *s, size_t n, bool *html)
{
    size_t k = 0, spaces = 0, tags = 0;
    bool in_tag = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '<' && i + 1 < n && (s[i + 1] == '/' || (s[i + 1] | 0x20) >= 'a')) { in_tag = true; tags++; continue; }
        if (in_tag) { if (c == '>') in_tag = false; continue; }
        if (c == ' ') spaces++;
        k++;
    }
    *html = tags >= 2;
    /* one long word is a token or an address, not prose; CJK text has few spaces */
    if (spaces * 40 < k && k < 400) return 0;
    return k;
}

static void consider(found *f, const char *s, size_t n, bool body_key)
{
    if (n < 200) return;
    bool html;
    size_t p = prose_len(s, n, &html);
    if (p < 200) return;
    if (f->from_body && !body_key) return; /* an articleBody beats other strings */
    if (body_key && !f->from_body) f->best_score = 0;
    if (p <= f->best_score) return;
    f->best_score = p;
    f->from_body = body_key;
    pith_buf_reset(&f->best);
    pith_buf_append(&f->best, s, n);
}

static bool key_is_body(const char *k)
{
    return !strcmp(k, "articleBody") || !strcmp(k, "articlebody");
}

/* A stack of JSON values still to visit. */
typedef struct jstack {
    json_t **v;
    size_t n, cap;
} jstack;

/* Pushes x when it is an object or an array; false when out of memory. */
static bool push_container(jstack *st, json_t *x)
{
    if (!json_is_object(x) && !json_is_array(x)) return true;
    if (st->n == st->cap) {
        json_t **q = realloc(st->v, st->cap * 2 * sizeof *q);
        if (!q) return false;
        st->v = q;
        st->cap *= 2;
    }
    st->v[st->n++] = x;
    return true;
}

/* Walks a JSON tree with an explicit stack; with `body_only`, only
 * articleBody values count (JSON-LD). */
static void walk_json(json_t *root, found *f, bool body_only)
{
    jstack st = {malloc(64 * sizeof(json_t *)), 0, 64};
    if (!st.v) return;
    st.v[st.n++] = root;
    while (st.n) {
        json_t *v = st.v[--st.n];
        if (json_is_object(v)) {
            const char *k;
            json_t *x;
            json_object_foreach(v, k, x) {
                if (json_is_string(x)) {
                    bool body = key_is_body(k);
                    if (body || !body_only) consider(f, json_string_value(x), json_string_length(x), body);
                } else if (!push_container(&st, x)) {
                    goto out;
                }
            }
        } else if (json_is_array(v)) {
            size_t i;
            json_t *x;
            json_array_foreach(v, i, x) {
                if (json_is_string(x)) {
                    if (!body_only) consider(f, json_string_value(x), json_string_length(x), false);
                } else if (!push_container(&st, x)) {
                    goto out;
                }
            }
        }
    }
out:
    free(st.v);
}

static void parse_and_walk(const char *s, size_t n, found *f, bool body_only, bool allow_trailing)
{
    json_error_t err;
    json_t *j = json_loadb(s, n, allow_trailing ? JSON_DISABLE_EOF_CHECK : 0, &err);
    if (!j) return;
    walk_json(j, f, body_only);
    json_decref(j);
}

/* The text of a script element (its first text child). */
static const char *script_text(const pith_doc *d, pith_nid n, size_t *len)
{
    pith_nid t = d->nodes[n].first;
    if (!t || d->nodes[t].type != PITH_NODE_TEXT) return NULL;
    *len = d->nodes[t].b;
    return d->chars + d->nodes[t].a;
}

static const char *find_mem(const char *s, size_t n, const char *needle)
{
    return memmem(s, n, needle, strlen(needle));
}

/* The React server-component stream: the string arguments of
 * self.__next_f.push([1,"..."]) concatenated; text rows "id:T<hex>," carry
 * HTML, other rows JSON. */
static void next_f(pith_buf *payload, found *f)
{
    const char *s = payload->data;
    size_t n = payload->len;
    size_t i = 0;
    while (i < n) {
        /* a row starts at line start: hex id ':' */
        size_t j = i;
        while (j < n && ((s[j] >= '0' && s[j] <= '9') || (s[j] >= 'a' && s[j] <= 'f'))) j++;
        if (j > i && j < n && s[j] == ':') {
            if (j + 1 < n && s[j + 1] == 'T') {
                size_t k = j + 2, len = 0;
                while (k < n && s[k] != ',') {
                    char c = s[k];
                    len = len * 16 + (size_t)(c >= 'a' ? c - 'a' + 10 : c - '0');
                    k++;
                    if (len > n) break;
                }
                k++;
                /* the length counts bytes of the decoded text */
                if (k <= n) {
                    size_t m = len < n - k ? len : n - k;
#ifdef PITH_XDEBUG
                    fprintf(stderr, "T row %zu bytes at %zu\n", m, k);
#endif
                    consider(f, s + k, m, false);
                    i = k + m;
                    continue;
                }
            } else if (j + 1 < n && (s[j + 1] == '{' || s[j + 1] == '[')) {
                const char *e = memchr(s + j + 1, '\n', n - j - 1);
                size_t end = e ? (size_t)(e - s) : n;
                parse_and_walk(s + j + 1, end - j - 1, f, false, true);
                i = end + 1;
                continue;
            }
        }
        const char *e = memchr(s + i, '\n', n - i);
        if (!e) break;
        i = (size_t)(e - s) + 1;
    }
}

/* Decodes an entity at s (after '&'); returns bytes consumed, 0 if none. */
static size_t entity(const char *s, size_t n, pith_buf *out)
{
    static const struct { const char *name; const char *text; } ents[] = {
        {"amp;", "&"}, {"lt;", "<"}, {"gt;", ">"}, {"quot;", "\""}, {"apos;", "'"}, {"#39;", "'"},
        {"nbsp;", " "}, {"mdash;", "\xe2\x80\x94"}, {"ndash;", "\xe2\x80\x93"}, {"hellip;", "\xe2\x80\xa6"},
        {"rsquo;", "\xe2\x80\x99"}, {"lsquo;", "\xe2\x80\x98"}, {"rdquo;", "\xe2\x80\x9d"}, {"ldquo;", "\xe2\x80\x9c"}};
    for (size_t i = 0; i < sizeof ents / sizeof *ents; i++) {
        size_t l = strlen(ents[i].name);
        if (l <= n && !memcmp(s, ents[i].name, l)) {
            pith_buf_puts(out, ents[i].text);
            return l;
        }
    }
    if (n > 2 && s[0] == '#') {
        size_t k = 1;
        uint32_t cp = 0;
        bool hex = s[1] == 'x' || s[1] == 'X';
        if (hex) k++;
        size_t start = k;
        while (k < n && k < 10) {
            char c = s[k];
            if (c >= '0' && c <= '9') cp = cp * (hex ? 16 : 10) + (uint32_t)(c - '0');
            else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') cp = cp * 16 + (uint32_t)((c | 0x20) - 'a' + 10);
            else break;
            k++;
        }
        if (k > start && k < n && s[k] == ';') {
            pith_buf_put_utf8(out, cp);
            return k + 1;
        }
    }
    return 0;
}

static void add_text_block(pith_xctx *c, pith_buf *b, pith_block_type type, int level)
{
    /* collapse whitespace */
    size_t k = 0;
    bool sp = false;
    for (size_t i = 0; i < b->len; i++) {
        char ch = b->data[i];
        if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') { sp = k > 0; continue; }
        if (sp) b->data[k++] = ' ';
        sp = false;
        b->data[k++] = ch;
    }
    if (k) pith_result_add_block(c->r, type, level, b->data, k);
    pith_buf_reset(b);
}

/* Splits an HTML string into blocks: block tags end a block, the text of
 * script, style and figure elements is skipped. */
static void html_blocks(pith_xctx *c, const char *s, size_t n)
{
    pith_buf b;
    pith_buf_init(&b);
    int level = 0, skip = 0;
    size_t i = 0;
    while (i < n) {
        if (s[i] == '<') {
            const char *e = memchr(s + i, '>', n - i);
            if (!e) break;
            size_t k = i + 1;
            bool close = k < n && s[k] == '/';
            if (close) k++;
            char name[12];
            size_t nl = 0;
            while (k < n && nl < sizeof name - 1 && (((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z') || (s[k] >= '0' && s[k] <= '9')))
                name[nl++] = (char)(s[k++] | 0x20);
            name[nl] = '\0';
            bool skipper = !strcmp(name, "script") || !strcmp(name, "style") || !strcmp(name, "figure") ||
                           !strcmp(name, "figcaption");
            if (skipper) skip += close ? (skip > 0 ? -1 : 0) : 1;
            bool heading = nl == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6';
            if (heading) {
                add_text_block(c, &b, level ? PITH_BLOCK_HEADING : PITH_BLOCK_PARAGRAPH, level);
                level = close ? 0 : name[1] - '0';
            } else if (!strcmp(name, "p") || !strcmp(name, "div") || !strcmp(name, "li") ||
                       !strcmp(name, "blockquote") || !strcmp(name, "ul") || !strcmp(name, "ol")) {
                add_text_block(c, &b, level ? PITH_BLOCK_HEADING : PITH_BLOCK_PARAGRAPH, level);
            } else if (!strcmp(name, "br")) {
                pith_buf_putc(&b, '\n');
            }
            i = (size_t)(e - s) + 1;
            continue;
        }
        if (skip) { i++; continue; }
        if (s[i] == '&') {
            size_t used = entity(s + i + 1, n - i - 1, &b);
            if (used) { i += used + 1; continue; }
        }
        pith_buf_putc(&b, s[i]);
        i++;
    }
    add_text_block(c, &b, level ? PITH_BLOCK_HEADING : PITH_BLOCK_PARAGRAPH, level);
    pith_buf_free(&b);
}

/* Plain text: one paragraph per line. */
static void text_blocks(pith_xctx *c, const char *s, size_t n)
{
    pith_buf b;
    pith_buf_init(&b);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') add_text_block(c, &b, PITH_BLOCK_PARAGRAPH, 0);
        else pith_buf_putc(&b, s[i]);
    }
    add_text_block(c, &b, PITH_BLOCK_PARAGRAPH, 0);
    pith_buf_free(&b);
}

/* Words of a text, lower-cased, one space apart, tags skipped. */
static void words(const char *s, size_t n, pith_buf *out)
{
    bool sp = false, tag = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '<' && i + 1 < n && (s[i + 1] == '/' || ((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z'))) tag = true;
        if (tag) { if (ch == '>') tag = false; sp = true; continue; }
        if (ch >= 'A' && ch <= 'Z') ch = (unsigned char)(ch + 32);
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80) {
            if (sp && out->len) pith_buf_putc(out, ' ');
            sp = false;
            pith_buf_putc(out, (char)ch);
        } else {
            sp = true;
        }
    }
}

/* True when the words of `probe` (its first 60 bytes of words) occur in s. */
static bool contains_words(const char *s, size_t n, const char *probe)
{
    pith_buf a, b;
    pith_buf_init(&a);
    pith_buf_init(&b);
    words(probe, strlen(probe), &b);
    size_t pl = b.len;
    if (pl > 60) {
        pl = 60;
        while (pl > 20 && b.data[pl] != ' ') pl--;
    }
    words(s, n, &a);
    bool ok = pl >= 20 && a.len && memmem(a.data, a.len, b.data, pl) != NULL;
    pith_buf_free(&a);
    pith_buf_free(&b);
    return ok;
}

size_t pith_x_data_chars(pith_xctx *c, bool emit, const char *probe)
{
    pith_doc *d = c->d;
    found f;
    memset(&f, 0, sizeof f);
    pith_buf_init(&f.best);
    pith_buf payload;
    pith_buf_init(&payload);
    for (pith_nid n = 2; n < d->n_nodes; n++) {
        if (pith_budget_tick(c->r->budget, 1)) break;
        if (!pith_is_el(d, n, PITH_TAG_SCRIPT)) continue;
        size_t len;
        const char *s = script_text(d, n, &len);
        if (s && pith_budget_tick(c->r->budget, len / 64)) break;
        /* stream pushes can be short: a row's head and its text come apart */
        if (!s || (len < 200 && !find_mem(s, len < 64 ? len : 64, "self.__next_f.push("))) continue;
        size_t tl = 0, il = 0;
        const char *type = pith_doc_attr_value(d, n, "type", &tl);
        const char *id = pith_doc_attr_value(d, n, "id", &il);
        if (type && tl == 19 && !strncasecmp(type, "application/ld+json", 19)) {
            parse_and_walk(s, len, &f, true, false);
        } else if (probe) {
            continue; /* checking the markup's text against JSON-LD only */
        } else if ((id && il == 13 && !memcmp(id, "__NEXT_DATA__", 13)) ||
                   (type && tl == 16 && !strncasecmp(type, "application/json", 16))) {
            parse_and_walk(s, len, &f, false, false);
        } else if (find_mem(s, len < 64 ? len : 64, "self.__next_f.push(")) {
            const char *a = memchr(s, '[', len);
            if (!a) continue;
            json_error_t err;
            json_t *j = json_loadb(a, len - (size_t)(a - s), JSON_DISABLE_EOF_CHECK, &err);
            if (!j) continue;
            json_t *str = json_array_get(j, 1);
            if (json_is_string(str)) pith_buf_append(&payload, json_string_value(str), json_string_length(str));
            json_decref(j);
        } else {
            static const char *const states[] = {"__INITIAL_STATE__", "__PRELOADED_STATE__", "__APOLLO_STATE__",
                                                 "__INITIAL_DATA__", "__STATE__"};
            for (size_t k = 0; k < sizeof states / sizeof *states; k++) {
                const char *p = find_mem(s, len, states[k]);
                if (!p) continue;
                const char *eq = memchr(p, '=', len - (size_t)(p - s));
                if (!eq) break;
                const char *b = eq + 1;
                while (b < s + len && (*b == ' ' || *b == '\n' || *b == '\t')) b++;
                if (b < s + len && (*b == '{' || *b == '[')) parse_and_walk(b, len - (size_t)(b - s), &f, false, true);
                break;
            }
        }
    }
    if (payload.len) next_f(&payload, &f);
    size_t got = f.best_score;
    if (probe && (!f.from_body || !contains_words(f.best.data, f.best.len, probe))) got = 0;
#ifdef PITH_XDEBUG
    fprintf(stderr, "data: payload %zu bytes, best %zu (articleBody %d)\n", payload.len, got, f.from_body);
#endif
    if (emit && got) {
        bool html;
        prose_len(f.best.data, f.best.len, &html);
        if (html) html_blocks(c, f.best.data, f.best.len);
        else text_blocks(c, f.best.data, f.best.len);
    }
    pith_buf_free(&payload);
    pith_buf_free(&f.best);
    return got;
}

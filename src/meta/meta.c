/*
 * Metadata. pith_meta_extract makes one pass over the node array, noting
 * candidates (meta tags, JSON-LD scripts, h1, time elements, byline-like
 * elements, short dated text after the headline), then chooses each field by
 * source priority and agreement. pith_meta_finish completes what needs the
 * extracted body: language check, bylines and agency tags in the text, and
 * a text date when nothing better was found.
 */
#include "meta.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "meta_internal.h"

void (*pith_meta_trace)(const char *what, const char *value);

#define TRACE(w, v) do { if (pith_meta_trace && (v)) pith_meta_trace((w), (v)); } while (0)

/* Where a <meta> value goes. */
typedef enum mkey {
    K_NONE = 0,
    K_DC_TITLE, K_OG_TITLE, K_TW_TITLE, K_META_TITLE,
    K_SITE, K_APPNAME,
    K_DESC_OG, K_DESC, K_DESC_TW,
    K_AUTHOR, K_AUTHOR_DC, K_AUTHOR_ARTICLE, K_AUTHOR_OTHER,
    K_DATE, K_DATE_WEAK, K_MODIFIED,
    K_LANG, K_LOCALE,
    K_URL, K_IMAGE, K_TAG, K_KEYWORDS, K_SECTION, K_LICENSE,
    K_COUNT_
} mkey;

/* Meta names and properties (lower case) and where each goes; within a
 * field, earlier rows win. */
#define MK(name, key) {name, sizeof name - 1, key}
static const struct { const char *name; uint8_t len; mkey key; } meta_keys[] = {
    MK("dc:title", K_DC_TITLE), MK("dcterm:title", K_DC_TITLE), MK("dcterms:title", K_DC_TITLE),
    MK("og:title", K_OG_TITLE), MK("twitter:title", K_TW_TITLE),
    MK("dc.title", K_META_TITLE), MK("dcterms.title", K_META_TITLE), MK("title", K_META_TITLE),
    MK("parsely-title", K_META_TITLE), MK("sailthru.title", K_META_TITLE),
    MK("headline", K_META_TITLE),
    MK("og:site_name", K_SITE), MK("application-name", K_APPNAME), MK("apple-mobile-web-app-title", K_APPNAME),
    MK("dc:description", K_DESC_OG), MK("og:description", K_DESC_OG), MK("description", K_DESC), MK("dc.description", K_DESC),
    MK("twitter:description", K_DESC_TW),
    MK("dc:creator", K_AUTHOR_DC), MK("dcterm:creator", K_AUTHOR_DC), MK("dcterms:creator", K_AUTHOR_DC),
    MK("dc.creator", K_AUTHOR_DC), MK("dcterms.creator", K_AUTHOR_DC),
    MK("author", K_AUTHOR), MK("parsely-author", K_AUTHOR), MK("sailthru.author", K_AUTHOR),
    MK("byl", K_AUTHOR), MK("citation_author", K_AUTHOR), MK("dc.contributor", K_AUTHOR_OTHER),
    MK("article:author", K_AUTHOR_ARTICLE), MK("og:article:author", K_AUTHOR_ARTICLE),
    MK("article:author_name", K_AUTHOR), MK("book:author", K_AUTHOR_ARTICLE),
    MK("cxenseparse:author", K_AUTHOR_OTHER), MK("author_name", K_AUTHOR_OTHER),
    MK("article.author", K_AUTHOR_OTHER), MK("twitter:data1", K_NONE),
    MK("article:published_time", K_DATE), MK("og:article:published_time", K_DATE),
    MK("og:published_time", K_DATE), MK("article:published", K_DATE), MK("datepublished", K_DATE),
    MK("article.published", K_DATE), MK("parsely-pub-date", K_DATE), MK("sailthru.date", K_DATE),
    MK("pubdate", K_DATE), MK("publishdate", K_DATE), MK("publish-date", K_DATE),
    MK("publish_date", K_DATE), MK("published_time", K_DATE), MK("published-date", K_DATE),
    MK("published_date", K_DATE), MK("publication_date", K_DATE), MK("date_published", K_DATE),
    MK("dc.date.issued", K_DATE), MK("dcterms.issued", K_DATE), MK("citation_publication_date", K_DATE),
    MK("cxenseparse:recs:publishtime", K_DATE), MK("article.created", K_DATE),
    MK("originalpublicationdate", K_DATE), MK("release_date", K_DATE), MK("pub_date", K_DATE),
    MK("displaydate", K_DATE), MK("date.available", K_DATE), MK("dc.date.created", K_DATE),
    MK("dcterms.created", K_DATE), MK("datecreated", K_DATE),
    MK("date", K_DATE_WEAK), MK("dc.date", K_DATE_WEAK), MK("dcterms.date", K_DATE_WEAK),
    MK("citation_date", K_DATE_WEAK), MK("created", K_DATE_WEAK),
    MK("article:modified_time", K_MODIFIED), MK("og:updated_time", K_MODIFIED),
    MK("datemodified", K_MODIFIED), MK("article:modified", K_MODIFIED), MK("last-modified", K_MODIFIED),
    MK("dcterms.modified", K_MODIFIED), MK("dc.date.modified", K_MODIFIED),
    MK("lastmod", K_MODIFIED), MK("article.updated", K_MODIFIED),
    MK("content-language", K_LANG), MK("language", K_LANG), MK("dc.language", K_LANG),
    MK("dcterms.language", K_LANG), MK("inlanguage", K_LANG), MK("og:locale", K_LOCALE),
    MK("og:url", K_URL),
    MK("og:image", K_IMAGE), MK("og:image:url", K_IMAGE), MK("og:image:secure_url", K_IMAGE),
    MK("twitter:image", K_IMAGE), MK("twitter:image:src", K_IMAGE), MK("thumbnailurl", K_IMAGE),
    MK("article:tag", K_TAG), MK("og:article:tag", K_TAG), MK("parsely-tags", K_KEYWORDS),
    MK("news_keywords", K_KEYWORDS), MK("keywords", K_KEYWORDS), MK("sailthru.tags", K_KEYWORDS),
    MK("article:section", K_SECTION), MK("og:article:section", K_SECTION),
    MK("parsely-section", K_SECTION), MK("articlesection", K_SECTION),
    MK("license", K_LICENSE), MK("dcterms.license", K_LICENSE),
};
#undef MK

enum { N_META_KEYS = sizeof meta_keys / sizeof meta_keys[0] };

/* meta_keys as an open-addressing hash on the name (slot: row + 1, 0 for
 * empty), built once; read-only afterwards, so shared by all threads. */
enum { KEY_SLOTS = 512 };
static uint8_t key_slot[KEY_SLOTS];
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static uint32_t key_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h % KEY_SLOTS;
}

static void key_build(void)
{
    for (size_t row = 0; row < N_META_KEYS; row++) {
        uint32_t h = key_hash(meta_keys[row].name, meta_keys[row].len);
        while (key_slot[h]) h = (h + 1) % KEY_SLOTS;
        key_slot[h] = (uint8_t)(row + 1);
    }
}

/* The row of meta_keys named by the lower-case low[0..n), or -1. */
static int key_row(const char *low, size_t n)
{
    pthread_once(&key_once, key_build);
    for (uint32_t h = key_hash(low, n); key_slot[h]; h = (h + 1) % KEY_SLOTS) {
        size_t row = key_slot[h] - 1u;
        if (meta_keys[row].len == n && !memcmp(meta_keys[row].name, low, n)) return (int)row;
    }
    return -1;
}

/* Everything the pass notes. Strings point into the document store or the
 * result arena; node ids are looked at after the pass. */
typedef struct cands {
    const char *val[K_COUNT_];     /* best value per key */
    uint32_t val_len[K_COUNT_];
    int rank[K_COUNT_];            /* row of meta_keys that set val */
    const char *authors[META_MAX_AUTHORS]; /* every value of the winning author key */
    uint32_t authors_len[META_MAX_AUTHORS];
    size_t n_authors;
    const char *tags[META_MAX_LIST];
    uint32_t tags_len[META_MAX_LIST];
    size_t n_tags;
    pith_nid title, html;
    pith_nid h1[META_MAX_H1];
    size_t n_h1;
    pith_nid headline;               /* element with itemprop=headline */
    pith_nid time[META_MAX_TIME];
    bool time_pub[META_MAX_TIME];    /* says it is the publication time */
    size_t n_time;
    pith_nid byline[META_MAX_BYLINE];
    uint8_t byline_kind[META_MAX_BYLINE]; /* 2 itemprop/rel author, 1 class hint */
    size_t n_byline;
    pith_nid datey[META_MAX_TIME];   /* elements whose class says date */
    size_t n_datey;
    pith_nid text_after_h1[META_MAX_TEXTDATE];
    size_t n_text;
    pith_nid byline_text[4];          /* short "By ..." text after the h1 */
    size_t n_byline_text, n_seen_after_h1;
    /* a paragraph holding only bold text: early in the article (before
     * its second long text) or right-aligned (a signature at its end) */
    pith_nid bold_line[2], sign_line;
    size_t n_bold;
    uint32_t n_p_open, n_long_open;   /* paragraphs, long texts since the article opened */
    pith_nid editor_text[2];          /* "(责编：...)", "[责任编辑：...]" */
    size_t n_editor;
    const char *agency;               /* "(dpa)" closing or opening a paragraph */
    /* JSON-LD is read during the pass, so that once the article starts it
     * is known whether bylines and dates must be looked for in the page */
    meta_jsonld *j;
    pith_result *r;
    pith_buf *jbuf;
    bool need_byline, need_date;
    pith_nid jsonld[META_MAX_JSONLD];
    size_t n_jsonld;
    const char *host;                 /* page host without "www.", or NULL */
    char own_host[256];               /* the host of the page's canonical address */
    const char *canonical, *license_link;
    uint32_t canonical_len, license_link_len;
    const char *item_date, *item_modified;  /* itemprop datePublished/dateModified */
    uint32_t item_date_len, item_modified_len;
} cands;

static unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c; }
static bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* Decodes one character reference at s (after '&'), writing UTF-8 to out.
 * Returns bytes consumed after '&' or 0 when it is not one we know. */
static size_t entity(const char *s, size_t n, pith_buf *out)
{
    static const struct { const char *name; uint32_t cp; } ents[] = {
        {"amp;", '&'}, {"quot;", '"'}, {"apos;", '\''}, {"lt;", '<'}, {"gt;", '>'},
        {"nbsp;", 0xA0}, {"rsquo;", 0x2019}, {"lsquo;", 0x2018}, {"ldquo;", 0x201C},
        {"rdquo;", 0x201D}, {"ndash;", 0x2013}, {"mdash;", 0x2014}, {"hellip;", 0x2026},
    };
    if (n && s[0] == '#') {
        size_t i = 1;
        uint32_t cp = 0;
        bool hex = i < n && (s[i] == 'x' || s[i] == 'X');
        if (hex) i++;
        size_t start = i;
        while (i < n && i - start < 7) {
            unsigned char c = (unsigned char)s[i];
            if (c >= '0' && c <= '9') cp = cp * (hex ? 16 : 10) + (c - '0');
            else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') cp = cp * 16 + ((c | 0x20) - 'a' + 10);
            else break;
            i++;
        }
        if (i == start || i >= n || s[i] != ';' || cp == 0 || cp > 0x10FFFF) return 0;
        pith_buf_put_utf8(out, cp);
        return i + 1;
    }
    for (size_t k = 0; k < sizeof ents / sizeof ents[0]; k++) {
        size_t m = strlen(ents[k].name);
        if (m <= n && !memcmp(s, ents[k].name, m)) {
            pith_buf_put_utf8(out, ents[k].cp);
            return m;
        }
    }
    return 0;
}

mstr meta_clean(pith_result *r, const char *s, size_t n)
{
    /* the usual value needs nothing done: no entity, no space to fold */
    bool plain = n && !is_space((unsigned char)s[0]) && !is_space((unsigned char)s[n - 1]);
    for (size_t i = 0; i < n && plain; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '&' || (c < 0x21 && (c != ' ' || is_space((unsigned char)s[i + 1]))) || c == 0xC2) plain = false;
    }
    if (plain) return pith_result_strdup(r, s, n);
    pith_buf heap;
    pith_buf_init(&heap);
    pith_buf *o = &heap;
    bool sp = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_space(c) || (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)) {
            if (c == 0xC2) i++;
            sp = true;
            continue;
        }
        if (sp && o->len) pith_buf_putc(o, ' ');
        sp = false;
        if (c == '&') {
            size_t before = o->len;
            size_t k = entity(s + i + 1, n - i - 1, o);
            if (k) {
                /* a decoded no-break space is a space too */
                if (o->len - before == 2 && (unsigned char)o->data[before] == 0xC2 && (unsigned char)o->data[before + 1] == 0xA0) {
                    o->len = before;
                    sp = true;
                }
                i += k;
                continue;
            }
        }
        pith_buf_putc(o, (char)c);
    }
    mstr res = o->len && !o->oom ? pith_result_strdup(r, o->data, o->len) : NULL;
    pith_buf_free(&heap);
    return res;
}

/* The text of an element's subtree, whitespace collapsed, at most `max`
 * bytes, skipping script and style. Written into the result arena. With
 * `split`, child elements are set apart by a space (bylines built from
 * spans: "<span>name</span><span>Joined: ...</span>"). */
static mstr node_text_opt(const pith_doc *d, pith_result *r, pith_nid el, size_t max, bool split)
{
    pith_buf b;
    pith_buf_init(&b);
    bool sp = false;
    for (pith_nid n = d->nodes[el].first ? d->nodes[el].first : PITH_NIL; n && b.len < max;) {
        const pith_node *x = &d->nodes[n];
        bool descend = true;
        if (x->type == PITH_NODE_ELEMENT &&
            (pith_is_el(d, n, PITH_TAG_SCRIPT) || pith_is_el(d, n, PITH_TAG_STYLE) ||
             pith_is_el(d, n, PITH_TAG_NOSCRIPT) || pith_is_el(d, n, PITH_TAG_TEMPLATE)))
            descend = false;
        else if (x->type == PITH_NODE_ELEMENT && (split || pith_is_el(d, n, PITH_TAG_BR)))
            sp = true;
        else if (x->type == PITH_NODE_TEXT) {
            const char *p = d->chars + x->a;
            for (uint32_t i = 0; i < x->b && b.len < max; i++) {
                if (is_space((unsigned char)p[i])) { sp = true; continue; }
                if (sp && b.len) pith_buf_putc(&b, ' ');
                sp = false;
                pith_buf_putc(&b, p[i]);
            }
        }
        n = pith_doc_next(d, el, n, descend);
    }
    mstr res = b.len ? meta_clean(r, b.data, b.len) : NULL;
    pith_buf_free(&b);
    return res;
}

static mstr node_text(const pith_doc *d, pith_result *r, pith_nid el, size_t max)
{
    return node_text_opt(d, r, el, max, false);
}

/* Case-insensitive search for w in s[0..n). */
static bool contains_ci(const char *s, size_t n, const char *w)
{
    size_t m = strlen(w);
    for (size_t i = 0; i + m <= n; i++) {
        size_t k = 0;
        while (k < m && lower((unsigned char)s[i + k]) == (unsigned char)w[k]) k++;
        if (k == m) return true;
    }
    return false;
}

/* Exact ASCII case-insensitive equality of s[0..n) with w. */
static bool eq_ci(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

/* Lower-cases a class or id value into buf (NUL-terminated); false when
 * it is too long to be a hint. */
static bool lower_copy(const char *s, size_t n, char *buf, size_t cap)
{
    if (!n || n >= cap) return false;
    for (size_t i = 0; i < n; i++) buf[i] = (char)lower((unsigned char)s[i]);
    buf[n] = '\0';
    return true;
}

static bool any_of(const char *hay, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(hay, words[i])) return true;
    return false;
}
#define ANY_OF(h, list) any_of(h, list, sizeof list / sizeof list[0])

/* Class/id words that rule out a byline or a date hint. */
static const char *const byline_not[] = {"comment", "avatar", "photo", "image", "img", "thumb", "bio",
                                         "related", "more-", "social", "share", "follow"};
static const char *const date_not[] = {"update", "modif", "comment", "validate", "candidate",
                                       "datepicker", "runtime", "timeline", "times"};

/* True when the lower-cased word w occurs at s[i..n). */
static bool word_at(const char *s, size_t n, size_t i, const char *w, size_t wl)
{
    if (i + wl > n) return false;
    for (size_t k = 1; k < wl; k++)
        if (lower((unsigned char)s[i + k]) != (unsigned char)w[k]) return false;
    return true;
}
#define AT(w) word_at(s, n, i, w, sizeof w - 1)

/* Classifies a class or id value: 1 byline, 2 date, 0 neither. One pass
 * that only looks further at letters starting a hint word, since this
 * runs on every class and id of the page; exclusions are checked only on
 * a hit. */
static int class_hint(const char *s, size_t n, bool want_byline, bool want_date)
{
    if (!n || n >= 160) return 0;
    /* letters that start a hint word: 1 byline, 2 date (either case) */
    static const unsigned char starts[256] = {
        ['a'] = 1, ['b'] = 1, ['c'] = 1, ['j'] = 1, ['r'] = 1, ['w'] = 1,
        ['A'] = 1, ['B'] = 1, ['C'] = 1, ['J'] = 1, ['R'] = 1, ['W'] = 1,
        ['d'] = 2, ['f'] = 2, ['p'] = 2, ['t'] = 2, ['D'] = 2, ['F'] = 2, ['P'] = 2, ['T'] = 2,
    };
    const unsigned char want = (unsigned char)((want_byline ? 1 : 0) | (want_date ? 2 : 0));
    int hit = 0;
    for (size_t i = 0; i < n && hit != 1; i++) {
        if (!(starts[(unsigned char)s[i]] & want)) continue;
        unsigned char ch = lower((unsigned char)s[i]);
        switch (ch) {
        case 'a': if (AT("author") || AT("autor") || AT("auteur")) hit = 1; break;
        case 'b': if (AT("byl")) hit = 1; break;
        case 'c': if (AT("creator")) hit = 1; break;
        case 'j': if (AT("journalist")) hit = 1; break;
        case 'r': if (AT("reporter")) hit = 1; break;
        case 'w': if (AT("writer")) hit = 1; break;
        case 'd': if (AT("date") || AT("datum")) hit = 2; break;
        case 'f': if (AT("fecha")) hit = 2; break;
        case 'p': if (AT("publish")) hit = 2; break;
        case 't': if (AT("time")) hit = 2; break;
        default: break;
        }
    }
    if (!hit) return 0;
    char buf[160];
    if (!lower_copy(s, n, buf, sizeof buf)) return 0;
    if (hit == 1) return ANY_OF(buf, byline_not) ? 0 : 1;
    return ANY_OF(buf, date_not) ? 0 : 2;
}
#undef AT

/* Notes a <meta> element. */
static void note_meta(const pith_doc *d, pith_nid n, cands *c)
{
    /* one walk over the attributes: the value and up to four key names
     * (property, name, itemprop, http-equiv, in that order) */
    const char *content = NULL, *alt = NULL, *keyv[4] = {NULL, NULL, NULL, NULL};
    size_t cl = 0, altl = 0, keyl[4] = {0, 0, 0, 0};
    const pith_node *x = &d->nodes[n];
    if (!x->b) return; /* no attributes: the array may not exist at all */
    const pith_attr *at = &d->attrs[x->a];
    for (uint32_t i = 0; i < x->b; i++) {
        const char *nm = d->chars + at[i].name.off;
        uint32_t nl = at[i].name.len;
        const char *v = d->chars + at[i].value.off;
        int slot = -1;
        if (nl == 7 && !memcmp(nm, "content", 7)) { if (!content) { content = v; cl = at[i].value.len; } }
        else if (nl == 5 && !memcmp(nm, "value", 5)) { if (!alt) { alt = v; altl = at[i].value.len; } }
        else if (nl == 8 && !memcmp(nm, "property", 8)) slot = 0;
        else if (nl == 4 && !memcmp(nm, "name", 4)) slot = 1;
        else if (nl == 8 && !memcmp(nm, "itemprop", 8)) slot = 2;
        else if (nl == 10 && !memcmp(nm, "http-equiv", 10)) slot = 3;
        if (slot >= 0 && !keyv[slot]) { keyv[slot] = v; keyl[slot] = at[i].value.len; }
    }
    if (!content) { content = alt; cl = altl; }
    if (!content || !cl) return;
    for (size_t a = 0; a < 4; a++) {
        size_t kl = keyl[a];
        const char *k = keyv[a];
        if (!k || !kl) continue;
        /* "property" may hold several space-separated names */
        size_t i = 0;
        while (i < kl) {
            while (i < kl && is_space((unsigned char)k[i])) i++;
            size_t s = i;
            while (i < kl && !is_space((unsigned char)k[i])) i++;
            if (i == s) break;
            char low[48];
            size_t ln = i - s;
            if (ln >= sizeof low) continue;
            for (size_t q = 0; q < ln; q++) low[q] = (char)lower((unsigned char)k[s + q]);
            int found = key_row(low, ln);
            if (found >= 0) {
                size_t row = (size_t)found;
                mkey key = meta_keys[row].key;
                if (key == K_NONE) continue;
                if (key == K_TAG && c->n_tags < META_MAX_LIST) {
                    c->tags[c->n_tags] = content;
                    c->tags_len[c->n_tags++] = (uint32_t)cl;
                }
                bool author = key >= K_AUTHOR && key <= K_AUTHOR_OTHER;
                if (!c->val[key] || (int)row < c->rank[key]) {
                    c->val[key] = content;
                    c->val_len[key] = (uint32_t)cl;
                    c->rank[key] = (int)row;
                    if (author) c->n_authors = 0;
                }
                /* several <meta name=author> tags list several authors */
                if (author && (int)row == c->rank[key] && c->n_authors < META_MAX_AUTHORS &&
                    (key == K_AUTHOR || key == K_AUTHOR_ARTICLE || key == K_AUTHOR_DC)) {
                    bool dup = false;
                    for (size_t q = 0; q < c->n_authors; q++)
                        if (c->authors[q] == content) dup = true;
                    if (!dup) {
                        c->authors[c->n_authors] = content;
                        c->authors_len[c->n_authors++] = (uint32_t)cl;
                    }
                }
            }
        }
    }
}

/* Notes an element whose class or id value hints at a byline or a date. */
static void note_class(cands *c, pith_nid n, uint32_t tag, const char *v, size_t vl)
{
    if (tag == PITH_TAG_BODY || tag == PITH_TAG_HTML || tag == PITH_TAG_META) return;
    if ((!c->need_byline || c->n_byline >= META_MAX_BYLINE) && (!c->need_date || c->n_datey >= META_MAX_TIME)) return;
    int h = class_hint(v, vl, c->need_byline && c->n_byline < META_MAX_BYLINE,
                       c->need_date && c->n_datey < META_MAX_TIME);
    if (h == 1 && c->n_byline < META_MAX_BYLINE) {
        if (!(c->n_byline && c->byline[c->n_byline - 1] == n)) {
            c->byline_kind[c->n_byline] = 1;
            c->byline[c->n_byline++] = n;
        }
    } else if (h == 2 && c->n_datey < META_MAX_TIME && !(c->n_datey && c->datey[c->n_datey - 1] == n)) {
        c->datey[c->n_datey++] = n;
    }
}

/* The site's names (og:site_name, publisher, WebSite, application name)
 * and host as comparison keys, made once where they are compared often. */
typedef struct site_keys {
    size_t n;
    char key[4][160];
    size_t len[4];
    char host[128];   /* the host's letters and digits, or "" */
} site_keys;

static bool site_named(const char *a, const site_keys *sk);
static const char *url_host(const char *url, char *buf, size_t cap);
static size_t norm_key(const char *s, char *out, size_t cap);
static size_t site_names(const cands *c, const meta_jsonld *j, pith_result *r, const char **sites);

/* Makes the keys of up to four site names (NULLs skipped) and a host. */
static void site_keys_make(site_keys *sk, const char *const *sites, size_t ns, const char *host)
{
    sk->n = 0;
    for (size_t i = 0; i < ns && sk->n < 4; i++) {
        if (!sites[i]) continue;
        sk->len[sk->n] = norm_key(sites[i], sk->key[sk->n], sizeof sk->key[0]);
        if (sk->len[sk->n]) sk->n++;
    }
    size_t h = 0;
    for (const char *p = host; p && *p && h + 1 < sizeof sk->host; p++)
        if ((unsigned char)*p >= 0x80 || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || (*p >= '0' && *p <= '9')) sk->host[h++] = *p;
    sk->host[h] = '\0';
}

/* True when an author value names a person (not the site, not noise). */
static bool person_name(const site_keys *sk, const char *s, size_t n)
{
    char buf[128];
    if (!n || n >= sizeof buf) return n >= sizeof buf;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return meta_author_plausible(buf, n) && !site_named(buf, sk);
}

/* Whether the metadata seen so far leaves authors or the date to be found
 * in the page itself: a site or organisation named as the author leaves
 * the byline to be looked for. */
static void note_needs(cands *c)
{
    /* no address given: the page's canonical one tells the host */
    if (!c->host) {
        const char *u = c->canonical ? c->canonical : c->val[K_URL];
        size_t ul = c->canonical ? c->canonical_len : c->val_len[K_URL];
        char tmp[256];
        if (u && ul < sizeof tmp) {
            memcpy(tmp, u, ul);
            tmp[ul] = '\0';
            c->host = url_host(tmp, c->own_host, sizeof c->own_host);
        }
    }
    const char *sites[4];
    size_t ns = site_names(c, c->j, c->r, sites);
    site_keys sk;
    site_keys_make(&sk, sites, ns, c->host);
    bool person = false;
    for (size_t i = 0; i < c->j->n_authors && !person; i++)
        person = !c->j->author_is_org[i] && person_name(&sk, c->j->authors[i], strlen(c->j->authors[i]));
    static const mkey keys[] = {K_AUTHOR, K_AUTHOR_DC, K_AUTHOR_ARTICLE, K_AUTHOR_OTHER};
    for (size_t k = 0; k < 4 && !person; k++)
        if (c->val[keys[k]]) person = person_name(&sk, c->val[keys[k]], c->val_len[keys[k]]);
    c->need_byline = !person;
    c->need_date = !(c->j->date || c->val[K_DATE] || c->item_date);
}

/* Whether a script announcing `kinds` can add to what is known: parsing
 * is most of metadata's cost, so breadcrumbs, navigation and images are
 * skipped, and site-level objects once the site's name is known. */
static bool script_useful(const cands *c, unsigned kinds)
{
    const meta_jsonld *j = c->j;
    if (kinds & (LD_ARTICLE | LD_UNKNOWN)) return true;
    if ((kinds & LD_WEAK) && !j->found_article) return true;
    if ((kinds & LD_PAGE) && (!j->page_date || !j->language)) return true;
    if ((kinds & LD_SITE) && !j->website && !c->val[K_SITE]) return true;
    if ((kinds & LD_ORG) && !j->publisher && !c->val[K_SITE]) return true;
    return false;
}

/* Reads an ld+json script's text into the JSON-LD record. */
static void read_script(const pith_doc *d, cands *c, pith_nid s)
{
    /* once a full article is known, later scripts add little */
    const meta_jsonld *j = c->j;
    if (j->found_article && !j->article_weak && j->headline && j->date && j->n_authors) return;
    if (pith_budget_over(c->r->budget)) return;
    pith_nid t0 = d->nodes[s].first;
    const char *text;
    size_t len;
    if (t0 && !d->nodes[t0].next && d->nodes[t0].type == PITH_NODE_TEXT) {
        /* the usual case, one text node: read it in place */
        text = d->chars + d->nodes[t0].a;
        len = d->nodes[t0].b;
    } else {
        pith_buf *b = c->jbuf;
        pith_buf_reset(b);
        for (pith_nid t = d->nodes[s].first; t; t = d->nodes[t].next)
            if (d->nodes[t].type == PITH_NODE_TEXT) pith_buf_append(b, d->chars + d->nodes[t].a, d->nodes[t].b);
        if (b->oom) return;
        text = b->data;
        len = b->len;
    }
    if (!len || !script_useful(c, meta_jsonld_kinds(text, len))) return;
    c->j->skip_image = c->val[K_IMAGE] != NULL;
    c->j->skip_description = c->val[K_DESC_OG] || c->val[K_DESC];
    meta_jsonld_read(c->r, text, len, c->j);
}

/* Elements looked at for class hints once the article starts (bylines
 * and dates sit at its top), and from the document's start on pages
 * without a headline, article or main element. */
enum { HINT_WINDOW = 300, PAGE_HINT_WINDOW = 600 };

/* For pages without h1, article or main: class hints in the first
 * PAGE_HINT_WINDOW elements of the document. */
static void class_pass(const pith_doc *d, cands *c)
{
    uint32_t left = PAGE_HINT_WINDOW;
    for (pith_nid n = PITH_DOC; n && left; n = pith_doc_next(d, PITH_DOC, n, true)) {
        const pith_node *x = &d->nodes[n];
        if (x->type != PITH_NODE_ELEMENT || x->ns != PITH_NS_HTML) continue;
        left--;
        if (!x->b) continue; /* no attributes: the array may not exist at all */
        const pith_attr *at = &d->attrs[x->a];
        for (uint32_t i = 0; i < x->b; i++) {
            const char *nm = d->chars + at[i].name.off;
            uint32_t nl = at[i].name.len;
            if ((nl == 5 && !memcmp(nm, "class", 5)) || (nl == 2 && !memcmp(nm, "id", 2)))
                note_class(c, n, x->tag, d->chars + at[i].value.off, at[i].value.len);
        }
    }
}

/* True when text node t is blank (spaces, no-break spaces). */
static bool blank_text(const pith_doc *d, pith_nid t)
{
    const char *p = d->chars + d->nodes[t].a;
    size_t n = d->nodes[t].b;
    for (size_t i = 0; i < n; i++) {
        if (is_space((unsigned char)p[i])) continue;
        if ((unsigned char)p[i] == 0xC2 && i + 1 < n && (unsigned char)p[i + 1] == 0xA0) { i++; continue; }
        return false;
    }
    return true;
}

/* Notes a bold element that is all of its paragraph: a byline set in
 * bold on its own line, early in the article or right-aligned. */
static void note_bold(const pith_doc *d, cands *c, pith_nid n)
{
    pith_nid p = d->nodes[n].parent;
    if (!p || d->nodes[p].type != PITH_NODE_ELEMENT || d->nodes[p].tag != PITH_TAG_P) return;
    int k = 0;
    for (pith_nid s = d->nodes[p].first; s; s = d->nodes[s].next) {
        if (++k > 6) return;
        if (s == n) continue;
        const pith_node *y = &d->nodes[s];
        if (y->type == PITH_NODE_TEXT ? !blank_text(d, s) : !(y->type == PITH_NODE_ELEMENT && y->tag == PITH_TAG_BR)) return;
    }
    if (c->n_p_open <= 4 && c->n_long_open <= 1 && c->n_bold < 2) {
        c->bold_line[c->n_bold++] = n;
        return;
    }
    size_t l = 0;
    const char *st = pith_doc_attr_value(d, p, "style", &l);
    const char *al = pith_doc_attr_value(d, p, "align", NULL);
    if ((st && contains_ci(st, l, "right")) || (al && !strcasecmp(al, "right"))) c->sign_line = n;
}

/* Where the names start after an editor mark "责编" or "责任编辑" (and
 * its colon), or 0 when s holds none. Sets *end to where they end. */
static size_t editor_mark(const char *s, size_t n, size_t *end)
{
    static const char *const marks[] = {"\xE8\xB4\xA3\xE4\xBB\xBB\xE7\xBC\x96\xE8\xBE\x91", "\xE8\xB4\xA3\xE7\xBC\x96"};
    for (size_t k = 0; k < 2; k++) {
        const char *m = memmem(s, n, marks[k], strlen(marks[k]));
        if (!m) continue;
        size_t i = (size_t)(m - s) + strlen(marks[k]);
        /* a colon, full-width or not, must follow */
        while (i < n && s[i] == ' ') i++;
        if (i < n && s[i] == ':') i++;
        else if (i + 3 <= n && !memcmp(s + i, "\xEF\xBC\x9A", 3)) i += 3;
        else continue;
        size_t e = i;
        /* up to a closing bracket: ) ） ] 】 */
        while (e < n && s[e] != ')' && s[e] != ']' &&
               !(e + 3 <= n && (!memcmp(s + e, "\xEF\xBC\x89", 3) || !memcmp(s + e, "\xE3\x80\x91", 3))))
            e++;
        if (e == i) continue;
        if (end) *end = e;
        return i;
    }
    return 0;
}

/* One pass over every node, noting candidates. Class and id values are
 * only read from the headline or article on (bylines and dates sit there;
 * the navigation before it is most of many pages). The nodes are visited
 * in the order the parser made them, which is the order of the source:
 * a straight run through the node array, cheaper than walking the tree
 * (they differ only where the parser moved misnested markup). Nodes not
 * in the document (a body that a frameset replaced) are skipped. */
static void collect(const pith_doc *d, cands *c)
{
    bool seen_h1 = false, opened = false;
    uint32_t window = 0;
    pith_budget *budget = c->r->budget;
    for (pith_nid n = PITH_DOC + 1; n < d->n_nodes; n++) {
        /* out of time: the candidates seen so far are used (checked at
         * the first node and then every 64, a check per node costs too
         * much) */
        if (!((n - PITH_DOC - 1) & 63) && pith_budget_tick(budget, 64)) return;
        const pith_node *x = &d->nodes[n];
        if (!x->parent) continue;
        if (x->type == PITH_NODE_TEXT) {
            if (opened && c->need_byline) {
                /* long texts tell where the article's text has begun */
                if (x->b >= 100) c->n_long_open++;
                /* Chinese pages name their editor: "(责编：A、B)" */
                if (x->b >= 9 && x->b <= 120 && c->n_editor < 2 && memchr(d->chars + x->a, 0xE8, x->b) &&
                    editor_mark(d->chars + x->a, x->b, NULL))
                    c->editor_text[c->n_editor++] = n;
            }
            /* short text with a digit after the headline may be its date */
            if (seen_h1 && c->need_date && c->n_text < META_MAX_TEXTDATE && x->b >= 6 && x->b <= 200) {
                const char *p = d->chars + x->a;
                if (memchr(p, '2', x->b) || memchr(p, '1', x->b)) c->text_after_h1[c->n_text++] = n;
            }
            /* an agency tag ends a paragraph: only text ending in ')',
             * perhaps before spaces, is looked at (most nodes are
             * indentation, whose last ')' is found by one scan) */
            if (seen_h1 && !c->agency && x->b >= 5) {
                const char *p = d->chars + x->a;
                unsigned char last = (unsigned char)p[x->b - 1];
                const char *close = last == ')' ? p + x->b - 1 : is_space(last) ? memrchr(p, ')', x->b) : NULL;
                size_t l = close ? x->b : 0;
                while (l && is_space((unsigned char)p[l - 1])) l--;
                if (l && p + l - 1 == close) c->agency = meta_agency_in_text(p, l);
            }
            if (seen_h1 && c->need_byline && c->n_seen_after_h1 < 64 && x->b >= 4 && x->b <= 200) {
                const char *p = d->chars + x->a;
                size_t l = x->b;
                while (l && is_space((unsigned char)*p)) { p++; l--; }
                c->n_seen_after_h1++;
                size_t k = meta_byline_prefix(p, l);
                if (k && k < l && (unsigned char)p[k] >= 'A' && (unsigned char)p[k] <= 'Z' && c->n_byline_text < 4)
                    c->byline_text[c->n_byline_text++] = n;
            }
            continue;
        }
        if (x->type != PITH_NODE_ELEMENT || x->ns != PITH_NS_HTML) continue;
        if (window) window--;
        if (!opened && (x->tag == PITH_TAG_H1 || x->tag == PITH_TAG_ARTICLE || x->tag == PITH_TAG_MAIN)) {
            opened = true;
            note_needs(c);
            window = c->need_byline || c->need_date ? HINT_WINDOW : 0;
        }
        switch (x->tag) {
        case PITH_TAG_HTML:
            if (!c->html) c->html = n;
            break;
        case PITH_TAG_TITLE:
            if (!c->title) c->title = n;
            break;
        case PITH_TAG_META:
            note_meta(d, n, c);
            break;
        case PITH_TAG_H1:
            if (c->n_h1 < META_MAX_H1) c->h1[c->n_h1++] = n;
            seen_h1 = true;
            break;
        case PITH_TAG_P:
            if (opened) c->n_p_open++;
            break;
        case PITH_TAG_STRONG:
        case PITH_TAG_B:
            if (opened && c->need_byline) note_bold(d, c, n);
            break;
        case PITH_TAG_TIME:
            if (c->n_time < META_MAX_TIME) {
                size_t l = 0;
                const char *pd = pith_doc_attr_value(d, n, "pubdate", NULL);
                const char *ip = pith_doc_attr_value(d, n, "itemprop", &l);
                const char *cls = pith_doc_attr_value(d, n, "class", NULL);
                size_t cl = 0;
                if (cls) pith_doc_attr_value(d, n, "class", &cl);
                c->time_pub[c->n_time] = pd || (ip && contains_ci(ip, l, "datepublished")) ||
                                         (cls && contains_ci(cls, cl, "publish"));
                c->time[c->n_time++] = n;
            }
            break;
        case PITH_TAG_SCRIPT: {
            size_t l = 0;
            const char *t = pith_doc_attr_value(d, n, "type", &l);
            if (t && contains_ci(t, l, "ld+json") && c->n_jsonld < META_MAX_JSONLD) {
                c->jsonld[c->n_jsonld++] = n;
                read_script(d, c, n);
            }
            continue; /* nothing else to see inside */
        }
        case PITH_TAG_LINK: {
            size_t rl = 0, hl = 0;
            const char *rel = pith_doc_attr_value(d, n, "rel", &rl);
            const char *href = pith_doc_attr_value(d, n, "href", &hl);
            if (!rel || !href || !hl) break;
            if (eq_ci(rel, rl, "canonical") && !c->canonical) { c->canonical = href; c->canonical_len = (uint32_t)hl; }
            else if (eq_ci(rel, rl, "license") && !c->license_link) { c->license_link = href; c->license_link_len = (uint32_t)hl; }
            break;
        }
        default:
            break;
        }
        if (!x->b) continue;
        /* attributes that mark bylines, headlines and dates on any element */
        const pith_attr *at = &d->attrs[x->a];
        for (uint32_t i = 0; i < x->b; i++) {
            const char *nm = d->chars + at[i].name.off;
            uint32_t nl = at[i].name.len;
            const char *v = d->chars + at[i].value.off;
            uint32_t vl = at[i].value.len;
            if (nl == 8 && !memcmp(nm, "itemprop", 8)) {
                if (contains_ci(v, vl, "author") || contains_ci(v, vl, "creator")) {
                    if (c->n_byline < META_MAX_BYLINE && x->tag != PITH_TAG_META && x->tag != PITH_TAG_LINK) {
                        c->byline_kind[c->n_byline] = 2;
                        c->byline[c->n_byline++] = n;
                    }
                } else if (eq_ci(v, vl, "headline") && !c->headline && x->tag != PITH_TAG_META) {
                    c->headline = n;
                } else if (eq_ci(v, vl, "datepublished") || eq_ci(v, vl, "datemodified")) {
                    size_t l = 0;
                    const char *dv = pith_doc_attr_value(d, n, "content", &l);
                    if (!dv) dv = pith_doc_attr_value(d, n, "datetime", &l);
                    bool pub = eq_ci(v, vl, "datepublished");
                    if (dv && l) {
                        if (pub && !c->item_date) { c->item_date = dv; c->item_date_len = (uint32_t)l; }
                        if (!pub && !c->item_modified) { c->item_modified = dv; c->item_modified_len = (uint32_t)l; }
                    }
                }
            } else if (nl == 3 && !memcmp(nm, "rel", 3) && eq_ci(v, vl, "author") && x->tag != PITH_TAG_LINK) {
                if (c->n_byline < META_MAX_BYLINE) {
                    c->byline_kind[c->n_byline] = 2;
                    c->byline[c->n_byline++] = n;
                }
            } else if (window && ((nl == 5 && !memcmp(nm, "class", 5)) || (nl == 2 && !memcmp(nm, "id", 2)))) {
                note_class(c, n, x->tag, v, vl);
            }
        }
    }
    if (!opened) {
        note_needs(c);
        class_pass(d, c);
    }
}

/* ---- choosing the title ---- */

/* Writes a comparison key: lower-case letters and digits, other runs as
 * one space. Returns its length. */
static size_t norm_key(const char *s, char *out, size_t cap)
{
    size_t k = 0;
    bool sp = false;
    for (; s && *s && k + 2 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        bool word = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
        /* typographic quotes and dashes (U+2010..U+201F) are punctuation */
        if (c == 0xE2 && (unsigned char)s[1] == 0x80 && s[2] && (unsigned char)s[2] >= 0x90 && (unsigned char)s[2] <= 0x9F) {
            s += 2;
            word = false;
        } else if (c == 0xC2 && s[1] && ((unsigned char)s[1] == 0xA0 || (unsigned char)s[1] == 0xAB || (unsigned char)s[1] == 0xBB)) {
            s += 1;
            word = false;
        }
        if (!word) { sp = k > 0; continue; }
        if (sp) out[k++] = ' ';
        sp = false;
        out[k++] = (char)lower(c);
    }
    out[k] = '\0';
    return k;
}


/* Separators between a headline and the site's name in titles. */
static const char *const title_seps[] = {" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " / ", " _ ", " ~ ", " « "};

/* The length of the title part before its last separator, or 0. Sets
 * *rest to where the part after the last separator starts. */
static size_t before_last_sep(const char *t, const char **rest)
{
    size_t best = 0;
    for (size_t k = 0; k < sizeof title_seps / sizeof title_seps[0]; k++) {
        const char *p = t, *q;
        size_t m = strlen(title_seps[k]);
        while ((q = strstr(p, title_seps[k]))) {
            if ((size_t)(q - t) > best) { best = (size_t)(q - t); *rest = q + m; }
            p = q + m;
        }
    }
    return best;
}

/* The length of the title part after its first separator's start, or 0. */
static size_t after_first_sep(const char *t, const char **start)
{
    const char *first = NULL;
    size_t fm = 0;
    for (size_t k = 0; k < sizeof title_seps / sizeof title_seps[0]; k++) {
        const char *q = strstr(t, title_seps[k]);
        if (q && (!first || q < first)) { first = q; fm = strlen(title_seps[k]); }
    }
    if (!first) return 0;
    *start = first + fm;
    return strlen(first + fm);
}

/* True when `part` names the site: equal to a site name, or its letters
 * make up the host name's main label. */
static bool is_site_part(const char *part, size_t n, const site_keys *sk, bool with_host)
{
    char kp[256];
    char tmp[256];
    if (n >= sizeof tmp) return false;
    memcpy(tmp, part, n);
    tmp[n] = '\0';
    size_t lp = norm_key(tmp, kp, sizeof kp);
    if (!lp) return true;
    for (size_t i = 0; i < sk->n; i++)
        if (sk->len[i] == lp && !memcmp(kp, sk->key[i], lp)) return true;
    if (with_host && sk->host[0]) {
        /* "The Guardian" vs theguardian.com: compare without spaces */
        char squash[256];
        size_t q = 0;
        for (size_t i = 0; i < lp; i++) if (kp[i] != ' ') squash[q++] = kp[i];
        squash[q] = '\0';
        if (q >= 3 && strstr(sk->host, squash)) return true;
    }
    return false;
}

/* Removes a site name glued before or after the headline. */
static mstr strip_site(pith_result *r, mstr t, const site_keys *sk)
{
    if (!t) return t;
    for (int round = 0; round < 3; round++) {
        const char *rest = NULL, *start = NULL;
        size_t head = before_last_sep(t, &rest);
        if (head && is_site_part(rest, strlen(rest), sk, true)) {
            t = pith_result_strdup(r, t, head);
            continue;
        }
        size_t tail = after_first_sep(t, &start);
        if (tail) {
            /* the site first: "Site | Headline" */
            size_t first_len = 0;
            for (size_t k = 0; k < sizeof title_seps / sizeof title_seps[0]; k++) {
                const char *q = strstr(t, title_seps[k]);
                if (q && q + strlen(title_seps[k]) == start) first_len = (size_t)(q - t);
            }
            if (first_len && is_site_part(t, first_len, sk, true)) {
                t = pith_result_strdup(r, start, tail);
                continue;
            }
        }
        break;
    }
    return t;
}

/* The host of a URL without "www." into buf, lower case. */
static const char *url_host(const char *url, char *buf, size_t cap)
{
    if (!url) return NULL;
    const char *p = strstr(url, "://");
    if (!p) return NULL;
    p += 3;
    if (!strncasecmp(p, "www.", 4)) p += 4;
    size_t n = strcspn(p, "/:?#");
    if (!n || n >= cap) return NULL;
    for (size_t i = 0; i < n; i++) buf[i] = (char)lower((unsigned char)p[i]);
    buf[n] = '\0';
    return buf;
}


/* A title source: its text, name (for the trace), tie-break rank (lower
 * wins) and vote weight. */
typedef struct title_cand { mstr s; const char *src; int prio, w; } title_cand;

/* True at a separator between a headline and a site name or kicker:
 * spaces, then one of | - – — : · • » « / _ ~ ｜ ㅣ. Returns its length. */
static size_t sep_len(const char *s, size_t n, bool before)
{
    size_t i = 0;
    while (i < n && s[i] == ' ') i++;
    static const char *const seps[] = {"|", "-", "–", "—", ":", "·", "•", "»", "«", "/", "_", "~", "｜", "ㅣ", "::"};
    for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
        size_t m = strlen(seps[k]);
        if (before) {
            /* s ends with the separator (then spaces) */
            size_t e = n;
            while (e && s[e - 1] == ' ') e--;
            if (e >= m && !memcmp(s + e - m, seps[k], m)) return n - (e - m);
        } else if (i + m <= n && !memcmp(s + i, seps[k], m)) {
            return i + m;
        }
    }
    return 0;
}

/* When `t` is another candidate `o` plus a site name or kicker set off by
 * a separator, the headline is `o`. Returns the longest such o, else t;
 * "Headline | Site" (o first) is the usual order, so a leading o wins
 * over a trailing one. */
static mstr reduce_title(mstr t, const title_cand *all, size_t n)
{
    size_t tl = strlen(t);
    mstr best = t;
    size_t best_len = 0;
    bool best_first = false;
    for (size_t k = 0; k < n; k++) {
        mstr o = all[k].s;
        size_t ol = strlen(o);
        if (ol >= tl || ol * 5 < tl * 2 || ol < 8) continue;
        bool first = !memcmp(t, o, ol) && sep_len(t + ol, tl - ol, false);
        bool last = !first && !memcmp(t + tl - ol, o, ol) && sep_len(t, tl - ol, true);
        if (!first && !last) continue;
        if (first < best_first || (first == best_first && ol <= best_len)) continue;
        best = o;
        best_len = ol;
        best_first = first;
    }
    return best;
}

/* For a <title> with no site name known: the part before its last
 * separator when that part has at least three words and is longer than
 * the part dropped (which is then taken to be the site), else NULL. */
static mstr title_head(pith_result *r, mstr t)
{
    const char *rest = NULL;
    size_t head = before_last_sep(t, &rest);
    if (!head || !rest || strlen(rest) >= head) return NULL;
    size_t words = 0;
    bool in = false;
    for (size_t i = 0; i < head; i++) {
        bool sp = t[i] == ' ';
        if (!sp && !in) words++;
        in = !sp;
    }
    return words >= 3 ? pith_result_strdup(r, t, head) : NULL;
}

/* Drops permalink marks that documentation generators put after a
 * heading ("Title¶", "Title #"). */
static mstr heading_text(pith_result *r, mstr s)
{
    if (!s) return s;
    size_t n = strlen(s);
    size_t k = n;
    for (;;) {
        while (k && s[k - 1] == ' ') k--;
        if (k >= 2 && (unsigned char)s[k - 2] == 0xC2 && ((unsigned char)s[k - 1] == 0xB6 || (unsigned char)s[k - 1] == 0xA7)) k -= 2;
        else if (k && s[k - 1] == '#') k--;
        else break;
    }
    if (k == n) return s;
    return k ? pith_result_strdup(r, s, k) : NULL;
}

/* Picks the title by agreement between sources (each voting for itself
 * with any site name or kicker that another source lacks removed). */
static void choose_title(pith_result *r, const pith_doc *d, const cands *c, const meta_jsonld *j,
                         const char *host)
{
    title_cand t[12];
    size_t nt = 0;
    const char *sites[4] = {r->sitename, j->publisher, j->website, NULL};
    size_t ns = 3;
    if (c->val[K_APPNAME]) sites[ns++] = meta_clean(r, c->val[K_APPNAME], c->val_len[K_APPNAME]);
    site_keys sk;
    site_keys_make(&sk, sites, ns, host);
    /* votes: structured headlines count most, then og:title, the visible
     * h1, and the rest (weights tuned on the benchmark sets). JSON-LD
     * "name" differing from "headline" splits the structured vote (one of
     * them is then often a description or the site); without JSON-LD or
     * Dublin Core, og:title is the publisher's declared headline and takes
     * their weight. */
    mstr ld_name = NULL;
    bool ld_strong = j->found_article && !j->article_weak;
    if (j->name) {
        char k1[256], k2[256];
        size_t l2 = norm_key(j->name, k2, sizeof k2);
        if (!j->headline) ld_name = j->name;
        else if (ld_strong && l2 && (l2 != norm_key(j->headline, k1, sizeof k1) || memcmp(k1, k2, l2))) ld_name = j->name;
    }
    /* the name of a stand-in (a video's) is a weak hint */
    int name_w = !ld_strong ? 1 : j->headline ? 3 : 6;
    int ld_w = j->headline && ld_name ? 3 : 6;
    int og_w = j->headline || (ld_name && ld_strong) || c->val[K_DC_TITLE] ? 3 : 6;
#define ADD(str, name, p, wt) do { mstr s_ = (str); if (s_ && nt < 12) { t[nt].s = s_; t[nt].src = name; t[nt].prio = p; t[nt].w = wt; nt++; } } while (0)
    ADD(j->headline, "jsonld", 0, ld_w);
    ADD(ld_name, "jsonld-name", ld_strong ? 0 : 7, name_w);
    if (c->val[K_DC_TITLE]) ADD(meta_clean(r, c->val[K_DC_TITLE], c->val_len[K_DC_TITLE]), "dc", 0, 6);
    if (c->val[K_OG_TITLE]) ADD(meta_clean(r, c->val[K_OG_TITLE], c->val_len[K_OG_TITLE]), "og", 1, og_w);
    for (size_t i = 0; i < c->n_h1 && i < 2; i++) ADD(heading_text(r, node_text(d, r, c->h1[i], 600)), "h1", 2, 2);
    if (c->headline) ADD(node_text(d, r, c->headline, 600), "itemprop", 3, 2);
    if (c->val[K_TW_TITLE]) ADD(meta_clean(r, c->val[K_TW_TITLE], c->val_len[K_TW_TITLE]), "twitter", 4, 1);
    if (c->val[K_META_TITLE]) ADD(meta_clean(r, c->val[K_META_TITLE], c->val_len[K_META_TITLE]), "meta", 5, 1);
    ADD(c->title ? node_text(d, r, c->title, 600) : NULL, "title", 6, 1);
#undef ADD
    if (!nt) return;
    /* does any source besides <title> and h1 state the title? */
    bool declared = false;
    for (size_t i = 0; i < nt; i++) if (t[i].prio != 2 && t[i].prio != 6) declared = true;
    mstr bare[12];
    for (size_t i = 0; i < nt; i++) {
        bare[i] = reduce_title(t[i].s, t, nt);
        if (bare[i] == t[i].s) bare[i] = strip_site(r, t[i].s, &sk);
        /* a <title> alone: its last part names the site even when the
         * site's name is not known */
        if (bare[i] == t[i].s && t[i].prio == 6 && !declared) {
            mstr h = title_head(r, t[i].s);
            if (h) bare[i] = h;
        }
        if (pith_meta_trace) {
            char what[40];
            snprintf(what, sizeof what, "title:%s", t[i].src);
            pith_meta_trace(what, t[i].s);
            if (bare[i] != t[i].s) pith_meta_trace("title:  bare", bare[i]);
        }
    }
    /* comparison keys, computed once per candidate */
    char keys[12][256];
    size_t klen[12];
    for (size_t i = 0; i < nt; i++) {
        klen[i] = norm_key(bare[i], keys[i], sizeof keys[i]);
        /* a source that is only the site's name is no headline */
        if (klen[i] && nt > 1 && is_site_part(bare[i], strlen(bare[i]), &sk, false)) t[i].w = 0;
    }
    int best = -1, best_score = -1;
    for (size_t i = 0; i < nt; i++) {
        int score = 0;
        for (size_t k = 0; k < nt; k++)
            if (k == i || (klen[i] && klen[i] == klen[k] && !memcmp(keys[i], keys[k], klen[i])))
                score += t[k].w;
        /* h1 can be a section or site banner; it needs a second source */
        if (t[i].prio == 2 && score == t[i].w && nt > 1) score = 0;
        if (score > best_score || (score == best_score && t[i].prio < t[best].prio)) {
            best = (int)i;
            best_score = score;
        }
    }
    TRACE("title:chosen-from", t[best].src);
    r->title = bare[best];
}

/* ---- authors ---- */

/* True when an author name is the site itself: its name (og:site_name,
 * publisher, WebSite), its host ("Lrt.lt", "ntv.com.tr") or the host's
 * main label ("Lesotho Times" on lestimes.com is not caught; "NTV" on
 * ntv.com.tr is). */
static bool site_named(const char *a, const site_keys *sk)
{
    size_t n = strlen(a);
    /* a host name: no spaces, a dot before two or more final letters */
    const char *dot = strrchr(a, '.');
    if (dot && !memchr(a, ' ', n) && dot > a && strlen(dot + 1) >= 2) {
        bool letters = true;
        for (const char *p = dot + 1; *p; p++) if (!((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')) letters = false;
        if (letters) return true;
    }
    return is_site_part(a, n, sk, true);
}

/* The site names an author is compared with. */
static size_t site_names(const cands *c, const meta_jsonld *j, pith_result *r, const char **sites)
{
    size_t ns = 0;
    if (c->val[K_SITE]) sites[ns++] = meta_clean(r, c->val[K_SITE], c->val_len[K_SITE]);
    if (j->publisher) sites[ns++] = j->publisher;
    if (j->website) sites[ns++] = j->website;
    if (c->val[K_APPNAME]) sites[ns++] = meta_clean(r, c->val[K_APPNAME], c->val_len[K_APPNAME]);
    return ns;
}

/* After one source added authors: people win; when every name found is
 * the site or an organisation, they are set aside (kept in *fb) so later
 * sources may name a person. True when the authors are settled. */
static bool settle_authors(pith_result *r, const site_keys *sk,
                           const char **fb, size_t *nfb, bool all_weak)
{
    size_t n = r->authors.n, k = 0;
    if (!n) return false;
    bool person = false;
    for (size_t i = 0; i < n && !all_weak; i++)
        if (!site_named(r->authors.items[i], sk)) person = true;
    if (!person) {
        for (size_t i = 0; i < n; i++) {
            bool dup = false;
            for (size_t q = 0; q < *nfb; q++) if (!strcasecmp(fb[q], r->authors.items[i])) dup = true;
            if (!dup && *nfb < 4) fb[(*nfb)++] = r->authors.items[i];
        }
        r->authors.n = 0;
        return false;
    }
    /* an agency among people stays ("AP"); the site's own name goes */
    for (size_t i = 0; i < n; i++) {
        const char *a = r->authors.items[i];
        if (!site_named(a, sk) || meta_agency_name(a, strlen(a))) r->authors.items[k++] = a;
    }
    r->authors.n = k;
    return true;
}

/* True when a class value has a token starting with w ("sidebar-left"
 * but not "content-sidebar", a layout mark on the body). */
static bool class_token_starts(const char *s, size_t n, const char *w)
{
    size_t m = strlen(w);
    for (size_t i = 0; i + m <= n; i++) {
        if (i && !is_space((unsigned char)s[i - 1])) continue;
        size_t k = 0;
        while (k < m && lower((unsigned char)s[i + k]) == (unsigned char)w[k]) k++;
        if (k == m) return true;
    }
    return false;
}

/* True when el sits in an aside or nav, or under a sidebar or widget,
 * before any article or main element: bylines there belong to other
 * articles. */
static bool in_sidebar(const pith_doc *d, pith_nid el)
{
    for (pith_nid p = d->nodes[el].parent; p && p != PITH_DOC; p = d->nodes[p].parent) {
        const pith_node *x = &d->nodes[p];
        if (x->type != PITH_NODE_ELEMENT) continue;
        if (x->tag == PITH_TAG_ARTICLE || x->tag == PITH_TAG_MAIN || x->tag == PITH_TAG_BODY) return false;
        if (x->tag == PITH_TAG_ASIDE || x->tag == PITH_TAG_NAV) return true;
        size_t l = 0;
        const char *cls = pith_doc_attr_value(d, p, "class", &l);
        if (cls && (class_token_starts(cls, l, "sidebar") || class_token_starts(cls, l, "widget"))) return true;
    }
    return false;
}

static void choose_authors(pith_result *r, const pith_doc *d, const cands *c, const meta_jsonld *j)
{
    const size_t max = META_MAX_AUTHORS;
    const char *sites[4];
    size_t ns = site_names(c, j, r, sites);
    site_keys sk;
    site_keys_make(&sk, sites, ns, c->host);
    const char *fb[4];
    size_t nfb = 0;
    /* JSON-LD people first; organisations only when no person is named */
    bool person = false;
    for (size_t i = 0; i < j->n_authors; i++) if (!j->author_is_org[i]) person = true;
    for (size_t i = 0; i < j->n_authors; i++) {
        if (person && j->author_is_org[i]) {
            /* an agency among people is still named ("AP") */
            const char *ag = meta_agency_name(j->authors[i], strlen(j->authors[i]));
            if (!ag) continue;
        }
        TRACE("author:jsonld", j->authors[i]);
        meta_authors_add(r, j->authors[i], strlen(j->authors[i]), max, false);
    }
    if (settle_authors(r, &sk, fb, &nfb, false)) return;
    /* meta tags: dc.creator, author, article:author (when not a URL) */
    static const mkey order[] = {K_AUTHOR_DC, K_AUTHOR, K_AUTHOR_ARTICLE, K_AUTHOR_OTHER};
    for (size_t o = 0; o < 4 && !r->authors.n; o++) {
        mkey k = order[o];
        if (!c->val[k]) continue;
        if (c->n_authors && c->rank[k] >= 0) {
            for (size_t i = 0; i < c->n_authors; i++) {
                /* c->authors holds the values of the best-ranked author key */
                const char *v = c->authors[i];
                size_t l = c->authors_len[i];
                if (v != c->val[k] && i == 0) break;
                TRACE("author:meta", meta_clean(r, v, l));
                meta_authors_add(r, v, l, max, false);
            }
        }
        if (!r->authors.n) {
            TRACE("author:meta1", meta_clean(r, c->val[k], c->val_len[k]));
            meta_authors_add(r, c->val[k], c->val_len[k], max, false);
        }
        if (settle_authors(r, &sk, fb, &nfb, false)) return;
    }
    /* byline elements: itemprop/rel author first, then class hints */
    bool side[META_MAX_BYLINE];
    for (size_t i = 0; i < c->n_byline; i++) side[i] = in_sidebar(d, c->byline[i]);
    /* those in sidebars only when the article has none */
    for (int step = 0; step < 4 && !r->authors.n; step++) {
        int kind = step & 1 ? 1 : 2;
        bool want_side = step >= 2;
        for (size_t i = 0; i < c->n_byline && !r->authors.n; i++) {
            if (c->byline_kind[i] != kind || side[i] != want_side) continue;
            pith_nid el = c->byline[i];
            /* a nested itemprop=name holds just the name */
            mstr s = NULL;
            for (pith_nid n = d->nodes[el].first; n; n = pith_doc_next(d, el, n, true)) {
                size_t l = 0;
                const char *ip = pith_doc_attr_value(d, n, "itemprop", &l);
                if (d->nodes[n].type == PITH_NODE_ELEMENT && ip && eq_ci(ip, l, "name")) {
                    size_t cl = 0;
                    const char *cv = pith_doc_attr_value(d, n, "content", &cl);
                    s = cv ? meta_clean(r, cv, cl) : node_text_opt(d, r, n, 200, true);
                    break;
                }
            }
            if (!s) s = node_text_opt(d, r, el, 200, true);
            if (!s || strlen(s) > 120) continue;
            TRACE("author:byline", s);
            /* the article's byline names the site: later ones belong to
             * related articles */
            size_t lead = meta_byline_prefix(s, strlen(s));
            bool site = site_named(s + lead, &sk);
            if (site && !r->authors.n && meta_author_plausible(s + lead, strlen(s + lead)) && nfb < 4) {
                bool dup = false;
                for (size_t q = 0; q < nfb; q++) if (!strcasecmp(fb[q], s + lead)) dup = true;
                if (!dup) fb[nfb++] = s + lead;
            }
            if (site || (meta_authors_add(r, s, strlen(s), max, true) && !settle_authors(r, &sk, fb, &nfb, false))) {
                step = 4;
                break;
            }
            if (r->authors.n) return;
        }
    }
    /* "By A and B" written as text under the headline */
    for (size_t i = 0; i < c->n_byline_text && !r->authors.n; i++) {
        const pith_node *x = &d->nodes[c->byline_text[i]];
        mstr s = meta_clean(r, d->chars + x->a, x->b);
        TRACE("author:text", s);
        if (s) meta_authors_add(r, s, strlen(s), max, true);
        if (settle_authors(r, &sk, fb, &nfb, false)) return;
    }
    /* a paragraph that is only a bold name, at the article's start or
     * right-aligned at its end */
    pith_nid bold[3] = {c->n_bold > 0 ? c->bold_line[0] : 0, c->n_bold > 1 ? c->bold_line[1] : 0, c->sign_line};
    for (size_t i = 0; i < 3 && !r->authors.n; i++) {
        if (!bold[i] || in_sidebar(d, bold[i])) continue;
        mstr s = node_text(d, r, bold[i], 100);
        if (!s || !meta_name_line(s, strlen(s))) continue;
        TRACE("author:bold", s);
        meta_authors_add(r, s, strlen(s), max, true);
        if (settle_authors(r, &sk, fb, &nfb, false)) return;
    }
    /* the editor named on Chinese pages; names set off by "、" (read as "/") */
    for (size_t i = 0; i < c->n_editor && !r->authors.n; i++) {
        const pith_node *x = &d->nodes[c->editor_text[i]];
        size_t e = 0, b = editor_mark(d->chars + x->a, x->b, &e);
        if (!b) continue;
        char buf[128];
        size_t k = 0;
        for (size_t q = b; q < e && k + 1 < sizeof buf; q++) {
            if (q + 3 <= e && !memcmp(d->chars + x->a + q, "\xE3\x80\x81", 3)) { buf[k++] = '/'; q += 2; continue; }
            buf[k++] = d->chars[x->a + q];
        }
        TRACE("author:editor", meta_clean(r, buf, k));
        meta_authors_add(r, buf, k, max, false);
        if (settle_authors(r, &sk, fb, &nfb, false)) return;
    }
    /* nobody but the site or an organisation: name them after all */
    for (size_t i = 0; i < nfb; i++) pith_strlist_add(r, &r->authors, fb[i], strlen(fb[i]));
}

/* ---- dates ---- */

static bool date_of(const char *s, size_t n, meta_date *out) { return s && n && meta_date_parse(s, n, out); }

static void set_date(pith_result *r, const char **field, const meta_date *d)
{
    char buf[32];
    meta_date_format(d, buf);
    pith_result_set(r, field, buf, strlen(buf));
}

static void choose_dates(pith_result *r, const pith_doc *d, const cands *c, const meta_jsonld *j, const char *url)
{
    meta_date dt;
    bool have = false;
    const char *why = NULL;
    if (!have && j->date && date_of(j->date, strlen(j->date), &dt)) { have = true; why = "jsonld"; }
    if (!have && date_of(c->val[K_DATE], c->val_len[K_DATE], &dt)) { have = true; why = "meta"; }
    if (!have && date_of(c->item_date, c->item_date_len, &dt)) { have = true; why = "itemprop"; }
    for (size_t i = 0; !have && i < c->n_time; i++) {
        if (!c->time_pub[i]) continue;
        size_t l = 0;
        const char *v = pith_doc_attr_value(d, c->time[i], "datetime", &l);
        if (date_of(v, l, &dt)) { have = true; why = "time-pub"; }
    }
    if (!have && j->page_date && date_of(j->page_date, strlen(j->page_date), &dt)) { have = true; why = "jsonld-page"; }
    if (!have && j->created && date_of(j->created, strlen(j->created), &dt)) { have = true; why = "jsonld-created"; }
    if (!have && date_of(c->val[K_DATE_WEAK], c->val_len[K_DATE_WEAK], &dt)) { have = true; why = "meta-weak"; }
    for (size_t i = 0; !have && i < c->n_time; i++) {
        size_t l = 0;
        const char *v = pith_doc_attr_value(d, c->time[i], "datetime", &l);
        if (date_of(v, l, &dt)) { have = true; why = "time"; }
        else {
            mstr s = node_text(d, r, c->time[i], 120);
            bool upd;
            if (s && meta_date_find(s, strlen(s), &dt, &upd)) { have = true; why = "time-text"; }
        }
    }
    /* visible text: date-classed elements, then short text after the h1;
     * an "updated"/"Stand:" date only when no other is written */
    meta_date upd_date;
    bool have_upd = false;
    for (size_t i = 0; !have && i < c->n_datey; i++) {
        mstr s = node_text(d, r, c->datey[i], 200);
        bool upd = false;
        if (s && meta_date_find(s, strlen(s), &dt, &upd)) {
            if (!upd) { have = true; why = "date-class"; }
            else if (!have_upd) { upd_date = dt; have_upd = true; }
        }
    }
    for (size_t i = 0; !have && i < c->n_text; i++) {
        const pith_node *x = &d->nodes[c->text_after_h1[i]];
        bool upd = false;
        if (meta_date_find(d->chars + x->a, x->b, &dt, &upd)) {
            if (!upd) { have = true; why = "text"; }
            else if (!have_upd) { upd_date = dt; have_upd = true; }
        }
    }
    if (!have && have_upd) { dt = upd_date; have = true; why = "text-updated"; }
    if (!have && meta_date_from_url(url, &dt)) { have = true; why = "url"; }
    if (!have && meta_date_from_url(r->url, &dt)) { have = true; why = "canonical-url"; }
    if (have) {
        set_date(r, &r->date, &dt);
        TRACE("date:from", why);
    }
    meta_date md;
    if ((j->modified && date_of(j->modified, strlen(j->modified), &md)) ||
        date_of(c->val[K_MODIFIED], c->val_len[K_MODIFIED], &md) ||
        date_of(c->item_modified, c->item_modified_len, &md) ||
        (j->page_modified && date_of(j->page_modified, strlen(j->page_modified), &md)))
        set_date(r, &r->modified, &md);
}

/* ---- the rest ---- */

/* Resolves href against the page URL (absolute, scheme-relative, rooted). */
static void set_url(pith_result *r, const char **field, const char *href, size_t n, const char *base)
{
    while (n && is_space((unsigned char)*href)) { href++; n--; }
    if (!n) return;
    if (meta_starts_with(href, n, "http://") || meta_starts_with(href, n, "https://") || !base) {
        pith_result_set(r, field, href, n);
        return;
    }
    const char *p = strstr(base, "://");
    if (!p) { pith_result_set(r, field, href, n); return; }
    pith_buf b;
    pith_buf_init(&b);
    if (n >= 2 && href[0] == '/' && href[1] == '/') {
        pith_buf_append(&b, base, (size_t)(p - base) + 1);
    } else if (href[0] == '/') {
        const char *e = p + 3 + strcspn(p + 3, "/?#");
        pith_buf_append(&b, base, (size_t)(e - base));
    } else {
        const char *q = base + strcspn(base, "?#");
        const char *slash = q;
        while (slash > p + 3 && slash[-1] != '/') slash--;
        if (slash <= p + 3) { pith_buf_append(&b, base, (size_t)(q - base)); pith_buf_putc(&b, '/'); }
        else pith_buf_append(&b, base, (size_t)(slash - base));
    }
    pith_buf_append(&b, href, n);
    if (!b.oom) pith_result_set(r, field, b.data, b.len);
    pith_buf_free(&b);
}

/* Adds comma-separated values to a list (at most META_MAX_LIST). */
static void add_list(pith_result *r, pith_strlist *l, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && l->n < META_MAX_LIST) {
        size_t k = i;
        while (k < n && s[k] != ',' && s[k] != ';') k++;
        mstr v = meta_clean(r, s + i, k - i);
        if (v) {
            bool dup = false;
            for (size_t q = 0; q < l->n; q++) if (!strcasecmp(l->items[q], v)) dup = true;
            if (!dup) pith_strlist_add(r, l, v, strlen(v));
        }
        i = k + 1;
    }
}

void pith_meta_extract(pith_doc *doc, const pith_options *opts, const char *url, pith_result *r)
{
    (void)opts;
    cands c;
    memset(&c, 0, sizeof c);
    meta_jsonld j;
    memset(&j, 0, sizeof j);
    pith_buf b;
    pith_buf_init(&b);
    c.j = &j;
    c.r = r;
    c.jbuf = &b;
    char hostbuf[256];
    c.host = url_host(url, hostbuf, sizeof hostbuf);
    collect(doc, &c);
    pith_buf_free(&b);

    /* URL: canonical link, og:url, JSON-LD url, then the address given */
    if (c.canonical) set_url(r, &r->url, c.canonical, c.canonical_len, url);
    else if (c.val[K_URL]) set_url(r, &r->url, c.val[K_URL], c.val_len[K_URL], url);
    else if (url) pith_result_set(r, &r->url, url, strlen(url));
    else if (j.url) set_url(r, &r->url, j.url, strlen(j.url), NULL);

    /* site name */
    if (c.val[K_SITE]) r->sitename = meta_clean(r, c.val[K_SITE], c.val_len[K_SITE]);
    else if (j.publisher) r->sitename = j.publisher;
    else if (j.website) r->sitename = j.website;
    else if (c.val[K_APPNAME]) r->sitename = meta_clean(r, c.val[K_APPNAME], c.val_len[K_APPNAME]);

    if (!c.host) c.host = url_host(r->url, hostbuf, sizeof hostbuf);
    const char *host = c.host;
    choose_title(r, doc, &c, &j, host);
    choose_authors(r, doc, &c, &j);
    choose_dates(r, doc, &c, &j, url);

    /* description */
    if (c.val[K_DESC_OG]) r->description = meta_clean(r, c.val[K_DESC_OG], c.val_len[K_DESC_OG]);
    else if (c.val[K_DESC]) r->description = meta_clean(r, c.val[K_DESC], c.val_len[K_DESC]);
    else if (c.val[K_DESC_TW]) r->description = meta_clean(r, c.val[K_DESC_TW], c.val_len[K_DESC_TW]);
    else r->description = j.description;

    /* main image, resolved against the page (or its canonical) address */
    const char *base = url ? url : r->url;
    if (c.val[K_IMAGE]) set_url(r, &r->image, c.val[K_IMAGE], c.val_len[K_IMAGE], base);
    else if (j.image) set_url(r, &r->image, j.image, strlen(j.image), base);

    /* tags and sections */
    for (size_t i = 0; i < c.n_tags; i++) add_list(r, &r->tags, c.tags[i], c.tags_len[i]);
    for (size_t i = 0; i < j.n_keywords; i++) add_list(r, &r->tags, j.keywords[i], strlen(j.keywords[i]));
    if (!r->tags.n && c.val[K_KEYWORDS]) add_list(r, &r->tags, c.val[K_KEYWORDS], c.val_len[K_KEYWORDS]);
    if (c.val[K_SECTION]) add_list(r, &r->categories, c.val[K_SECTION], c.val_len[K_SECTION]);
    for (size_t i = 0; i < j.n_sections; i++) add_list(r, &r->categories, j.sections[i], strlen(j.sections[i]));

    /* licence */
    if (c.license_link) set_url(r, &r->license, c.license_link, c.license_link_len, base);
    else if (c.val[K_LICENSE]) r->license = meta_clean(r, c.val[K_LICENSE], c.val_len[K_LICENSE]);
    else if (j.license) r->license = j.license;

    /* declared language, checked against the text in pith_meta_finish */
    char lang[16];
    size_t ll = 0;
    const char *hl = c.html ? pith_doc_attr_value(doc, c.html, "lang", &ll) : NULL;
    if (!hl || !ll) hl = c.html ? pith_doc_attr_value(doc, c.html, "xml:lang", &ll) : NULL;
    if (hl && meta_lang_normalise(hl, ll, lang, sizeof lang)) pith_result_set(r, &r->language, lang, strlen(lang));
    else if (c.val[K_LANG] && meta_lang_normalise(c.val[K_LANG], c.val_len[K_LANG], lang, sizeof lang))
        pith_result_set(r, &r->language, lang, strlen(lang));
    else if (j.language && meta_lang_normalise(j.language, strlen(j.language), lang, sizeof lang))
        pith_result_set(r, &r->language, lang, strlen(lang));
    else if (c.val[K_LOCALE] && meta_lang_normalise(c.val[K_LOCALE], c.val_len[K_LOCALE], lang, sizeof lang))
        pith_result_set(r, &r->language, lang, strlen(lang));

    if (c.agency) r->agency = pith_result_strdup(r, c.agency, strlen(c.agency));
    /* an agency named as the author */
    for (size_t i = 0; i < r->authors.n && !r->agency; i++) {
        const char *a = meta_agency_name(r->authors.items[i], strlen(r->authors.items[i]));
        if (a) r->agency = pith_result_strdup(r, a, strlen(a));
    }
}

void pith_meta_finish(pith_doc *doc, const pith_options *opts, pith_result *r)
{
    (void)doc;
    (void)opts;
    if (r->from_text) return;
    /* bylines in the first blocks when nothing named the authors */
    for (size_t i = 0; i < r->n_blocks && i < 4 && !r->authors.n; i++) {
        const char *t = r->blocks[i].text;
        size_t n = strlen(t);
        if (n > 120) continue;
        size_t p = meta_byline_prefix(t, n);
        if (p && p < n && (unsigned char)t[p] >= 'A' && (unsigned char)t[p] <= 'Z') meta_authors_add(r, t, n, META_MAX_AUTHORS, true);
    }
    /* agency tags: "(dpa)" closing the text, "Berlin (AFP) -" opening it */
    if (!r->agency && r->n_blocks) {
        const char *a = NULL;
        for (size_t i = r->n_blocks; i-- > 0 && i + 3 >= r->n_blocks && !a;)
            a = meta_agency_in_text(r->blocks[i].text, strlen(r->blocks[i].text));
        if (!a) a = meta_agency_in_text(r->blocks[0].text, strlen(r->blocks[0].text));
        if (a) r->agency = pith_result_strdup(r, a, strlen(a));
    }
    /* a date in the first blocks as the last resort */
    if (!r->date) {
        meta_date dt;
        bool upd = false;
        for (size_t i = 0; i < r->n_blocks && i < 3; i++) {
            const char *t = r->blocks[i].text;
            size_t n = strlen(t);
            if (n <= 200 && meta_date_find(t, n, &dt, &upd)) {
                set_date(r, &r->date, &dt);
                break;
            }
        }
    }
    char declared[16] = "";
    if (r->language && strlen(r->language) < sizeof declared) strcpy(declared, r->language);
    meta_lang_decide(r, declared[0] ? declared : NULL);
}

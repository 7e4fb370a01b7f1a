/*
 * JSON-LD: parsed with jansson, walked breadth-first with an explicit queue
 * (no recursion on input depth), taking the first article-like object and
 * page-level facts (WebPage dates, WebSite and publisher names).
 */
#include <jansson.h>
#include <string.h>

#include "meta_internal.h"

enum { JSONLD_MAX_NEST = 64, JSONLD_MAX_VISIT = 4096, JSONLD_MAX_BYTES = 4 << 20 };

static const char *const article_types[] = {
    "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
    "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "AskPublicNewsArticle",
    "SatiricalArticle", "LiveBlogPosting", "Report", "ScholarlyArticle", "TechArticle",
    "SocialMediaPosting", "DiscussionForumPosting", "Blog", "MedicalScholarlyArticle", "Story",
};
/* Used only when no article type is present: pages embed these for
 * related videos and the like. */
static const char *const weak_types[] = {
    "VideoObject", "CreativeWork", "HowTo", "Recipe", "Review", "PodcastEpisode", "Event",
};
static const char *const page_types[] = {
    "WebPage", "ItemPage", "AboutPage", "CollectionPage", "MedicalWebPage", "QAPage",
    "FAQPage", "ProfilePage", "SearchResultsPage", "RealEstateListing",
};
static const char *const org_types[] = {
    "Organization", "NewsMediaOrganization", "Corporation", "LocalBusiness",
    "EducationalOrganization", "GovernmentOrganization", "NGO", "OnlineBusiness",
};

/* The type name without a vocabulary prefix ("schema:X", "https://schema.org/X"). */
static const char *bare_type(const char *t)
{
    const char *s = strrchr(t, '/');
    if (s) t = s + 1;
    s = strrchr(t, ':');
    return s ? s + 1 : t;
}

static bool in_list(const char *t, const char *const *list, size_t n)
{
    t = bare_type(t);
    for (size_t i = 0; i < n; i++)
        if (strcmp(t, list[i]) == 0) return true;
    return false;
}

/* True when the object's @type (a string or an array of strings) is in list. */
static bool has_type(json_t *o, const char *const *list, size_t n)
{
    json_t *t = json_object_get(o, "@type");
    if (json_is_string(t)) return in_list(json_string_value(t), list, n);
    if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v) if (json_is_string(v) && in_list(json_string_value(v), list, n)) return true;
    }
    return false;
}
#define HAS_TYPE(o, list) has_type(o, list, sizeof list / sizeof list[0])

/* A string value, or an object's "name"/"@value"/"url", or an array's first. */
static const char *str_of(json_t *v, const char *obj_key)
{
    for (int hop = 0; hop < 3 && v; hop++) {
        if (json_is_string(v)) return json_string_value(v);
        if (json_is_array(v)) { v = json_array_get(v, 0); continue; }
        if (json_is_object(v)) {
            json_t *x = json_object_get(v, obj_key);
            if (!x) x = json_object_get(v, "@value");
            v = x;
            continue;
        }
        return NULL;
    }
    return NULL;
}

static mstr take(pith_result *r, const char *s)
{
    return s ? meta_clean(r, s, strlen(s)) : NULL;
}

static void add_author(pith_result *r, meta_jsonld *j, const char *name, bool org)
{
    if (!name || j->n_authors >= META_MAX_AUTHORS) return;
    mstr c = take(r, name);
    if (!c) return;
    j->author_is_org[j->n_authors] = org;
    j->authors[j->n_authors++] = c;
}

/* Authors from a string, an object (Person/Organization) or an array. */
static void read_authors(pith_result *r, meta_jsonld *j, json_t *a)
{
    json_t *one = a;
    size_t n = json_is_array(a) ? json_array_size(a) : 1;
    if (n > META_MAX_AUTHORS) n = META_MAX_AUTHORS;
    for (size_t i = 0; i < n; i++) {
        if (json_is_array(a)) one = json_array_get(a, i);
        if (json_is_string(one)) {
            add_author(r, j, json_string_value(one), false);
        } else if (json_is_object(one)) {
            bool org = HAS_TYPE(one, org_types);
            json_t *nm = json_object_get(one, "name");
            const char *s = str_of(nm, "@value");
            if (s) {
                add_author(r, j, s, org);
            } else {
                const char *g = str_of(json_object_get(one, "givenName"), "@value");
                const char *f = str_of(json_object_get(one, "familyName"), "@value");
                if (g && f) {
                    char buf[160];
                    size_t gl = strlen(g), fl = strlen(f);
                    if (gl + fl + 2 <= sizeof buf) {
                        memcpy(buf, g, gl);
                        buf[gl] = ' ';
                        memcpy(buf + gl + 1, f, fl + 1);
                        add_author(r, j, buf, org);
                    }
                }
            }
        }
    }
}

/* Keywords or sections: an array of strings or one comma-separated string. */
static void read_list(pith_result *r, json_t *v, mstr *out, size_t *n, size_t cap)
{
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        while (*s && *n < cap) {
            size_t k = strcspn(s, ",;");
            mstr c = meta_clean(r, s, k);
            if (c) out[(*n)++] = c;
            s += k;
            if (*s) s++;
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            if (*n >= cap) break;
            if (json_is_string(x)) {
                mstr c = take(r, json_string_value(x));
                if (c) out[(*n)++] = c;
            }
        }
    }
}

static void read_article(pith_result *r, meta_jsonld *j, json_t *o, bool weak)
{
    if (j->found_article) {
        /* a real article replaces a weak stand-in read earlier */
        mstr publisher = j->publisher;
        meta_jsonld keep = *j;
        memset(j, 0, sizeof *j);
        j->publisher = publisher;
        j->website = keep.website;
        j->page_date = keep.page_date;
        j->page_modified = keep.page_modified;
        j->page_name = keep.page_name;
        j->malformed = keep.malformed;
        j->skip_image = keep.skip_image;
        j->skip_description = keep.skip_description;
    }
    j->found_article = true;
    j->article_weak = weak;
    j->headline = take(r, str_of(json_object_get(o, "headline"), "@value"));
    j->name = take(r, str_of(json_object_get(o, "name"), "@value"));
    j->description = take(r, str_of(json_object_get(o, "description"), "@value"));
    j->date = take(r, str_of(json_object_get(o, "datePublished"), "@value"));
    j->modified = take(r, str_of(json_object_get(o, "dateModified"), "@value"));
    j->created = take(r, str_of(json_object_get(o, "dateCreated"), "@value"));
    if (!j->created) j->created = take(r, str_of(json_object_get(o, "uploadDate"), "@value"));
    j->image = take(r, str_of(json_object_get(o, "image"), "url"));
    j->language = take(r, str_of(json_object_get(o, "inLanguage"), "alternateName"));
    j->url = take(r, str_of(json_object_get(o, "url"), "@id"));
    j->license = take(r, str_of(json_object_get(o, "license"), "url"));
    json_t *pub = json_object_get(o, "publisher");
    if (pub && !j->publisher) j->publisher = take(r, str_of(pub, "name"));
    json_t *a = json_object_get(o, "author");
    if (!a) a = json_object_get(o, "creator");
    if (a) read_authors(r, j, a);
    read_list(r, json_object_get(o, "keywords"), j->keywords, &j->n_keywords, META_MAX_LIST);
    read_list(r, json_object_get(o, "articleSection"), j->sections, &j->n_sections, 8);
}

unsigned meta_jsonld_kinds(const char *s, size_t n)
{
    unsigned kinds = 0;
    const char *p = s, *end = s + n;
    while (p < end && (p = memmem(p, (size_t)(end - p), "\"@type\"", 7))) {
        p += 7;
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ':')) p++;
        bool list = p < end && *p == '[';
        do {
            if (list) {
                p++;
                while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ',')) p++;
            }
            if (p >= end || *p != '"') break;
            const char *v = ++p;
            while (p < end && *p != '"' && *p != '\\') p++;
            if (p >= end || *p == '\\' || p - v >= 64) return kinds | LD_UNKNOWN;  /* escapes: let the parser judge */
            char t[64];
            memcpy(t, v, (size_t)(p - v));
            t[p - v] = '\0';
            p++;
            if (in_list(t, article_types, sizeof article_types / sizeof article_types[0])) kinds |= LD_ARTICLE;
            else if (in_list(t, weak_types, sizeof weak_types / sizeof weak_types[0])) kinds |= LD_WEAK;
            else if (in_list(t, page_types, sizeof page_types / sizeof page_types[0])) kinds |= LD_PAGE;
            else if (!strcmp(bare_type(t), "WebSite")) kinds |= LD_SITE;
            else if (in_list(t, org_types, sizeof org_types / sizeof org_types[0])) kinds |= LD_ORG;
        } while (list && p < end && *p != ']');
    }
    return kinds;
}

/* Keys whose values are never read here. They are most of the bytes of
 * many scripts (the article's whole text, logos, link lists), and the
 * parser's work grows with the bytes, so their values are replaced by
 * null before parsing. */
static const char *const dropped_keys[] = {
    "articleBody", "logo", "potentialAction", "sameAs", "speakable", "breadcrumb",
    "itemListElement", "associatedMedia", "interactionStatistic", "contactPoint", "address",
    "comment", "review", "aggregateRating", "liveBlogUpdate",
};

static bool json_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Whether the value of key k[0..n) can be dropped. */
static bool dropped(const char *k, size_t n, const meta_jsonld *j)
{
    for (size_t i = 0; i < sizeof dropped_keys / sizeof dropped_keys[0]; i++)
        if (strlen(dropped_keys[i]) == n && !memcmp(dropped_keys[i], k, n)) return true;
    if (j->skip_image && ((n == 5 && !memcmp(k, "image", 5)) || (n == 12 && !memcmp(k, "thumbnailUrl", 12)) ||
                          (n == 18 && !memcmp(k, "primaryImageOfPage", 18))))
        return true;
    return j->skip_description && n == 11 && !memcmp(k, "description", 11);
}

/* The index just past the string starting at s[i] (a '"'). */
static size_t skip_string(const char *s, size_t n, size_t i)
{
    for (i++; i < n && s[i] != '"'; i++)
        if (s[i] == '\\') i++;
    return i < n ? i + 1 : n;
}

/* The index just past the JSON value starting at s[i]: a string, an
 * object or array (brackets counted outside strings), or a bare word. */
static size_t skip_value(const char *s, size_t n, size_t i)
{
    if (i >= n) return n;
    if (s[i] == '"') return skip_string(s, n, i);
    if (s[i] == '{' || s[i] == '[') {
        size_t depth = 0;
        while (i < n) {
            char c = s[i];
            if (c == '"') { i = skip_string(s, n, i); continue; }
            if (c == '{' || c == '[') depth++;
            else if ((c == '}' || c == ']') && --depth == 0) return i + 1;
            i++;
        }
        return n;
    }
    while (i < n && s[i] != ',' && s[i] != '}' && s[i] != ']' && !json_space((unsigned char)s[i])) i++;
    return i;
}

/* Copies the script into out (at least n bytes) for the parser, in one
 * pass: whitespace between tokens dropped, raw control characters inside
 * strings (common, and invalid JSON) made spaces, and the values of
 * dropped_keys (and of the image or description when j says the page
 * gives them elsewhere) replaced by null. Sets *depth to the deepest bracket level
 * (hostile nesting is refused before the parser, which recurses), stopping
 * once it passes the limit. Returns the length written. */
static size_t compact(const char *s, size_t n, char *out, int *depth, const meta_jsonld *j)
{
    size_t o = 0, i = 0;
    int level = 0, deepest = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"') {
            size_t e = skip_string(s, n, i);
            for (size_t k = i; k < e; k++) out[o++] = (unsigned char)s[k] < 0x20 ? ' ' : s[k];
            size_t q = e;
            while (q < n && json_space((unsigned char)s[q])) q++;
            if (q < n && s[q] == ':' && e - i >= 2 && dropped(s + i + 1, e - i - 2, j)) {
                out[o++] = ':';
                q++;
                while (q < n && json_space((unsigned char)s[q])) q++;
                size_t v = skip_value(s, n, q);
                if (v - q >= 4) {
                    memcpy(out + o, "null", 4);
                    o += 4;
                } else {
                    memcpy(out + o, s + q, v - q);
                    o += v - q;
                }
                e = v;
            }
            i = e;
            continue;
        }
        i++;
        if (c <= ' ') continue;
        if (c == '{' || c == '[') {
            if (++level > deepest) deepest = level;
            if (deepest > JSONLD_MAX_NEST) break;
        } else if (c == '}' || c == ']') {
            level--;
        }
        out[o++] = (char)c;
    }
    *depth = deepest;
    return o;
}

void meta_jsonld_read(pith_result *r, const char *s, size_t n, meta_jsonld *j)
{
    /* trim HTML comment and CDATA wrappers some sites put around the data */
    while (n && (unsigned char)*s <= ' ') { s++; n--; }
    if (n >= 4 && !memcmp(s, "<!--", 4)) { s += 4; n -= 4; }
    if (n >= 11 && !memcmp(s, "//<![CDATA[", 11)) { s += 11; n -= 11; }
    if (n >= 9 && !memcmp(s, "<![CDATA[", 9)) { s += 9; n -= 9; }
    while (n && (unsigned char)s[n - 1] <= ' ') n--;
    if (n >= 3 && !memcmp(s + n - 3, "-->", 3)) n -= 3;
    if (n >= 5 && !memcmp(s + n - 5, "//]]>", 5)) n -= 5;
    else if (n >= 3 && !memcmp(s + n - 3, "]]>", 3)) n -= 3;
    if (!n) return;
    /* parsing is one call into jansson: the budget is counted before it */
    if (pith_budget_tick(r->budget, n / 64)) return;
    char *copy = n <= JSONLD_MAX_BYTES ? (char *)pith_arena_alloc(r->arena, n) : NULL;
    if (n <= JSONLD_MAX_BYTES && !copy) return;
    int depth = 0;
    if (copy) n = compact(s, n, copy, &depth, j);
    if (!copy || depth > JSONLD_MAX_NEST) {
        j->malformed++;
        pith_result_warn(r, "JSON-LD too large or too deeply nested; ignored");
        return;
    }
    s = copy;
    json_error_t err;
    json_t *root = json_loadb(s, n, JSON_DISABLE_EOF_CHECK, &err);
    if (!root) {
        j->malformed++;
        pith_result_warn(r, "malformed JSON-LD ignored");
        return;
    }
    /* a ring buffer: breadth-first, so top-level objects come first */
    enum { QN = 256 };
    json_t *queue[QN];
    size_t head = 0, count = 0, visited = 0;
#define PUSH(x) do { if (count < QN) { queue[(head + count) % QN] = (x); count++; } } while (0)
    PUSH(root);
    while (count && visited < JSONLD_MAX_VISIT) {
        if (pith_budget_tick(r->budget, 1)) break;
        json_t *v = queue[head];
        head = (head + 1) % QN;
        count--;
        visited++;
        if (json_is_array(v)) {
            size_t i;
            json_t *x;
            json_array_foreach(v, i, x) if (json_is_object(x) || json_is_array(x)) PUSH(x);
            continue;
        }
        if (!json_is_object(v)) continue;
        if ((!j->found_article || j->article_weak) && HAS_TYPE(v, article_types)) read_article(r, j, v, false);
        else if (!j->found_article && HAS_TYPE(v, weak_types)) read_article(r, j, v, true);
        else if (HAS_TYPE(v, page_types)) {
            if (!j->page_date) j->page_date = take(r, str_of(json_object_get(v, "datePublished"), "@value"));
            if (!j->page_modified) j->page_modified = take(r, str_of(json_object_get(v, "dateModified"), "@value"));
            if (!j->page_name) j->page_name = take(r, str_of(json_object_get(v, "name"), "@value"));
            if (!j->language) j->language = take(r, str_of(json_object_get(v, "inLanguage"), "alternateName"));
        } else if (json_is_string(json_object_get(v, "@type")) &&
                   !strcmp(bare_type(json_string_value(json_object_get(v, "@type"))), "WebSite")) {
            if (!j->website) j->website = take(r, str_of(json_object_get(v, "name"), "@value"));
        } else if (HAS_TYPE(v, org_types) && !j->publisher) {
            j->publisher = take(r, str_of(json_object_get(v, "name"), "@value"));
        }
        const char *key;
        json_t *x;
        json_object_foreach(v, key, x) {
            if (!(json_is_object(x) || json_is_array(x))) continue;
            /* names inside these are not articles of their own */
            if (!strcmp(key, "author") || !strcmp(key, "creator") || !strcmp(key, "publisher") ||
                !strcmp(key, "image") || !strcmp(key, "logo") || !strcmp(key, "breadcrumb") ||
                !strcmp(key, "itemListElement") || !strcmp(key, "comment") || !strcmp(key, "review"))
                continue;
            PUSH(x);
        }
    }
#undef PUSH
    json_decref(root);
}

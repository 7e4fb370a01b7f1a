#include "dom.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"

static const char *const known_names[PITH_TAG_COUNT_] = {
    [PITH_TAG_UNKNOWN] = "",
#define PITH_TAG(e, s) [PITH_TAG_##e] = s,
#include "tags.def"
#undef PITH_TAG
};

static const uint8_t known_len[PITH_TAG_COUNT_] = {
#define PITH_TAG(e, s) [PITH_TAG_##e] = sizeof s - 1,
#include "tags.def"
#undef PITH_TAG
};

static bool grow(void **p, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap) return true;
    uint64_t c = *cap ? *cap : 64;
    while (c < need) c *= 2;
    if (c > UINT32_MAX) c = UINT32_MAX;
    if (c < need) return false;
    void *q = realloc(*p, (size_t)c * elem);
    if (!q) return false;
    *p = q;
    *cap = (uint32_t)c;
    return true;
}

bool pith_doc_init(pith_doc *d)
{
    memset(d, 0, sizeof *d);
    pith_arena_init(&d->arena);
    d->max_nodes = 8u << 20;
    d->max_depth = 512;
    d->max_attributes = 1024;
    pith_doc_reset(d);
    return !d->oom;
}

void pith_doc_reset(pith_doc *d)
{
    d->n_nodes = 0;
    d->n_attrs = 0;
    d->n_chars = 0;
    d->n_doctypes = 0;
    d->n_names = 0;
    if (d->name_hash) memset(d->name_hash, 0, d->name_hash_cap * sizeof *d->name_hash);
    pith_arena_reset(&d->arena);
    d->status = PITH_OK;
    d->oom = false;
    d->quirks = 0;
    d->encoding[0] = '\0';
    d->encoding_source = NULL;
    /* node 0 is nil, node 1 the document; the attribute and character arrays
     * exist too, so that `d->attrs + x->a` is valid pointer arithmetic on a
     * page without attributes (NULL + 0 is undefined) */
    if (!d->chars && (d->chars = malloc(4096))) d->cap_chars = 4096;
    if (!grow((void **)&d->nodes, &d->cap_nodes, 2, sizeof *d->nodes) ||
        !grow((void **)&d->attrs, &d->cap_attrs, 1, sizeof *d->attrs) || !d->chars) {
        d->oom = true;
        return;
    }
    memset(d->nodes, 0, 2 * sizeof *d->nodes);
    d->nodes[PITH_DOC].type = PITH_NODE_DOCUMENT;
    d->n_nodes = 2;
}

void pith_doc_free(pith_doc *d)
{
    free(d->nodes);
    free(d->attrs);
    free(d->chars);
    free(d->doctypes);
    free(d->names);
    free(d->name_hash);
    pith_arena_free(&d->arena);
    memset(d, 0, sizeof *d);
}

/* Makes room for `n` more bytes and a NUL in the store. */
static bool reserve_chars(pith_doc *d, size_t n)
{
    if (d->n_chars + n + 1 > UINT32_MAX) {
        if (d->status == PITH_OK) d->status = PITH_ERR_TOO_LARGE;
        return false;
    }
    if (d->n_chars + n + 1 > d->cap_chars) {
        size_t c = d->cap_chars ? d->cap_chars : 4096;
        while (c < d->n_chars + n + 1) c *= 2;
        char *q = realloc(d->chars, c);
        if (!q) { d->oom = true; return false; }
        d->chars = q;
        d->cap_chars = c;
    }
    return true;
}

pith_str pith_doc_store(pith_doc *d, const char *p, size_t n)
{
    pith_str s = {0, 0};
    if (!reserve_chars(d, n)) return s;
    s.off = (uint32_t)d->n_chars;
    s.len = (uint32_t)n;
    if (n) memcpy(d->chars + d->n_chars, p, n);
    d->n_chars += n;
    d->chars[d->n_chars] = '\0';  /* keeps every slice safe to read as a C string past its end */
    return s;
}

static pith_nid new_node(pith_doc *d, uint8_t type)
{
    if (d->n_nodes >= d->max_nodes + 2u) {
        if (d->status == PITH_OK) d->status = PITH_ERR_TOO_MANY_NODES;
        return PITH_NIL;
    }
    if (!grow((void **)&d->nodes, &d->cap_nodes, d->n_nodes + 1, sizeof *d->nodes)) {
        d->oom = true;
        return PITH_NIL;
    }
    pith_nid id = d->n_nodes++;
    memset(&d->nodes[id], 0, sizeof d->nodes[id]);
    d->nodes[id].type = type;
    return id;
}

pith_nid pith_doc_new_element(pith_doc *d, uint32_t tag, uint8_t ns)
{
    pith_nid id = new_node(d, PITH_NODE_ELEMENT);
    if (id) {
        d->nodes[id].tag = tag;
        d->nodes[id].ns = ns;
        d->nodes[id].a = d->n_attrs;
    }
    return id;
}

static pith_nid new_chars(pith_doc *d, uint8_t type, const char *p, size_t n)
{
    pith_nid id = new_node(d, type);
    if (id) {
        pith_str s = pith_doc_store(d, p, n);
        d->nodes[id].a = s.off;
        d->nodes[id].b = s.len;
    }
    return id;
}

pith_nid pith_doc_new_text(pith_doc *d, const char *p, size_t n) { return new_chars(d, PITH_NODE_TEXT, p, n); }

pith_nid pith_doc_new_comment(pith_doc *d, const char *p, size_t n) { return new_chars(d, PITH_NODE_COMMENT, p, n); }

pith_nid pith_doc_new_doctype(pith_doc *d, const pith_doctype *dt)
{
    if (!grow((void **)&d->doctypes, &d->cap_doctypes, d->n_doctypes + 1, sizeof *d->doctypes)) {
        d->oom = true;
        return PITH_NIL;
    }
    pith_nid id = new_node(d, PITH_NODE_DOCTYPE);
    if (id) {
        d->doctypes[d->n_doctypes] = *dt;
        d->nodes[id].a = d->n_doctypes++;
    }
    return id;
}

pith_nid pith_doc_new_fragment(pith_doc *d) { return new_node(d, PITH_NODE_FRAGMENT); }

bool pith_doc_text_append(pith_doc *d, pith_nid text, const char *p, size_t n)
{
    pith_node *t = &d->nodes[text];
    if ((size_t)t->a + t->b == d->n_chars) {
        pith_str s = pith_doc_store(d, p, n);
        if (n && !s.len) return false;
        t = &d->nodes[text];
        t->b += (uint32_t)n;
        return true;
    }
    /* Not at the end of the store: copy the old text to the end first.
     * Reserve first so that `chars` does not move under the copy. */
    uint32_t old_off = t->a, old_len = t->b;
    if (!reserve_chars(d, (size_t)old_len + n)) return false;
    pith_str s = pith_doc_store(d, d->chars + old_off, old_len);
    pith_doc_store(d, p, n);
    if (d->oom) return false;
    t = &d->nodes[text];
    t->a = s.off;
    t->b = old_len + (uint32_t)n;
    return true;
}

bool pith_doc_add_attr(pith_doc *d, pith_nid el, const char *name, size_t nlen,
                       const char *value, size_t vlen, uint8_t ns)
{
    pith_node *e = &d->nodes[el];
    if (e->b >= d->max_attributes) {
        if (d->status == PITH_OK) d->status = PITH_ERR_TOO_MANY_ATTRS;
        return false;
    }
    /* An element's attributes are contiguous; if others were added since,
     * move this element's run to the end first. */
    uint32_t need = d->n_attrs + 1 + (e->a + e->b != d->n_attrs ? e->b : 0);
    if (!grow((void **)&d->attrs, &d->cap_attrs, need, sizeof *d->attrs)) {
        d->oom = true;
        return false;
    }
    e = &d->nodes[el];
    if (e->a + e->b != d->n_attrs) {
        memmove(d->attrs + d->n_attrs, d->attrs + e->a, e->b * sizeof *d->attrs);
        e->a = d->n_attrs;
        d->n_attrs += e->b;
    }
    pith_attr at;
    at.name = pith_doc_store(d, name, nlen);
    at.value = pith_doc_store(d, value, vlen);
    at.ns = ns;
    if (d->oom) return false;
    d->attrs[d->n_attrs++] = at;
    d->nodes[el].b++;
    return true;
}

void pith_doc_append(pith_doc *d, pith_nid parent, pith_nid child)
{
    pith_node *p = &d->nodes[parent], *c = &d->nodes[child];
    c->parent = parent;
    c->next = PITH_NIL;
    c->prev = p->last;
    if (p->last) d->nodes[p->last].next = child;
    else p->first = child;
    p->last = child;
}

void pith_doc_insert_before(pith_doc *d, pith_nid parent, pith_nid child, pith_nid ref)
{
    if (!ref) {
        pith_doc_append(d, parent, child);
        return;
    }
    pith_node *c = &d->nodes[child], *r = &d->nodes[ref];
    c->parent = parent;
    c->next = ref;
    c->prev = r->prev;
    if (r->prev) d->nodes[r->prev].next = child;
    else d->nodes[parent].first = child;
    r->prev = child;
}

void pith_doc_detach(pith_doc *d, pith_nid node)
{
    pith_node *n = &d->nodes[node];
    if (!n->parent) return;
    pith_node *p = &d->nodes[n->parent];
    if (n->prev) d->nodes[n->prev].next = n->next;
    else p->first = n->next;
    if (n->next) d->nodes[n->next].prev = n->prev;
    else p->last = n->prev;
    n->parent = n->next = n->prev = PITH_NIL;
}

void pith_doc_move_children(pith_doc *d, pith_nid from, pith_nid to)
{
    pith_nid c = d->nodes[from].first;
    while (c) {
        pith_nid next = d->nodes[c].next;
        pith_doc_detach(d, c);
        pith_doc_append(d, to, c);
        c = next;
    }
}

/* Known names by hash: open addressing, 0 = empty, else the tag id. Built
 * once (pith_tag_lookup runs for every tag the tokenizer reads, where a
 * binary search with string compares was a fifth of the tokenizer's time). */
#define TAG_HASH_SIZE 1024u
static uint16_t tag_hash[TAG_HASH_SIZE];
static size_t tag_max_len;
static pthread_once_t tag_hash_once = PTHREAD_ONCE_INIT;

static uint32_t tag_hash_of(const char *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 16777619u;
    return h ^ (h >> 15);
}

static void tag_hash_build(void)
{
    for (uint32_t id = 1; id < PITH_TAG_COUNT_; id++) {
        uint32_t k = tag_hash_of(known_names[id], known_len[id]) & (TAG_HASH_SIZE - 1);
        while (tag_hash[k]) k = (k + 1) & (TAG_HASH_SIZE - 1);
        tag_hash[k] = (uint16_t)id;
        if (known_len[id] > tag_max_len) tag_max_len = known_len[id];
    }
}

uint32_t pith_tag_lookup(const char *name, size_t len)
{
    pthread_once(&tag_hash_once, tag_hash_build);
    if (len == 0 || len > tag_max_len) return PITH_TAG_UNKNOWN;
    uint32_t k = tag_hash_of(name, len) & (TAG_HASH_SIZE - 1);
    for (uint32_t id; (id = tag_hash[k]) != 0; k = (k + 1) & (TAG_HASH_SIZE - 1))
        if (known_len[id] == len && memcmp(known_names[id], name, len) == 0) return id;
    return PITH_TAG_UNKNOWN;
}

const char *pith_tag_name_known(uint32_t tag)
{
    return tag < PITH_TAG_COUNT_ ? known_names[tag] : "";
}

static uint32_t hash_bytes(const char *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 16777619u;
    return h;
}

uint32_t pith_doc_intern_tag(pith_doc *d, const char *name, size_t len)
{
    uint32_t t = pith_tag_lookup(name, len);
    if (t) return t;
    if (d->n_names * 2 + 2 > d->name_hash_cap) {
        uint32_t cap = d->name_hash_cap ? d->name_hash_cap * 2 : 64;
        uint32_t *h = calloc(cap, sizeof *h);
        if (!h) { d->oom = true; return PITH_TAG_UNKNOWN; }
        for (uint32_t i = 0; i < d->n_names; i++) {
            uint32_t k = hash_bytes(d->chars + d->names[i].off, d->names[i].len) & (cap - 1);
            while (h[k]) k = (k + 1) & (cap - 1);
            h[k] = i + 1;
        }
        free(d->name_hash);
        d->name_hash = h;
        d->name_hash_cap = cap;
    }
    uint32_t mask = d->name_hash_cap - 1;
    uint32_t k = hash_bytes(name, len) & mask;
    while (d->name_hash[k]) {
        pith_str s = d->names[d->name_hash[k] - 1];
        if (s.len == len && memcmp(d->chars + s.off, name, len) == 0)
            return PITH_TAG_COUNT_ + d->name_hash[k] - 1;
        k = (k + 1) & mask;
    }
    if (!grow((void **)&d->names, &d->cap_names, d->n_names + 1, sizeof *d->names)) {
        d->oom = true;
        return PITH_TAG_UNKNOWN;
    }
    pith_str s = pith_doc_store(d, name, len);
    if (d->oom) return PITH_TAG_UNKNOWN;
    d->names[d->n_names] = s;
    d->name_hash[k] = ++d->n_names;
    return PITH_TAG_COUNT_ + d->n_names - 1;
}

const char *pith_doc_tag_name(const pith_doc *d, uint32_t tag, size_t *len)
{
    const char *s;
    size_t n;
    if (tag < PITH_TAG_COUNT_) {
        s = known_names[tag];
        n = strlen(s);
    } else if (tag - PITH_TAG_COUNT_ < d->n_names) {
        pith_str x = d->names[tag - PITH_TAG_COUNT_];
        s = d->chars + x.off;
        n = x.len;
    } else {
        s = "";
        n = 0;
    }
    if (len) *len = n;
    return s;
}

const pith_attr *pith_doc_attr(const pith_doc *d, pith_nid el, const char *name)
{
    const pith_node *e = &d->nodes[el];
    if (e->type != PITH_NODE_ELEMENT) return NULL;
    size_t nl = strlen(name);
    for (uint32_t i = 0; i < e->b; i++) {
        const pith_attr *a = &d->attrs[e->a + i];
        if (a->name.len == nl && memcmp(d->chars + a->name.off, name, nl) == 0) return a;
    }
    return NULL;
}

const char *pith_doc_attr_value(const pith_doc *d, pith_nid el, const char *name, size_t *len)
{
    const pith_attr *a = pith_doc_attr(d, el, name);
    if (!a) {
        if (len) *len = 0;
        return NULL;
    }
    if (len) *len = a->value.len;
    return d->chars + a->value.off;
}

pith_nid pith_doc_next(const pith_doc *d, pith_nid root, pith_nid n, bool descend)
{
    if (descend && d->nodes[n].first) return d->nodes[n].first;
    while (n && n != root) {
        if (d->nodes[n].next) return d->nodes[n].next;
        n = d->nodes[n].parent;
    }
    return PITH_NIL;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool pith_doc_text_content(const pith_doc *d, pith_nid root, pith_buf *out)
{
    bool pending_space = false;
    size_t start = out->len;
    for (pith_nid n = root; n; n = pith_doc_next(d, root, n, true)) {
        const pith_node *x = &d->nodes[n];
        if (x->type != PITH_NODE_TEXT) continue;
        const char *p = d->chars + x->a;
        for (uint32_t i = 0; i < x->b; i++) {
            if (is_space(p[i])) {
                pending_space = true;
                continue;
            }
            if (pending_space && out->len > start) pith_buf_putc(out, ' ');
            pending_space = false;
            pith_buf_putc(out, p[i]);
        }
    }
    return !out->oom;
}

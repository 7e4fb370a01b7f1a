/* The document model: building, surgery, interning, attributes, walks. */
#include "core/buf.h"
#include "dom/dom.h"
#include "t.h"

static void test_tags(void)
{
    CHECK(pith_tag_lookup("div", 3) == PITH_TAG_DIV);
    CHECK(pith_tag_lookup("annotation-xml", 14) == PITH_TAG_ANNOTATION_XML);
    CHECK(pith_tag_lookup("xmp", 3) == PITH_TAG_XMP);
    CHECK(pith_tag_lookup("a", 1) == PITH_TAG_A);
    CHECK(pith_tag_lookup("dived", 5) == PITH_TAG_UNKNOWN);
    CHECK(pith_tag_lookup("", 0) == PITH_TAG_UNKNOWN);
    /* the table is sorted and every name finds itself */
    for (uint32_t t = 1; t < PITH_TAG_COUNT_; t++) {
        const char *n = pith_tag_name_known(t);
        CHECK(pith_tag_lookup(n, strlen(n)) == t);
        if (t > 1) CHECK(strcmp(pith_tag_name_known(t - 1), n) < 0);
    }
}

static void test_tree(void)
{
    pith_doc d;
    CHECK(pith_doc_init(&d));
    pith_nid html = pith_doc_new_element(&d, PITH_TAG_HTML, PITH_NS_HTML);
    pith_nid body = pith_doc_new_element(&d, PITH_TAG_BODY, PITH_NS_HTML);
    pith_nid p = pith_doc_new_element(&d, PITH_TAG_P, PITH_NS_HTML);
    pith_nid t1 = pith_doc_new_text(&d, "Hello", 5);
    pith_nid x = pith_doc_new_element(&d, pith_doc_intern_tag(&d, "my-widget", 9), PITH_NS_HTML);
    pith_doc_append(&d, PITH_DOC, html);
    pith_doc_append(&d, html, body);
    pith_doc_append(&d, body, p);
    pith_doc_append(&d, p, t1);
    pith_doc_insert_before(&d, body, x, p);
    CHECK(d.nodes[body].first == x && d.nodes[x].next == p && d.nodes[p].prev == x);
    CHECK(pith_doc_intern_tag(&d, "my-widget", 9) == d.nodes[x].tag);
    size_t n;
    CHECK(!strcmp(pith_doc_tag_name(&d, d.nodes[x].tag, &n), "my-widget") && n == 9);
    /* attributes, including adding to an earlier element */
    CHECK(pith_doc_add_attr(&d, p, "class", 5, "lead", 4, PITH_NS_NONE));
    CHECK(pith_doc_add_attr(&d, x, "id", 2, "w", 1, PITH_NS_NONE));
    CHECK(pith_doc_add_attr(&d, p, "id", 2, "p1", 2, PITH_NS_NONE));
    CHECK(!memcmp(pith_doc_attr_value(&d, p, "class", &n), "lead", 4) && n == 4);
    CHECK(!memcmp(pith_doc_attr_value(&d, p, "id", &n), "p1", 2) && n == 2);
    CHECK(!memcmp(pith_doc_attr_value(&d, x, "id", &n), "w", 1) && n == 1);
    CHECK(pith_doc_attr(&d, p, "style") == NULL);
    /* text append, in place and after other stores */
    CHECK(pith_doc_text_append(&d, t1, ", ", 2));
    pith_doc_new_text(&d, "zz", 2);
    CHECK(pith_doc_text_append(&d, t1, "world", 5));
    CHECK(d.nodes[t1].b == 12 && !memcmp(d.chars + d.nodes[t1].a, "Hello, world", 12));
    pith_buf b;
    pith_buf_init(&b);
    pith_nid t2 = pith_doc_new_text(&d, "  again\n", 8);
    pith_doc_append(&d, x, t2);
    CHECK(pith_doc_text_content(&d, PITH_DOC, &b));
    CHECK_STR(b.data, "again Hello, world");
    /* detach and move */
    pith_doc_detach(&d, x);
    CHECK(d.nodes[body].first == p && d.nodes[p].prev == PITH_NIL);
    pith_doc_move_children(&d, p, body);
    CHECK(d.nodes[p].first == PITH_NIL && d.nodes[body].last == t1);
    /* walk order */
    int count = 0;
    for (pith_nid k = PITH_DOC; k; k = pith_doc_next(&d, PITH_DOC, k, true)) count++;
    CHECK(count == 5); /* doc, html, body, p, text */
    /* reset keeps working */
    pith_doc_reset(&d);
    CHECK(d.n_nodes == 2 && d.nodes[PITH_DOC].first == PITH_NIL);
    CHECK(pith_doc_intern_tag(&d, "other", 5) == PITH_TAG_COUNT_);
    pith_buf_free(&b);
    pith_doc_free(&d);
}

static void test_limits(void)
{
    pith_doc d;
    pith_doc_init(&d);
    d.max_nodes = 3;
    int made = 0;
    for (int i = 0; i < 10; i++)
        if (pith_doc_new_element(&d, PITH_TAG_DIV, PITH_NS_HTML)) made++;
    CHECK(made == 3);
    CHECK(d.status == PITH_ERR_TOO_MANY_NODES);
    pith_doc_free(&d);
}

int main(void)
{
    test_tags();
    test_tree();
    test_limits();
    return T_DONE("dom");
}

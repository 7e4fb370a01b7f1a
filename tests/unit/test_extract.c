/* Extraction: the hint table and matcher, and behaviour on small pages. */
#include <stdlib.h>
#include <string.h>

#include "extract/hints.h"
#include "extract/internal.h"
#include "pith.h"
#include "t.h"

static void test_hint_table(void)
{
    /* every pattern has a literal core of two or more characters and one kind */
    for (int i = 0; i < PITH_HINT_COUNT_; i++) {
        const char *p = pith_hints[i].pattern;
        size_t n = strlen(p);
        size_t core = n - (p[0] == '^' || p[0] == '|') - (n && (p[n - 1] == '$' || p[n - 1] == '|'));
        CHECK(core >= 2);
        unsigned k = pith_hints[i].kind;
        CHECK(k && !(k & (k - 1)));
        int bad = 0;
        for (const char *q = p; *q; q++)
            bad += !((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '-' || *q == '^' ||
                     *q == '$' || *q == '|' || (unsigned char)*q >= 0x80);
        CHECK(bad == 0);
        /* no pattern listed twice */
        int dup = 0;
        for (int j = 0; j < i; j++) dup += !strcmp(p, pith_hints[j].pattern);
        CHECK(dup == 0);
    }
    for (int i = 0; i < PITH_PHRASE_COUNT_; i++) {
        const char *p = pith_phrases[i].pattern;
        CHECK(strlen(p) >= 1);
        int upper = 0, dup = 0;
        for (const char *q = p; *q; q++) upper += *q >= 'A' && *q <= 'Z';
        for (int j = 0; j < i; j++) dup += !strcmp(p, pith_phrases[j].pattern);
        CHECK(upper == 0 && dup == 0);
    }
    CHECK(!strcmp(pith_hints[PITH_HINT_SIDEBAR].pattern, "sidebar"));
    CHECK(pith_hint_states() > 100 && pith_hint_states() < 4096);
    CHECK(!strcmp(pith_phrases[PITH_PHRASE_ADVERTISEMENT].pattern, "advertisement"));
}

static void test_hint_match(void)
{
#define M(s) pith_hint_match(s, strlen(s))
    CHECK(M("site-nav") & HK_BOILER);
    CHECK(M("NavBar main") & HK_BOILER);
    CHECK(!(M("canvas-wrap") & HK_BOILER));     /* "nav" must begin a word */
    CHECK(M("left_sidebar") & HK_BOILER);
    CHECK(M("ad") & HK_AD);
    CHECK(M("top ad-slot") & HK_AD);
    CHECK(!(M("header-shadow") & HK_AD));
    CHECK(!(M("read") & HK_AD));
    CHECK(M("hidden") & HK_HIDDEN);
    CHECK(!(M("hidden-xs") & HK_HIDDEN));       /* whole class names only */
    CHECK(M("col hidden") & HK_HIDDEN);
    CHECK(M("article-body") & HK_POS);
    CHECK(M("articleBody") & HK_POS);
    CHECK(M("mehr-zum-thema") & HK_BOILER);
    CHECK(M("mehr_zum_thema") & HK_BOILER);
    CHECK(M("lire-aussi") & HK_BOILER);
    CHECK(M("comments") & HK_COMMENT);
    CHECK(M("figure__caption") & HK_CAPTION);
    CHECK(M("photo-credit") & HK_CREDIT);
    CHECK(M("") == 0);
    CHECK(M("x hidden") & HK_HIDDEN);
    CHECK(!(M("x-hidden") & HK_HIDDEN));
    CHECK(M("hidden-xs hidden") & HK_HIDDEN);
    CHECK(M("mjx-container CtxtMenu_Attached_0") == 0);
    CHECK(M("main-nav") & HK_BOILER);
    CHECK(M("main-nav") & HK_POS);
    CHECK(M("SIDEBAR") & HK_BOILER);
    CHECK(M("ad") & HK_AD);
    CHECK(!(M("adx") & HK_AD));
    CHECK(M("-ad-") & HK_AD);
#undef M
#define P(s, m) pith_phrase_match(s, strlen(s), m)
    CHECK(P("Advertisement", PK_LINE) == PK_LINE);
    CHECK(P("ADVERTISEMENT:", PK_LINE) == PK_LINE);
    CHECK(P("Advertisement for a flat", PK_LINE) == 0);
    CHECK(P("Read also: the other story", PK_LEAD) == PK_LEAD);
    CHECK(P("Readings", PK_LEAD) == 0);
    CHECK(P("Foto: dpa", PK_CREDIT) == PK_CREDIT);
#undef P
}

static const char *extract_text(pith_extractor *ex, const char *html, pith_options *o, pith_result **r)
{
    pith_extract(ex, o, html, strlen(html), NULL, NULL, r);
    return pith_result_text(*r);
}

#define PARA "<p>This is a long paragraph of the article, with commas, clauses, and enough words to count as prose for any reader.</p>"

static void test_pages(void)
{
    pith_extractor *ex = pith_extractor_new();
    pith_result *r;
    const char *page =
        "<html><head><title>Big news - Site</title><script>var x = 1;</script></head><body>"
        "<nav><ul><li><a href=/>Home</a></li><li><a href=/a>World</a></li></ul></nav>"
        "<div class=sidebar><p>Sidebar text that is not part of the article, with commas, sadly.</p></div>"
        "<article><h1>Big news</h1>"
        PARA PARA
        "<h2>A subheading</h2>"
        PARA
        "<figure><img src=a.jpg><figcaption>A caption of the photo. Foto: Jane Doe</figcaption></figure>"
        "<ul><li>first item</li><li>second item</li></ul>"
        "<div class=share><a href=#>Share on Facebook</a></div>"
        "<p style='display:none'>hidden text</p>"
        "<p>Advertisement</p>"
        PARA
        "</article>"
        "<footer><p>Copyright 2024, the site, all rights reserved, forever and ever.</p></footer>"
        "</body></html>";
    const char *t = extract_text(ex, page, NULL, &r);
    CHECK(pith_result_status(r) == PITH_OK);
    CHECK(t && strstr(t, "This is a long paragraph"));
    CHECK(t && strstr(t, "A subheading"));
    CHECK(t && strstr(t, "first item\nsecond item"));
    CHECK(t && !strstr(t, "var x"));
    CHECK(t && !strstr(t, "Home"));
    CHECK(t && !strstr(t, "Sidebar"));
    CHECK(t && !strstr(t, "Share on"));
    CHECK(t && !strstr(t, "hidden text"));
    CHECK(t && !strstr(t, "Advertisement"));
    CHECK(t && !strstr(t, "Copyright"));
    CHECK(t && !strstr(t, "A caption"));
    /* blocks in order, with types */
    size_t nb = pith_result_block_count(r);
    int saw_heading = 0, saw_list = 0;
    for (size_t i = 0; i < nb; i++) {
        const pith_block *b = pith_result_block(r, i);
        if (b->type == PITH_BLOCK_HEADING) { saw_heading++; CHECK(b->level == 2); CHECK_STR(b->text, "A subheading"); }
        if (b->type == PITH_BLOCK_LIST) saw_list++;
        CHECK(b->rich == NULL);
    }
    CHECK(saw_heading == 1); /* the title h1 is not repeated */
    CHECK(saw_list == 1);
    CHECK(pith_result_image_count(r) == 1);
    const pith_image *im = pith_result_image(r, 0);
    if (im) {
        CHECK_STR(im->src, "a.jpg");
        CHECK_STR(im->caption, "A caption of the photo.");
        CHECK_STR(im->credit, "Jane Doe");
        CHECK(im->lead == 0); /* it stands after the text's first paragraphs */
    }

    /* tables: kept as rows and cells, or left out */
    const char *tpage = "<body><div>" PARA PARA
                        "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>" PARA
                        "</div></body>";
    t = extract_text(ex, tpage, NULL, &r);
    CHECK(t && strstr(t, "a\tb\n1\t2"));
    int header = 0;
    for (size_t i = 0; i < pith_result_block_count(r); i++)
        if (pith_result_block(r, i)->type == PITH_BLOCK_TABLE) header = pith_result_block(r, i)->flags & PITH_BLOCK_F_TABLE_HEADER;
    CHECK(header);
    pith_options o;
    pith_options_init(&o);
    o.tables = 0;
    t = extract_text(ex, tpage, &o, &r);
    CHECK(t && !strstr(t, "a\tb"));

    /* links as inline Markdown when asked */
    const char *lpage = "<body><div>" PARA "<p>See <a href='http://x.org/a'>the report</a> for the details of the matter, with commas.</p>" PARA "</div></body>";
    pith_options_init(&o);
    o.links = 1;
    extract_text(ex, lpage, &o, &r);
    int found = 0;
    for (size_t i = 0; i < pith_result_block_count(r); i++) {
        const pith_block *b = pith_result_block(r, i);
        if (b->rich && strstr(b->rich, "[the report](http://x.org/a)")) found = 1;
    }
    CHECK(found);

    /* br inside a paragraph is a line break */
    t = extract_text(ex, "<body><div><p>line one of the poem, with commas, and more words to count<br>line two of the poem, with commas, and more words</p>" PARA "</div></body>", NULL, &r);
    CHECK(t && strstr(t, "words to count\nline two"));

    /* an empty heading or list ends its block: what follows is a paragraph */
    t = extract_text(ex, "<body><div>" PARA "<h4 id=title></h4><ul></ul>" PARA PARA "</div></body>", NULL, &r);
    int headings = 0;
    for (size_t i = 0; i < pith_result_block_count(r); i++) headings += pith_result_block(r, i)->type != PITH_BLOCK_PARAGRAPH;
    CHECK(headings == 0);
    CHECK(pith_result_block_count(r) == 3);

    /* a heading with nothing under it does not end an article */
    t = extract_text(ex, "<body><div>" PARA PARA PARA "<h2>Related stories</h2></div></body>", NULL, &r);
    CHECK(t && !strstr(t, "Related stories"));

    /* embedded posts and popup links inside sentences stay */
    t = extract_text(ex, "<body><div class=story>" PARA "<p>I am a <a class=popup href='javascript:void(0)'>rather elderly</a> man, he said, and more words of the story.</p>"
                         "<div class=social-media-embed><blockquote class=twitter-tweet><p>Yes this is real, said the tweet about the campaign.</p>"
                         "<a href=https://t.co/x>pic</a></blockquote></div>" PARA "</div></body>", NULL, &r);
    CHECK(t && strstr(t, "I am a rather elderly man"));
    CHECK(t && strstr(t, "Yes this is real"));

    /* bylines and datelines above the text belong to metadata */
    t = extract_text(ex, "<body><div class=story><p>By Jane Doe</p><p>Nov. 19, 2019, 8:41 AM UTC</p>" PARA PARA "</div></body>", NULL, &r);
    CHECK(t && !strstr(t, "Jane Doe") && !strstr(t, "2019"));
    CHECK(t && strstr(t, "This is a long paragraph"));

    /* pre keeps its text verbatim */
    t = extract_text(ex, "<body><div>" PARA "<pre>int  x;\n  y = 2;</pre>" PARA "</div></body>", NULL, &r);
    CHECK(t && strstr(t, "int  x;\n  y = 2;"));

    /* nothing but navigation: no content, with a reason */
    pith_status st = pith_extract(ex, NULL, "<body><nav><a href=/>Home</a></nav></body>", 42, NULL, NULL, &r);
    CHECK(st == PITH_ERR_NO_CONTENT);
    CHECK(pith_result_reason(r) && strstr(pith_result_reason(r), "mostly links"));
    st = pith_extract(ex, NULL, "<body><div id=app></div><script>render()</script></body>", 55, NULL, NULL, &r);
    CHECK(st == PITH_ERR_NO_CONTENT);
    CHECK(pith_result_reason(r) && strstr(pith_result_reason(r), "no visible text"));

    /* deep nesting does not overflow anything */
    size_t depth = 100000;
    char *deep = malloc(depth * 5 + 200);
    if (deep) {
        size_t k = 0;
        for (size_t i = 0; i < depth; i++) { memcpy(deep + k, "<div>", 5); k += 5; }
        strcpy(deep + k, PARA);
        /* no time budget: the status must not depend on the machine's load */
        pith_options o;
        pith_options_init(&o);
        o.time_budget = 0;
        pith_extract(ex, &o, deep, strlen(deep), NULL, NULL, &r);
        CHECK(pith_result_status(r) == PITH_OK || pith_result_status(r) == PITH_ERR_TOO_DEEP ||
              pith_result_status(r) == PITH_ERR_NO_CONTENT);
        free(deep);
    }
    pith_extractor_free(ex);
}

/* Pages whose article is only in script data. */
static void test_data_fallback(void)
{
    pith_extractor *ex = pith_extractor_new();
    pith_result *r;
    const char *ld =
        "<html><head><script type='application/ld+json'>{\"@context\":\"https://schema.org\",\"@graph\":[{\"@type\":\"NewsArticle\","
        "\"articleBody\":\"The first paragraph of the story, told at length so that it reads as prose, with commas and clauses.\\n"
        "The second paragraph of the story, also long enough to count, with more words and more clauses in it.\"}]}</script></head>"
        "<body><div id=root></div></body></html>";
    const char *t = extract_text(ex, ld, NULL, &r);
    CHECK(pith_result_status(r) == PITH_OK);
    CHECK(t && strstr(t, "The first paragraph of the story"));
    CHECK(pith_result_block_count(r) == 2);

    const char *next =
        "<html><body><div id=__next></div><script id='__NEXT_DATA__' type='application/json'>"
        "{\"props\":{\"pageProps\":{\"story\":{\"title\":\"x\",\"content\":\"\\u003ch2\\u003eA heading\\u003c/h2\\u003e"
        "\\u003cp\\u003eOne paragraph of the article &amp; its long body text, with commas, enough of them to be prose.\\u003c/p\\u003e"
        "\\u003cp\\u003eAnother paragraph of the article, with its own words and clauses, continuing the story at length.\\u003c/p\\u003e"
        "\\u003cp\\u003eA third paragraph, because an article has more than two, and this one ends it.\\u003c/p\\u003e\"}}}}"
        "</script></body></html>";
    t = extract_text(ex, next, NULL, &r);
    CHECK(t && strstr(t, "One paragraph of the article & its long body text"));
    CHECK(pith_result_block_count(r) == 4);
    if (pith_result_block_count(r) == 4) {
        CHECK(pith_result_block(r, 0)->type == PITH_BLOCK_HEADING);
        CHECK(pith_result_block(r, 0)->level == 2);
    }

    const char *rsc =
        "<html><body><main></main><script>self.__next_f.push([1,\"1:\\\"$Sreact.fragment\\\"\\n\"])</script>"
        "<script>self.__next_f.push([1,\"24:Tf5,\\u003cp\\u003eStreamed paragraph of the article, long enough to be read as prose, with commas.\\u003c/p\\u003e\\u003cp\\u003eA second one, to make it an article, with more words in it than the first had.\\u003c/p\\u003e\\u003cp\\u003eA third one, which ends the streamed article with a last sentence.\\u003c/p\\u003e\"])</script></body></html>";
    t = extract_text(ex, rsc, NULL, &r);
    CHECK(t && strstr(t, "Streamed paragraph of the article"));

    /* hostile JSON is ignored, not a crash */
    const char *bad = "<html><head><script type='application/ld+json'>{\"articleBody\": [[[[[[[[[[[[</script></head><body></body></html>";
    pith_status st = pith_extract(ex, NULL, bad, strlen(bad), NULL, NULL, &r);
    CHECK(st == PITH_ERR_NO_CONTENT);
    pith_extractor_free(ex);
}

static void test_resolve(void)
{
    const char *base = "https://ex.com/news/a/story.html?x=1#f";
    static const char *const cases[][2] = {
        {"img.jpg", "https://ex.com/news/a/img.jpg"},
        {"../b.html", "https://ex.com/news/b.html"},
        {"./c/d", "https://ex.com/news/a/c/d"},
        {"/top", "https://ex.com/top"},
        {"//cdn.ex.com/x.png", "https://cdn.ex.com/x.png"},
        {"?q=2", "https://ex.com/news/a/story.html?q=2"},
        {"#sec", "https://ex.com/news/a/story.html?x=1#sec"},
        {"http://other.org/", "http://other.org/"},
        {"../../../x", "https://ex.com/x"},
        {" spaced.html ", "https://ex.com/news/a/spaced.html"},
        {"mailto:a@b.c", "mailto:a@b.c"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        pith_buf b;
        pith_buf_init(&b);
        pith_x_resolve(base, cases[i][0], strlen(cases[i][0]), &b);
        CHECK_STR(b.data ? b.data : "", cases[i][1]);
        pith_buf_free(&b);
    }
    pith_buf b;
    pith_buf_init(&b);
    pith_x_resolve(NULL, "rel/x", 5, &b); /* no base: as found */
    CHECK_STR(b.data, "rel/x");
    pith_buf_free(&b);
    pith_buf_init(&b);
    pith_x_resolve("https://ex.com", "a", 1, &b); /* base without a path */
    CHECK_STR(b.data, "https://ex.com/a");
    pith_buf_free(&b);
}

static void test_options(void)
{
    pith_extractor *ex = pith_extractor_new();
    pith_result *r;
    pith_options o;
    const char *page =
        "<body><article>" PARA PARA "<p>A link to <a href='../other.html'>another page</a> inside the text of the story, with commas.</p>"
        "<figure><img src='/img/a.jpg'><figcaption>Caption</figcaption></figure>" PARA "</article>"
        "<div id=comments><h3>2 comments</h3><div class=comment><p>First! Great article.</p></div>"
        "<div class=comment><p>I disagree with the second point.</p></div></div></body>";
    pith_options_init(&o);
    o.links = 1;
    o.comments = 1;
    pith_extract(ex, &o, page, strlen(page), "https://ex.com/news/story.html", NULL, &r);
    int found = 0;
    for (size_t i = 0; i < pith_result_block_count(r); i++) {
        const pith_block *b = pith_result_block(r, i);
        if (b->rich && strstr(b->rich, "[another page](https://ex.com/other.html)")) found = 1;
    }
    CHECK(found);
    CHECK(pith_result_image_count(r) == 1);
    if (pith_result_image_count(r)) CHECK_STR(pith_result_image(r, 0)->src, "https://ex.com/img/a.jpg");
    CHECK(r->comments && strstr(r->comments, "First! Great article.\nI disagree"));
    CHECK(pith_result_text(r) && !strstr(pith_result_text(r), "First!"));
    /* without the option, no comments */
    pith_options_init(&o);
    pith_extract(ex, &o, page, strlen(page), NULL, NULL, &r);
    CHECK(r->comments == NULL);
    /* focus: precision never yields more text than recall */
    const char *mixed = "<body><div class=main>" PARA PARA
                        "<div><p>Read <a href=/1>this</a> and <a href=/2>that one too</a>, or more of it.</p></div>"
                        PARA "</div><div><p>" "Short note, after." "</p></div></body>";
    size_t len[3];
    for (int f = 0; f < 3; f++) {
        pith_options_init(&o);
        o.focus = (pith_focus)f;
        pith_extract(ex, &o, mixed, strlen(mixed), NULL, NULL, &r);
        len[f] = pith_result_text(r) ? strlen(pith_result_text(r)) : 0;
    }
    CHECK(len[PITH_FOCUS_PRECISION] <= len[PITH_FOCUS_BALANCED]);
    CHECK(len[PITH_FOCUS_BALANCED] <= len[PITH_FOCUS_RECALL]);
    pith_extractor_free(ex);
}

/* Teaser cards (a list of items led by a linked headline) after the text
 * are dropped; on a page of nothing but teasers they are kept when they
 * hold prose, and the page has no article when they are headlines only. */
static void test_teasers(void)
{
    pith_extractor *ex = pith_extractor_new();
    pith_result *r;
#define CARD(h) "<li><h3><a href=/x>" h "</a></h3><p>A short summary of that other story, which is not part of this one.</p></li>"
    const char *page =
        "<html><body><div class=story>" PARA PARA PARA PARA PARA PARA
        "<h2><a href=/more>More stories</a></h2><ul>" CARD("First teaser") CARD("Second teaser") CARD("Third teaser") "</ul>"
        "</div></body></html>";
    const char *t = extract_text(ex, page, NULL, &r);
    CHECK(t && strstr(t, "This is a long paragraph"));
    CHECK(t && !strstr(t, "Second teaser"));
    CHECK(t && !strstr(t, "More stories"));
#define LONGCARD(h) "<li><h3><a href=/x>" h "</a></h3><p>A summary of that other story, which is not part of this one, long enough to read as a sentence.</p></li>"
    const char *index =
        "<html><body><div class=front><ul>" LONGCARD("First teaser") LONGCARD("Second teaser") LONGCARD("Third teaser")
        LONGCARD("Fourth teaser") "</ul></div></body></html>";
    t = extract_text(ex, index, NULL, &r);
    CHECK(t && strstr(t, "Second teaser"));
    /* nothing but headlines with a few words each: an index, no article */
    const char *headlines =
        "<html><body><div class=front><h2>Features</h2><ul>" CARD("First teaser") CARD("Second teaser") CARD("Third teaser")
        CARD("Fourth teaser") "</ul></div></body></html>";
    extract_text(ex, headlines, NULL, &r);
    CHECK(pith_result_status(r) == PITH_ERR_NO_CONTENT);
#undef LONGCARD
#undef CARD
    pith_extractor_free(ex);
}

int main(void)
{
    test_hint_table();
    test_hint_match();
    test_pages();
    test_data_fallback();
    test_resolve();
    test_options();
    test_teasers();
    return T_DONE("test_extract");
}

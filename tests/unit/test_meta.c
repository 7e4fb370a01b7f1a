/* Unit tests of the metadata helpers: dates, bylines, agencies, language
 * tags, JSON-LD, and field choice through pith_extract. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/result.h"
#include "meta/meta_internal.h"
#include "pith.h"
#include "t.h"

/* The first date found in s, formatted, or "-" when none. */
static const char *find(const char *s)
{
    static char buf[32];
    meta_date d;
    bool upd;
    if (!meta_date_find(s, strlen(s), &d, &upd)) return "-";
    meta_date_format(&d, buf);
    return buf;
}

static const char *parse(const char *s)
{
    static char buf[32];
    meta_date d;
    if (!meta_date_parse(s, strlen(s), &d)) return "-";
    meta_date_format(&d, buf);
    return buf;
}

static const char *from_url(const char *u)
{
    static char buf[32];
    meta_date d;
    if (!meta_date_from_url(u, &d)) return "-";
    meta_date_format(&d, buf);
    return buf;
}

static void test_dates(void)
{
    CHECK_STR(parse("2024-06-18T10:15:00+02:00"), "2024-06-18T10:15:00+02:00");
    CHECK_STR(parse("2024-06-18T08:15:00.000Z"), "2024-06-18T08:15:00Z");
    CHECK_STR(parse("2024-06-18"), "2024-06-18");
    CHECK_STR(parse("20240618"), "2024-06-18");
    CHECK_STR(parse("Tue, 18 Jun 2024 10:15:00 GMT"), "2024-06-18T10:15:00Z");
    CHECK_STR(parse("1718698500"), "2024-06-18");
    CHECK_STR(parse("2024-02-30"), "-");
    CHECK_STR(parse("not a date"), "-");
    CHECK_STR(find("Stand: 18.06.2024, 10:15 Uhr"), "2024-06-18T10:15:00");
    CHECK_STR(find("28. Juni 2024"), "2024-06-28");
    CHECK_STR(find("Veröffentlicht am 3. März 2023"), "2023-03-03");
    CHECK_STR(find("June 28, 2024 at 6:01 pm"), "2024-06-28T18:01:00");
    CHECK_STR(find("Jun. 5th, 2024"), "2024-06-05");
    CHECK_STR(find("Publié le 28 juin 2024 à 08h30"), "2024-06-28");
    CHECK_STR(find("3 de julio de 2024"), "2024-07-03");
    CHECK_STR(find("12 settembre 2023"), "2023-09-12");
    CHECK_STR(find("5 de março de 2022"), "2022-03-05");
    CHECK_STR(find("14 mei 2021"), "2021-05-14");
    CHECK_STR(find("04/28/2019"), "2019-04-28");
    CHECK_STR(find("2024年4月24日 08:12"), "2024-04-24");
    CHECK_STR(find("Copyright 2024"), "-");
    CHECK_STR(find("42 comments"), "-");
    meta_date d;
    bool upd = false;
    CHECK(meta_date_find("Updated March 3, 2023", 21, &d, &upd) && upd);
    CHECK(meta_date_find("Published March 3, 2023", 23, &d, &upd) && !upd);
    CHECK_STR(from_url("https://x.example/news/2024/06/18/story"), "2024-06-18");
    CHECK_STR(from_url("https://x.example/2024-10-15/story.html"), "2024-10-15");
    CHECK_STR(from_url("https://x.example/cnt/dmf20250202_96887132"), "2025-02-02");
    CHECK_STR(from_url("http://x.example/n1/2024/0424/c1001.html"), "2024-04-24");
    CHECK_STR(from_url("https://x.example/story-12345678"), "-");
    CHECK_STR(from_url(NULL), "-");
}

/* The authors that one byline string yields, joined by "|". */
static const char *names(const char *s, bool text)
{
    static char buf[256];
    pith_arena a;
    pith_arena_init(&a);
    pith_result r;
    pith_result_reset(&r, &a);
    meta_authors_add(&r, s, strlen(s), 24, text);
    buf[0] = '\0';
    for (size_t i = 0; i < r.authors.n; i++) {
        if (i) strcat(buf, "|");
        strncat(buf, r.authors.items[i], sizeof buf - strlen(buf) - 2);
    }
    pith_arena_free(&a);
    return buf;
}

static void test_bylines(void)
{
    CHECK_STR(names("By Alice Moreton and Ben Okafor", true), "Alice Moreton|Ben Okafor");
    CHECK_STR(names("Von Jana Weber und Lukas Brandt", true), "Jana Weber|Lukas Brandt");
    CHECK_STR(names("Par Sébastien Farcis", true), "Sébastien Farcis");
    CHECK_STR(names("Por María López y Juan Pérez", true), "María López|Juan Pérez");
    CHECK_STR(names("di Giulia Rossi e Marco Bianchi", false), "Giulia Rossi|Marco Bianchi");
    CHECK_STR(names("Door Sanne de Vries", true), "Sanne de Vries");
    CHECK_STR(names("By Joshua Sokol May 20, 2019", true), "Joshua Sokol");
    CHECK_STR(names("By Daniel Kahn Gillmor, Senior Staff Technologist, ACLU Speech", true), "Daniel Kahn Gillmor");
    CHECK_STR(names("Jong, Michiel de", false), "Jong, Michiel de");
    CHECK_STR(names("Mac & i", false), "Mac & i");
    CHECK_STR(names("Redaktion", false), "");
    CHECK_STR(names("https://example.org/author/pauls/", false), "");
    CHECK_STR(names("Follow", true), "");
    CHECK_STR(names("신현주 기자", false), "신현주");
    CHECK_STR(names("Anna Schmidt | 12.05.2024", true), "Anna Schmidt");
    CHECK(meta_byline_prefix("By Jane", 7) == 3);
    CHECK(meta_byline_prefix("Bypass", 6) == 0);
    /* a line of its own that is only names */
#define NL(s) meta_name_line(s, strlen(s))
    CHECK(NL("Mohloai Mpesi"));
    CHECK(NL("MTHOBISI SITHOLE\xC2\xA0"));
    CHECK(NL("Mathatisi Sebusi/Mohalenyane Phakela"));
    CHECK(NL("L\xC3\xAA Ph\xC6\xB0\xC6\xA1ng"));
    CHECK(NL("By Hannah Lee and Omar Said"));
    CHECK(NL("Sanne de Vries"));
    CHECK(!NL("Background"));
    CHECK(!NL("The Big Picture"));
    CHECK(!NL("Read More"));
    CHECK(!NL("Key points: what changed"));
    CHECK(!NL("Updated 12 May 2024"));
    CHECK(!NL("Madonna"));
    CHECK(!NL("It Was A Long Night In Town"));
#undef NL
}

static void test_agencies(void)
{
    const char *t1 = "Er ist deshalb eingeschränkt. (dpa)";
    CHECK_STR(meta_agency_in_text(t1, strlen(t1)), "dpa");
    const char *t2 = "BERLIN (AP) — The ministry said on Monday";
    CHECK_STR(meta_agency_in_text(t2, strlen(t2)), "AP");
    const char *t3 = "Paris (AFP) - Le gouvernement a annoncé";
    CHECK_STR(meta_agency_in_text(t3, strlen(t3)), "AFP");
    const char *t4 = "He said it was fine (really).";
    CHECK(meta_agency_in_text(t4, strlen(t4)) == NULL);
    CHECK_STR(meta_agency_name("Reuters", 7), "Reuters");
    CHECK_STR(meta_agency_name("AFP/dpa", 7), "AFP");
    CHECK(meta_agency_name("Jane Doe", 8) == NULL);
}

static void test_lang(void)
{
    char b[16];
    CHECK(meta_lang_normalise("en_us", 5, b, sizeof b) && !strcmp(b, "en-US"));
    CHECK(meta_lang_normalise("de-DE, en", 9, b, sizeof b) && !strcmp(b, "de-DE"));
    CHECK(meta_lang_normalise("zh-hant", 7, b, sizeof b) && !strcmp(b, "zh-Hant"));
    CHECK(meta_lang_normalise("fr", 2, b, sizeof b) && !strcmp(b, "fr"));
    CHECK(!meta_lang_normalise("english", 7, b, sizeof b));
    CHECK(!meta_lang_normalise("x", 1, b, sizeof b));
    CHECK(!meta_lang_normalise("und", 3, b, sizeof b));
    /* the function-word fast path confirms clear cases and defers the rest */
    const char *en = "The council said that the bridge was closed for repairs and that it will reopen "
                     "in the spring, which is earlier than the residents had been told.";
    const char *ger = "Der Stadtrat hat am Montag den Haushalt beschlossen, und die Opposition ist mit "
                      "den Plänen nicht zufrieden, weil sich die Schulden auf eine Rekordhöhe belaufen.";
    CHECK(meta_lang_stop_confirms(en, strlen(en), "en-US"));
    CHECK(meta_lang_stop_confirms(ger, strlen(ger), "de"));
    CHECK(!meta_lang_stop_confirms(ger, strlen(ger), "en"));
    CHECK(!meta_lang_stop_confirms(en, strlen(en), "de"));
    CHECK(!meta_lang_stop_confirms(en, strlen(en), "sv"));   /* no table: ask CLD2 */
    CHECK(!meta_lang_stop_confirms("The end.", 8, "en"));    /* too little text */
    char code[16];
    int pct, rel;
    const char *de = "Die Bäckerei am Marktplatz feiert in diesem Jahr ihr hundertjähriges Bestehen. "
                     "Seit vier Generationen backt die Familie hier jeden Morgen Brot und Brötchen.";
    CHECK(pith_cld2_detect(de, strlen(de), NULL, code, sizeof code, &pct, &rel) && !strcmp(code, "de"));
    CHECK(!pith_cld2_detect("", 0, NULL, code, sizeof code, &pct, &rel));
    const char bad[] = "\xff\xfe\xfd invalid utf-8 \xc3";
    pith_cld2_detect(bad, sizeof bad - 1, NULL, code, sizeof code, &pct, &rel); /* must not crash */
}

/* Runs the whole pipeline on an HTML string. */
static pith_result *run(pith_extractor *ex, const char *html)
{
    pith_result *r = NULL;
    pith_extract(ex, NULL, html, strlen(html), NULL, NULL, &r);
    return r;
}

static void test_jsonld_and_choice(void)
{
    pith_extractor *ex = pith_extractor_new();
    /* malformed JSON-LD: a warning, the other sources still used */
    pith_result *r = run(ex, "<html><head><title>T - Site</title><meta property=\"og:title\" content=\"T\">"
                             "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"headline\": </script>"
                             "</head><body><h1>T</h1><p>text</p></body></html>");
    CHECK_STR(pith_result_title(r), "T");
    CHECK(r->warnings.n == 1);
    /* hostile nesting is refused before jansson recurses */
    char *deep = malloc(200000);
    strcpy(deep, "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"x\":");
    size_t k = strlen(deep);
    for (int i = 0; i < 50000; i++) deep[k++] = '[';
    strcpy(deep + k, "</script><h1>x</h1>");
    r = run(ex, deep);
    CHECK(r->warnings.n == 1);
    free(deep);
    /* the site name is removed from og:title when the headline agrees */
    r = run(ex, "<html><head><meta property=\"og:title\" content=\"Big news today | Daily Site\">"
                "<meta property=\"og:site_name\" content=\"Daily Site\"><title>Big news today | Daily Site</title>"
                "</head><body><h1>Big news today</h1></body></html>");
    CHECK_STR(pith_result_title(r), "Big news today");
    CHECK_STR(pith_result_sitename(r), "Daily Site");
    /* JSON-LD: persons before organisations, @graph, dates as written */
    r = run(ex, "<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"NewsArticle\",\"headline\":\"H\","
                "\"author\":[{\"@type\":\"Person\",\"name\":\"A B\"},{\"@type\":\"Organization\",\"name\":\"Org\"}],"
                "\"datePublished\":\"2024-01-02T03:04:05+01:00\"}]}</script><p>x</p>");
    CHECK(pith_result_author_count(r) == 1);
    CHECK_STR(pith_result_author(r, 0), "A B");
    CHECK_STR(pith_result_date(r), "2024-01-02T03:04:05+01:00");
    /* a date in the canonical URL as the last resort */
    r = run(ex, "<link rel=canonical href=\"https://e.example/2020/05/06/x\"><h1>Hello</h1><p>x</p>");
    CHECK_STR(pith_result_date(r), "2020-05-06");
    CHECK_STR(pith_result_url(r), "https://e.example/2020/05/06/x");
    /* published beats modified, and a copyright year is not a date */
    r = run(ex, "<meta property=\"article:modified_time\" content=\"2024-05-01\">"
                "<meta property=\"article:published_time\" content=\"2024-04-01\"><h1>x</h1><p>© 2023</p>");
    CHECK_STR(pith_result_date(r), "2024-04-01");
    CHECK_STR(pith_result_modified(r), "2024-05-01");
    /* values the reader never uses are dropped before parsing, braces and
     * quotes inside them included; what follows is still read */
    r = run(ex, "<meta property=\"og:image\" content=\"https://e.example/og.jpg\">"
                "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
                "\"articleBody\":\"He said: \\\"{[}]\\\" and left. Lorem ipsum dolor sit amet, consectetur adipiscing "
                "elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis "
                "nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.\","
                "\"logo\":{\"@type\":\"ImageObject\",\"url\":\"l.png\",\"sameAs\":[\"a\",{\"b\":[1,2]}]},"
                "\"image\":{\"url\":\"https://e.example/ld.jpg\"},"
                "\"headline\":\"After the body\",\"author\":{\"@type\":\"Person\",\"name\":\"C D\"}}</script><p>x</p>");
    CHECK_STR(pith_result_title(r), "After the body");
    CHECK(pith_result_author_count(r) == 1 && !strcmp(pith_result_author(r, 0), "C D"));
    CHECK_STR(r->image, "https://e.example/og.jpg");
    CHECK(r->warnings.n == 0);
    /* breadcrumbs and navigation are not parsed at all; an article is */
    const char *crumbs = "{\"@context\":\"https://schema.org\",\"@type\":\"BreadcrumbList\",\"itemListElement\":[]}";
    CHECK(meta_jsonld_kinds(crumbs, strlen(crumbs)) == 0);
    const char *graph = "{\"@graph\":[{\"@type\":[\"WebPage\",\"ItemPage\"]},{\"@type\": \"schema:NewsArticle\"},"
                        "{\"@type\":\"Organization\"}]}";
    CHECK(meta_jsonld_kinds(graph, strlen(graph)) == (LD_PAGE | LD_ARTICLE | LD_ORG));
    CHECK(meta_jsonld_kinds("{\"@type\":\"News\\u0041rticle\"}", 26) & LD_UNKNOWN);
    pith_extractor_free(ex);
}

/* Language decided for a page with `lang` declared (or none) and text. */
static const char *lang_of(pith_extractor *ex, const char *lang, const char *text)
{
    static char html[2048];
    snprintf(html, sizeof html, "<html%s%s%s><body><article><p>%s</p></article></body></html>", lang ? " lang=\"" : "",
             lang ? lang : "", lang ? "\"" : "", text);
    pith_result *r = run(ex, html);
    return r && r->language ? r->language : "-";
}

static void test_lang_decide(void)
{
    pith_extractor *ex = pith_extractor_new();
    const char *en = "The council said that the bridge was closed for repairs and that it will reopen in the spring, "
                     "which is earlier than the residents had been told. The work on the piers was done first, and "
                     "the deck was replaced in the summer with the help of the regional office. Traffic will use the "
                     "old road until then, and the buses that stopped at the river will run from the market square. "
                     "The mayor thanked the engineers and the workers, who had kept to the plan through a wet winter.";
    /* no declared language: function words that clearly dominate name it */
    CHECK_STR(lang_of(ex, NULL, en), "en");
    /* a language with a script of its own is confirmed by the script */
    CHECK_STR(lang_of(ex, "ja", "東京都は月曜日、新しい公園の計画を発表した。公園は来年の春に開園する予定で、子どもたちのための広場や図書館も作られるという。"),
              "ja");
    CHECK_STR(lang_of(ex, "ko", "서울시는 월요일 새로운 공원 계획을 발표했다. 공원은 내년 봄에 문을 열 예정이며 어린이를 위한 광장과 도서관도 만들어진다."),
              "ko");
    /* a declared language the text plainly is not is still overruled */
    CHECK_STR(lang_of(ex, "de", en), "en");
    pith_extractor_free(ex);
}

int main(void)
{
    test_dates();
    test_bylines();
    test_agencies();
    test_lang();
    test_jsonld_and_choice();
    test_lang_decide();
    return T_DONE("test_meta");
}

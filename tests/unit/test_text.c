/* The text cleaner: its word tables, input detection, the seed article
 * field by field, and hostile or odd inputs. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../tools/files.h"
#include "core/result.h"
#include "pith.h"
#include "t.h"
#include "text/lexicon.h"
#include "text/text.h"

static void test_tables(void)
{
    const char *what = NULL;
    size_t problems = text_lex_problems(&what);
    CHECK(problems == 0);
    if (problems) fprintf(stderr, "lexicon: %zu problems, first: %s\n", problems, what);
    /* every language has a real stop list and every kind of phrase */
    for (int l = 0; l < TL_COUNT; l++) {
        CHECK(text_lex_stop_count((text_lang)l) >= 80);
        for (int k = 0; k < TK_COUNT; k++) {
            size_t n = text_lex_phrase_count((text_kind)k, (text_lang)l);
            if (!n) fprintf(stderr, "no phrase of kind %d for %s\n", k, text_lang_code((text_lang)l));
            CHECK(n > 0);
        }
    }
    CHECK_STR(text_lang_code(TL_DE), "de");
    CHECK_STR(text_lang_code(TL_PL), "pl");

    char buf[TEXT_WORD_MAX];
    size_t n = text_fold((const unsigned char *)"\xC5\x81\xC3\x93" "D\xC5\xB9", 7, buf, sizeof buf); /* ŁÓDŹ */
    CHECK(n == 7 && !memcmp(buf, "\xC5\x82\xC3\xB3" "d\xC5\xBA", 7));
    n = text_fold((const unsigned char *)"\xC3\x84rger", 6, buf, sizeof buf); /* Ärger */
    CHECK(n == 6 && !memcmp(buf, "\xC3\xA4rger", 6));
    CHECK(text_fold((const unsigned char *)"abc", 3, buf, 2) == 0);

    int32_t the = text_lex_word("the", 3), und = text_lex_word("und", 3), de = text_lex_word("de", 2);
    CHECK(the >= 0 && (text_lex_stop(the) & (1u << TL_EN)));
    CHECK(und >= 0 && text_lex_stop(und) == (1u << TL_DE));
    CHECK(de >= 0 && (text_lex_stop(de) & (1u << TL_FR)) && (text_lex_stop(de) & (1u << TL_NL)));
    CHECK(text_lex_word("kremlchef", 9) < 0);

    /* phrases by position: whole line, start, anywhere */
    int32_t ids[3] = {text_lex_word("zum", 3), text_lex_word("hauptinhalt", 11), -1};
    text_hits h;
    text_lex_phrases(ids, 2, &h);
    CHECK(h.line & TK_BIT(TK_SKIP));
    text_lex_phrases(ids, 3, &h);
    CHECK(!(h.line & TK_BIT(TK_SKIP)) && (h.start & TK_BIT(TK_SKIP)));
    int32_t all[5] = {-1, text_lex_word("all", 3), text_lex_word("rights", 6), text_lex_word("reserved", 8), -1};
    text_lex_phrases(all, 5, &h);
    CHECK((h.any & TK_BIT(TK_COPY)) && !(h.start & TK_BIT(TK_COPY)));
    int32_t foto = text_lex_word("foto", 4);
    CHECK(text_lex_word_kinds(foto) & TK_BIT(TK_CREDIT));

    /* words in any script; punctuation separates */
    const char *s = "\xE2\x80\x9EHallo\xE2\x80\x9C, l'accueil 2024 \xE4\xB8\xAD\xE6\x96\x87";
    size_t i = 0, st, nc, len = strlen(s);
    unsigned info;
    int words = 0;
    while (text_next_word((const unsigned char *)s, len, &i, &st, &info, &nc)) {
        words++;
        if (words == 1) CHECK((info & TW_UPPER) && nc == 5);
        if (words == 4) CHECK(info & TW_ALLNUM);
        if (words == 5) CHECK((info & TW_CJK) && nc == 2);
    }
    CHECK(words == 5);
}

static void test_detection(void)
{
    const char *html[] = {"<!DOCTYPE html><html><body>x</body></html>", "  \n<html>", "<p>Hello</p>",
                          "Some preamble\n<div class=a>text</div><p>more</p>",
                          "\xEF\xBB\xBF<!doctype html>"};
    for (size_t i = 0; i < sizeof html / sizeof html[0]; i++) CHECK(!pith_text_looks_plain(html[i], strlen(html[i])));
    const char *text[] = {"Plain text.\nAnother line.", "if a < b and c > d then", "<Copyright 2024> all rights",
                          "Mail me at <someone@example.org>."};
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) CHECK(pith_text_looks_plain(text[i], strlen(text[i])));
}

static const char *jstr(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

/* The seed article: every expected field, through the public accessors. */
static void test_seed(void)
{
    const char *shared = getenv("SHARED");
    char tp[1024], ep[1024];
    snprintf(tp, sizeof tp, "%s/seed/000_8189f4c3071f9cff.txt", shared ? shared : "../shared");
    snprintf(ep, sizeof ep, "%s/seed/000_8189f4c3071f9cff.expected.json", shared ? shared : "../shared");
    size_t n;
    char *data = files_read(tp, &n);
    json_t *want = json_load_file(ep, 0, NULL);
    if (!data || !want) {
        printf("test_text: seed not found under %s, seed test skipped\n", shared ? shared : "../shared");
        free(data);
        json_decref(want);
        return;
    }
    pith_extractor *ex = pith_extractor_new();
    pith_result *r;
    /* detected as text without being told */
    CHECK(pith_extract(ex, NULL, data, n, NULL, NULL, &r) == PITH_OK);
    CHECK(r->from_text);
    CHECK_STR(pith_result_title(r), jstr(want, "title"));
    CHECK_STR(pith_result_description(r), jstr(want, "lead"));
    CHECK_STR(pith_result_language(r), jstr(want, "language"));
    CHECK_STR(pith_result_agency(r), jstr(want, "agency"));
    json_t *imgs = json_object_get(want, "images");
    CHECK(pith_result_image_count(r) == json_array_size(imgs));
    for (size_t i = 0; i < json_array_size(imgs) && i < pith_result_image_count(r); i++) {
        const pith_image *im = pith_result_image(r, i);
        CHECK_STR(im->caption, jstr(json_array_get(imgs, i), "caption"));
        CHECK_STR(im->credit, jstr(json_array_get(imgs, i), "credit"));
    }
    json_t *body = json_object_get(want, "body");
    CHECK(pith_result_block_count(r) == json_array_size(body));
    CHECK(json_array_size(body) == 12);
    for (size_t i = 0; i < json_array_size(body) && i < pith_result_block_count(r); i++) {
        const pith_block *b = pith_result_block(r, i);
        json_t *w = json_array_get(body, i);
        bool heading = !strcmp(jstr(w, "type"), "heading");
        CHECK(b->type == (heading ? PITH_BLOCK_HEADING : PITH_BLOCK_PARAGRAPH));
        CHECK_STR(b->text, jstr(w, "text"));
    }
    /* no boilerplate line anywhere in the text or the body */
    json_t *bp = json_object_get(want, "boilerplate");
    CHECK(json_array_size(bp) >= 5);
    const char *text = pith_result_text(r);
    for (size_t i = 0; i < json_array_size(bp); i++) {
        const char *line = json_string_value(json_array_get(bp, i));
        for (size_t j = 0; j < pith_result_block_count(r); j++)
            CHECK(strcmp(pith_result_block(r, j)->text, line) != 0);
        /* "false" is a word inside the article too; the longer lines must not appear at all */
        if (strlen(line) > 6) CHECK(strstr(text, line) == NULL);
    }
    pith_extractor_free(ex);
    json_decref(want);
    free(data);
}

static pith_result *clean(pith_extractor *ex, const char *s, size_t n)
{
    pith_options o;
    pith_options_init(&o);
    o.input = PITH_INPUT_TEXT;
    /* these checks are about classification, not speed: under sanitizers on
     * a loaded machine the megabyte inputs below can outlast the default
     * budget and end as PITH_ERR_TIMEOUT (test_limits covers the budget) */
    o.time_budget = 0;
    pith_result *r;
    pith_extract(ex, &o, s, n, NULL, NULL, &r);
    return r;
}

static void test_shapes(void)
{
    pith_extractor *ex = pith_extractor_new();
    /* CRLF line ends, a wrapped paragraph joined, menus and footers dropped */
    const char *doc =
        "Home\r\nNews\r\nSport\r\nWeather\r\n\r\n"
        "Council approves the new bridge\r\n\r\n"
        "The city council voted on Tuesday to approve the construction of a new bridge across the\r\n"
        "river, ending a debate that had lasted for more than ten years in the town.\r\n\r\n"
        "Work is expected to begin in the spring and to take about two years, the mayor said after the "
        "vote. The cost will be shared between the city and the regional government.\r\n\r\n"
        "Share this article\r\nFacebook\r\nTwitter\r\n\u00a9 2024 Example News. All rights reserved.\r\n";
    pith_result *r = clean(ex, doc, strlen(doc));
    CHECK(r->status == PITH_OK);
    CHECK_STR(r->title, "Council approves the new bridge");
    CHECK(r->n_blocks == 2);
    if (r->n_blocks == 2) {
        CHECK(strstr(r->blocks[0].text, "across the river, ending") != NULL);
        CHECK(strchr(r->blocks[0].text, '\r') == NULL && strchr(r->blocks[0].text, '\n') == NULL);
    }
    CHECK(strstr(r->text, "Facebook") == NULL && strstr(r->text, "rights") == NULL);
    CHECK_STR(r->language, "en");

    /* legacy-encoded text is decoded before cleaning */
    const char *latin =
        "Caf\xe9 owners welcome the new square\n\n"
        "The owners of the caf\xe9s around the old market said on Friday that the new square had brought "
        "more visitors in its first month than they had expected, and that they hoped the town would keep "
        "the space free of cars on weekends.\n";
    r = clean(ex, latin, strlen(latin));
    CHECK(r->status == PITH_OK);
    CHECK(r->n_blocks == 1 && strstr(r->text, "caf\xc3\xa9s around") != NULL);
    CHECK_STR(r->title, "Caf\xc3\xa9 owners welcome the new square");
    CHECK(r->encoding != NULL);

    /* only boilerplate: no content, no crash */
    const char *nav = "Home\nMenu\nSearch\nLog in\nShare\n";
    r = clean(ex, nav, strlen(nav));
    CHECK(r->status == PITH_ERR_NO_CONTENT && r->n_blocks == 0);

    /* hostile bytes: invalid UTF-8, NUL-free control bytes, a huge line, many short lines */
    size_t big = 1 << 20;
    char *junk = malloc(big);
    for (size_t i = 0; i < big; i++) junk[i] = (char)(0x80 + (i * 7919) % 0x7F);
    r = clean(ex, junk, big);
    CHECK(r->status == PITH_OK || r->status == PITH_ERR_NO_CONTENT);
    for (size_t i = 0; i < big; i++) junk[i] = i % 3 == 2 ? '\n' : (i % 3 == 1 ? '\r' : 'x');
    r = clean(ex, junk, big);
    CHECK(r->status == PITH_ERR_NO_CONTENT);
    for (size_t i = 0; i < big; i++) junk[i] = "word "[i % 5];
    r = clean(ex, junk, big);
    CHECK(r->status == PITH_OK || r->status == PITH_ERR_NO_CONTENT);
    free(junk);

    /* more lines than the block array starts with (a block per 32 bytes): it grows, and
     * max_nodes still bounds the blocks */
    const char *para = "The harbour reopened on Monday after the storm, and the ferry service will resume its "
                       "normal timetable on Wednesday, a spokeswoman for the port said.\n";
    size_t lines = 6000, plen = strlen(para), len = 2 * lines + 1 + plen;
    char *many = malloc(len + 1);
    for (size_t i = 0; i < lines; i++) memcpy(many + 2 * i, "x\n", 2);
    many[2 * lines] = '\n';
    memcpy(many + 2 * lines + 1, para, plen + 1);
    r = clean(ex, many, len);
    CHECK(r->status == PITH_OK && r->n_blocks == 1 && strstr(r->text, "harbour reopened") != NULL);
    pith_options o;
    pith_options_init(&o);
    o.input = PITH_INPUT_TEXT;
    o.time_budget = 0;
    o.max_nodes = 1000;
    pith_extract(ex, &o, many, len, NULL, NULL, &r);
    CHECK(r->status == PITH_ERR_TOO_MANY_NODES);
    free(many);
    pith_extractor_free(ex);
}

int main(void)
{
    test_tables();
    test_detection();
    test_seed();
    test_shapes();
    return T_DONE("test_text");
}

/* The heading-versus-title comparison shared by extraction and rendering. */
#include <string.h>

#include "core/title.h"
#include "t.h"

int main(void)
{
    char out[64];
    /* letters lower-cased, digits and non-ASCII kept, other ASCII dropped */
    CHECK(pith_title_norm("Hello, World 2024!", out, sizeof out) == 14);
    CHECK_STR(out, "helloworld2024");
    CHECK(pith_title_norm("Caf\xc3\xa9 \xe2\x80\x93 Men\xc3\xbc", out, sizeof out) == 13);
    CHECK_STR(out, "caf\xc3\xa9\xe2\x80\x93men\xc3\xbc");
    CHECK(pith_title_norm(" .,;-", out, sizeof out) == 0);
    CHECK_STR(out, "");
    /* cut at the capacity, always terminated */
    CHECK(pith_title_norm("ABCDEFGH", out, 4) == 3);
    CHECK_STR(out, "abc");
    CHECK(pith_title_norm("ABC", out, 0) == 0);

    /* equal after normalisation */
    CHECK(pith_title_repeats("The Big Story", "the big story.", false));
    CHECK(!pith_title_repeats("The Big Story", "The Big Storm", false));
    /* a site name added to the title: the heading is its start */
    CHECK(pith_title_repeats("The Big Story Today", "The Big Story Today - Site", false));
    /* too short a prefix is not a repeat */
    CHECK(!pith_title_repeats("The Big", "The Big Story Today - Site", false));
    /* a heading longer than the title, the title its start */
    CHECK(pith_title_repeats("The Big Story Today: why", "The Big Story Today!", false));
    CHECK(!pith_title_repeats("The Big Story Today: what it means for all of us", "The Big Story", false));
    /* the end of a "Site | Headline" title only with suffix_too */
    CHECK(!pith_title_repeats("The Big Story Today", "Site | The Big Story Today", false));
    CHECK(pith_title_repeats("The Big Story Today", "Site | The Big Story Today", true));
    CHECK(!pith_title_repeats("Story Today", "Site | The Big Story Today", true));
    /* nothing to compare */
    CHECK(!pith_title_repeats(NULL, "Title", true));
    CHECK(!pith_title_repeats("Title", NULL, true));
    CHECK(!pith_title_repeats("!!!", "!!!", true));
    CHECK(!pith_title_repeats("", "", false));
    return T_DONE("title");
}

/* Language of a sample of article text, from function words and scripts. */
#ifndef PITH_TEXT_LANGID_H
#define PITH_TEXT_LANGID_H
#include <stddef.h>

/* What a sample's function words say (text_langid_words). */
typedef struct text_langid {
    const char *code;  /* the language, or NULL when the words do not settle it */
    size_t words;      /* words read */
    size_t hits;       /* of which function words of some language */
} text_langid;

/* Reads the words of s[0, n) (UTF-8) and scores each language of the
 * table (scripts/data/stoplang.txt) by the function words it has, a word
 * shared by k languages counting 1/k to each; sets out->code when one
 * language has a tenth of the words, clearly more than the next. */
void text_langid_words(const char *s, size_t n, text_langid *out);

/* The language that the script of s[0, n) alone settles (Greek, Hebrew,
 * Arabic without Persian or Urdu letters, Thai, Georgian, Armenian, kana
 * for Japanese, hangul for Korean), or NULL when most letters are in no
 * such script. */
const char *text_langid_script(const char *s, size_t n);

/* The table's code for language index i (for the unit test), or NULL past the last. */
const char *text_langid_code(size_t i);
#endif

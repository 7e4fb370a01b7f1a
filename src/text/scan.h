/*
 * Byte scanning kernels of the text cleaner: class counts over a block's
 * bytes, whole-input line breaks. Each has a vector version (AVX2 when the
 * CPU has it, chosen at run time) and a plain C version that gives the same
 * answer; tests/unit/test_text_scan.c holds them to that.
 */
#ifndef PITH_TEXT_SCAN_H
#define PITH_TEXT_SCAN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Byte classes counted over a block (every byte is in one class at most). */
enum { B_OTHER, B_SPACE, B_CONT, B_CODE, B_DIGIT, B_CJK, B_SENT, B_PIPE, B_COLON, B_C2, B_COUNT };

/* The class of each byte: ASCII white space, UTF-8 continuation bytes,
 * code punctuation ({ } ; = < > [ ] ( ) " _ \), digits, lead bytes of
 * U+3000..U+DFFF (kana, Han, hangul), sentence marks (. ! ?), and three
 * bytes whose presence sends the cleaner looking: '|', ':' and C2 (the
 * lead byte of NBSP and the copyright sign). */
extern const uint8_t text_byte_class[256];

/* Adds the class counts of s[b, e) to h[B_*]. The bytes of s before b
 * may be read (never those at or after e). */
void text_byte_stats(const unsigned char *s, size_t b, size_t e, uint32_t *h);

/* The same without vectors (the reference the tests compare with). */
void text_byte_stats_plain(const unsigned char *s, size_t b, size_t e, uint32_t *h);

/* The number of ASCII white-space bytes in s[b, e). */
size_t text_count_spaces(const unsigned char *s, size_t b, size_t e);

/* The number of LF and CR bytes in s[0, n). */
size_t text_count_breaks(const unsigned char *s, size_t n);

/* The first index at or after i (i < n) where s[i, n) stops being plain
 * text for copying: where a space begins (ASCII white space, NBSP,
 * U+2000..U+200B, U+202F, U+3000, BOM, or a lead byte of one cut by n)
 * other than one ASCII space followed by no space; n when there is none. */
size_t text_plain_run(const unsigned char *s, size_t i, size_t n);
size_t text_plain_run_plain(const unsigned char *s, size_t i, size_t n);

/* Forces the plain versions (tests); returns the previous setting. */
bool text_scan_plain(bool on);
#endif

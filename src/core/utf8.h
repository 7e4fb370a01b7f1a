/*
 * UTF-8 scanning shared by the pipeline and the renderers: validation, and
 * the search for the bytes a JSON string must escape. Both read 32 bytes at
 * a time with AVX2 when the CPU has it (chosen at run time) and have a plain
 * C version that gives the same answer (tests/unit/test_utf8.c holds them to
 * that). Thread-safe; no allocation.
 */
#ifndef PITH_CORE_UTF8_H
#define PITH_CORE_UTF8_H
#include <stdbool.h>
#include <stddef.h>

/* True when s[0, n) is well-formed UTF-8: no stray continuation bytes, no
 * cut sequences, overlong forms, surrogates or code points above U+10FFFF. */
bool pith_utf8_valid(const char *s, size_t n);
bool pith_utf8_valid_plain(const char *s, size_t n);

/* The first index at or after i of a byte that a JSON string cannot hold
 * as it is ('"', '\\', a control byte) or of the first byte of U+2028 or
 * U+2029 (valid JSON, but line ends in JavaScript); n when there is none.
 * Other bytes, valid UTF-8 or not, are not looked at. */
size_t pith_utf8_json_stop(const char *s, size_t i, size_t n);
size_t pith_utf8_json_stop_plain(const char *s, size_t i, size_t n);
#endif

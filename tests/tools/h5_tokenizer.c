/*
 * html5lib-tests tokenizer runner: h5_tokenizer DIR KNOWN_FAILURES_FILE.
 *
 * Runs every test of every DIR/tokenizer/NAME.test once per initial state (with its
 * lastStartTag), turns pith's tokens into the suite's JSON form (adjacent
 * Character tokens merged, attributes as an object, the self-closing flag
 * as a fourth StartTag member, end tags as name only) and compares them
 * with the expected output; the parse "errors" lists are ignored since pith
 * does not report parse errors. Each (test, initial state) run counts once.
 * Ends with "tokenizer: N passed, M failed"; exits 1 only for failures not
 * listed as "tokenizer FILE N: reason" (N = the test's 1-based index in its
 * file). xmlViolation.test ("xmlViolationTests") is not run: it expects
 * the XML-infoset coercion of a different conformance class.
 *
 * doubleEscaped tests: input and expected strings are unescaped once more
 * (\uHHHH, surrogate pairs joined). A lone surrogate cannot exist in
 * UTF-8, which is all pith's tokenizer ever sees: the decoder in front of
 * it turns such input into U+FFFD. So a lone surrogate becomes U+FFFD in
 * both the input and the expected output, and the test still checks that
 * the characters around it pass through unchanged.
 */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "html/tokenizer.h"
#include "files.h"

/* Whether "tokenizer FILE N:" starts a line of the known-failures text. */
static int is_known(const char *known, const char *file, size_t n)
{
    char key[512];
    snprintf(key, sizeof key, "tokenizer %s %zu:", file, n);
    return files_line_starts(known, key);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* The code unit of "\uHHHH" at s[i..n), or -1. */
static long esc_unit(const char *s, size_t i, size_t n)
{
    if (i + 6 > n || s[i] != '\\' || s[i + 1] != 'u') return -1;
    long v = 0;
    for (size_t k = 2; k < 6; k++) {
        int h = hexval((unsigned char)s[i + k]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    return v;
}

/* The doubleEscaped unescaping of s[0..n) into a new malloc'd string (see
 * the file comment for lone surrogates). */
static char *unescape(const char *s, size_t n, size_t *out_len)
{
    char *o = malloc(n + 1), *w = o;
    if (!o) return NULL;
    for (size_t i = 0; i < n;) {
        long u = esc_unit(s, i, n);
        if (u < 0) {
            *w++ = s[i++];
            continue;
        }
        i += 6;
        unsigned long cp = (unsigned long)u;
        if (u >= 0xD800 && u <= 0xDBFF) {
            long lo = esc_unit(s, i, n);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + (((unsigned long)u - 0xD800) << 10) + ((unsigned long)lo - 0xDC00);
                i += 6;
            } else {
                cp = 0xFFFD;
            }
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            cp = 0xFFFD;
        }
        w += pith_utf8_encode((uint32_t)cp, w);   /* never longer than the 6-byte escape */
    }
    *w = '\0';
    *out_len = (size_t)(w - o);
    return o;
}

/* A copy of a JSON value with every string unescaped as above. */
static json_t *unescape_json(json_t *v)
{
    if (json_is_string(v)) {
        size_t l;
        char *u = unescape(json_string_value(v), json_string_length(v), &l);
        json_t *r = json_stringn_nocheck(u, l);
        free(u);
        return r;
    }
    if (json_is_array(v)) {
        json_t *a = json_array();
        for (size_t i = 0; i < json_array_size(v); i++) json_array_append_new(a, unescape_json(json_array_get(v, i)));
        return a;
    }
    if (json_is_object(v)) {
        json_t *o = json_object();
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x)
        {
            size_t l;
            char *u = unescape(k, strlen(k), &l);
            json_object_set_new_nocheck(o, u, unescape_json(x));
            free(u);
        }
        return o;
    }
    return json_incref(v);
}

/* Appends a Character token, merging with a Character token before it. */
static void add_chars(json_t *out, const char *p, size_t n)
{
    size_t k = json_array_size(out);
    json_t *last = k ? json_array_get(out, k - 1) : NULL;
    if (last && !strcmp(json_string_value(json_array_get(last, 0)), "Character")) {
        json_t *s = json_array_get(last, 1);
        size_t ol = json_string_length(s);
        char *m = malloc(ol + n + 1);
        memcpy(m, json_string_value(s), ol);
        memcpy(m + ol, p, n);
        json_array_set_new(last, 1, json_stringn_nocheck(m, ol + n));
        free(m);
        return;
    }
    json_array_append_new(out, json_pack("[s, s%]", "Character", p, n));
}

/* The expected output with adjacent Character tokens merged. */
static json_t *merge_expected(json_t *want)
{
    json_t *out = json_array();
    for (size_t i = 0; i < json_array_size(want); i++) {
        json_t *tk = json_array_get(want, i);
        const char *type = json_string_value(json_array_get(tk, 0));
        if (type && !strcmp(type, "Character"))
            add_chars(out, json_string_value(json_array_get(tk, 1)), json_string_length(json_array_get(tk, 1)));
        else
            json_array_append(out, tk);
    }
    return out;
}

static json_t *str_or_null(const char *p, size_t n) { return p ? json_stringn_nocheck(p, n) : json_null(); }

/* Runs the tokenizer over input in the given state; the tokens as JSON. */
static json_t *tokenize(pith_tokenizer *t, const char *in, size_t n, pith_tok_state st, const char *last)
{
    json_t *out = json_array();
    pith_tok_init(t, in, n);
    pith_tok_set_state(t, st);
    if (last) pith_tok_set_last_start_tag(t, last, strlen(last));
    pith_token k;
    while (pith_tok_next(t, &k)) {
        switch (k.type) {
        case PITH_TOK_CHARS:
            add_chars(out, k.data, k.data_len);
            break;
        case PITH_TOK_START_TAG: {
            json_t *attrs = json_object();
            for (size_t i = 0; i < k.n_attrs; i++) {
                char *name = strndup(k.attrs[i].name, k.attrs[i].name_len);
                json_object_set_new_nocheck(attrs, name, json_stringn_nocheck(k.attrs[i].value, k.attrs[i].value_len));
                free(name);
            }
            json_t *tk = json_pack("[s, s%, o]", "StartTag", k.name, k.name_len, attrs);
            if (k.self_closing) json_array_append_new(tk, json_true());
            json_array_append_new(out, tk);
            break;
        }
        case PITH_TOK_END_TAG:
            json_array_append_new(out, json_pack("[s, s%]", "EndTag", k.name, k.name_len));
            break;
        case PITH_TOK_COMMENT:
            json_array_append_new(out, json_pack("[s, s%]", "Comment", k.data, k.data_len));
            break;
        case PITH_TOK_DOCTYPE:
            json_array_append_new(out, json_pack("[s, o, o, o, b]", "DOCTYPE", str_or_null(k.name, k.name_len),
                                                 str_or_null(k.public_id, k.public_id_len),
                                                 str_or_null(k.system_id, k.system_id_len), !k.force_quirks));
            break;
        case PITH_TOK_EOF:
            break;
        }
    }
    return out;
}

static const struct {
    const char *name;
    pith_tok_state st;
} states[] = {
    {"Data state", PITH_TOKSTATE_DATA},
    {"PLAINTEXT state", PITH_TOKSTATE_PLAINTEXT},
    {"RCDATA state", PITH_TOKSTATE_RCDATA},
    {"RAWTEXT state", PITH_TOKSTATE_RAWTEXT},
    {"Script data state", PITH_TOKSTATE_SCRIPT_DATA},
    {"CDATA section state", PITH_TOKSTATE_CDATA_SECTION},
};

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: h5_tokenizer DIR KNOWN_FAILURES_FILE\n");
        return 2;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/tokenizer", argv[1]);
    char *known = files_read(argv[2], NULL);
    size_t nn;
    char **names = files_list(dir, ".test", &nn);
    if (!names) {
        fprintf(stderr, "h5_tokenizer: cannot open %s\n", dir);
        free(known);
        return 2;
    }
    pith_tokenizer tok;
    int pass = 0, fail = 0, unexpected = 0;
    for (size_t f = 0; f < nn; f++) {
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, names[f]);
        json_error_t err;
        json_t *root = json_load_file(path, JSON_ALLOW_NUL, &err);
        if (!root) {
            printf("FAIL %s: cannot parse: %s (line %d)\n", names[f], err.text, err.line);
            unexpected++;
            fail++;
            continue;
        }
        json_t *tests = json_object_get(root, "tests");
        for (size_t i = 0; i < json_array_size(tests); i++) {
            json_t *test = json_array_get(tests, i);
            json_t *jin = json_object_get(test, "input");
            bool dbl = json_is_true(json_object_get(test, "doubleEscaped"));
            size_t in_len = json_string_length(jin);
            char *in = dbl ? unescape(json_string_value(jin), in_len, &in_len) : NULL;
            const char *input = dbl ? in : json_string_value(jin);
            json_t *want_raw = json_object_get(test, "output");
            json_t *want_u = dbl ? unescape_json(want_raw) : json_incref(want_raw);
            json_t *want = merge_expected(want_u);
            json_decref(want_u);
            json_t *jlast = json_object_get(test, "lastStartTag");
            const char *last = json_is_string(jlast) ? json_string_value(jlast) : NULL;
            json_t *sts = json_object_get(test, "initialStates");
            size_t nst = sts ? json_array_size(sts) : 1;
            for (size_t s = 0; s < nst; s++) {
                const char *sname = sts ? json_string_value(json_array_get(sts, s)) : "Data state";
                size_t si = 0;
                while (si < sizeof states / sizeof *states && strcmp(states[si].name, sname)) si++;
                json_t *got = NULL;
                if (si < sizeof states / sizeof *states) got = tokenize(&tok, input, in_len, states[si].st, last);
                if (got && json_equal(got, want)) {
                    pass++;
                } else {
                    fail++;
                    int k = is_known(known, names[f], i + 1);
                    if (!k) unexpected++;
                    char *gs = got ? json_dumps(got, JSON_COMPACT | JSON_ENSURE_ASCII) : strdup("(unknown state)");
                    char *ws = json_dumps(want, JSON_COMPACT | JSON_ENSURE_ASCII);
                    json_t *jd = json_stringn_nocheck(input, in_len);
                    char *is = json_dumps(jd, JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
                    printf("%s %s %zu [%s] %s\n  input: %s\n  want:  %s\n  got:   %s\n", k ? "known" : "FAIL", names[f],
                           i + 1, sname, json_string_value(json_object_get(test, "description")), is, ws, gs);
                    free(gs);
                    free(ws);
                    free(is);
                    json_decref(jd);
                }
                json_decref(got);
            }
            json_decref(want);
            free(in);
        }
        json_decref(root);
    }
    pith_tok_free(&tok);
    files_free_list(names, nn);
    free(known);
    printf("tokenizer: %d passed, %d failed\n", pass, fail);
    return unexpected ? 1 : 0;
}

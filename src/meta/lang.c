/*
 * Language: the page's declared language (html lang, Content-Language,
 * og:locale, JSON-LD inLanguage) checked against the extracted text with
 * CLD2; the detector wins only when it is sure and the text is long enough.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "meta_internal.h"

/* Text shorter than this is not trusted to overrule the page's own tag. */
enum { LANG_MIN_TEXT = 400, LANG_SAMPLE = 1024 };

/* Frequent function words of the commonest page languages, for a fast
 * confirmation of a declared language before (instead of) running CLD2.
 * Words shared by related languages ("que", "de") are kept out where they
 * would blur the pair; the confirmation also demands a clear lead. */
static const struct { const char *lang; const char *const words[18]; } stop_words[] = {
    {"en", {"the", "and", "of", "to", "is", "that", "with", "for", "was", "are", "this", "have",
            "from", "which", "were", "been", "it", "on"}},
    {"de", {"der", "die", "und", "das", "ist", "nicht", "mit", "den", "von", "zu", "sich", "auf",
            "ein", "eine", "dem", "auch", "wird", "im"}},
    {"fr", {"le", "les", "et", "des", "est", "une", "du", "dans", "pour", "qui", "pas", "sur",
            "au", "avec", "ce", "il", "sont", "aux"}},
    {"es", {"el", "los", "las", "del", "una", "con", "es", "se", "como", "pero", "más", "fue",
            "sus", "y", "al", "lo", "le", "han"}},
    {"it", {"il", "di", "che", "della", "per", "non", "sono", "dei", "delle", "alla", "anche",
            "nel", "gli", "è", "ha", "ai", "degli", "nella"}},
    {"pt", {"não", "uma", "com", "os", "do", "da", "dos", "das", "em", "mais", "foi", "ao",
            "pelo", "pela", "é", "seu", "sua", "também"}},
    {"nl", {"het", "een", "van", "en", "dat", "op", "niet", "met", "zijn", "voor", "die",
            "worden", "ook", "naar", "bij", "werd", "heeft", "er"}},
};
enum { N_STOP_LANGS = sizeof stop_words / sizeof stop_words[0] };

static unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c; }
static unsigned char upper(unsigned char c) { return c >= 'a' && c <= 'z' ? (unsigned char)(c & ~0x20) : c; }
static bool alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

bool meta_lang_normalise(const char *s, size_t n, char *buf, size_t cap)
{
    while (n && (*s == ' ' || *s == '\t' || *s == '"')) { s++; n--; }
    size_t i = 0, k = 0;
    while (i < n && alpha((unsigned char)s[i]) && i < 8) i++;
    if (i < 2 || i > 3 || cap < 16) return false;
    if (i < n && alpha((unsigned char)s[i])) return false;
    for (size_t j = 0; j < i; j++) buf[k++] = (char)lower((unsigned char)s[j]);
    /* a region ("-US", "_br") or script ("-Hant") subtag is kept */
    if (i + 1 < n && (s[i] == '-' || s[i] == '_')) {
        size_t j = i + 1, e = j;
        while (e < n && alpha((unsigned char)s[e]) && e - j < 5) e++;
        size_t m = e - j;
        bool end = e == n || !alpha((unsigned char)s[e]);
        if (end && (m == 2 || m == 4) && k + 1 + m < cap) {
            buf[k++] = '-';
            for (size_t q = j; q < e; q++)
                buf[k++] = (char)(m == 2 ? upper((unsigned char)s[q])
                                         : (q == j ? upper((unsigned char)s[q]) : lower((unsigned char)s[q])));
        }
    }
    buf[k] = '\0';
    /* "xx", "un", "mul", "und" say nothing */
    if (!strcmp(buf, "un") || !strncmp(buf, "mul", 3) || !strncmp(buf, "und", 3) || !strncmp(buf, "xx", 2))
        return false;
    return true;
}

/* Index of a language in stop_words, or -1. */
static int stop_lang(const char *tag)
{
    for (int i = 0; i < N_STOP_LANGS; i++)
        if (!strncmp(tag, stop_words[i].lang, 2) && (!tag[2] || tag[2] == '-')) return i;
    return -1;
}

/* The function words as an open-addressing hash: word -> bit set of the
 * languages using it. Built once (pthread_once), read-only afterwards. */
enum { STOP_SLOTS = 512 };
static struct { char w[8]; uint8_t mask; } stop_hash[STOP_SLOTS];
static pthread_once_t stop_once = PTHREAD_ONCE_INIT;

static uint32_t word_hash(const char *w, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h;
}

static void stop_build(void)
{
    for (int l = 0; l < N_STOP_LANGS; l++)
        for (size_t k = 0; k < 18 && stop_words[l].words[k]; k++) {
            const char *w = stop_words[l].words[k];
            size_t n = strlen(w);
            uint32_t h = word_hash(w, n) % STOP_SLOTS;
            while (stop_hash[h].w[0] && strcmp(stop_hash[h].w, w)) h = (h + 1) % STOP_SLOTS;
            memcpy(stop_hash[h].w, w, n + 1);
            stop_hash[h].mask |= (uint8_t)(1u << l);
        }
}

/* The languages (bit set) whose function words include w[0..n), n < 8. */
static unsigned stop_mask(const char *w, size_t n)
{
    uint32_t h = word_hash(w, n) % STOP_SLOTS;
    while (stop_hash[h].w[0]) {
        if (!strncmp(stop_hash[h].w, w, n) && !stop_hash[h].w[n]) return stop_hash[h].mask;
        h = (h + 1) % STOP_SLOTS;
    }
    return 0;
}

/* Counts, per language, the function words of text[0..n); returns the
 * number of words. */
static size_t stop_tally(const char *text, size_t n, size_t tally[N_STOP_LANGS])
{
    pthread_once(&stop_once, stop_build);
    size_t words = 0, i = 0;
    while (i < n) {
        while (i < n && !(alpha((unsigned char)text[i]) || (unsigned char)text[i] >= 0x80)) i++;
        size_t b = i;
        while (i < n && (alpha((unsigned char)text[i]) || (unsigned char)text[i] >= 0x80)) i++;
        size_t wl = i - b;
        if (!wl) break;
        words++;
        if (wl > 7) continue;
        char w[8];
        for (size_t k = 0; k < wl; k++) w[k] = (char)lower((unsigned char)text[b + k]);
        unsigned m = stop_mask(w, wl);
        for (int l = 0; m; l++, m >>= 1)
            if (m & 1) tally[l]++;
    }
    return words;
}

/* True when language `want` leads the tally: at least `min` hits, at least
 * one word in `share`, and every other language under 1/`lead` of it. */
static bool stop_leads(const size_t tally[N_STOP_LANGS], size_t words, int want, size_t min, size_t share,
                       size_t lead)
{
    if (tally[want] < min || tally[want] * share < words) return false;
    for (int l = 0; l < N_STOP_LANGS; l++)
        if (l != want && tally[l] * lead > tally[want]) return false;
    return true;
}

int meta_lang_stop_confirms(const char *text, size_t n, const char *declared)
{
    int want = declared ? stop_lang(declared) : -1;
    if (want < 0) return 0;
    size_t tally[N_STOP_LANGS] = {0};
    size_t words = stop_tally(text, n, tally);
    return stop_leads(tally, words, want, 6, 8, 2);
}

/* For a page that declares no language: the one whose function words
 * clearly dominate the text (a stricter test than confirming a declared
 * one), or NULL to ask the detector. */
static const char *stop_guess(const char *text, size_t n)
{
    size_t tally[N_STOP_LANGS] = {0};
    size_t words = stop_tally(text, n, tally);
    int best = 0;
    for (int l = 1; l < N_STOP_LANGS; l++)
        if (tally[l] > tally[best]) best = l;
    return stop_leads(tally, words, best, 12, 6, 3) ? stop_words[best].lang : NULL;
}

/* Languages written in a script of their own: a sample mostly in that
 * script confirms the declared language without the detector. Ranges of
 * code points (inclusive). */
static const struct { const char *lang; uint32_t lo, hi, lo2, hi2; } own_script[] = {
    {"ja", 0x3040, 0x30FF, 0x3040, 0x30FF},   /* kana (kanji alone could be Chinese) */
    {"ko", 0xAC00, 0xD7AF, 0x1100, 0x11FF},   /* Hangul syllables and jamo */
    {"el", 0x0370, 0x03FF, 0x1F00, 0x1FFF},   /* Greek */
    {"he", 0x0590, 0x05FF, 0x0590, 0x05FF},   /* Hebrew */
    {"th", 0x0E00, 0x0E7F, 0x0E00, 0x0E7F},   /* Thai */
    {"ka", 0x10A0, 0x10FF, 0x10A0, 0x10FF},   /* Georgian */
    {"hy", 0x0530, 0x058F, 0x0530, 0x058F},   /* Armenian */
};

/* True when the declared language has a script of its own and at least a
 * fifth of the sample's letters (most, for Greek and the like) are in it;
 * for Japanese, text mixes kana with kanji, so a fifth is enough. */
static bool script_confirms(const char *t, size_t n, const char *declared)
{
    int k = -1;
    for (size_t i = 0; i < sizeof own_script / sizeof own_script[0]; i++)
        if (!strncmp(declared, own_script[i].lang, 2) && (!declared[2] || declared[2] == '-')) k = (int)i;
    if (k < 0) return false;
    size_t letters = 0, in = 0, i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)t[i];
        uint32_t cp;
        size_t len;
        if (c < 0x80) { cp = c; len = 1; }
        else if (c >= 0xC0 && c < 0xE0 && i + 1 < n) { cp = ((uint32_t)(c & 0x1F) << 6) | (t[i + 1] & 0x3F); len = 2; }
        else if (c >= 0xE0 && c < 0xF0 && i + 2 < n) {
            cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(t[i + 1] & 0x3F) << 6) | (t[i + 2] & 0x3F);
            len = 3;
        } else { cp = 0; len = 1; }
        i += len;
        if (cp < 0x41 || (cp > 0x5A && cp < 0x61) || (cp > 0x7A && cp < 0xC0)) continue;  /* not a letter */
        if ((cp >= 0x3000 && cp < 0x3040) || (cp >= 0xFF00 && cp < 0xFF10)) continue;    /* CJK punctuation */
        letters++;
        if ((cp >= own_script[k].lo && cp <= own_script[k].hi) || (cp >= own_script[k].lo2 && cp <= own_script[k].hi2)) in++;
    }
    size_t need = k == 0 ? letters / 5 : letters / 2;
    return letters >= 20 && in > need;
}

/* The primary subtag's length ("en-US" -> 2). */
static size_t primary_len(const char *t)
{
    size_t i = 0;
    while (t[i] && t[i] != '-') i++;
    return i;
}

void meta_lang_decide(pith_result *r, const char *declared)
{
    /* a sample of the body: the title and the blocks, up to LANG_SAMPLE
     * bytes, cut at a character boundary */
    char sample[LANG_SAMPLE + 1];
    size_t len = 0;
    for (size_t i = 0; i <= r->n_blocks && len < LANG_SAMPLE; i++) {
        const char *t = i == 0 ? r->title : r->blocks[i - 1].text;
        if (!t || (i && r->blocks[i - 1].type == PITH_BLOCK_CODE)) continue;
        size_t m = strnlen(t, LANG_SAMPLE - len);
        /* a cut inside a character backs up to its first byte (t[m] is
         * readable: strnlen stopped before the terminator) */
        bool cut = t[m] != '\0';
        if (cut)
            while (m && ((unsigned char)t[m] & 0xC0) == 0x80) m--;
        memcpy(sample + len, t, m);
        len += m;
        if (cut) break;
        if (len < LANG_SAMPLE) sample[len++] = '\n';
    }
    sample[len] = '\0';
    /* the declared language's function words dominating the sample
     * confirm it without the (slower) detector */
    /* most pages confirm on their first few hundred bytes */
    size_t head = len > LANG_SAMPLE / 2 ? LANG_SAMPLE / 2 : len;
    while (head < len && ((unsigned char)sample[head] & 0xC0) == 0x80) head++;
    if (declared && (meta_lang_stop_confirms(sample, head, declared) ||
                     (head < len && meta_lang_stop_confirms(sample, len, declared)) ||
                     script_confirms(sample, len, declared))) {
        pith_result_set(r, &r->language, declared, strlen(declared));
        return;
    }
    const char *guess = declared ? NULL : stop_guess(sample, len);
    if (guess) {
        pith_result_set(r, &r->language, guess, strlen(guess));
        return;
    }
    char code[16];
    int pct = 0, reliable = 0;
    int found = len ? pith_cld2_detect(sample, len, declared, code, sizeof code, &pct, &reliable) : 0;
    size_t text_len = len;
    if (!found) {
        if (declared) pith_result_set(r, &r->language, declared, strlen(declared));
        return;
    }
    if (!declared) {
        if (reliable || text_len >= LANG_MIN_TEXT) pith_result_set(r, &r->language, code, strlen(code));
        return;
    }
    size_t dp = primary_len(declared), cp = primary_len(code);
    bool agree = dp == cp && !strncmp(declared, code, dp);
    /* Norwegian Bokmål/Nynorsk and the like: CLD2 says "no"/"nb"/"nn" */
    if (!agree && dp == 2 && cp == 2 &&
        ((!strncmp(declared, "nb", 2) || !strncmp(declared, "nn", 2) || !strncmp(declared, "no", 2)) &&
         (!strncmp(code, "nb", 2) || !strncmp(code, "nn", 2) || !strncmp(code, "no", 2))))
        agree = true;
    if (!agree && reliable && pct >= 80 && text_len >= LANG_MIN_TEXT)
        pith_result_set(r, &r->language, code, strlen(code));
    else
        pith_result_set(r, &r->language, declared, strlen(declared));
}

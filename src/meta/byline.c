/*
 * Bylines: lead words ("By", "Von", "Par", ...), splitting "A and B" in many
 * languages, rejecting what is not a name (navigation words, dates, desk
 * names such as "Redaktion"), and wire-service tags such as "(dpa)".
 */
#include <string.h>
#include <strings.h>

#include "meta_internal.h"

/* Words that introduce a byline, longest first where one is a prefix of
 * another. Each must be followed by a space or ':' to count. */
static const char *const lead_words[] = {
    "written by", "posted by", "reported by", "reporting by", "story by", "words by",
    "text by", "article by", "published by", "geschrieben von", "ein beitrag von",
    "ein kommentar von", "eine analyse von", "un article de", "écrit par", "escrito por",
    "scritto da", "geschreven door", "by", "von", "par", "por", "di", "door", "av", "af",
    "från", "przez", "autor", "autorin", "author", "auteur", "autore", "text", "texto",
    "testo", "tekst", "reporter", "redakteur", "from",
};

/* Words joining names: "A and B". */
static const char *const joiners[] = {
    "and", "und", "et", "y", "e", "en", "og", "och", "i", "a", "és", "ve", "și", "ja", "&",
    "with", "mit", "avec", "con", "com", "met", "med",
};

/* Strings that are never author names (whole name, lower case). */
static const char *const noise_names[] = {
    "redaktion", "redaktion online", "online-redaktion", "onlineredaktion", "die redaktion",
    "red", "red.", "editorial", "editorial staff", "editorial team", "editor", "editors",
    "staff", "staff writer", "staff reporter", "admin", "administrator", "guest", "anonymous",
    "unknown", "follow", "follow author", "share", "facebook", "twitter", "linkedin",
    "instagram", "email", "e-mail", "mail", "print", "comments", "comment", "subscribe",
    "newsletter", "more", "home", "menu", "login", "log in", "sign in", "contact", "about",
    "about us", "rédaction", "la rédaction", "redacción", "la redacción", "redazione",
    "la redazione", "redactie", "de redactie", "redação", "redakcja", "redakce", "toimitus",
    "redaksjonen", "redaktionen", "null", "undefined", "none", "n/a", "author", "autor",
    "auteur", "by", "von", "admin", "webmaster", "desk", "news desk", "newsdesk", "web desk",
    "updated", "published", "read more", "min read", "see all", "view all",
};

/* Wire services: what may be written in a tag, and the canonical name. */
static const struct { const char *tag, *name; } agencies[] = {
    {"dpa", "dpa"}, {"dpa-afx", "dpa-AFX"}, {"afp", "AFP"}, {"reuters", "Reuters"},
    {"ap", "AP"}, {"associated press", "AP"}, {"the associated press", "AP"},
    {"apa", "APA"}, {"sda", "sda"}, {"kna", "KNA"}, {"epd", "epd"}, {"kap", "Kathpress"},
    {"ddp", "ddp"}, {"ansa", "ANSA"}, {"efe", "EFE"}, {"europa press", "Europa Press"},
    {"belga", "Belga"}, {"anp", "ANP"}, {"pap", "PAP"}, {"ctk", "ČTK"}, {"čtk", "ČTK"},
    {"tasr", "TASR"}, {"mti", "MTI"}, {"tt", "TT"}, {"ntb", "NTB"}, {"ritzau", "Ritzau"},
    {"stt", "STT"}, {"lusa", "Lusa"}, {"agência lusa", "Lusa"}, {"upi", "UPI"},
    {"pa", "PA"}, {"pa media", "PA"}, {"aap", "AAP"}, {"cp", "CP"}, {"the canadian press", "CP"},
    {"canadian press", "CP"}, {"xinhua", "Xinhua"}, {"kyodo", "Kyodo"}, {"yonhap", "Yonhap"},
    {"tass", "TASS"}, {"ria novosti", "RIA Novosti"}, {"anadolu", "Anadolu"},
    {"bloomberg", "Bloomberg"}, {"sid", "SID"}, {"kyodo news", "Kyodo"}, {"ians", "IANS"},
    {"pti", "PTI"}, {"ani", "ANI"}, {"agencies", "agencies"}, {"afp/dpa", "AFP"},
};

static unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c; }
static bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
static bool is_alnum(unsigned char c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80; }

/* Case-insensitive equality of s[0..n) with the NUL-terminated w. */
static bool eq_ci(const char *s, size_t n, const char *w)
{
    size_t m = strlen(w);
    if (m != n) return false;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)s[i]) != (unsigned char)w[i]) return false;
    return true;
}

bool meta_starts_with(const char *s, size_t n, const char *prefix)
{
    size_t m = strlen(prefix);
    if (m > n) return false;
    for (size_t i = 0; i < m; i++)
        if (lower((unsigned char)s[i]) != lower((unsigned char)prefix[i])) return false;
    return true;
}

size_t meta_byline_prefix(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof lead_words / sizeof lead_words[0]; k++) {
        size_t m = strlen(lead_words[k]);
        if (m < n && meta_starts_with(s, n, lead_words[k]) && (is_space((unsigned char)s[m]) || s[m] == ':')) {
            size_t i = m;
            while (i < n && (is_space((unsigned char)s[i]) || s[i] == ':')) i++;
            return i;
        }
    }
    return 0;
}

const char *meta_agency_name(const char *s, size_t n)
{
    while (n && (is_space((unsigned char)*s) || *s == '(' || *s == '[')) { s++; n--; }
    while (n && (is_space((unsigned char)s[n - 1]) || s[n - 1] == ')' || s[n - 1] == ']' || s[n - 1] == '.')) n--;
    if (!n || n > 24) return NULL;
    /* "AFP/dpa", "dpa/AFP", "AP, Reuters": the first one named */
    size_t cut = 0;
    while (cut < n && s[cut] != '/' && s[cut] != ',' && s[cut] != ';') cut++;
    for (size_t k = 0; k < sizeof agencies / sizeof agencies[0]; k++)
        if (eq_ci(s, cut, agencies[k].tag)) return agencies[k].name;
    return NULL;
}

const char *meta_agency_in_text(const char *s, size_t n)
{
    /* "... besuchen. (dpa)" : a parenthesis closing the text */
    size_t e = n;
    while (e && is_space((unsigned char)s[e - 1])) e--;
    if (e && s[e - 1] == ')') {
        size_t b = e - 1;
        while (b && s[b - 1] != '(' && e - b < 30) b--;
        if (b && s[b - 1] == '(') {
            const char *a = meta_agency_name(s + b, e - 1 - b);
            if (a) return a;
        }
    }
    /* "Berlin (dpa) - ..." or "BERLIN (AP) —" in the first 60 bytes */
    size_t lim = n < 60 ? n : 60;
    for (size_t i = 0; i < lim; i++) {
        if (s[i] != '(') continue;
        size_t j = i + 1;
        while (j < n && j - i < 30 && s[j] != ')') j++;
        if (j >= n || s[j] != ')') break;
        const char *a = meta_agency_name(s + i + 1, j - i - 1);
        size_t k = j + 1;
        while (k < n && is_space((unsigned char)s[k])) k++;
        /* a dash or colon follows the tag in a dateline */
        if (a && k < n && (s[k] == '-' || s[k] == ':' || (unsigned char)s[k] == 0xE2)) return a;
        break;
    }
    return NULL;
}

/* True when every byte is a digit, punctuation or space. */
static bool has_letter(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] | 0x20) >= 'a' && ((unsigned char)s[i] | 0x20) <= 'z') return true;
        else if ((unsigned char)s[i] >= 0x80) return true;
    return false;
}

bool meta_author_plausible(const char *s, size_t n)
{
    if (n < 2 || n > 80 || !has_letter(s, n)) return false;
    for (size_t k = 0; k < sizeof noise_names / sizeof noise_names[0]; k++)
        if (eq_ci(s, n, noise_names[k])) return false;
    size_t digits = 0, words = 1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') digits++;
        if (s[i] == ' ') words++;
        if (s[i] == '@' || s[i] == '/' || s[i] == '{' || s[i] == '<' || s[i] == '=') return false;
    }
    if (digits) return false;
    if (words > 7) return false;
    if (meta_starts_with(s, n, "http") || meta_starts_with(s, n, "www.")) return false;
    return true;
}

/* Length of a joiner word at s (followed by a space), or 0. */
static size_t joiner_at(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof joiners / sizeof joiners[0]; k++) {
        size_t m = strlen(joiners[k]);
        if (m < n && meta_starts_with(s, n, joiners[k]) && is_space((unsigned char)s[m])) return m;
    }
    return 0;
}

/* Cuts a byline where the names end: at a date, a '|' or bullet, "Updated",
 * a newline run after the first name, an e-mail or a URL. */
static size_t names_end(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '|' || c == '\n' || c == '(' || c == '[' || c == '<' || c == '\t') return i;
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0xA2 || (unsigned char)s[i + 2] == 0x94 || (unsigned char)s[i + 2] == 0x93))
            return i; /* bullet, em dash, en dash */
        if (c == ' ' && i + 2 < n && s[i + 1] == '-' && s[i + 2] == ' ') return i;
        if (c >= '0' && c <= '9') {
            size_t b = i;
            while (b && s[b - 1] != ',' && s[b - 1] != ' ') b--;
            /* a date starts at the previous word when that is a month name */
            return b;
        }
        if (i == 0 || s[i - 1] == ' ' || s[i - 1] == ',') {
            static const char *const stops[] = {"updated", "published", "aktualisiert", "veröffentlicht",
                "stand", "mis à jour", "publié", "actualizado", "publicado", "aggiornato",
                "pubblicato", "bijgewerkt", "gepubliceerd", "on ", "am ", "le ", "el ", "il ",
                "em ", "op ", "last ", "posted", "photo", "foto", "image", "bild", "illustration",
                "edited by", "in ", "at ", "for ", "für ", "pour ", "para ", "per ", "voor "};
            for (size_t k = 0; k < sizeof stops / sizeof stops[0]; k++)
                if (i > 0 && meta_starts_with(s + i, n - i, stops[k])) {
                    size_t m = strlen(stops[k]);
                    if (stops[k][m - 1] == ' ' || i + m >= n || !is_alnum((unsigned char)s[i + m])) return i;
                }
        }
    }
    return n;
}

/* Appends one cleaned name unless present or implausible. */
static bool add_name(pith_result *r, const char *s, size_t n, size_t max)
{
    while (n && (is_space((unsigned char)*s) || *s == ',' || *s == ':' || *s == '-' || *s == '.' || *s == '&')) { s++; n--; }
    while (n && (is_space((unsigned char)s[n - 1]) || s[n - 1] == ',' || s[n - 1] == ':' || s[n - 1] == '-' || s[n - 1] == '&')) n--;
    size_t p = meta_byline_prefix(s, n);
    if (p && p < n) { s += p; n -= p; }
    if (!meta_author_plausible(s, n)) return false;
    if (r->authors.n >= max) return false;
    /* collapse inner whitespace */
    char buf[96];
    size_t k = 0;
    bool sp = false;
    for (size_t i = 0; i < n && k + 1 < sizeof buf; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_space(c) || (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)) {
            if (c == 0xC2) i++;
            sp = true;
            continue;
        }
        if (sp && k) buf[k++] = ' ';
        sp = false;
        buf[k++] = (char)c;
    }
    for (size_t i = 0; i < r->authors.n; i++)
        if (strlen(r->authors.items[i]) == k && !strncasecmp(r->authors.items[i], buf, k))
            return false;
    return pith_strlist_add(r, &r->authors, buf, k);
}

size_t meta_authors_add(pith_result *r, const char *s, size_t n, size_t max)
{
    size_t before = r->authors.n;
    while (n && is_space((unsigned char)*s)) { s++; n--; }
    size_t p = meta_byline_prefix(s, n);
    s += p;
    n -= p;
    n = names_end(s, n);
    /* "Last, First" (two parts, one word each side) stays one name */
    const char *comma = memchr(s, ',', n);
    if (comma && !memchr(comma + 1, ',', n - (size_t)(comma + 1 - s)) && !memchr(s, ' ', (size_t)(comma - s)) &&
        !joiner_at(comma + 2 < s + n ? comma + 2 : comma + 1, n - (size_t)(comma + 1 - s))) {
        const char *rest = comma + 1;
        while (rest < s + n && is_space((unsigned char)*rest)) rest++;
        if (!memchr(rest, ' ', (size_t)(s + n - rest))) {
            add_name(r, s, n, max);
            return r->authors.n - before;
        }
    }
    size_t i = 0, start = 0;
    while (i <= n) {
        size_t sep = 0;
        if (i < n) {
            if (s[i] == ',' || s[i] == ';' || s[i] == '/' || s[i] == '&') sep = 1;
            else if (is_space((unsigned char)s[i])) {
                size_t j = joiner_at(s + i + 1, n - i - 1);
                if (j) sep = 1 + j;
            }
        }
        if (i == n || sep) {
            add_name(r, s + start, i - start, max);
            if (i == n) break;
            i += sep;
            start = i;
            continue;
        }
        i++;
    }
    return r->authors.n - before;
}

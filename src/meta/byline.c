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
    if (n < 3) return 0;
    unsigned char first = lower((unsigned char)s[0]);
    for (size_t k = 0; k < sizeof lead_words / sizeof lead_words[0]; k++) {
        /* most text starts with no lead word: reject on the first letter */
        if ((unsigned char)lead_words[k][0] != first) continue;
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

/* True when every word of s is a noise word ("Twitter Facebook"). */
static bool all_noise(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && is_space((unsigned char)s[i])) i++;
        size_t b = i;
        while (i < n && !is_space((unsigned char)s[i])) i++;
        if (i == b) break;
        bool noise = false;
        for (size_t k = 0; k < sizeof noise_names / sizeof noise_names[0] && !noise; k++)
            noise = eq_ci(s + b, i - b, noise_names[k]);
        if (!noise) return false;
    }
    return true;
}

bool meta_author_plausible(const char *s, size_t n)
{
    if (n < 2 || n > 80 || !has_letter(s, n)) return false;
    if (all_noise(s, n)) return false;
    size_t digits = 0, words = 1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') digits++;
        if (s[i] == ' ') words++;
        if (s[i] == '@' || s[i] == '/' || s[i] == '{' || s[i] == '<' || s[i] == '=') return false;
        if ((unsigned char)s[i] < 0x20 && !is_space((unsigned char)s[i])) return false; /* NUL, controls */
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

/* Job titles: a part naming one is an affiliation, not a name, and what
 * follows it in the byline is too. */
static const char *const role_words[] = {
    "staff", "senior", "editor", "correspondent", "reporter", "writer", "columnist",
    "technologist", "contributor", "contributing", "analyst", "director", "producer",
    "professor", "photographer", "manager", "officer", "chief", "journalist", "redakteur",
    "redakteurin", "korrespondent", "korrespondentin", "journaliste", "rédacteur",
    "rédactrice", "envoyé", "envoyée", "spécial", "periodista", "redactor", "redactora",
    "corresponsal", "giornalista", "inviato", "inviata", "redacteur", "verslaggever",
    "correspondent", "professeur", "profesor", "universidad", "university", "universität",
    "université", "news", "desk", "team", "bureau", "fellow", "researcher", "intern",
};

/* Month and weekday words that open a date after the names. */
static const char *const date_words[] = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "januar", "februar",
    "märz", "mai", "juni", "juli", "oktober", "dezember", "montag", "dienstag", "mittwoch",
    "donnerstag", "freitag", "samstag", "sonntag", "janvier", "février", "mars", "avril",
    "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre", "lundi",
    "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "updated", "published",
    "on", "am", "le", "el", "il", "em", "op", "at", "den", "der", "à", "a", "um", "le",
    "in", "for", "from", "im", "en", "dans", "aus",
};

static bool word_in(const char *w, size_t n, const char *const *list, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (eq_ci(w, n, list[i])) return true;
    return false;
}

/* Cuts a byline where the names end: at '|', a newline, '<', a bullet or
 * dash, a date, or (in running text) "Updated", "in London", "for CNN". */
static size_t names_end(const char *s, size_t n, bool text)
{
    size_t e = n;
    for (size_t i = 0; i < n && e == n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '|' || c == '\n' || c == '<' || c == '\t' || (text && (c == '(' || c == '['))) e = i;
        else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                 ((unsigned char)s[i + 2] == 0xA2 || (unsigned char)s[i + 2] == 0x94 || (unsigned char)s[i + 2] == 0x93))
            e = i; /* bullet, em dash, en dash */
        else if (c == ' ' && i + 2 < n && s[i + 1] == '-' && s[i + 2] == ' ') e = i;
        else if (c >= '0' && c <= '9') e = i;
        else if (text && (i == 0 || s[i - 1] == ' ' || s[i - 1] == ',')) {
            /* these end the names; first in the string they mean there
             * is no name at all ("Last Updated: ...") */
            static const char *const stops[] = {"updated", "published", "aktualisiert",
                "veröffentlicht", "stand:", "mis à jour", "publié", "actualizado", "publicado",
                "aggiornato", "pubblicato", "bijgewerkt", "gepubliceerd", "last ", "posted",
                "photo", "foto", "image", "bild", "illustration", "edited by", "joined",
                "member since", "posts:"};
            /* these only after a name: "Jane Doe in London", "for CNN" */
            static const char *const after[] = {"in ", "for ", "für ", "pour ", "para ", "per ", "voor "};
            /* (the words are lower case: the first letter rejects most of them without a strlen) */
            unsigned char first = lower(c);
            for (size_t k = 0; k < sizeof stops / sizeof stops[0] && e == n; k++) {
                if ((unsigned char)stops[k][0] != first) continue;
                size_t m = strlen(stops[k]);
                if (meta_starts_with(s + i, n - i, stops[k]) &&
                    (stops[k][m - 1] == ' ' || i + m >= n || !is_alnum((unsigned char)s[i + m])))
                    e = i;
            }
            for (size_t k = 0; k < sizeof after / sizeof after[0] && e == n && i > 0; k++)
                if ((unsigned char)after[k][0] == first && meta_starts_with(s + i, n - i, after[k])) e = i;
        }
    }
    /* then drop trailing date words, prepositions and lower-case words
     * ("před 2 hodinami", "May 20, 2019", "on") */
    for (;;) {
        while (e && (is_space((unsigned char)s[e - 1]) || s[e - 1] == ',' || s[e - 1] == ':')) e--;
        size_t b = e;
        while (b && !is_space((unsigned char)s[b - 1])) b--;
        if (b == 0 || b == e) break;
        size_t wl = e - b;
        bool lower_word = text && (unsigned char)s[b] >= 'a' && (unsigned char)s[b] <= 'z' && wl > 3;
        if (!lower_word && !word_in(s + b, s[e - 1] == '.' ? wl - 1 : wl, date_words, sizeof date_words / sizeof date_words[0]))
            break;
        e = b;
    }
    return e;
}

/* Number of words in s[0..n). */
static size_t word_count(const char *s, size_t n)
{
    size_t w = 0;
    bool in = false;
    for (size_t i = 0; i < n; i++) {
        bool sp = is_space((unsigned char)s[i]);
        if (!sp && !in) w++;
        in = !sp;
    }
    return w;
}

/* An affiliation rather than a name: a job title, or two or more
 * lower-case words ("profesorius universiteto"). */
static bool is_affiliation(const char *s, size_t n)
{
    size_t lower_words = 0, i = 0;
    while (i < n) {
        while (i < n && (is_space((unsigned char)s[i]) || s[i] == ',')) i++;
        size_t b = i;
        while (i < n && !is_space((unsigned char)s[i]) && s[i] != ',') i++;
        if (i == b) break;
        if (word_in(s + b, i - b, role_words, sizeof role_words / sizeof role_words[0])) return true;
        if ((unsigned char)s[b] >= 'a' && (unsigned char)s[b] <= 'z' && i - b > 3) lower_words++;
    }
    return lower_words >= 2;
}

/* Academic and professional letters after a name ("Jane Doe, MD"): not
 * a name of their own. */
static const char *const degrees[] = {
    "ma", "ms", "msc", "ba", "bs", "bsc", "md", "m.d.", "phd", "ph.d.", "ph.d", "mph", "rn",
    "dr", "dr.", "prof", "prof.", "jr", "jr.", "sr", "sr.", "mba", "llm", "esq", "facp", "dds",
    "rd", "rdn", "np", "cpa", "cfa", "jd", "do", "dvm", "pharmd", "lcsw", "cnm",
};

/* Length of s without a wire service's name glued to its end ("ERIC
 * TUCKER Associated Press"): the agency is named apart. */
static size_t without_agency(const char *s, size_t n)
{
    size_t cut = n;
    if (meta_agency_name(s, n)) return n;
    for (int words = 0; words < 3; words++) {
        while (cut && !is_space((unsigned char)s[cut - 1])) cut--;
        if (!cut) break;
        if (meta_agency_name(s + cut, n - cut) && cut > 0) {
            size_t e = cut;
            while (e && is_space((unsigned char)s[e - 1])) e--;
            if (e) return e;
        }
        while (cut && is_space((unsigned char)s[cut - 1])) cut--;
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
    /* Korean and Japanese bylines end in "reporter" */
    if (n > 7 && (!memcmp(s + n - 6, "기자", 6) || !memcmp(s + n - 6, "記者", 6))) {
        n -= 6;
        while (n && is_space((unsigned char)s[n - 1])) n--;
    }
    size_t whole = n;
    n = without_agency(s, n);
    if (n < whole && !r->agency) {
        const char *ag = meta_agency_name(s + n, whole - n);
        if (ag) r->agency = pith_result_strdup(r, ag, strlen(ag));
    }
    if (n > 80 || r->authors.n >= max) return false;
    /* collapse inner whitespace (runs of controls count as one space), then
     * judge the name as it will be stored */
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
    if (!meta_author_plausible(buf, k)) return false;
    if (word_in(buf, k, degrees, sizeof degrees / sizeof degrees[0])) return false;
    for (size_t i = 0; i < r->authors.n; i++)
        if (strlen(r->authors.items[i]) == k && !strncasecmp(r->authors.items[i], buf, k))
            return false;
    return pith_strlist_add(r, &r->authors, buf, k);
}

size_t meta_authors_add(pith_result *r, const char *s, size_t n, size_t max, bool text)
{
    size_t before = r->authors.n;
    while (n && is_space((unsigned char)*s)) { s++; n--; }
    /* a profile URL or handle in parentheses after a name goes
     * ("Jane Doe (http://example.org/jane)", "Jane Doe (@jane)") */
    char copy[512];
    const char *paren = memchr(s, '(', n);
    if (paren && paren > s && n < sizeof copy) {
        const char *close = memchr(paren, ')', n - (size_t)(paren - s));
        size_t in = close ? (size_t)(close - paren) : n - (size_t)(paren - s);
        if (memmem(paren, in, "://", 3) || (in > 1 && paren[1] == '@') || memmem(paren, in, "www.", 4)) {
            size_t head = (size_t)(paren - s), tail = close ? n - (size_t)(close + 1 - s) : 0;
            memcpy(copy, s, head);
            if (tail) memcpy(copy + head, close + 1, tail);
            s = copy;
            n = head + tail;
        }
    }
    /* a profile URL names nobody we can print */
    if (meta_starts_with(s, n, "http") || memmem(s, n, "://", 3) || meta_starts_with(s, n, "www.")) return 0;
    size_t p = meta_byline_prefix(s, n);
    s += p;
    n -= p;
    /* "From" in running text names a source, not a writer ("From
     * Wikipedia, the free encyclopedia"): only a wire service counts */
    if (p >= 5 && text && meta_starts_with(s - p, p, "from")) {
        size_t k = 0;
        while (k < n && s[k] != ',' && s[k] != '(' && s[k] != '\n') k++;
        const char *ag = meta_agency_name(s, k);
        if (ag && !r->agency) r->agency = pith_result_strdup(r, ag, strlen(ag));
        return 0;
    }
    /* a user handle ("CC7567", "jdoe42"): letters and digits in the first
     * word name an account, not a person */
    {
        size_t w = 0;
        bool letter = false, digit = false;
        while (w < n && !is_space((unsigned char)s[w]) && s[w] != ',') {
            unsigned char c = (unsigned char)s[w++];
            if (c >= '0' && c <= '9') digit = true;
            else if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80) letter = true;
        }
        if (letter && digit) return 0;
    }
    n = names_end(s, n, text);
    /* "Last, First" ("Jong, Michiel de") stays one name */
    const char *comma = memchr(s, ',', n);
    const char *after = comma;
    while (after && after + 1 < s + n && after[1] == ' ') after++;
    if (comma && after + 1 < s + n && !((unsigned char)after[1] >= 'a' && (unsigned char)after[1] <= 'z') &&
        !memchr(comma + 1, ',', n - (size_t)(comma + 1 - s)) &&
        word_count(s, (size_t)(comma - s)) == 1 && word_count(comma + 1, n - (size_t)(comma + 1 - s)) <= 2) {
        add_name(r, s, n, max);
        return r->authors.n - before;
    }
    size_t i = 0, start = 0;
    while (i <= n) {
        size_t sep = 0;
        if (i < n) {
            if (s[i] == ',' || s[i] == ';' || s[i] == '/') sep = 1;
            else if (s[i] == '&') {
                /* "Mac & i", "Procter & Gamble": one name unless both sides are names */
                size_t e = i + 1;
                while (e < n && s[e] != ',' && s[e] != ';' && s[e] != '&') e++;
                if (word_count(s + start, i - start) >= 2 && word_count(s + i + 1, e - i - 1) >= 2) sep = 1;
            } else if (is_space((unsigned char)s[i])) {
                size_t j = joiner_at(s + i + 1, n - i - 1);
                if (j && s[i + 1] != '&') sep = 1 + j;
            }
        }
        if (i == n || sep) {
            if (text && is_affiliation(s + start, i - start)) break;
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

/* True when the UTF-8 letter at s is a capital: Latin (with Latin-1,
 * Extended-A and the Vietnamese block), Greek or Cyrillic. Scripts
 * without case never pass. */
static bool capital_at(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    if (c >= 'A' && c <= 'Z') return true;
    if (c >= 0xC0 && c < 0xE0 && n >= 2) {
        unsigned cp = ((unsigned)(c & 0x1F) << 6) | ((unsigned char)s[1] & 0x3F);
        return (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x100 && cp <= 0x17F && !(cp & 1)) ||
               (cp >= 0x391 && cp <= 0x3A9) || (cp >= 0x400 && cp <= 0x42F);
    }
    if (c == 0xE1 && n >= 3 && ((unsigned char)s[1] == 0xB8 || (unsigned char)s[1] == 0xB9 ||
                                (unsigned char)s[1] == 0xBA || (unsigned char)s[1] == 0xBB))
        return !((unsigned char)s[2] & 1); /* U+1E00..U+1EFF: capitals at even code points */
    return false;
}

/* Lower-case particles inside names ("Ludwig van Beethoven"). */
static const char *const particles[] = {
    "de", "da", "do", "dos", "das", "del", "della", "di", "van", "von", "der", "den", "ter",
    "la", "le", "bin", "binti", "bint", "al", "el", "ibn", "y", "e", "du", "des", "zu",
};

/* Capitalised words that open headings and labels, never names. */
static const char *const heading_words[] = {
    "the", "of", "in", "on", "at", "for", "to", "with", "a", "an", "is", "are", "how", "what",
    "why", "when", "who", "our", "your", "my", "new", "more", "read", "about", "related",
    "see", "also", "watch", "listen", "share", "follow", "subscribe", "advertisement",
    "update", "updates", "live", "photo", "photos", "video", "editor", "editors", "note",
    "this", "that", "these", "it", "we", "you", "i", "his", "her", "their", "und", "die",
    "das", "der", "les", "los", "las", "il", "lo", "het", "een",
};

bool meta_name_line(const char *s, size_t n)
{
    while (n && is_space((unsigned char)*s)) { s++; n--; }
    while (n && (is_space((unsigned char)s[n - 1]) || (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0)))
        n -= is_space((unsigned char)s[n - 1]) ? 1 : 2;
    size_t p = meta_byline_prefix(s, n);
    s += p;
    n -= p;
    if (n < 4 || n > 64) return false;
    size_t names = 0, i = 0;
    while (i <= n) {
        /* one name: words up to a separator */
        size_t w = 0;
        for (;;) {
            while (i < n && (s[i] == ' ' || ((unsigned char)s[i] == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)))
                i += s[i] == ' ' ? 1 : 2;
            if (i >= n || s[i] == '/' || s[i] == ',' || s[i] == '&') break;
            size_t b = i;
            while (i < n && s[i] != ' ' && s[i] != '/' && s[i] != ',' && s[i] != '&' &&
                   !((unsigned char)s[i] == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)) {
                unsigned char c = (unsigned char)s[i];
                if (c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && c != '-' && c != '\'' && c != '.') return false;
                i++;
            }
            size_t wl = i - b;
            if (word_in(s + b, wl, joiners, sizeof joiners / sizeof joiners[0]) && w) break; /* "A and B" */
            if (word_in(s + b, wl, heading_words, sizeof heading_words / sizeof heading_words[0])) return false;
            if (!capital_at(s + b, n - b) && !word_in(s + b, wl, particles, sizeof particles / sizeof particles[0]))
                return false;
            if (s[b + wl - 1] == '.' && wl > 3) return false; /* a sentence's end, not an initial */
            w++;
        }
        if (w) {
            if (w < 2 || w > 4) return false;
            names++;
        } else if (i < n) {
            return false; /* two separators in a row, or one first */
        }
        if (i >= n) break;
        i++; /* past the separator (a joiner word was consumed as a word) */
    }
    return names >= 1 && names <= 4;
}

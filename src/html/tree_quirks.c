/*
 * Quirks mode from a DOCTYPE token (WHATWG HTML 13.2.6.4.1, "initial"
 * insertion mode): the standard's public identifier lists, written once.
 */
#include <stdbool.h>
#include <string.h>

#include "../core/ascii.h"
#include "tree_quirks.h"

/* Public identifiers whose prefix means quirks mode. */
static const char *const quirks_prefixes[] = {
    "+//silmaril//dtd html pro v0r11 19970101//",
    "-//as//dtd html 3.0 aswedit + extensions//",
    "-//advasoft ltd//dtd html 3.0 aswedit + extensions//",
    "-//ietf//dtd html 2.0 level 1//",
    "-//ietf//dtd html 2.0 level 2//",
    "-//ietf//dtd html 2.0 strict level 1//",
    "-//ietf//dtd html 2.0 strict level 2//",
    "-//ietf//dtd html 2.0 strict//",
    "-//ietf//dtd html 2.0//",
    "-//ietf//dtd html 2.1e//",
    "-//ietf//dtd html 3.0//",
    "-//ietf//dtd html 3.2 final//",
    "-//ietf//dtd html 3.2//",
    "-//ietf//dtd html 3//",
    "-//ietf//dtd html level 0//",
    "-//ietf//dtd html level 1//",
    "-//ietf//dtd html level 2//",
    "-//ietf//dtd html level 3//",
    "-//ietf//dtd html strict level 0//",
    "-//ietf//dtd html strict level 1//",
    "-//ietf//dtd html strict level 2//",
    "-//ietf//dtd html strict level 3//",
    "-//ietf//dtd html strict//",
    "-//ietf//dtd html//",
    "-//metrius//dtd metrius presentational//",
    "-//microsoft//dtd internet explorer 2.0 html strict//",
    "-//microsoft//dtd internet explorer 2.0 html//",
    "-//microsoft//dtd internet explorer 2.0 tables//",
    "-//microsoft//dtd internet explorer 3.0 html strict//",
    "-//microsoft//dtd internet explorer 3.0 html//",
    "-//microsoft//dtd internet explorer 3.0 tables//",
    "-//netscape comm. corp.//dtd html//",
    "-//netscape comm. corp.//dtd strict html//",
    "-//o'reilly and associates//dtd html 2.0//",
    "-//o'reilly and associates//dtd html extended 1.0//",
    "-//o'reilly and associates//dtd html extended relaxed 1.0//",
    "-//sq//dtd html 2.0 hotmetal + extensions//",
    "-//softquad software//dtd hotmetal pro 6.0::19990601::extensions to html 4.0//",
    "-//softquad//dtd hotmetal pro 4.0::19971010::extensions to html 4.0//",
    "-//spyglass//dtd html 2.0 extended//",
    "-//sun microsystems corp.//dtd hotjava html//",
    "-//sun microsystems corp.//dtd hotjava strict html//",
    "-//w3c//dtd html 3 1995-03-24//",
    "-//w3c//dtd html 3.2 draft//",
    "-//w3c//dtd html 3.2 final//",
    "-//w3c//dtd html 3.2//",
    "-//w3c//dtd html 3.2s draft//",
    "-//w3c//dtd html 4.0 frameset//",
    "-//w3c//dtd html 4.0 transitional//",
    "-//w3c//dtd html experimental 19960712//",
    "-//w3c//dtd html experimental 970421//",
    "-//w3c//dtd w3 html//",
    "-//w3o//dtd w3 html 3.0//",
    "-//webtechs//dtd mozilla html 2.0//",
    "-//webtechs//dtd mozilla html//",
};

int pith_doctype_quirks(const pith_token *tk)
{
    if (tk->force_quirks) return PITH_QUIRKS;
    if (!tk->name || tk->name_len != 4 || memcmp(tk->name, "html", 4) != 0) return PITH_QUIRKS;
    const char *pub = tk->public_id, *sys = tk->system_id;
    size_t pl = tk->public_id_len, sl = tk->system_id_len;
    if (sys && pith_ascii_ieq(sys, sl, "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd")) return PITH_QUIRKS;
    if (pub) {
        if (pith_ascii_ieq(pub, pl, "-//w3o//dtd w3 html strict 3.0//en//") ||
            pith_ascii_ieq(pub, pl, "-/w3c/dtd html 4.0 transitional/en") || pith_ascii_ieq(pub, pl, "html"))
            return PITH_QUIRKS;
        for (size_t i = 0; i < sizeof quirks_prefixes / sizeof quirks_prefixes[0]; i++)
            if (pith_ascii_iprefix(pub, pl, quirks_prefixes[i])) return PITH_QUIRKS;
        bool frameset_or_transitional = pith_ascii_iprefix(pub, pl, "-//w3c//dtd html 4.01 frameset//") ||
                                        pith_ascii_iprefix(pub, pl, "-//w3c//dtd html 4.01 transitional//");
        if (!sys && frameset_or_transitional) return PITH_QUIRKS;
        if (pith_ascii_iprefix(pub, pl, "-//w3c//dtd xhtml 1.0 frameset//") ||
            pith_ascii_iprefix(pub, pl, "-//w3c//dtd xhtml 1.0 transitional//"))
            return PITH_LIMITED_QUIRKS;
        if (sys && frameset_or_transitional) return PITH_LIMITED_QUIRKS;
    }
    return PITH_NO_QUIRKS;
}

// A C entry point to CLD2 (Debian libcld2), which only offers a C++ API.
#include <cstdio>  // the CLD2 header uses FILE without including it
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>
#include <cstring>

extern "C" int pith_cld2_detect(const char *text, size_t n, const char *hint, char *out,
                                size_t cap, int *percent, int *reliable);

// Detects the language of n bytes of UTF-8; 1 with a code in out, else 0.
// Catches everything: a C caller must never see an exception.
extern "C" int pith_cld2_detect(const char *text, size_t n, const char *hint, char *out,
                                size_t cap, int *percent, int *reliable)
{
    if (percent) *percent = 0;
    if (reliable) *reliable = 0;
    if (!text || !out || cap < 16 || n == 0) return 0;
    if (n > (1u << 20)) n = 1u << 20;  // the first MiB is plenty
    try {
        CLD2::CLDHints hints = {hint, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
        CLD2::Language lang3[3];
        int pct3[3];
        double score3[3];
        int text_bytes = 0, valid = 0;
        bool is_reliable = false;
        CLD2::Language l = CLD2::ExtDetectLanguageSummaryCheckUTF8(
            text, static_cast<int>(n), true, &hints, 0, lang3, pct3, score3, nullptr,
            &text_bytes, &is_reliable, &valid);
        if (l == CLD2::UNKNOWN_LANGUAGE || l == CLD2::TG_UNKNOWN_LANGUAGE) return 0;
        const char *code = CLD2::LanguageCode(l);
        if (!code || !*code || std::strlen(code) >= cap) return 0;
        // CLD2 keeps a few withdrawn ISO 639 codes
        if (!std::strcmp(code, "iw")) code = "he";
        else if (!std::strcmp(code, "in")) code = "id";
        else if (!std::strcmp(code, "ji")) code = "yi";
        else if (!std::strcmp(code, "jw")) code = "jv";
        std::strcpy(out, code);
        if (percent) *percent = pct3[0];
        if (reliable) *reliable = is_reliable ? 1 : 0;
        return 1;
    } catch (...) {
        return 0;
    }
}

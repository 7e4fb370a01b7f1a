/* The text cleaner's language identification without CLD2 (src/text/langid.c):
 * function words of the generated table and scripts that belong to one language. */
#include "text/langid.h"

#include <stdbool.h>
#include <string.h>

#include "t.h"

static const char *words(const char *s)
{
    text_langid l;
    text_langid_words(s, strlen(s), &l);
    return l.code;
}

static const char *script(const char *s) { return text_langid_script(s, strlen(s)); }

int main(void)
{
    /* the table: codes are distinct two-letter codes, and there are 31 of them */
    size_t n = 0;
    while (text_langid_code(n)) n++;
    CHECK(n == 31);
    for (size_t i = 0; i < n; i++) {
        CHECK(strlen(text_langid_code(i)) == 2);
        for (size_t j = 0; j < i; j++) CHECK(strcmp(text_langid_code(i), text_langid_code(j)) != 0);
    }

    /* function words */
    CHECK_STR(words("The council said that the harbour would reopen on Monday after the storm, and that the ferry "
                    "service was expected to resume its normal timetable by the end of the week."),
              "en");
    CHECK_STR(words("Der Hafen wurde am Montag wieder geöffnet, nachdem der Sturm in der Nacht die Stadt erreicht "
                    "hatte, und die Fähre soll nach Angaben der Stadt bis zum Ende der Woche fahren."),
              "de");
    CHECK_STR(words("Havnen åpnet igjen mandag etter at stormen hadde rammet byen, og fergen skal etter planen gå "
                    "som normalt igjen fra onsdag, sier en talskvinne. Det ble ikke meldt om skader, men noe av "
                    "kaia er fortsatt stengt."),
              "no");
    CHECK_STR(words("Havnen åbnede igen mandag efter at stormen havde ramt byen, og færgen skal efter planen sejle "
                    "som normalt igen fra onsdag, siger en talskvinde. Der blev ikke meldt om skader, men noget af "
                    "kajen er stadig lukket."),
              "da");
    CHECK_STR(words("Hamnen öppnade igen på måndagen efter att stormen hade nått staden, och färjan ska enligt "
                    "planen gå som vanligt från onsdag, säger en talesperson. Det var inte mycket skador, men en "
                    "del av kajen är fortfarande stängd."),
              "sv");
    CHECK_STR(words("Liman pazartesi günü yeniden açıldı. Fırtınadan sonra şehirde çok daha sakin bir hafta "
                    "bekleniyor ve feribot seferleri de çarşamba günü normal olarak başlayacak, ancak rıhtımın bir "
                    "kısmı hala kapalı olduğu için yolcular için yeni bir plan var."),
              "tr");
    CHECK_STR(words("Přístav byl v pondělí znovu otevřen poté, co bouře zasáhla město. Podle mluvčí bude trajekt "
                    "jezdit jako obvykle od středy, ale část nábřeží je také ještě zavřená a není jasné, kdy bude "
                    "otevřena, protože škody jsou podle úřadů velké."),
              "cs");
    CHECK_STR(words("Порт снова открылся в понедельник после того, как шторм обрушился на город. По словам "
                    "представителя, паром будет ходить как обычно со среды, но часть набережной все ещё закрыта, "
                    "и это не только для туристов."),
              "ru");
    CHECK_STR(words("Cảng đã mở cửa trở lại vào thứ Hai sau khi cơn bão đi qua thành phố. Theo người phát ngôn, "
                    "phà sẽ hoạt động bình thường từ thứ Tư, nhưng một phần của bến vẫn còn đóng và những người "
                    "dân cho biết họ đã rất lo lắng."),
              "vi");
    /* capitals at the start of a sentence are folded (Latin-1, Latin Extended-A, Cyrillic) */
    CHECK_STR(words("Și portul a fost redeschis luni. În oraș, după furtună, feribotul va circula din nou de "
                    "miercuri, dar o parte din chei este încă închisă pentru că au fost pagube care nu sunt "
                    "reparate."),
              "ro");
    /* no language: too few function words, or a tie */
    CHECK(words("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
                "labore et dolore magna aliqua.") == NULL);
    CHECK(words("og i det som på er en til") == NULL);
    CHECK(words("") == NULL);
    CHECK(words("12 34 -- ++ !!") == NULL);
    /* a word longer than any of the table's is no function word */
    CHECK(words("thethethethethethethethethethethethethethethethethe") == NULL);

    /* scripts */
    CHECK_STR(script("Το λιμάνι άνοιξε ξανά τη Δευτέρα μετά την καταιγίδα που έπληξε την πόλη."), "el");
    CHECK_STR(script("הנמל נפתח מחדש ביום שני לאחר הסערה שפקדה את העיר."), "he");
    CHECK_STR(script("أعيد فتح الميناء يوم الاثنين بعد العاصفة التي ضربت المدينة."), "ar");
    /* Persian letters (pe, gaf, farsi yeh): not Arabic, left to CLD2 */
    CHECK(script("بندر پس از طوفانی که شهر را گرفت، روز دوشنبه دوباره باز شد و کشتی‌ها به کار افتادند.") == NULL);
    CHECK_STR(script("ท่าเรือเปิดอีกครั้งในวันจันทร์หลังจากพายุพัดถล่มเมือง"), "th");
    CHECK_STR(script("港は嵐が町を襲った後、月曜日に再開されました。フェリーは水曜日から通常通り運航します。"), "ja");
    CHECK_STR(script("폭풍이 도시를 강타한 후 항구는 월요일에 다시 문을 열었습니다. 페리는 수요일부터 운행합니다."), "ko");
    /* Han alone may be Chinese in either script: left to CLD2 */
    CHECK(script("风暴袭击该市后，港口于周一重新开放，渡轮将从周三起恢复正常运行。") == NULL);
    CHECK(script("The harbour reopened on Monday.") == NULL);
    /* a few Greek letters in English text do not make it Greek */
    CHECK(script("The alpha (α) and beta (β) coefficients of the model were estimated from the data again.") == NULL);
    return T_DONE("langid");
}

/* Every status has a sentence (pith_strerror) and a distinct short name (the
 * JSON "status" field and the command's JSONL skip reason), so a new status
 * cannot go out unnamed; pith_status_has_result tells partial results from
 * failures. */
#include <string.h>

#include "pith.h"
#include "t.h"

int main(void)
{
    for (int s = 0; s < PITH_STATUS_COUNT_; s++) {
        const char *msg = pith_strerror((pith_status)s);
        const char *name = pith_status_name((pith_status)s);
        CHECK(msg && strcmp(msg, "unknown status") != 0);
        CHECK(name && strcmp(name, "unknown") != 0);
        for (int t = 0; t < s; t++) CHECK(strcmp(name, pith_status_name((pith_status)t)) != 0);
    }
    CHECK(!strcmp(pith_status_name(PITH_ERR_TRUNCATED), "truncated"));
    CHECK(!strcmp(pith_status_name(PITH_ERR_NOMEM), "out_of_memory"));
    CHECK(!strcmp(pith_status_name(PITH_STATUS_COUNT_), "unknown"));
    CHECK(!strcmp(pith_strerror(PITH_STATUS_COUNT_), "unknown status"));
    /* a result stands after OK and the partial statuses, not after failures */
    CHECK(pith_status_has_result(PITH_OK));
    CHECK(pith_status_has_result(PITH_ERR_TIMEOUT));
    CHECK(pith_status_has_result(PITH_ERR_NO_CONTENT));
    CHECK(pith_status_has_result(PITH_ERR_TOO_DEEP));
    CHECK(!pith_status_has_result(PITH_ERR_NOMEM));
    CHECK(!pith_status_has_result(PITH_ERR_TOO_LARGE));
    CHECK(!pith_status_has_result(PITH_ERR_ENCODING));
    CHECK(!pith_status_has_result(PITH_ERR_OUTPUT_TOO_LARGE));
    CHECK(!pith_status_has_result(PITH_STATUS_COUNT_));
    return T_DONE("status");
}

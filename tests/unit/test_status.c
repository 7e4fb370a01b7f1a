/* Every status has a sentence (pith_strerror) and a distinct short name (the
 * JSON "status" field), so a new status cannot go out unnamed. */
#include <string.h>

#include "pith.h"
#include "render/render.h"
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
    CHECK(!strcmp(pith_strerror(PITH_STATUS_COUNT_), "unknown status"));
    return T_DONE("status");
}

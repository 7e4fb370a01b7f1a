/* Article text carried as data: JSON-LD articleBody and framework state. */
#include "internal.h"

bool pith_x_from_data(pith_xctx *c)
{
    (void)c;
    return false;
}

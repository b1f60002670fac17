/* Links every object of pith_core (whole archive) with nothing but the
 * core's own libraries: a core module that calls into config/ or daemon/, or
 * needs libuv, libcurl, SQLite or libsystemd, fails the build here, even when
 * no unit test happens to pull that object in. Run as a test, it also builds
 * the core's tables once. */
#include <stdio.h>

#include "pith/pith.h"

int main(void)
{
    pith_err_t err = {0};
    if (pith_core_init(&err) != 0) {
        fprintf(stderr, "core_alone: %s\n", err.reason);
        return 1;
    }
    return 0;
}

/* libFuzzer target: the placeholders' proof (tests/ph_diff.h) on arbitrary
 * bytes. The pre-pass with placeholders and without them must give Gumbo
 * trees that are the same node for node once the text is put back; any
 * difference aborts.
 *
 *   fuzz_placeholders -max_len=65536 -timeout=10 /tmp/fuzz-ph-corpus */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../ph_diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Links kept or not: with them <a> keeps its href. */
    unsigned flags = size & 1 ? PITH_PRESCAN_LINKS : 0;
    if (ph_diff((const char *)data, size, flags, NULL))
        abort();
    return 0;
}

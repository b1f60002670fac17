/* libFuzzer target: pith_extract on arbitrary bytes forced down the HTML
 * path (prescan, Gumbo, block model, scoring, metadata, normalization).
 * Any crash, sanitizer report, leak or timeout is a bug. Inputs are capped
 * at 1 MiB like a small max_input_bytes so that runs stay fast.
 *
 *   fuzz_html -max_len=65536 -timeout=10 /tmp/fuzz-html-corpus */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "pith/pith.h"

/* The core's tables are built once before the first input; a failure is a
 * broken build, not a finding. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    pith_err_t err = {0};
    if (pith_core_init(&err)) {
        fprintf(stderr, "pith_core_init: %s\n", err.reason);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pith_hints_t hints = {0};
    hints.type = PITH_TYPE_HTML;
    hints.url = "https://example.org/news/2019/11/19/story.html";
    hints.max_bytes = (size_t)1 << 20;
    pith_doc_t *doc = NULL;
    pith_err_t err;
    if (pith_extract(data, size, &hints, &doc, &err) == 0)
        pith_doc_destroy(doc);
    return 0;
}

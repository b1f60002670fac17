/* libFuzzer target: pith_extract on arbitrary bytes forced down the HTML
 * path (prescan, Gumbo, block model, scoring, metadata, normalization).
 * Any crash, sanitizer report, leak or timeout is a bug. Inputs are capped
 * at 1 MiB like a small max_input_bytes so that runs stay fast. The
 * pre-pass run in place must give the bytes it gives into a second buffer.
 *
 *   fuzz_html -max_len=65536 -timeout=10 /tmp/fuzz-html-corpus */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_prescan.h"
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
    /* The pre-pass in place (pith_extract_scratch's way) gives the bytes
     * of the pass into a second buffer. */
    char *copy = malloc(size + 1), *same = malloc(size + 1);
    if (!copy || !same)
        abort();
    memcpy(same, data, size);
    same[size] = '\0';
    size_t n = pith_html_prescan((const char *)data, size, copy, NULL, 0);
    if (pith_html_prescan(same, size, same, NULL, 0) != n || memcmp(same, copy, n + 1) != 0)
        abort();
    free(copy);
    free(same);
    return 0;
}

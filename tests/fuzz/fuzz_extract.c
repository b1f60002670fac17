/* libFuzzer target for the whole core: bytes in, document out.
 *
 * The first input byte chooses the hints (type, --ascii, a declared charset)
 * so one corpus explores every path; the rest is the page. Besides the
 * sanitizers' checks, a successful result must honour the output contract
 * (SPEC §4): every paragraph valid UTF-8, non-empty, in NFC, without blank
 * lines, control characters or space at either end of a line. Failures must
 * come with a reason. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "pith/pith.h"
#include "sniff.h"

static void check_text(const char *what, const char *s, int para)
{
    size_t n = strlen(s);
    if (!pith_utf8_valid(s, n)) {
        fprintf(stderr, "%s: invalid UTF-8\n", what);
        abort();
    }
    if (!para)
        return;
    if (n == 0 || strstr(s, "\n\n") || s[0] == ' ' || s[0] == '\n' || s[n - 1] == ' ' ||
        s[n - 1] == '\n' || strstr(s, " \n") || strstr(s, "\n ") || strstr(s, "  ")) {
        fprintf(stderr, "%s: bad white space in \"%s\"\n", what, s);
        abort();
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\n') || c == 0x7F) {
            fprintf(stderr, "%s: control byte 0x%02x\n", what, c);
            abort();
        }
    }
    utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)s);
    if (nfc && strcmp((const char *)nfc, s) != 0) {
        fprintf(stderr, "%s: not NFC: \"%s\"\n", what, s);
        abort();
    }
    free(nfc);
}

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
    static const char *const charsets[] = {NULL,     "utf-8",     "iso-8859-1", "windows-1251",
                                           "koi8-r", "shift_jis", "utf-16",     "x-bogus"};
    if (size < 1)
        return 0;
    uint8_t sel = data[0];
    pith_hints_t hints = {0};
    hints.type = (pith_type_t)(sel % 3);
    hints.ascii = (sel >> 2) & 1;
    hints.charset = charsets[(sel >> 3) & 7];
    hints.url = (sel & 0x40) ? "https://www.example.org/news/2021/story.html" : NULL;
    hints.source = "fuzz.txt";

    pith_doc_t *doc = NULL;
    pith_err_t err = {0};
    int rc = pith_extract(data + 1, size - 1, &hints, &doc, &err);
    if (rc) {
        if (doc || rc != err.code || !err.reason[0]) {
            fprintf(stderr, "failure %d without a reason or with a document\n", rc);
            abort();
        }
        return 0;
    }
    if (!doc || doc->nparas == 0 || strlen(doc->id) != 16) {
        fprintf(stderr, "success without paragraphs or id\n");
        abort();
    }
    for (size_t i = 0; i < doc->nparas; i++)
        check_text("paragraph", doc->paras[i], 1);
    const char *fields[] = {doc->title, doc->author, doc->date,       doc->url,
                            doc->site,  doc->lang,   doc->description};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (fields[i])
            check_text("field", fields[i], 0);
    for (size_t i = 0; i < doc->ntags; i++)
        check_text("tag", doc->tags[i], 0);
    pith_doc_destroy(doc);
    return 0;
}

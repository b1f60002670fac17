/* libFuzzer target: the INI reader and the site-profile loader on arbitrary
 * bytes. A sites.d/ file is untrusted input (an operator may copy one from
 * anywhere, and pith check-config reads it), so every line shape, every
 * length up to and past PITH_INI_LINE_MAX, NUL bytes and any PCRE2 pattern
 * must end in profiles or in reported problems, never in a crash, a leak or
 * a hang. Seeds: tests/fuzz/seeds/fuzz_ini plus the shipped profiles.
 *
 *   fuzz_ini -max_len=65536 -timeout=10 /tmp/fuzz-ini-corpus */
#include <stddef.h>
#include <stdint.h>

#include "pith/error.h"
#include "pith/ini_reader.h"
#include "pith/rules.h"

static int count(void *user, const pith_ini_event_t *ev)
{
    size_t *n = user;
    /* Touch what the event hands out, so that a bad pointer shows up here. */
    for (const char *s = ev->section ? ev->section : ev->reason; s && *s; s++)
        (*n)++;
    if (ev->kind == PITH_INI_ENTRY)
        for (const char *s = ev->value; *s; s++)
            (*n)++;
    return 0;
}

static void ignore(void *user, const pith_err_t *e)
{
    (void)user;
    (void)e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n = 0;
    pith_ini_parse((const char *)data, size, count, &n);
    pith_rules_t *rules = pith_rules_create();
    if (!rules)
        return 0;
    pith_rules_load(rules, (const char *)data, size, "fuzz.conf", ignore, NULL);
    pith_rules_destroy(rules);
    return 0;
}

/* Unit tests for ini_reader.c: the line shapes, comments, line numbers, the
 * section an entry belongs to, and the line limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pith/error.h"
#include "pith/ini_reader.h"

typedef struct {
    char log[40000]; /* room for one line at the limit */
    int stop_at;     /* stop when this line is seen (0: never) */
} sink_t;

/* Logs each event as "L:S[name]", "L:E<section>|key|value" or "L:!reason". */
static int record(void *user, const pith_ini_event_t *ev)
{
    sink_t *s = user;
    size_t n = strlen(s->log);
    char *o = s->log + n;
    size_t room = sizeof s->log - n;
    switch (ev->kind) {
    case PITH_INI_SECTION:
        snprintf(o, room, "%d:S[%s]\n", ev->line, ev->section);
        break;
    case PITH_INI_ENTRY:
        snprintf(o, room, "%d:E<%s>|%s|%s\n", ev->line, ev->section ? ev->section : "(bad)",
                 ev->key, ev->value);
        break;
    case PITH_INI_ERROR:
        snprintf(o, room, "%d:!%s\n", ev->line, ev->reason);
        break;
    }
    return ev->line == s->stop_at ? 42 : 0;
}

static void test_shapes(void **state)
{
    static const char text[] = "\xEF\xBB\xBF"
                               "early = 1\r\n"                      /* 1 */
                               "# comment\n"                        /* 2 */
                               "  ; indented comment\n"             /* 3 */
                               "[ a long section name ]  # note\n"  /* 4 */
                               "  key = value with # hash ; semi\n" /* 5 */
                               "url = https://x.org/#frag\n"        /* 6 */
                               "colon: v\n"                         /* 7 */
                               "empty =\n"                          /* 8 */
                               "\n"                                 /* 9 */
                               "no equals here\n"                   /* 10 */
                               "= novalue\n"                        /* 11 */
                               "[broken\n"                          /* 12 */
                               "k = skipped\n"                      /* 13 */
                               "[]\n"                               /* 14 */
                               "[b]\n"                              /* 15 */
                               "last = x";                          /* 16, no newline */
    sink_t s = {{0}, 0};
    assert_int_equal(pith_ini_parse(text, sizeof text - 1, record, &s), 0);
    assert_string_equal(s.log, "1:E<>|early|1\n"
                               "4:S[a long section name]\n"
                               "5:E<a long section name>|key|value with\n"
                               "6:E<a long section name>|url|https://x.org/#frag\n"
                               "7:E<a long section name>|colon|v\n"
                               "8:E<a long section name>|empty|\n"
                               "10:!expected 'key = value'\n"
                               "11:!expected 'key = value'\n"
                               "12:!section header must be [NAME]\n"
                               "13:E<(bad)>|k|skipped\n"
                               "14:!empty section name: expected [NAME]\n"
                               "15:S[b]\n"
                               "16:E<b>|last|x\n");
}

static void test_limits_and_stop(void **state)
{
    size_t n = PITH_INI_LINE_MAX + 10;
    char *text = malloc(3 * n);
    assert_non_null(text);
    size_t len = 0;
    len += (size_t)sprintf(text, "[s]\nk = ");
    memset(text + len, 'v', PITH_INI_LINE_MAX - 4); /* exactly the limit */
    len += PITH_INI_LINE_MAX - 4;
    text[len++] = '\n';
    memset(text + len, 'w', PITH_INI_LINE_MAX + 1); /* one over */
    len += PITH_INI_LINE_MAX + 1;
    static const char tail[] = "\nz = a\0b\nafter = 1\n";
    memcpy(text + len, tail, sizeof tail - 1);
    len += sizeof tail - 1;
    sink_t s = {{0}, 0};
    assert_int_equal(pith_ini_parse(text, len, record, &s), 0);
    assert_non_null(strstr(s.log, "2:E<s>|k|vvvv"));
    assert_non_null(strstr(s.log, "3:!line too long (at most 16384 bytes)\n"
                                  "4:!NUL byte in line\n"
                                  "5:E<s>|after|1\n"));
    s.log[0] = '\0';
    s.stop_at = 2;
    assert_int_equal(pith_ini_parse(text, len, record, &s), 42);
    assert_null(strstr(s.log, "3:"));
    free(text);
    s.log[0] = '\0';
    assert_int_equal(pith_ini_parse("", 0, record, &s), 0);
    assert_string_equal(s.log, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_limits_and_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

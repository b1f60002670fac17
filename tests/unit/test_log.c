/* Unit tests for log.c: one event is one line on stderr, with a journald
 * priority prefix under systemd and a level word on a terminal, and names
 * from outside cannot break the line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "log.h"

/* Runs pith_log with stderr sent to a temporary file; returns what it wrote. */
static const char *capture(int prio, const char *msg)
{
    static char got[4096];
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    int saved = dup(2);
    assert_true(saved >= 0);
    assert_int_equal(dup2(fileno(tmp), 2), 2);
    pith_log(prio, "%s", msg);
    assert_int_equal(dup2(saved, 2), 2);
    close(saved);
    rewind(tmp);
    size_t n = fread(got, 1, sizeof got - 1, tmp);
    got[n] = '\0';
    fclose(tmp);
    return got;
}

static void test_journal_prefix(void **state)
{
    setenv("JOURNAL_STREAM", "8:1234", 1);
    pith_log_init();
    assert_string_equal(capture(LOG_WARNING, "disk\nfull\r!"), "<4>disk full !\n");
    assert_string_equal(capture(LOG_ERR, "x"), "<3>x\n");
    unsetenv("JOURNAL_STREAM");
    pith_log_init();
}

static void test_terminal_words(void **state)
{
    unsetenv("JOURNAL_STREAM");
    pith_log_init();
    char want[128];
    snprintf(want, sizeof want, "pith[%ld]: error: bad thing\n", (long)getpid());
    assert_string_equal(capture(LOG_CRIT, "bad thing"), want);
    snprintf(want, sizeof want, "pith[%ld]: info: a b\n", (long)getpid());
    assert_string_equal(capture(LOG_INFO, "a\nb"), want);
}

/* A message longer than a line's buffer is cut, and still ends the line. */
static void test_long_message(void **state)
{
    setenv("JOURNAL_STREAM", "8:1", 1);
    pith_log_init();
    static char msg[3000];
    memset(msg, 'a', sizeof msg - 1);
    const char *got = capture(LOG_NOTICE, msg);
    size_t n = strlen(got);
    assert_true(n > 1000 && n < sizeof msg);
    assert_int_equal(got[n - 1], '\n');
    assert_ptr_equal(strchr(got, '\n'), got + n - 1); /* one line */
    unsetenv("JOURNAL_STREAM");
    pith_log_init();
}

static void test_name_escaped(void **state)
{
    char buf[64];
    assert_string_equal(pith_log_name("plain.txt", buf, sizeof buf), "plain.txt");
    assert_string_equal(pith_log_name("a\nb\\c", buf, sizeof buf), "a\\x0ab\\x5cc");
    assert_string_equal(pith_log_name("caf\xc3\xa9", buf, sizeof buf), "caf\xc3\xa9");
    assert_string_equal(pith_log_name("bad\xff\xc3", buf, sizeof buf), "bad\\xff\\xc3");
    assert_string_equal(pith_log_name("\x7f", buf, sizeof buf), "\\x7f");
    /* Too long: cut with "...", within the buffer. */
    char small[12];
    assert_string_equal(pith_log_name("abcdefghijklmnop", small, sizeof small), "abcdefgh...");
    assert_string_equal(pith_log_name("\x01\x02\x03", small, sizeof small), "\\x01\\x02...");
    assert_string_equal(pith_log_name("x", small, 4), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_journal_prefix),
        cmocka_unit_test(test_terminal_words),
        cmocka_unit_test(test_long_message),
        cmocka_unit_test(test_name_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

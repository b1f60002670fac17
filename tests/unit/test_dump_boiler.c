/* Unit tests for dump_boiler.c's phrase lists (the files in data/boilerplate):
 * each kind of chrome line the lists name, in the languages they cover, and
 * prose that merely resembles it. The matcher's mechanics (=, ^, $, ~, !)
 * are tested in test_textdump.c's test_boilerplate. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dump_boiler.h"

static pith_boiler_ctx_t *ctx;

static int T(const char *s)
{
    return pith_boiler_test(ctx, s, strlen(s));
}

/* Photo credits, alone or ending a caption, in any language. */
static void test_credits(void **state)
{
    (void)state;
    assert_int_equal(T("Erdölpumpen im Abendrot. Bild: Max Muster/Shutterstock.com"),
                     PITH_BOILER_CHROME);
    assert_int_equal(T("Photo by Jane Doe on Unsplash"), PITH_BOILER_CHROME);
    assert_int_equal(T("picture alliance | John Smith"), PITH_BOILER_CHROME);
    assert_int_equal(T("Der Hafen am Morgen. Foto: Archiv"), PITH_BOILER_CHROME);
    assert_int_equal(T("Fot. Jan Kowalski / Agencja Foto"), PITH_BOILER_CHROME);
    assert_int_equal(T("Vista del puerto (crédito: Ana Pérez/Diario)"), PITH_BOILER_CHROME);
    assert_int_equal(T("Kuva: Matti Meikäläinen"), PITH_BOILER_CHROME);
    assert_int_equal(T("Stau \u00a9 Max Muster"), PITH_BOILER_CHROME);
    assert_int_equal(T("The photo shows the harbour at dawn"), PITH_BOILER_NONE);
    assert_int_equal(T("Ein Bild sagt mehr als tausend Worte"), PITH_BOILER_NONE);
}

static int setup(void **state)
{
    (void)state;
    ctx = pith_boiler_ctx_create();
    return ctx ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    pith_boiler_ctx_destroy(ctx);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_credits),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

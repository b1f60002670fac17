/* Unit tests for core.c: pith_core_init builds every table once and says
 * so; the tables it vouches for answer (stop words, entities, phrases). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <error.h> /* glibc's: no header of pith's may shadow it */

#include "dump_boiler.h"
#include "entities.h"
#include "pith/pith.h"
#include "stopwords.h"

static void test_init_once(void **state)
{
    pith_err_t err = {0};
    assert_int_equal(pith_core_init(&err), 0);
    assert_int_equal(err.code, 0);
    assert_int_equal(pith_core_init(NULL), 0); /* again, without err */
    assert_int_equal(pith_stopwords_init(&err), 0);
}

/* The tables are really there, not empty. */
static void test_tables_filled(void **state)
{
    assert_int_equal(pith_core_init(NULL), 0);
    assert_true(pith_stopwords_is("the", 3, "en"));
    assert_true(pith_stopwords_is("und", 3, "de"));
    assert_non_null(pith_stopwords_langs()[0]);
    int32_t cps[2];
    assert_int_equal(pith_entity_lookup("eacute;", 7, cps), 1);
    assert_int_equal(cps[0], 0xE9);
    assert_int_equal(pith_entity_lookup("zzzz;", 5, cps), 0);
    pith_boiler_ctx_t *ctx = pith_boiler_ctx_create();
    assert_non_null(ctx);
    assert_int_not_equal(pith_boiler_test(ctx, "All rights reserved.", 20), PITH_BOILER_NONE);
    pith_boiler_ctx_destroy(ctx);
}

/* With parsers/ on the include path, <error.h> is still glibc's (it was
 * pith's own until it became pith/error.h). */
static void test_glibc_error_h(void **state)
{
    assert_int_equal(error_message_count, 0); /* glibc: error() not called yet */
    assert_int_equal(PITH_ENOMEM, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_once),
        cmocka_unit_test(test_tables_filled),
        cmocka_unit_test(test_glibc_error_h),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

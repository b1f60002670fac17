/* pith_core_init: the core's tables built once, up front, with an error.
 *
 * The tables behind the core (stop words, the dump boilerplate phrases, the
 * HTML hint words and phrases) are built on first use under pthread_once.
 * Before this, a table that could not
 * be built left the core running without it: extraction went on with worse
 * output and nobody was told. Every program on the core (the CLI, the daemon,
 * the tests, fuzzers and benchmarks) calls pith_core_init first, so such a
 * failure is one error at start-up, reported once, and pith_extract can rely
 * on the tables being there. */
#include "pith/pith.h"

#include "dump_boiler.h"
#include "entities.h"
#include "html_hints.h"
#include "stopwords.h"

#include <pthread.h>
#include <string.h>

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static pith_err_t init_err; /* written once under init_once, then read-only */

static void init(void)
{
    if (pith_stopwords_init(&init_err))
        return;
    pith_boiler_ctx_t *ctx = pith_boiler_ctx_create();
    if (!ctx) {
        pith_err_set(&init_err, PITH_ENOMEM, "dump boilerplate phrases: table not built");
        return;
    }
    pith_boiler_ctx_destroy(ctx);
    if (pith_html_hints_init(&init_err))
        return;
    /* The entity list is a binary search over sorted lines: a lookup of a
     * well-known name proves the embedded list is the one the build checked. */
    int32_t cps[2] = {0, 0};
    if (pith_entity_lookup("amp;", 4, cps) != 1 || cps[0] != '&')
        pith_err_set(&init_err, PITH_EINPUT, "HTML entity list unusable (not sorted?)");
}

int pith_core_init(pith_err_t *err)
{
    pthread_once(&init_once, init);
    if (init_err.code && err)
        *err = init_err;
    return init_err.code;
}

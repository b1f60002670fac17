/* The text-dump path's boilerplate phrases: the phrase lists of
 * data/boilerplate/ (the generated family pith_blobs_boilerplate), compiled
 * once by the phrase-list module (phrases.h) and matched whole. */
#include "dump_boiler.h"

#include "phrases.h"
#include "pith_blob_names.h"

#include <pthread.h>
#include <stdlib.h>

struct pith_boiler_ctx {
    pith_buf_t low; /* the lowercased block */
};

static pith_phrases_t *lists;
static pthread_once_t lists_once = PTHREAD_ONCE_INIT;

static void build(void)
{
    pith_err_t err = {0};
    if (pith_phrases_compile(pith_blobs_boilerplate, PITH_NBLOBS_BOILERPLATE, &lists, &err))
        lists = NULL;
}

pith_boiler_ctx_t *pith_boiler_ctx_create(void)
{
    pthread_once(&lists_once, build);
    if (!lists)
        return NULL;
    return calloc(1, sizeof(pith_boiler_ctx_t));
}

void pith_boiler_ctx_destroy(pith_boiler_ctx_t *ctx)
{
    if (!ctx)
        return;
    pith_buf_free(&ctx->low);
    free(ctx);
}

int pith_boiler_test(pith_boiler_ctx_t *ctx, const char *s, size_t n)
{
    if (!ctx)
        return PITH_BOILER_NONE;
    int r = pith_phrases_test(lists, &ctx->low, s, n, PITH_PHRASE_ALL);
    return r == PITH_PHRASE_END   ? PITH_BOILER_END
           : r == PITH_PHRASE_TOC ? PITH_BOILER_TOC
           : r                    ? PITH_BOILER_CHROME
                                  : PITH_BOILER_NONE;
}

int pith_boiler_test_lead(pith_boiler_ctx_t *ctx, const char *s, size_t n)
{
    if (!ctx)
        return PITH_BOILER_NONE;
    return pith_phrases_test_lead(lists, &ctx->low, s, n) ? PITH_BOILER_CHROME : PITH_BOILER_NONE;
}

/* One compiled alternation for every boilerplate phrase of every language.
 *
 * Chrome phrases are tested on each short block of each dump, so they must be
 * cheap: one JIT-compiled caseless pattern beats a loop of hundreds of
 * substring searches, and keeping the phrases as data (not code) lets a new
 * language be added by adding a file. Phrases are quoted with \Q..\E, so they
 * are literal text whatever characters they hold. */
#include "dump_boiler.h"

#include "blobs.h"
#include "buf.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct pith_boiler_ctx {
    pcre2_match_data *md;
};

typedef struct {
    pith_buf_t eq, pre, suf, sub;
} alts_t;

static pcre2_code *boiler_re, *end_re;
static pthread_once_t boiler_once = PTHREAD_ONCE_INIT;

static int add_alt(pith_buf_t *b, const char *w, size_t n)
{
    int rc = 0;
    if (b->len)
        rc = pith_buf_putc(b, '|');
    if (!rc)
        rc = pith_buf_append(b, "\\Q", 2);
    if (!rc)
        rc = pith_buf_append(b, w, n);
    if (!rc)
        rc = pith_buf_append(b, "\\E", 2);
    return rc;
}

static pcre2_code *compile(alts_t *a, int *rc)
{
    pith_buf_t all = {0};
    pcre2_code *re = NULL;
    if (*rc == 0 && a->eq.len)
        *rc = pith_buf_printf(&all, "^[\\s\\p{P}\\p{S}\\d]*(?:%s)[\\s\\p{P}\\p{S}\\d]*$", a->eq.data);
    if (*rc == 0 && a->pre.len)
        *rc = pith_buf_printf(&all, "%s^(?:%s)", all.len ? "|" : "", a->pre.data);
    if (*rc == 0 && a->suf.len)
        *rc = pith_buf_printf(&all, "%s(?:%s)$", all.len ? "|" : "", a->suf.data);
    if (*rc == 0 && a->sub.len)
        *rc = pith_buf_printf(&all, "%s(?:%s)", all.len ? "|" : "", a->sub.data);
    if (*rc == 0 && all.len) {
        int errcode;
        PCRE2_SIZE erroff;
        re = pcre2_compile((PCRE2_SPTR)all.data, all.len,
                           PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &errcode,
                           &erroff, NULL);
        if (re)
            pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    }
    pith_buf_free(&a->eq);
    pith_buf_free(&a->pre);
    pith_buf_free(&a->suf);
    pith_buf_free(&a->sub);
    pith_buf_free(&all);
    return re;
}

static void build(void)
{
    alts_t chrome = {0}, end = {0};
    int rc = 0;
    for (unsigned i = 0; i < pith_nblobs && rc == 0; i++) {
        const pith_blob_t *blob = &pith_blobs[i];
        if (strncmp(blob->name, "boilerplate/", 12) != 0)
            continue;
        const char *p = blob->data, *stop = blob->data + blob->len;
        while (p < stop && rc == 0) {
            const char *nl = memchr(p, '\n', (size_t)(stop - p));
            size_t n = nl ? (size_t)(nl - p) : (size_t)(stop - p);
            const char *w = p;
            p += n + 1;
            while (n && (w[n - 1] == '\r' || w[n - 1] == ' ' || w[n - 1] == '\t'))
                n--;
            if (n == 0 || *w == '#' || n > 200 || memmem(w, n, "\\E", 2))
                continue;
            alts_t *a = &chrome;
            if (*w == '!' && n > 1) {
                a = &end;
                w++;
                n--;
            }
            if (*w == '=' && n > 1)
                rc = add_alt(&a->eq, w + 1, n - 1);
            else if (*w == '^' && n > 1)
                rc = add_alt(&a->pre, w + 1, n - 1);
            else if (*w == '$' && n > 1)
                rc = add_alt(&a->suf, w + 1, n - 1);
            else
                rc = add_alt(&a->sub, w, n);
        }
    }
    boiler_re = compile(&chrome, &rc);
    end_re = compile(&end, &rc);
}

pith_boiler_ctx_t *pith_boiler_ctx_create(void)
{
    pthread_once(&boiler_once, build);
    if (!boiler_re && !end_re)
        return NULL;
    pith_boiler_ctx_t *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    ctx->md = pcre2_match_data_create(1, NULL);
    if (!ctx->md) {
        free(ctx);
        return NULL;
    }
    return ctx;
}

void pith_boiler_ctx_destroy(pith_boiler_ctx_t *ctx)
{
    if (!ctx)
        return;
    pcre2_match_data_free(ctx->md);
    free(ctx);
}

int pith_boiler_test(pith_boiler_ctx_t *ctx, const char *s, size_t n)
{
    if (!ctx)
        return PITH_BOILER_NONE;
    if (end_re && pcre2_match(end_re, (PCRE2_SPTR)s, n, 0, 0, ctx->md, NULL) >= 0)
        return PITH_BOILER_END;
    if (boiler_re && pcre2_match(boiler_re, (PCRE2_SPTR)s, n, 0, 0, ctx->md, NULL) >= 0)
        return PITH_BOILER_CHROME;
    return PITH_BOILER_NONE;
}

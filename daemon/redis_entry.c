/* Input entries of the Redis stream: the field rules of redis_entry.h, in
 * one place for the daemon and its tests. Values are copied (the reply they
 * come from is freed after the read's callback); the body is the only
 * large one and is capped before it is copied. */
#include "redis_entry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pith/error.h"

void pith_rentry_clear(pith_rentry_t *e)
{
    free(e->url);
    free(e->name);
    free(e->type);
    free(e->charset);
    pith_buf_free(&e->body);
    memset(e, 0, sizeof *e);
}

pith_type_t pith_rentry_type(const pith_rentry_t *e)
{
    return !e->type ? PITH_TYPE_AUTO : !strcmp(e->type, "html") ? PITH_TYPE_HTML : PITH_TYPE_TEXT;
}

static int is(const char *k, size_t n, const char *name)
{
    return n == strlen(name) && !memcmp(k, name, n);
}

/* Copies one value into *dst, or says why the entry is bad (in e->bad, and
 * 0: a bad entry is not an error of ours). PITH_ENOMEM: no memory. */
static int take(pith_rentry_t *e, char **dst, const char *v, size_t len, const char *name)
{
    if (*dst)
        snprintf(e->bad, sizeof e->bad, "field %s given twice", name);
    else if (len > PITH_RENTRY_VALUE_MAX || memchr(v, '\0', len))
        snprintf(e->bad, sizeof e->bad, "field %s: too long or not text", name);
    else if (!(*dst = strndup(v, len)))
        return PITH_ENOMEM;
    return 0;
}

int pith_rentry_parse(pith_rentry_t *e, size_t n, const char *const *items, const size_t *lens,
                      size_t max_body)
{
    memset(e, 0, sizeof *e);
    if (n == 0 || n % 2) {
        snprintf(e->bad, sizeof e->bad, "entry has no fields");
        return 0;
    }
    for (size_t i = 0; i + 1 < n && !e->bad[0]; i += 2) {
        const char *k = items[i], *v = items[i + 1];
        size_t kl = lens[i], vl = lens[i + 1];
        int rc = 0;
        if (i / 2 >= PITH_RENTRY_FIELDS_MAX || !k || !v) {
            snprintf(e->bad, sizeof e->bad, "too many or malformed fields");
        } else if (is(k, kl, "body")) {
            if (e->has_body)
                snprintf(e->bad, sizeof e->bad, "field body given twice");
            else if (vl > max_body)
                snprintf(e->bad, sizeof e->bad, "body of %zu bytes is over max_input_bytes", vl);
            else if (pith_buf_append(&e->body, v, vl))
                rc = PITH_ENOMEM;
            e->has_body = 1;
        } else if (is(k, kl, "url")) {
            rc = take(e, &e->url, v, vl, "url");
        } else if (is(k, kl, "name")) {
            rc = take(e, &e->name, v, vl, "name");
        } else if (is(k, kl, "type")) {
            rc = take(e, &e->type, v, vl, "type");
        } else if (is(k, kl, "charset")) {
            rc = take(e, &e->charset, v, vl, "charset");
        } else {
            snprintf(e->bad, sizeof e->bad,
                     "unknown field '%.*s' (expected url, body, name, type, charset)",
                     (int)(kl > 64 ? 64 : kl), k);
        }
        if (rc) {
            pith_rentry_clear(e);
            return PITH_ENOMEM;
        }
    }
    if (e->bad[0])
        return 0;
    if (!e->has_body && !e->url)
        snprintf(e->bad, sizeof e->bad, "entry has neither url nor body");
    else if (e->type && strcmp(e->type, "html") && strcmp(e->type, "text"))
        snprintf(e->bad, sizeof e->bad, "type must be html or text");
    else if (!e->has_body && strncmp(e->url, "http://", 7) && strncmp(e->url, "https://", 8))
        snprintf(e->bad, sizeof e->bad, "url is not an http:// or https:// address");
    return 0;
}

/* The [redis] settings the stream producer works with: a copy taken from
 * the configuration (a reload frees the configuration while entries are
 * still in flight), the consumer name when none is configured, and which
 * changes need a new session.
 *
 * Kept apart from redis_stream.c, which runs the entries, because a copy of
 * settings has no loop, no connection and no entry in it. */
#include "redis_settings.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pith/error.h"

void pith_rset_free(pith_rset_t *s)
{
    free(s->url);
    free(s->password_file);
    free(s->input);
    free(s->output);
    free(s->ids_key);
    free(s->group);
    free(s->consumer);
    free(s->dead);
    memset(s, 0, sizeof *s);
}

static char *dup_s(const char *s, int *nomem)
{
    char *c = strdup(s ? s : "");
    if (!c)
        *nomem = 1;
    return c;
}

/* The default consumer name: the host name and a number derived from the
 * state folder, stable across restarts (so a restarted daemon finds its own
 * pending entries) and distinct for two daemons on one host. */
static char *default_consumer(const char *state_dir)
{
    char host[256] = "localhost";
    gethostname(host, sizeof host - 1);
    uint32_t h = 2166136261u;
    for (const char *p = state_dir ? state_dir : ""; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    char buf[300];
    snprintf(buf, sizeof buf, "%s:%08x", host, h);
    return strdup(buf);
}

int pith_rset_from(pith_rset_t *s, const pith_config_t *c)
{
    int nomem = 0;
    memset(s, 0, sizeof *s);
    s->url = dup_s(c->redis_url, &nomem);
    s->password_file = dup_s(c->redis_password_file, &nomem);
    s->input = dup_s(c->redis_input_stream, &nomem);
    s->output = dup_s(c->redis_output_stream, &nomem);
    s->group = dup_s(c->redis_group, &nomem);
    s->dead = dup_s(c->redis_dead_stream, &nomem);
    s->consumer = c->redis_consumer && c->redis_consumer[0] ? dup_s(c->redis_consumer, &nomem)
                                                            : default_consumer(c->state_dir);
    if (!s->consumer)
        nomem = 1;
    size_t n = strlen(c->redis_output_stream ? c->redis_output_stream : "") + 8;
    if (!nomem && (s->ids_key = malloc(n)))
        snprintf(s->ids_key, n, "%s:ids", c->redis_output_stream);
    else
        nomem = 1;
    s->claim_after_ms = c->redis_claim_after_ms;
    s->max_deliveries = c->redis_max_deliveries;
    s->maxlen = c->redis_output_maxlen;
    s->deliver = c->deliver;
    s->used =
        (c->deliver & PITH_DELIVER_REDIS) || (c->redis_input_stream && c->redis_input_stream[0]);
    if (nomem)
        pith_rset_free(s);
    return nomem ? PITH_ENOMEM : 0;
}

/* Settings whose change needs a new connection or a new group. */
int pith_rset_same_session(const pith_rset_t *a, const pith_rset_t *b)
{
    return a->used == b->used && !strcmp(a->url, b->url) &&
           !strcmp(a->password_file, b->password_file) && !strcmp(a->input, b->input) &&
           !strcmp(a->group, b->group) && !strcmp(a->consumer, b->consumer) &&
           !strcmp(a->output, b->output) && !strcmp(a->dead, b->dead);
}

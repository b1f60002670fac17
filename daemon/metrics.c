/* A small metrics registry. Series are a linked list in registration order;
 * rendering groups series of one name under one header, which Prometheus
 * requires, by emitting the header at the first series of each name and
 * placing later series of the same name right after it at registration. */
#include "metrics.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define HIST_MAX 32

typedef enum { M_COUNTER, M_GAUGE, M_HISTOGRAM } mkind_t;

struct pith_metric {
    struct pith_metric *next;
    pith_metrics_t *owner;
    mkind_t kind;
    const char *name, *help, *labels;
    double value;
    double bounds[HIST_MAX];
    unsigned long long buckets[HIST_MAX + 1];
    size_t nbounds;
    double sum;
    unsigned long long count;
};

struct pith_metrics {
    pthread_mutex_t lock;
    pith_metric_t *head;
};

pith_metrics_t *pith_metrics_create(void)
{
    pith_metrics_t *m = calloc(1, sizeof *m);
    if (m)
        pthread_mutex_init(&m->lock, NULL);
    return m;
}

void pith_metrics_destroy(pith_metrics_t *m)
{
    if (!m)
        return;
    pith_metric_t *s = m->head;
    while (s) {
        pith_metric_t *next = s->next;
        free(s);
        s = next;
    }
    pthread_mutex_destroy(&m->lock);
    free(m);
}

static pith_metric_t *add(pith_metrics_t *m, mkind_t kind, const char *name, const char *help,
                          const char *labels)
{
    if (!m)
        return NULL;
    pith_metric_t *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->owner = m;
    s->kind = kind;
    s->name = name;
    s->help = help;
    s->labels = labels;
    pthread_mutex_lock(&m->lock);
    /* Insert after the last series of the same name, else at the end. */
    pith_metric_t **at = &m->head, **after = NULL;
    for (; *at; at = &(*at)->next)
        if (!strcmp((*at)->name, name))
            after = &(*at)->next;
    if (after) {
        s->next = *after;
        *after = s;
    } else {
        *at = s;
    }
    pthread_mutex_unlock(&m->lock);
    return s;
}

pith_metric_t *pith_metrics_counter(pith_metrics_t *m, const char *name, const char *help,
                                    const char *labels)
{
    return add(m, M_COUNTER, name, help, labels);
}

pith_metric_t *pith_metrics_gauge(pith_metrics_t *m, const char *name, const char *help,
                                  const char *labels)
{
    return add(m, M_GAUGE, name, help, labels);
}

pith_metric_t *pith_metrics_histogram(pith_metrics_t *m, const char *name, const char *help,
                                      const double *bounds, size_t nbounds)
{
    if (nbounds > HIST_MAX)
        nbounds = HIST_MAX;
    pith_metric_t *s = add(m, M_HISTOGRAM, name, help, NULL);
    if (s) {
        memcpy(s->bounds, bounds, nbounds * sizeof *bounds);
        s->nbounds = nbounds;
    }
    return s;
}

void pith_metric_add(pith_metric_t *c, double v)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->owner->lock);
    c->value += v;
    pthread_mutex_unlock(&c->owner->lock);
}

void pith_metric_set(pith_metric_t *g, double v)
{
    if (!g)
        return;
    pthread_mutex_lock(&g->owner->lock);
    g->value = v;
    pthread_mutex_unlock(&g->owner->lock);
}

void pith_metric_observe(pith_metric_t *h, double v)
{
    if (!h)
        return;
    pthread_mutex_lock(&h->owner->lock);
    size_t i = 0;
    while (i < h->nbounds && v > h->bounds[i])
        i++;
    h->buckets[i]++;
    h->sum += v;
    h->count++;
    pthread_mutex_unlock(&h->owner->lock);
}

double pith_metric_value(pith_metric_t *c)
{
    if (!c)
        return 0;
    pthread_mutex_lock(&c->owner->lock);
    double v = c->value;
    pthread_mutex_unlock(&c->owner->lock);
    return v;
}

int pith_metrics_render(pith_metrics_t *m, pith_buf_t *out)
{
    static const char *const type[] = {"counter", "gauge", "histogram"};
    int rc = 0;
    pith_buf_reset(out);
    pthread_mutex_lock(&m->lock);
    const char *last = NULL;
    for (pith_metric_t *s = m->head; s && !rc; s = s->next) {
        if (!last || strcmp(last, s->name))
            rc |= pith_buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", s->name, s->help, s->name,
                                  type[s->kind]);
        last = s->name;
        if (s->kind != M_HISTOGRAM) {
            if (s->labels)
                rc |= pith_buf_printf(out, "%s{%s} %.17g\n", s->name, s->labels, s->value);
            else
                rc |= pith_buf_printf(out, "%s %.17g\n", s->name, s->value);
            continue;
        }
        unsigned long long cum = 0;
        for (size_t i = 0; i < s->nbounds; i++) {
            cum += s->buckets[i];
            rc |= pith_buf_printf(out, "%s_bucket{le=\"%g\"} %llu\n", s->name, s->bounds[i], cum);
        }
        cum += s->buckets[s->nbounds];
        rc |= pith_buf_printf(out, "%s_bucket{le=\"+Inf\"} %llu\n%s_sum %.17g\n%s_count %llu\n",
                              s->name, cum, s->name, s->sum, s->name, s->count);
    }
    pthread_mutex_unlock(&m->lock);
    return rc ? PITH_ENOMEM : 0;
}

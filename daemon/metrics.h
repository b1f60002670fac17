/* Metrics in the Prometheus text exposition format (SPEC §7).
 *
 * A registry of named series: counters, gauges and histograms, each
 * optionally with a fixed label set ("result=\"ok\""). Series with the same
 * name share one HELP/TYPE header, in registration order. Modules register
 * their series once at start (the daemon its own, the fetcher its own) and
 * keep the returned handle; updating a handle is a mutex-guarded add, so any
 * thread may update. pith_metrics_render produces the whole text, which the
 * daemon writes atomically (tmp + rename) to the metrics file.
 *
 * Names and labels are borrowed: pass string literals (or strings that
 * outlive the registry). */
#ifndef PITH_METRICS_H
#define PITH_METRICS_H

#include <stddef.h>

#include "pith/buf.h"
#include "pith/error.h"

typedef struct pith_metrics pith_metrics_t;
typedef struct pith_metric pith_metric_t;

pith_metrics_t *pith_metrics_create(void);
void pith_metrics_destroy(pith_metrics_t *m); /* NULL is fine */

/* Register a series. labels is the inside of {...} or NULL. Returns NULL
 * only when out of memory (updates through a NULL handle do nothing). */
pith_metric_t *pith_metrics_counter(pith_metrics_t *m, const char *name, const char *help,
                                    const char *labels);
pith_metric_t *pith_metrics_gauge(pith_metrics_t *m, const char *name, const char *help,
                                  const char *labels);
/* bounds: ascending upper bounds (copied), at most 32; +Inf is implied. */
pith_metric_t *pith_metrics_histogram(pith_metrics_t *m, const char *name, const char *help,
                                      const double *bounds, size_t nbounds);

void pith_metric_add(pith_metric_t *c, double v);     /* counters and gauges */
void pith_metric_set(pith_metric_t *g, double v);     /* gauges */
void pith_metric_observe(pith_metric_t *h, double v); /* histograms */
double pith_metric_value(pith_metric_t *c);

/* Renders every series into out (replacing its contents). */
int pith_metrics_render(pith_metrics_t *m, pith_buf_t *out);

#endif

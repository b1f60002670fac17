/* PLACEHOLDER: defaults only; the real loader replaces this file. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

int pith_parse_size(const char *s, size_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s)
        return PITH_ECONFIG;
    if (*end == 'K') v <<= 10, end++;
    else if (*end == 'M') v <<= 20, end++;
    else if (*end == 'G') v <<= 30, end++;
    if (*end)
        return PITH_ECONFIG;
    *out = (size_t)v;
    return 0;
}

int pith_parse_duration(const char *s, uint64_t *out_ms)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s)
        return PITH_ECONFIG;
    *out_ms = v * 1000;
    return 0;
}

int pith_config_load(const char *path, int flags, pith_config_t **out,
                     pith_config_problems_t *problems)
{
    pith_config_t *c = calloc(1, sizeof *c);
    if (!c)
        return PITH_ENOMEM;
    c->workers = 1;
    c->max_input_bytes = 16u << 20;
    c->rules = pith_rules_create();
    pith_rules_add_builtin(c->rules, NULL);
    *out = c;
    return 0;
}

void pith_config_destroy(pith_config_t *cfg)
{
    if (!cfg)
        return;
    pith_rules_destroy(cfg->rules);
    free(cfg);
}

void pith_config_problems_free(pith_config_problems_t *problems)
{
    if (!problems)
        return;
    free(problems->items);
    problems->items = NULL;
    problems->n = 0;
}

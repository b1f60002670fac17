/* PLACEHOLDER: the real module replaces this file. */
#include "rules.h"

#include <stdlib.h>

struct pith_rules {
    size_t n;
};

pith_rules_t *pith_rules_create(void)
{
    return calloc(1, sizeof(pith_rules_t));
}

void pith_rules_destroy(pith_rules_t *rules)
{
    free(rules);
}

int pith_rules_add_builtin(pith_rules_t *rules, pith_err_t *err)
{
    return 0;
}

int pith_rules_add_string(pith_rules_t *rules, const char *text, size_t len, const char *filename,
                          pith_err_t *err)
{
    return 0;
}

size_t pith_rules_count(const pith_rules_t *rules)
{
    return rules->n;
}

/* Lookup in the generated table of embedded data files. */
#include "blobs.h"

#include <string.h>

const pith_blob_t *pith_blob_find(const char *name)
{
    for (unsigned i = 0; i < pith_nblobs; i++)
        if (strcmp(pith_blobs[i].name, name) == 0)
            return &pith_blobs[i];
    return NULL;
}

const char *pith_blob_line(const char **p, const char *end, size_t *n)
{
    const char *s = *p;
    if (s >= end)
        return NULL;
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
    *p = nl ? nl + 1 : end;
    while (len && (s[len - 1] == '\r' || s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    *n = len;
    return s;
}

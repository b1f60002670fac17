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

/* Rendering plus the three destinations of a document. */
#include "output.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "pith/buf.h"
#include "fileio.h"
#include "pith/render.h"

const char *pith_output_stem(const char *path, char *buf, size_t size)
{
    if (!strcmp(path, "-")) {
        snprintf(buf, size, "stdin");
        return buf;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(buf, size, "%s", *base ? base : "input");
    char *dot = strrchr(buf, '.');
    if (dot && dot != buf)
        *dot = '\0';
    /* A stem must be a plain name inside the output folder. */
    for (char *p = buf; *p; p++)
        if (*p == '/')
            *p = '_';
    return buf;
}

/* An open-addressing set of the stems handed out so far; each slot also
 * remembers the next suffix to try for that stem as a base, so that n inputs
 * of one name cost n probes, not n squared. */
typedef struct {
    const char *key; /* borrowed from the stems array */
    unsigned next;   /* next suffix to try when key is a base; 2 at first */
} stem_slot_t;

static stem_slot_t *stem_find(stem_slot_t *t, size_t mask, const char *key)
{
    size_t i = (size_t)XXH3_64bits(key, strlen(key)) & mask;
    while (t[i].key && strcmp(t[i].key, key))
        i = (i + 1) & mask;
    return &t[i];
}

int pith_output_unique_stems(char **stems, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n + 2) /* at most n keys: the table stays under half full */
        cap *= 2;
    stem_slot_t *t = calloc(cap, sizeof *t);
    if (!t)
        return PITH_ENOMEM;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        stem_slot_t *s = stem_find(t, cap - 1, stems[i]);
        if (!s->key) {
            s->key = stems[i];
            s->next = 2;
            continue;
        }
        /* Taken: try base-k from the base's counter on. */
        size_t blen = strlen(stems[i]);
        char *name = malloc(blen + 24);
        if (!name) {
            rc = PITH_ENOMEM;
            break;
        }
        stem_slot_t *free_slot;
        for (;;) {
            snprintf(name, blen + 24, "%s-%u", stems[i], s->next++);
            free_slot = stem_find(t, cap - 1, name);
            if (!free_slot->key)
                break;
        }
        free(stems[i]);
        stems[i] = name;
        free_slot->key = name;
        free_slot->next = 2;
    }
    free(t);
    return rc;
}

int pith_output_write(pith_output_t *out, const pith_doc_t *doc, const char *stem, pith_err_t *err)
{
    pith_buf_t text = {0};
    int rc = pith_render(doc, out->format, out->body_only, &text, err);
    if (rc)
        goto done;
    const char *ext = pith_render_ext(out->format);
    if (out->spool) {
        rc = pith_spool_deliver(out->spool, doc->id, ext, text.data, text.len, err);
        pthread_mutex_lock(&out->lock);
        if (rc == 0)
            out->delivered++;
        else if (rc == PITH_EDUP)
            out->duplicates++;
        pthread_mutex_unlock(&out->lock);
    } else if (out->out_dir) {
        char path[4096];
        int n = snprintf(path, sizeof path, "%s/%s.%s", out->out_dir, stem, ext);
        if (n < 0 || (size_t)n >= sizeof path)
            rc = pith_err_set(err, PITH_ECREATE, "output path too long");
        else
            rc = pith_file_write_atomic(path, text.data, text.len, 0, err);
    } else {
        pthread_mutex_lock(&out->lock);
        if (fwrite(text.data, 1, text.len, stdout) != text.len || fflush(stdout) != 0)
            rc = pith_err_set(err, PITH_EIO, "cannot write to standard output");
        pthread_mutex_unlock(&out->lock);
    }
done:
    pith_buf_free(&text);
    return rc;
}

/* Rendering plus the three destinations of a document. */
#include "output.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pith/buf.h"
#include "fileio.h"
#include "pith/render.h"
#include "pith/strset.h"

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

/* The stems handed out so far, in a set whose value for a stem is the next
 * suffix to try with it as a base (0 stands for 2, the first), so that n
 * inputs of one name cost n probes, not n squared. Keys are borrowed from
 * the stems array. */
int pith_output_unique_stems(char **stems, size_t n)
{
    pith_strset_t set;
    pith_strset_init(&set, 0, 0);
    int rc = pith_strset_reserve(&set, n);
    for (size_t i = 0; i < n && !rc; i++) {
        pith_strset_slot_t *s;
        int added;
        size_t blen = strlen(stems[i]);
        rc = pith_strset_add(&set, stems[i], blen, &s, &added);
        if (rc || added)
            continue;
        /* Taken: try base-k from the base's counter on. */
        char *name = malloc(blen + 24);
        if (!name) {
            rc = PITH_ENOMEM;
            break;
        }
        for (;;) {
            unsigned k = s->val ? (unsigned)s->val : 2;
            s->val = k + 1;
            snprintf(name, blen + 24, "%s-%u", stems[i], k);
            if (!pith_strset_find(&set, name, strlen(name)))
                break;
        }
        free(stems[i]);
        stems[i] = name;
        rc = pith_strset_add(&set, name, strlen(name), NULL, NULL);
    }
    pith_strset_free(&set);
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
        errno = 0;
        if (fwrite(text.data, 1, text.len, stdout) != text.len || fflush(stdout) != 0)
            rc =
                pith_err_sys(err, PITH_EIO, errno ? errno : EIO, "cannot write to standard output");
        pthread_mutex_unlock(&out->lock);
    }
done:
    pith_buf_free(&text);
    return rc;
}

/* Rendering plus the three destinations of a document. */
#include "output.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fileio.h"
#include "render.h"

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

int pith_output_write(pith_output_t *out, const pith_doc_t *doc, const char *stem, pith_err_t *err)
{
    pith_buf_t text = {0};
    int rc = out->json ? pith_render_json(doc, &text, err)
                       : pith_render_text(doc, out->body_only, &text, err);
    if (rc)
        goto done;
    const char *ext = out->json ? "json" : "txt";
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

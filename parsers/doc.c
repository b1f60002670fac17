/* Document model: plain owned strings, growable arrays with caps. The id is
 * computed from the rendered body so that the same article gets the same id
 * whatever path (dump, HTML, fetch) produced it. */
#include "pith/doc.h"

#include "pith/error.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define MAX_TAGS 64
#define MAX_PARAS 100000

pith_doc_t *pith_doc_create(void)
{
    return calloc(1, sizeof(pith_doc_t));
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void pith_doc_destroy(pith_doc_t *doc)
{
    if (!doc)
        return;
    free(doc->title);
    free(doc->author);
    free(doc->date);
    free(doc->url);
    free(doc->canonical);
    free(doc->site);
    free(doc->sitename);
    free(doc->lang);
    free(doc->description);
    free(doc->source);
    free(doc->fetched);
    free_list(doc->tags, doc->ntags);
    pith_doc_clear_paras(doc);
    free(doc);
}

int pith_doc_set(char **field, const char *s, size_t n)
{
    char *copy = NULL;
    if (s) {
        if (n == (size_t)-1)
            n = strlen(s);
        copy = malloc(n + 1);
        if (!copy)
            return PITH_ENOMEM;
        memcpy(copy, s, n);
        copy[n] = '\0';
    }
    free(*field);
    *field = copy;
    return 0;
}

int pith_doc_set_if_empty(char **field, const char *s, size_t n)
{
    if (*field && **field)
        return 0;
    return pith_doc_set(field, s, n);
}

static int push(char ***v, size_t *n, char *s)
{
    /* Capacity is implied by n: it is doubled to 2n whenever n reaches a
     * power of two, so it is always above n; removals never shrink it. */
    if ((*n & (*n - 1)) == 0) {
        size_t cap = *n ? *n * 2 : 8;
        char **p = realloc(*v, cap * sizeof *p);
        if (!p)
            return PITH_ENOMEM;
        *v = p;
    }
    (*v)[(*n)++] = s;
    return 0;
}

int pith_doc_add_tag(pith_doc_t *doc, const char *s, size_t n)
{
    if (n == (size_t)-1)
        n = strlen(s);
    if (n == 0 || doc->ntags >= MAX_TAGS)
        return 0;
    for (size_t i = 0; i < doc->ntags; i++)
        if (strlen(doc->tags[i]) == n && memcmp(doc->tags[i], s, n) == 0)
            return 0;
    char *copy = strndup(s, n);
    if (!copy)
        return PITH_ENOMEM;
    int rc = push(&doc->tags, &doc->ntags, copy);
    if (rc)
        free(copy);
    return rc;
}

void pith_doc_clear_tags(pith_doc_t *doc)
{
    free_list(doc->tags, doc->ntags);
    doc->tags = NULL;
    doc->ntags = 0;
}

/* Paragraphs and their shapes grow together, so index i of one is always
 * index i of the other; the shapes array exists whenever paras does. */
static int push_para(pith_doc_t *doc, char *s, char *shape)
{
    size_t n = doc->nparas;
    if ((n & (n - 1)) == 0) {
        size_t cap = n ? n * 2 : 8;
        char **q = realloc(doc->shapes, cap * sizeof *q);
        if (!q)
            return PITH_ENOMEM;
        doc->shapes = q;
    }
    int rc = push(&doc->paras, &doc->nparas, s);
    if (rc == 0)
        doc->shapes[n] = shape;
    return rc;
}

static int add_owned(pith_doc_t *doc, char *s, char *shape)
{
    if (doc->nparas >= MAX_PARAS) {
        free(s);
        free(shape);
        return 0;
    }
    int rc = push_para(doc, s, shape);
    if (rc) {
        free(s);
        free(shape);
    }
    return rc;
}

int pith_doc_add_para_owned(pith_doc_t *doc, char *s)
{
    return add_owned(doc, s, NULL);
}

int pith_doc_add_para_shaped(pith_doc_t *doc, const char *s, size_t n, const char *shape)
{
    if (n == (size_t)-1)
        n = strlen(s);
    char *copy = strndup(s, n);
    char *sc = shape ? strdup(shape) : NULL;
    if (!copy || (shape && !sc)) {
        free(copy);
        free(sc);
        return PITH_ENOMEM;
    }
    return add_owned(doc, copy, sc);
}

int pith_doc_add_para(pith_doc_t *doc, const char *s, size_t n)
{
    if (n == (size_t)-1)
        n = strlen(s);
    char *copy = strndup(s, n);
    if (!copy)
        return PITH_ENOMEM;
    return pith_doc_add_para_owned(doc, copy);
}

void pith_doc_remove_para(pith_doc_t *doc, size_t i)
{
    if (i >= doc->nparas)
        return;
    free(doc->paras[i]);
    free(doc->shapes[i]);
    memmove(doc->paras + i, doc->paras + i + 1, (doc->nparas - i - 1) * sizeof *doc->paras);
    memmove(doc->shapes + i, doc->shapes + i + 1, (doc->nparas - i - 1) * sizeof *doc->shapes);
    doc->nparas--;
}

void pith_doc_clear_paras(pith_doc_t *doc)
{
    if (doc->shapes)
        free_list(doc->shapes, doc->nparas);
    free_list(doc->paras, doc->nparas);
    doc->paras = NULL;
    doc->shapes = NULL;
    doc->nparas = 0;
}

int pith_doc_body_append(const pith_doc_t *doc, pith_buf_t *out)
{
    /* Its size first: one allocation, where doubling copied the body. */
    size_t n = doc->nparas ? 1 : 0;
    for (size_t i = 0; i < doc->nparas; i++)
        n += strlen(doc->paras[i]) + (i ? 2 : 0);
    int rc = pith_buf_reserve(out, n);
    for (size_t i = 0; !rc && i < doc->nparas; i++) {
        if (i)
            rc = pith_buf_append(out, "\n\n", 2);
        if (!rc)
            rc = pith_buf_puts(out, doc->paras[i]);
    }
    if (!rc && doc->nparas)
        rc = pith_buf_putc(out, '\n');
    return rc;
}

int pith_doc_body(const pith_doc_t *doc, pith_buf_t *out)
{
    pith_buf_reset(out);
    return pith_doc_body_append(doc, out);
}

int pith_doc_finish(pith_doc_t *doc)
{
    /* The hash of pith_doc_body's bytes, fed paragraph by paragraph: a
     * large page's body is not copied whole once more. */
    XXH3_state_t *st = XXH3_createState();
    if (!st || XXH3_64bits_reset(st) != XXH_OK) {
        XXH3_freeState(st);
        return PITH_ENOMEM;
    }
    for (size_t i = 0; i < doc->nparas; i++) {
        if (i)
            XXH3_64bits_update(st, "\n\n", 2);
        XXH3_64bits_update(st, doc->paras[i], strlen(doc->paras[i]));
    }
    if (doc->nparas)
        XXH3_64bits_update(st, "\n", 1);
    XXH64_hash_t h = XXH3_64bits_digest(st);
    XXH3_freeState(st);
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 16; i++)
        doc->id[i] = hex[(h >> (60 - 4 * i)) & 0xF];
    doc->id[16] = '\0';
    return 0;
}

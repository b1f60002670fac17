/* The pipeline behind pith_extract.
 *
 * Order matters: refuse non-text before spending time on it, transcode once,
 * let the path for the input's type (HTML or text dump) find paragraphs and
 * metadata, then apply the same repair and normalization to whatever either
 * path produced. Doing normalization last, in one place, is what makes the
 * output byte-identical for the same article whichever way it arrived. */
#include "pith/pith.h"

#include "byline.h"
#include "html.h"
#include "normalize.h"
#include "sniff.h"
#include "sniff_type.h"
#include "stopwords.h"
#include "textdump.h"
#include "urlhost.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Normalizes a metadata string to one line; frees and NULLs it when empty. */
static int norm_field(char **field, pith_buf_t *tmp)
{
    if (!*field)
        return 0;
    int rc = pith_norm_para(*field, strlen(*field), 0, tmp);
    if (rc)
        return rc;
    for (size_t i = 0; i < tmp->len; i++)
        if (tmp->data[i] == '\n')
            tmp->data[i] = ' ';
    free(*field);
    *field = NULL;
    if (tmp->len == 0)
        return 0;
    *field = pith_buf_steal(tmp);
    return *field ? 0 : PITH_ENOMEM;
}

/* Appends link record rec ("text\turl\n", doc.h) to out with its text
 * normalized as the paragraphs are; a record whose text vanishes goes.
 * Returns 0 or PITH_ENOMEM; *next points past the record. */
static int norm_link(const char *rec, int ascii, pith_buf_t *tmp, pith_buf_t *out,
                     const char **next)
{
    const char *tab = strchr(rec, '\t');
    const char *nl = strchr(rec, '\n');
    if (!nl)
        nl = rec + strlen(rec);
    *next = *nl ? nl + 1 : nl;
    if (!tab || tab > nl)
        return 0;
    int rc = pith_norm_para(rec, (size_t)(tab - rec), ascii, tmp);
    if (rc || tmp->len == 0)
        return rc;
    if ((rc = pith_buf_append(out, tmp->data, tmp->len)) == 0)
        rc = pith_buf_append(out, tab, (size_t)(nl - tab));
    return rc ? rc : pith_buf_putc(out, '\n');
}

/* Splits glued paragraphs and normalizes every piece; empty pieces go. A
 * paragraph with a structure (heading, list, table, quote) came from markup
 * that already delimits it, so it is normalized as one piece, keeping its
 * lines and shape together. Link records (doc.h) are normalized too, and
 * those of a split paragraph follow their text into its pieces. */
static int repair_paragraphs(pith_doc_t *doc, int ascii)
{
    char **old = doc->paras, **shapes = doc->shapes;
    size_t n = doc->nparas;
    doc->paras = NULL;
    doc->shapes = NULL;
    doc->nparas = 0;
    pith_buf_t split = {0}, norm = {0}, shape = {0}, tmp = {0};
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        /* The paragraph before goes once repaired: a large article's body
         * is not held twice. */
        if (i) {
            free(old[i - 1]);
            free(shapes[i - 1]);
            old[i - 1] = shapes[i - 1] = NULL;
        }
        const char *sh = shapes[i];
        size_t kind = sh ? strcspn(sh, "\n") : 0;
        const char *lp = sh && sh[kind] ? sh + kind + 1 : "";
        pith_buf_reset(&shape);
        if (kind) {
            rc = pith_norm_para(old[i], strlen(old[i]), ascii, &norm);
            if (rc == 0)
                rc = pith_buf_append(&shape, sh, kind);
            if (rc == 0 && *lp)
                rc = pith_buf_putc(&shape, '\n');
            while (rc == 0 && *lp)
                rc = norm_link(lp, ascii, &tmp, &shape, &lp);
            if (rc == 0 && norm.len)
                rc = pith_doc_add_para_shaped(doc, norm.data, norm.len, shape.data);
            continue;
        }
        rc = pith_split_glued(old[i], strlen(old[i]), &split);
        if (rc)
            break;
        const char *p = split.data ? split.data : "";
        while (*p && rc == 0) {
            const char *end = strstr(p, "\n\n");
            size_t len = end ? (size_t)(end - p) : strlen(p);
            /* The links whose text is in this piece, in order; one found
             * nowhere further on is dropped. */
            size_t pos = 0;
            pith_buf_reset(&shape);
            while (rc == 0 && *lp) {
                const char *tab = strchr(lp, '\t');
                size_t alen = tab ? (size_t)(tab - lp) : 0;
                const char *at = alen ? memmem(p + pos, len - pos, lp, alen) : NULL;
                if (!at && alen && memmem(p + len, strlen(p + len), lp, alen))
                    break;
                if (at) {
                    pos = (size_t)(at - p) + alen;
                    if (!shape.len)
                        rc = pith_buf_putc(&shape, '\n');
                    if (rc == 0)
                        rc = norm_link(lp, ascii, &tmp, &shape, &lp);
                } else {
                    const char *nl = strchr(lp, '\n');
                    lp = nl ? nl + 1 : lp + strlen(lp);
                }
            }
            if (rc == 0)
                rc = pith_norm_para(p, len, ascii, &norm);
            if (rc == 0 && norm.len)
                rc = pith_doc_add_para_shaped(doc, norm.data, norm.len,
                                              shape.len > 1 ? shape.data : NULL);
            p += len;
            while (*p == '\n')
                p++;
        }
    }
    for (size_t i = 0; i < n; i++) {
        free(old[i]);
        free(shapes[i]);
    }
    free(old);
    free(shapes);
    pith_buf_free(&split);
    pith_buf_free(&norm);
    pith_buf_free(&shape);
    pith_buf_free(&tmp);
    return rc;
}

/* The site is the page's host without a leading "www.", lowercased. */
static int site_from_url(pith_doc_t *doc, const char *url)
{
    char host[256];
    const char *p = pith_urlhost_get(url, host, sizeof host);
    if (!p)
        return 0;
    if (strlen(p) > 4 && strncasecmp(p, "www.", 4) == 0)
        p += 4;
    int rc = pith_doc_set(&doc->site, p, (size_t)-1);
    for (char *c = doc->site; rc == 0 && *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return rc;
}

/* A page that does not declare its language gets the one whose stop words
 * its body is full of: at least 30 words, a tenth of them stop words of
 * that language (prose runs at a third and more; a list of names at none). */
static int detect_lang(pith_doc_t *doc)
{
    pith_stopcount_t c;
    unsigned words = 0, hits[PITH_STOP_MAXLANGS] = {0};
    size_t bytes = 0;
    for (size_t i = 0; i < doc->nparas && bytes < 64 * 1024; i++) {
        size_t n = strlen(doc->paras[i]);
        int rc = pith_stopwords_count(doc->paras[i], n, NULL, &c);
        if (rc)
            return rc;
        bytes += n;
        words += c.words;
        for (size_t l = 0; l < PITH_STOP_MAXLANGS; l++)
            hits[l] += c.hits[l];
    }
    const char *const *langs = pith_stopwords_langs();
    size_t best = 0;
    for (size_t l = 1; l < PITH_STOP_MAXLANGS && langs[l]; l++)
        if (hits[l] > hits[best])
            best = l;
    if (!langs[0] || words < 30 || hits[best] * 10 < words)
        return 0;
    return pith_doc_set(&doc->lang, langs[best], (size_t)-1);
}

/* Keywords a CMS keeps for itself rather than for readers: flags ("No
 * Autolink", "noindex"), identifiers ("type_news", "channel_other",
 * "section:news"), addresses ("digitimes.com") and bare numbers. */
static int internal_tag(const char *t)
{
    size_t n = strlen(t);
    if (strncasecmp(t, "no ", 3) == 0 || strncasecmp(t, "no-", 3) == 0 ||
        strcasecmp(t, "noindex") == 0 || strcasecmp(t, "nofollow") == 0)
        return 1;
    if (strpbrk(t, "_:=/|\\<>{}"))
        return 1;
    int digits = 1;
    for (const char *p = t; *p; p++)
        digits &= isdigit((unsigned char)*p) || *p == ' ' || *p == '-';
    if (digits)
        return 1;
    /* A host name: dotted, no blanks, letters after the last dot. */
    const char *dot = strrchr(t, '.');
    if (dot && !strchr(t, ' ') && dot > t && n - (size_t)(dot - t) >= 3) {
        int alpha = 1;
        for (const char *p = dot + 1; *p; p++)
            alpha &= isalpha((unsigned char)*p) != 0;
        if (alpha)
            return 1;
    }
    return 0;
}

static int only_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
            continue;
        /* U+00A0 and U+3000, U+FEFF count as blank too. */
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            i++;
            continue;
        }
        if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBB &&
            (unsigned char)s[i + 2] == 0xBF) {
            i += 2;
            continue;
        }
        return 0;
    }
    return 1;
}

/* The stray NUL bytes of a text (a template's padding; pith_sniff_binary
 * counted them: strays) become blanks, so that no pass ever meets one: in the
 * caller's buffer when given (*own), else in copy, which then serves as the
 * working buffer. *data points at the blanked text. 0 or PITH_ENOMEM. */
static int blank_stray_nuls(const uint8_t **data, size_t len, size_t strays, pith_buf_t **own,
                            pith_buf_t *copy)
{
    if (!strays)
        return 0;
    uint8_t *w = *own ? (uint8_t *)(*own)->data : NULL;
    if (!w) {
        int rc = pith_buf_append(copy, *data, len);
        if (rc)
            return rc;
        w = (uint8_t *)copy->data;
        *own = copy; /* the copy is ours to work in */
    }
    for (uint8_t *p = w, *end = w + len; (p = memchr(p, 0, (size_t)(end - p))); p++)
        *p = ' ';
    *data = w;
    return 0;
}

/* Every path's author goes through the one byline cleaner. Both paths have
 * dropped the publisher's name already wherever no byline signs with it
 * (pith_byline_clean with the site, at each source): a byline that signs
 * with it ("Von: Wolfgang Schmale" on wolfgangschmale.eu) keeps it here. */
static int clean_author(pith_doc_t *doc, pith_buf_t *tmp)
{
    int rc = pith_byline_clean(doc->author, strlen(doc->author), NULL, NULL, tmp);
    return rc ? rc : pith_doc_set(&doc->author, tmp->len ? tmp->data : NULL, tmp->len);
}

/* own is NULL, or the buffer holding data[0..len] when the caller gave it up. */
static int extract(const uint8_t *data, size_t len, pith_buf_t *own, const pith_hints_t *hints,
                   pith_doc_t **out, pith_err_t *err)
{
    static const pith_hints_t no_hints;
    if (!hints)
        hints = &no_hints;
    *out = NULL;
    pith_doc_t *doc = NULL;
    pith_buf_t text = {0}, tmp = {0}, nulfree = {0};
    int rc;

    if (hints->max_bytes && len > hints->max_bytes) {
        rc = pith_err_set(err, PITH_ETOOBIG, "input is %zu bytes, over the limit of %zu", len,
                          hints->max_bytes);
        goto done;
    }
    size_t strays;
    if ((rc = pith_sniff_binary(data, len, &strays, err))) /* also PITH_EEMPTY for no bytes */
        goto done;
    if ((rc = blank_stray_nuls(&data, len, strays, &own, &nulfree)))
        goto nomem;
    /* Valid UTF-8 is read in place: a 16 MB page is not held twice. */
    const char *utf8;
    size_t ulen;
    if ((rc = pith_to_utf8_view(data, len, hints->charset, &text, &utf8, &ulen, err)))
        goto done;
    if (ulen == 0 || only_space(utf8, ulen)) {
        rc = pith_err_set(err, PITH_EEMPTY, "input holds only white space");
        goto done;
    }

    pith_type_t type = hints->type;
    if (type == PITH_TYPE_AUTO)
        type = pith_sniff_type(utf8, ulen);
    /* The passes may use the text as working memory when it is ours:
     * transcoded into text, or the caller's buffer. */
    pith_buf_t *work = utf8 == text.data ? &text : own;
    if (type != PITH_TYPE_HTML && !work) {
        /* The text path wants a NUL-terminated text of its own. */
        if ((rc = pith_buf_append(&text, utf8, ulen)))
            goto nomem;
        work = &text;
    }

    if (!(doc = pith_doc_create())) {
        rc = pith_err_set(err, PITH_ENOMEM, "out of memory");
        goto done;
    }
    if (hints->url && (rc = pith_doc_set(&doc->url, hints->url, (size_t)-1)))
        goto nomem;
    if (type == PITH_TYPE_HTML)
        rc = pith_html_extract(utf8, ulen, work, hints, doc, err);
    else
        rc = pith_text_extract(work->data, work->len, hints, doc, err);
    if (rc)
        goto done;

    if ((rc = repair_paragraphs(doc, hints->ascii)))
        goto nomem;
    if (doc->nparas == 0) {
        rc = pith_err_set(err, PITH_ENOTEXT, "no article text found");
        goto done;
    }
    if (!doc->lang && (rc = detect_lang(doc)))
        goto nomem;
    char **fields[] = {&doc->title, &doc->author,   &doc->date, &doc->url,        &doc->canonical,
                       &doc->site,  &doc->sitename, &doc->lang, &doc->description};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if ((rc = norm_field(fields[i], &tmp)))
            goto nomem;
    if (doc->author && (rc = clean_author(doc, &tmp)))
        goto nomem;
    for (size_t i = 0; i < doc->ntags; i++) {
        if ((rc = norm_field(&doc->tags[i], &tmp)))
            goto nomem;
        if (doc->tags[i] && internal_tag(doc->tags[i])) {
            free(doc->tags[i]);
            doc->tags[i] = NULL;
        }
        if (!doc->tags[i]) {
            memmove(doc->tags + i, doc->tags + i + 1, (doc->ntags - i - 1) * sizeof *doc->tags);
            doc->ntags--;
            i--;
        }
    }
    /* The site is the host of url whatever the page or a profile claims
     * ("@politifact", "MSN"): a name belongs in sitename. */
    if ((rc = pith_doc_set(&doc->site, NULL, 0)) ||
        (doc->url && (rc = site_from_url(doc, doc->url))))
        goto nomem;
    if (hints->source && (rc = pith_doc_set(&doc->source, hints->source, (size_t)-1)))
        goto nomem;
    if (hints->fetched && (rc = pith_doc_set(&doc->fetched, hints->fetched, (size_t)-1)))
        goto nomem;
    if ((rc = pith_doc_finish(doc)))
        goto nomem;
    *out = doc;
    doc = NULL;
    rc = 0;
    goto done;
nomem:
    if (rc == PITH_ENOMEM)
        pith_err_set(err, rc, "out of memory");
    else
        pith_err_set(err, rc, "%s", pith_err_name(rc));
done:
    pith_doc_destroy(doc);
    pith_buf_free(&text);
    pith_buf_free(&tmp);
    pith_buf_free(&nulfree);
    return rc;
}

int pith_extract(const uint8_t *data, size_t len, const pith_hints_t *hints, pith_doc_t **out,
                 pith_err_t *err)
{
    return extract(data, len, NULL, hints, out, err);
}

int pith_extract_buf(pith_buf_t *in, const pith_hints_t *hints, pith_doc_t **out, pith_err_t *err)
{
    return extract((const uint8_t *)(in->data ? in->data : ""), in->len, in->data ? in : NULL,
                   hints, out, err);
}

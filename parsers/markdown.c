/* The Markdown body (SPEC §5, `--format markdown`).
 *
 * The document's paragraphs are already the text format's body; their
 * shapes (doc.h) say which were headings, list lines, table rows, quotes or
 * preformatted text. Rendering reads the text with its shape rather than
 * keeping a second copy of the article, so the Markdown can never say other
 * words than the text format, and the id (a hash of the text body) is the
 * same whatever the format. A shape that no longer fits its text is ignored
 * and the paragraph is written as running text.
 *
 * Everything that is text, not markup, is escaped where CommonMark/GFM
 * would read it as markup: emphasis and code characters, brackets, '<',
 * '|', '~', entity-like '&' anywhere; '#', '>', '+', '-', '=' and "1." at
 * the start of a line. Escapes disappear when the Markdown is rendered. */
#include "pith/render.h"

#include <stdlib.h>
#include <string.h>

/* Writes s[0..n) escaped; at_start: s begins a line of Markdown. */
static int escape(pith_buf_t *out, const char *s, size_t n, int at_start)
{
    int rc = 0;
    size_t i = 0;
    if (at_start && n) {
        if (strchr("#>+-=", s[0])) {
            rc = pith_buf_putc(out, '\\');
        } else {
            size_t d = 0;
            while (d < n && d < 10 && s[d] >= '0' && s[d] <= '9')
                d++;
            if (d && d < 10 && d < n && (s[d] == '.' || s[d] == ')') &&
                (d + 1 == n || s[d + 1] == ' ')) {
                rc = pith_buf_append(out, s, d);
                if (rc == 0)
                    rc = pith_buf_putc(out, '\\');
                i = d;
            }
        }
    }
    for (; i < n && rc == 0; i++) {
        char ch = s[i];
        int esc = strchr("\\`*_[]<|~", ch) != NULL;
        if (ch == '&' && i + 1 < n &&
            (s[i + 1] == '#' || (s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
             (s[i + 1] >= 'A' && s[i + 1] <= 'Z') || (s[i + 1] >= '0' && s[i + 1] <= '9')))
            esc = 1;
        if (esc)
            rc = pith_buf_putc(out, '\\');
        if (rc == 0)
            rc = pith_buf_putc(out, ch);
    }
    return rc;
}

/* A paragraph being rendered, with the links found in its text. */
typedef struct mdlink {
    size_t start, end; /* in the paragraph */
    const char *url;
    size_t urllen;
} mdlink_t;

#define MAX_LINKS 4096

typedef struct md {
    pith_buf_t *out;
    const char *para;
    mdlink_t *links;
    size_t nlinks;
} md_t;

/* Writes s[0..n), a part of the paragraph, escaped, with the links wholly
 * inside it as [text](url). */
static int put_text(md_t *m, const char *s, size_t n, int at_start)
{
    size_t off = (size_t)(s - m->para), end = off + n;
    int rc = 0;
    for (size_t k = 0; k < m->nlinks && rc == 0 && off < end; k++) {
        const mdlink_t *l = &m->links[k];
        if (l->start < off || l->end > end)
            continue;
        rc = escape(m->out, m->para + off, l->start - off, at_start);
        if (rc == 0 && (rc = pith_buf_putc(m->out, '[')) == 0)
            rc = escape(m->out, m->para + l->start, l->end - l->start, 0);
        if (rc == 0 && (rc = pith_buf_puts(m->out, "](")) == 0 &&
            (rc = pith_buf_append(m->out, l->url, l->urllen)) == 0)
            rc = pith_buf_putc(m->out, ')');
        off = l->end;
        at_start = 0;
    }
    return rc ? rc : escape(m->out, m->para + off, end - off, at_start);
}

/* Finds the link records' texts (doc.h) in the paragraph, in order; a text
 * not found is left as text. */
static int find_links(md_t *m, const char *rec)
{
    size_t pos = 0, plen = strlen(m->para);
    while (*rec && m->nlinks < MAX_LINKS) {
        const char *tab = strchr(rec, '\t'), *nl = strchr(rec, '\n');
        if (!nl)
            nl = rec + strlen(rec);
        if (tab && tab < nl && tab > rec) {
            const char *at = memmem(m->para + pos, plen - pos, rec, (size_t)(tab - rec));
            if (at) {
                if (!m->links && !(m->links = malloc(MAX_LINKS * sizeof *m->links)))
                    return PITH_ENOMEM;
                mdlink_t *l = &m->links[m->nlinks++];
                l->start = (size_t)(at - m->para);
                l->end = pos = l->start + (size_t)(tab - rec);
                l->url = tab + 1;
                l->urllen = (size_t)(nl - tab - 1);
            }
        }
        rec = *nl ? nl + 1 : nl;
    }
    return 0;
}

static int put_spaces(pith_buf_t *out, size_t n)
{
    int rc = 0;
    while (n-- && rc == 0)
        rc = pith_buf_putc(out, ' ');
    return rc;
}

/* One line of a paragraph, without its '\n'. */
typedef struct line {
    const char *s;
    size_t n;
} line_t;

static size_t count_lines(const char *s)
{
    size_t n = 1;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static line_t next_line(const char **p)
{
    line_t l = {*p, strcspn(*p, "\n")};
    *p += l.n + (l.s[l.n] == '\n');
    return l;
}

/* Running text: one Markdown paragraph, its lines kept with hard breaks;
 * prefix (e.g. "> ") starts every line. */
static int put_plain(md_t *m, const char *s, const char *prefix)
{
    int rc = 0;
    for (const char *p = s; *p && rc == 0;) {
        line_t l = next_line(&p);
        if ((rc = pith_buf_puts(m->out, prefix)) == 0)
            rc = put_text(m, l.s, l.n, 1);
        if (rc == 0 && *p)
            rc = pith_buf_puts(m->out, "\\\n");
    }
    return rc;
}

static int put_heading(md_t *m, const char *s, int level)
{
    int rc = 0;
    for (int i = 0; i < level && rc == 0; i++)
        rc = pith_buf_putc(m->out, '#');
    if (rc == 0)
        rc = pith_buf_putc(m->out, ' ');
    for (const char *p = s; *p && rc == 0;) {
        line_t l = next_line(&p);
        rc = put_text(m, l.s, l.n, 0);
        if (rc == 0 && *p)
            rc = pith_buf_putc(m->out, ' ');
    }
    return rc;
}

static int put_pre(pith_buf_t *out, const char *s)
{
    size_t run = 0, longest = 0;
    for (const char *p = s; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    size_t fence = longest < 3 ? 3 : longest + 1;
    int rc = 0;
    for (size_t i = 0; i < fence && rc == 0; i++)
        rc = pith_buf_putc(out, '`');
    if (rc == 0 && (rc = pith_buf_putc(out, '\n')) == 0 && (rc = pith_buf_puts(out, s)) == 0)
        rc = pith_buf_putc(out, '\n');
    for (size_t i = 0; i < fence && rc == 0; i++)
        rc = pith_buf_putc(out, '`');
    return rc;
}

/* The length of a list line's text marker for shape byte m, or 0 when the
 * line does not carry the marker its shape promises. */
static size_t list_marker(const line_t *l, char m, int *depth, size_t *own)
{
    int ordered = m >= 'a' && m <= 'a' + PITH_LIST_DEPTH_MAX - 1;
    int d = ordered ? m - 'a' + 1 : m - 'A' + 1;
    size_t k = 0;
    for (int i = 1; i < d; i++, k += 2)
        if (k + 2 > l->n || l->s[k] != '-' || l->s[k + 1] != ' ')
            return 0;
    size_t start = k;
    if (ordered) {
        while (k < l->n && k - start < 9 && l->s[k] >= '0' && l->s[k] <= '9')
            k++;
        if (k == start || k >= l->n || l->s[k] != '.')
            return 0;
        k++;
    } else {
        if (k >= l->n || l->s[k] != '-')
            return 0;
        k++;
    }
    /* An item with no text loses the space after its marker. */
    if (k < l->n && l->s[k] != ' ')
        return 0;
    *depth = d;
    *own = k - start;
    return k < l->n ? k + 1 : k;
}

static int shape_fits_list(const char *s, const char *shape)
{
    if (strlen(shape) != count_lines(s))
        return 0;
    const char *p = s;
    for (const char *m = shape; *m; m++) {
        line_t l = next_line(&p);
        int d;
        size_t own;
        if (*m >= '1' && *m <= '0' + PITH_LIST_DEPTH_MAX)
            continue;
        if (!((*m >= 'A' && *m < 'A' + PITH_LIST_DEPTH_MAX) ||
              (*m >= 'a' && *m < 'a' + PITH_LIST_DEPTH_MAX)) ||
            !list_marker(&l, *m, &d, &own))
            return 0;
    }
    return 1;
}

/* A list: each item indented to the content column of its parent item, as
 * CommonMark wants nested lists; further lines of an item indented to the
 * item's own content column. */
static int put_list(md_t *m, const char *s, const char *shape)
{
    size_t col[PITH_LIST_DEPTH_MAX + 1] = {0};
    int rc = 0;
    const char *p = s;
    for (const char *c = shape; *c && rc == 0; c++) {
        line_t l = next_line(&p);
        if (c != shape)
            rc = pith_buf_putc(m->out, '\n');
        if (rc)
            break;
        if (*c >= '1' && *c <= '9') {
            int d = *c - '0';
            if ((rc = put_spaces(m->out, col[d])) == 0)
                rc = put_text(m, l.s, l.n, 1);
            continue;
        }
        int d;
        size_t own, skip = list_marker(&l, *c, &d, &own);
        size_t indent = d > 1 ? col[d - 1] : 0;
        const char *mark = l.s + 2 * (size_t)(d - 1); /* its own "-" or "N." */
        if ((rc = put_spaces(m->out, indent)) == 0 &&
            (rc = pith_buf_append(m->out, mark, own)) == 0)
            rc = pith_buf_putc(m->out, ' ');
        col[d] = indent + own + 1;
        for (int k = d + 1; k <= PITH_LIST_DEPTH_MAX; k++)
            col[k] = col[d];
        if (rc == 0)
            rc = put_text(m, l.s + skip, l.n - skip, 1);
    }
    return rc;
}

/* Splits a row at " | " into at most max cells; returns the count. */
static size_t split_cells(line_t row, line_t *cells, size_t max)
{
    size_t n = 0;
    const char *s = row.s, *end = row.s + row.n;
    while (n < max) {
        const char *bar = NULL;
        for (const char *q = s; q + 3 <= end; q++)
            if (q[0] == ' ' && q[1] == '|' && q[2] == ' ') {
                bar = q;
                break;
            }
        if (!bar || n + 1 == max) {
            cells[n++] = (line_t){s, (size_t)(end - s)};
            break;
        }
        cells[n++] = (line_t){s, (size_t)(bar - s)};
        s = bar + 3;
    }
    return n;
}

#define MAX_COLS 64

/* A GFM pipe table: the first row is its header (GFM wants one), every
 * row padded to the widest. */
static int put_table(md_t *m, const char *s, const char *shape)
{
    line_t cells[MAX_COLS];
    size_t cols = 1;
    for (const char *p = s; *p;) {
        size_t n = split_cells(next_line(&p), cells, MAX_COLS);
        if (n > cols)
            cols = n;
    }
    int rc = 0;
    size_t r = 0;
    (void)shape;
    for (const char *p = s; *p && rc == 0; r++) {
        size_t n = split_cells(next_line(&p), cells, MAX_COLS);
        if (r)
            rc = pith_buf_putc(m->out, '\n');
        for (size_t i = 0; i < cols && rc == 0; i++) {
            if ((rc = pith_buf_puts(m->out, i ? " | " : "| ")) == 0 && i < n)
                rc = put_text(m, cells[i].s, cells[i].n, 0);
        }
        if (rc == 0)
            rc = pith_buf_puts(m->out, " |");
        if (r == 0) {
            for (size_t i = 0; i < cols && rc == 0; i++)
                rc = pith_buf_puts(m->out, i ? " | ---" : "\n| ---");
            if (rc == 0)
                rc = pith_buf_puts(m->out, " |");
        }
    }
    return rc;
}

static int put_para(md_t *m, const char *s, const char *shape)
{
    if (!shape || shape[0] == '\n')
        return put_plain(m, s, "");
    size_t sl = strcspn(shape, "\n");
    switch (shape[0]) {
    case 'h':
        if (shape[1] >= '1' && shape[1] <= '6')
            return put_heading(m, s, shape[1] - '0');
        break;
    case 'q':
        return put_plain(m, s, "> ");
    case 'p':
        return put_pre(m->out, s);
    case 'l':
    case 't': {
        char *lines = strndup(shape + 1, sl - 1);
        if (!lines)
            return PITH_ENOMEM;
        int rc = -1;
        if (shape[0] == 'l' && shape_fits_list(s, lines))
            rc = put_list(m, s, lines);
        else if (shape[0] == 't' && strlen(lines) == count_lines(s))
            rc = put_table(m, s, lines);
        free(lines);
        if (rc != -1)
            return rc;
        break;
    }
    }
    return put_plain(m, s, "");
}

int pith_render_markdown(const pith_doc_t *doc, int body_only, pith_buf_t *out, pith_err_t *err)
{
    int rc = 0;
    md_t m = {out, NULL, NULL, 0};
    pith_buf_reset(out);
    if (!body_only && (rc = pith_render_front_matter(doc, out, err)))
        return rc;
    /* Room for the text body and an eighth more for the markup, once: a
     * large article's Markdown is not copied as the buffer doubles. */
    size_t n = 0;
    for (size_t i = 0; i < doc->nparas; i++)
        n += strlen(doc->paras[i]) + 2;
    rc = pith_buf_reserve(out, n + n / 8);
    for (size_t i = 0; i < doc->nparas && rc == 0; i++) {
        const char *shape = doc->shapes ? doc->shapes[i] : NULL;
        const char *prev = i && doc->shapes ? doc->shapes[i - 1] : NULL;
        if (i) {
            /* Paragraphs of one quote stay in one quote. */
            int quote = shape && prev && shape[0] == 'q' && prev[0] == 'q';
            rc = pith_buf_puts(out, quote ? "\n>\n" : "\n\n");
        }
        m.para = doc->paras[i];
        m.nlinks = 0;
        const char *rec = shape ? strchr(shape, '\n') : NULL;
        if (rc == 0 && rec)
            rc = find_links(&m, rec + 1);
        if (rc == 0)
            rc = put_para(&m, doc->paras[i], shape);
    }
    if (rc == 0 && doc->nparas)
        rc = pith_buf_putc(out, '\n');
    if (rc)
        pith_err_set(err, rc, "out of memory while rendering");
    free(m.links);
    return rc;
}

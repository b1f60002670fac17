/* The class and id names the extractor reads (html_names.h). */
#include "html_names.h"

#include "bytes.h"
#include "html_meta.h"
#include "memo.h"

#include <stdint.h>

#include <string.h>
#include <strings.h>

/* The answers of pith_html_name_read, by name (memo.h). */
static _Thread_local pith_memo_t memo;

int pith_html_name_read(const char *s, size_t n)
{
    int hit;
    pith_memo_slot_t *e = pith_memo_find(&memo, 1, s, n, &hit);
    if (hit)
        return (int)e->val;
    int r = pith_html_hint_reads(s, n) || pith_html_shown_reads(s, n) ||
            pith_html_author_reads(s, n) || pith_html_heading_reads(s, n);
    if (e)
        e->val = (uint32_t)r;
    return r;
}

/* What a byte is to the filter (bytes.h); intern keeps the values of
 * plain and blank bytes only. */
_Static_assert(VALUE_PLAIN < VALUE_BLANK && VALUE_BLANK < VALUE_BAD && VALUE_BLANK < VALUE_OTHER,
               "intern tests kind <= VALUE_BLANK");
#define KIND(c) pith_bytes_value[(unsigned char)(c)]

/* pith_html_names_filter; *all_plain says whether every name kept is of
 * plain bytes (then the output is of plain bytes and spaces, which
 * intern keeps). */
static long filter(const char *v, size_t n, char *out, int *all_plain)
{
    struct {
        size_t at, len;
        int plain;
    } name[PITH_NAMES_MAX];
    size_t names = 0;
    for (size_t i = 0; i < n;) {
        unsigned k = KIND(v[i]);
        if (k == VALUE_BLANK) {
            i++;
            continue;
        }
        if (names == PITH_NAMES_MAX)
            return -1;
        size_t at = i;
        int plain = 1;
        for (; i < n; i++) {
            k = KIND(v[i]);
            if (k == VALUE_PLAIN) /* the common case first: one test a byte */
                continue;
            if (k == VALUE_BLANK)
                break;
            if (k == VALUE_BAD)
                return -1;
            plain = 0;
        }
        name[names].at = at;
        name[names].len = i - at;
        name[names++].plain = plain;
    }
    size_t o = 0;
    *all_plain = 1;
    for (size_t j = 0; j < names; j++) {
        const char *s = v + name[j].at;
        size_t len = name[j].len;
        if (name[j].plain && !pith_html_name_read(s, len))
            continue;
        *all_plain &= name[j].plain;
        /* Below what is left to read: a blank stood before the name. */
        if (o)
            out[o++] = ' ';
        memmove(out + o, s, len);
        o += len;
    }
    return (long)o;
}

long pith_html_names_filter(const char *v, size_t n, char *out)
{
    int plain;
    return filter(v, n, out, &plain);
}

/* ---- the map's values ---------------------------------------------------- */

/* Makes room in m's values for one more; 0 or -1. */
static int grow_names(pith_prescan_map_t *m)
{
    if (m->nnames < m->capnames)
        return 0;
    size_t cap = m->capnames ? 2 * m->capnames : 256;
    const char **names = pith_prescan_map_grow(m, m->names, m->nnames, cap, sizeof *names);
    if (!names)
        return -1;
    m->names = names;
    m->capnames = cap;
    return 0;
}

/* pith_html_names_intern of a value known to be of plain and blank
 * bytes. */
static long number(pith_prescan_map_t *m, const char *v, size_t n)
{
    /* The set holds the values' copies (NUL-terminated), in the map's
     * memory, and each one's number; it starts with room for 128 (the
     * first 60 SH pages have 138 on average). */
    if (!m->numbers.cap) {
        pith_strset_init_with(&m->numbers, UINT32_MAX - 1, 1, m->alloc, m->dealloc, m->ud);
        if (pith_strset_reserve(&m->numbers, 128))
            return -1;
    }
    pith_strset_slot_t *e;
    int added;
    if (grow_names(m) || pith_strset_add(&m->numbers, v, n, &e, &added))
        return -1;
    if (added) {
        e->val = m->nnames;
        m->names[m->nnames++] = e->key;
    }
    return (long)e->val;
}

long pith_html_names_intern(pith_prescan_map_t *m, const char *v, size_t n)
{
    /* Printable ASCII but '&', ' ', '\t' and '\n': the bytes of a plain or
     * blank kind. */
    for (size_t i = 0; i < n; i++)
        if (KIND(v[i]) > VALUE_BLANK)
            return -1;
    return number(m, v, n);
}

const char *pith_html_names_value(const pith_prescan_map_t *m, const GumboNode *el, int id)
{
    /* One look at the attributes for both names (as pith_html_attr: the
     * tokenizer writes names in lower case). */
    const char *name = id ? "id" : "class", *num = NULL, *value = NULL;
    const GumboVector *v = &el->v.element.attributes;
    for (unsigned i = 0; i < v->length; i++) {
        const GumboAttribute *a = v->data[i];
        if (a->name[0] != name[0])
            continue;
        if (!a->name[1] && !num)
            num = a->value;
        else if (!value && strcmp(a->name, name) == 0)
            value = a->value;
    }
    if (!num)
        return value;
    size_t k = 0;
    for (; *num >= '0' && *num <= '9' && k <= UINT32_MAX; num++)
        k = 10 * k + (size_t)(*num - '0');
    return m && !*num && k < m->nnames ? m->names[k] : NULL;
}

/* ---- the pre-pass's writer ------------------------------------------------- */

/* Writes n in decimal at out (room for 20 digits); returns the length. */
static long decimal(size_t n, char *out)
{
    char d[24];
    long k = 0;
    do
        d[k++] = (char)('0' + n % 10);
    while (n /= 10);
    for (long i = 0; i < k; i++)
        out[i] = d[k - 1 - i];
    return k;
}

char *pith_html_names_put(char *out, int gap, const char *attr, char quote, const char *val,
                          size_t vallen, pith_prescan_map_t *map)
{
    size_t len = strlen(attr);
    char *v = out + gap + len + 2;
    int plain;
    long m = filter(val, vallen, v, &plain);
    if (m <= 0)
        return m ? NULL : out;
    /* The names kept, as a number when that is shorter (the next number
     * is as long as any before it) and the map can keep them (plain: no
     * need to look at their bytes again). */
    char num[24];
    long i = map && plain && 4 + decimal(map->nnames, num) < (long)len + 3 + m
                 ? number(map, v, (size_t)m)
                 : -1;
    if (gap)
        *out++ = ' ';
    if (i >= 0) {
        long nl = decimal((size_t)i, num);
        out[0] = attr[0]; /* 'c' or 'i' */
        out[1] = '=';
        out[2] = '"';
        memcpy(out + 3, num, (size_t)nl);
        out[3 + nl] = '"';
        return out + 4 + nl;
    }
    memcpy(out, attr, len);
    v[-2] = '=';
    v[-1] = quote;
    v[m] = quote;
    return v + m + 1;
}

/* ---- style ---------------------------------------------------------------- */

int pith_html_style_read(const char *v, size_t n)
{
    static const char *const words[] = {"display:none", "display: none", "visibility:hidden",
                                        "visibility: hidden"};
    if (!v)
        return 0;
    if (memchr(v, '&', n) || memchr(v, '\0', n))
        return 1;
    for (size_t i = 0; i + 12 <= n; i++) {
        unsigned char c = (unsigned char)v[i] | 0x20;
        if (c != 'd' && c != 'v')
            continue;
        for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
            size_t len = strlen(words[w]);
            if (words[w][0] == c && len <= n - i && strncasecmp(v + i, words[w], len) == 0)
                return 1;
        }
    }
    return 0;
}

/* Placeholders for stretches of text (html_placeholders.h): the pre-pass's
 * writer of text, and the walk that puts the text back after a parse. */
#include "html_placeholders.h"

#include "bytes.h"
#include "sniff.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* What a byte is in text: a character Gumbo takes as it is (ASCII other
 * than '&' and '<'), HTML white space but CR, CR, the first byte of a
 * sequence of two, three or four; 0: a byte that stays as it is (NUL,
 * controls, DEL, '&', '<', a byte no valid sequence starts with). */
enum { C_CHAR = 1, C_SPACE = 2, C_CR = 4, C_LEAD = 8, C_AMP = 16 };

#define TEXT_CLASS(c)                                                                              \
    ((c) == '\r'                                               ? C_CR                              \
     : (c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\f' ? C_SPACE                           \
     : (c) >= 0x21 && (c) <= 0x7E && (c) != '&' && (c) != '<'  ? C_CHAR                            \
     : (c) >= 0xC2 && (c) <= 0xF4                              ? C_LEAD                            \
     : (c) == '&'                                              ? C_AMP                             \
                                                               : 0)
static const unsigned char byte_class[256] = {PITH_BYTES_ALL(TEXT_CLASS)};
#undef TEXT_CLASS

/* The length of the character at q (q < e) when it is a multi-byte one
 * Gumbo takes as it is: valid UTF-8 (sniff.c's strict decoder: no overlong
 * form, surrogate or code point past U+10FFFF, as Gumbo's) and none of the
 * code points it replaces (U+0080..U+009F, U+FDD0..U+FDEF, U+xFFFE,
 * U+xFFFF); else 0. */
static size_t mb_len(const unsigned char *q, const unsigned char *e)
{
    size_t adv;
    int32_t c = pith_utf8_next((const char *)q, (size_t)(e - q), &adv);
    if (c <= 0x9F || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE)
        return 0; /* invalid (-1), ASCII, or replaced by Gumbo */
    return adv;
}

/* The first placeholder in s[0..e), or NULL (memchr is many times faster
 * than memmem on a short needle). */
static const char *find_ph(const char *s, const char *e)
{
    while (s + PITH_PLACEHOLDER_LEN <= e) {
        const char *p = memchr(s, 0xEF, (size_t)(e - s) - (PITH_PLACEHOLDER_LEN - 1));
        if (!p)
            return NULL;
        if (memcmp(p, PITH_PLACEHOLDER, PITH_PLACEHOLDER_LEN) == 0)
            return p;
        s = p + 1;
    }
    return NULL;
}

/* Whether s[0..n) has a U+FFFC of its own: literal, or a numeric reference
 * that Gumbo decodes to it (its sum wraps as Gumbo's int does). */
static int own_placeholder(const char *s, size_t n)
{
    const char *e = s + n;
    if (find_ph(s, e))
        return 1;
    for (const char *p = s; (p = memchr(p, '&', (size_t)(e - p))); p++) {
        const char *q = p + 1;
        if (q >= e || *q != '#')
            continue;
        q++;
        int hex = q < e && (*q | 0x20) == 'x';
        q += hex;
        uint32_t v = 0;
        const char *d0 = q;
        for (; q < e; q++) {
            unsigned c = (unsigned char)*q, d;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
                d = (c | 0x20) - 'a' + 10;
            else
                break;
            v = v * (hex ? 16u : 10u) + d;
        }
        if (q > d0 && v == 0xFFFC)
            return 1;
    }
    return 0;
}

void pith_ph_begin(pith_ph_t *ph, pith_prescan_map_t *map, const char *in, size_t n, char *out0)
{
    ph->map = NULL;
    ph->out0 = out0;
    ph->end = NULL;
    ph->state = 0;
    ph->saved = 0;
    if (!map || n > UINT32_MAX / 2 || own_placeholder(in, n))
        return; /* (the index's offsets into the text aside are 32 bits) */
    /* Each stretch of at least three source bytes keeps at most as many
     * and a NUL: never more than this. */
    size_t cap = n + n / 3 + 16;
    map->text = map->alloc(map->ud, cap);
    if (!map->text)
        return;
    map->captext = cap;
    map->ntext = 0;
    map->segs = NULL;
    map->capsegs = 0;
    map->nsegs = 0;
    ph->map = map;
}

/* Where the text last written ended. */
enum { S_TEXT, S_REF, S_LT };

/* The end of the stretch of characters Gumbo takes as they are from q (whose
 * first is one), the byte classes in plain too, less a CR that ends it (an
 * LF may follow it in the next text); *cr: it has a CR. */
static const unsigned char *stretch(const unsigned char *q, const unsigned char *e, unsigned plain,
                                    int *cr)
{
    const unsigned char *r = q;
    *cr = 0;
    while (r < e) {
        unsigned k = byte_class[*r];
        if (k & plain) {
            r++;
        } else if (k & C_CR) {
            *cr = 1;
            r++;
        } else {
            size_t m = k ? mb_len(r, e) : 0;
            if (!m)
                break;
            r += m;
        }
    }
    if (r[-1] == '\r')
        r--;
    return r;
}

/* Sets the stretch q[0..len) aside (its CRs as Gumbo reads them) and writes
 * its placeholder at o: 0, or -1 when the index cannot grow (the stretch
 * stays as it is). */
static int place(pith_ph_t *ph, char *o, const unsigned char *q, size_t len, int cr)
{
    pith_prescan_map_t *m = ph->map;
    if (m->nsegs == m->capsegs) {
        size_t cap = m->capsegs ? 2 * m->capsegs : 256;
        pith_prescan_seg_t *g = pith_prescan_map_grow(m, m->segs, m->nsegs, cap, sizeof *g);
        if (!g)
            return -1;
        m->segs = g;
        m->capsegs = cap;
    }
    size_t from = m->ntext;
    char *t = m->text + from;
    if (!cr) {
        memcpy(t, q, len);
        t += len;
    } else {
        for (size_t i = 0; i < len; i++) {
            if (q[i] != '\r') {
                *t++ = (char)q[i];
                continue;
            }
            *t++ = '\n';
            i += i + 1 < len && q[i + 1] == '\n';
        }
    }
    *t++ = '\0';
    m->ntext = (size_t)(t - m->text);
    ph->saved += len - PITH_PLACEHOLDER_LEN;
    pith_prescan_seg_t *s = &m->segs[m->nsegs++];
    s->at = (uint32_t)(o - ph->out0);
    s->from = (uint32_t)from;
    s->extra = (uint32_t)ph->saved;
    memcpy(o, PITH_PLACEHOLDER, PITH_PLACEHOLDER_LEN);
    return 0;
}

/* Writes the stretch at *q (classes plain) at o: its placeholder, or the
 * stretch itself when shorter than one or when placeholders must stop.
 * Moves *q past it; returns the output's new end. */
static char *put_stretch(pith_ph_t *ph, char *o, const unsigned char **q, const unsigned char *e,
                         unsigned plain)
{
    int cr;
    const unsigned char *r = stretch(*q, e, plain, &cr);
    size_t len = (size_t)(r - *q);
    if (len < PITH_PLACEHOLDER_LEN || place(ph, o, *q, len, cr)) {
        memmove(o, *q, len);
        o += len;
    } else {
        o += PITH_PLACEHOLDER_LEN;
    }
    *q = r;
    return o;
}

char *pith_ph_text(pith_ph_t *ph, char *o, const char *in, size_t n)
{
    const unsigned char *q = (const unsigned char *)in, *e = q + n;
    int state = o == ph->end ? ph->state : S_TEXT;
    while (q < e && ph->map) {
        unsigned c = *q;
        if (state == S_REF) {
            /* A reference: letters, digits and '#' (Gumbo's matcher reads
             * no further), then a ';' or the character after it. */
            if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '#') {
                *o++ = (char)*q++;
                continue;
            }
            state = S_TEXT;
            if (c == ';') {
                *o++ = (char)*q++;
                continue;
            }
            if (c != '&' && c != '<') {
                /* The character after a reference without its ';' stays as
                 * it is: Gumbo drops it after a numeric one whose value
                 * wraps to -1 (its "no character"). */
                size_t m = byte_class[c] & C_LEAD ? mb_len(q, e) : 0;
                m += !m;
                memmove(o, q, m);
                o += m;
                q += m;
                continue;
            }
        } else if (state == S_LT) {
            /* "<![CDATA[" is a bogus comment up to a '>' for Gumbo, and a
             * letter, '/' or '?' after a dropped tag or comment opens what
             * the pre-pass did not see: Gumbo reads on in them. */
            state = S_TEXT;
            if (c == '!' || c == '/' || c == '?' || (c | 0x20) - 'a' < 26u) {
                ph->map = NULL;
                break;
            }
        }
        if (c == '&' || c == '<') {
            state = c == '&' ? S_REF : S_LT;
            *o++ = (char)*q++;
            continue;
        }
        unsigned k = byte_class[c];
        if (k & (C_SPACE | C_CR)) {
            /* White space, most of it between tags: as it is, at once. */
            const unsigned char *r = q + 1;
            while (r < e && (byte_class[*r] & (C_SPACE | C_CR)))
                r++;
            memmove(o, q, (size_t)(r - q));
            o += r - q;
            q = r;
            continue;
        }
        if (!(k & C_CHAR) && !(k & C_LEAD && mb_len(q, e))) {
            *o++ = (char)*q++; /* a byte Gumbo may change */
            continue;
        }
        o = put_stretch(ph, o, &q, e, C_CHAR | C_SPACE);
    }
    if (q < e) {
        memmove(o, q, (size_t)(e - q));
        o += e - q;
    }
    ph->end = o;
    ph->state = state;
    return o;
}

char *pith_ph_script(pith_ph_t *ph, char *o, const char *in, size_t n)
{
    const unsigned char *q = (const unsigned char *)in, *e = q + n;
    if (ph->map && memmem(in, n, "<!--", 4))
        ph->map = NULL; /* Gumbo's escaped script data may run past its end */
    while (q < e && ph->map) {
        /* '&' is a character like another here; a stretch starts at one
         * that is not white space, as in text (a CR before it stays). */
        unsigned k = byte_class[*q];
        if (!(k & (C_CHAR | C_AMP)) && !(k & C_LEAD && mb_len(q, e))) {
            *o++ = (char)*q++;
            continue;
        }
        o = put_stretch(ph, o, &q, e, C_CHAR | C_SPACE | C_AMP);
    }
    if (q < e) {
        memmove(o, q, (size_t)(e - q));
        o += e - q;
    }
    ph->end = NULL;
    return o;
}

/* ---- putting the text back ------------------------------------------------ */

/* The first placeholder at or after output offset off. */
static size_t first_at(const pith_prescan_map_t *m, size_t off)
{
    size_t lo = 0, hi = m->nsegs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->segs[mid].at < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static size_t seg_len(const pith_prescan_map_t *m, size_t i)
{
    size_t end = i + 1 < m->nsegs ? m->segs[i + 1].from : m->ntext;
    return end - m->segs[i].from - 1;
}

size_t pith_html_prescan_unplaced(const pith_prescan_map_t *map, size_t off)
{
    if (!map || !map->nsegs || off < (size_t)map->segs[0].at + PITH_PLACEHOLDER_LEN)
        return off;
    /* The last placeholder ending at or before off. */
    size_t i = first_at(map, off >= PITH_PLACEHOLDER_LEN ? off - PITH_PLACEHOLDER_LEN + 1 : 0);
    return off + map->segs[i - 1].extra;
}

/* The text node n's text with its placeholders' text: 0, or -1 when out of
 * memory. */
static int unplace_node(const pith_prescan_map_t *m, GumboNode *n, pith_arena_t *a, int copy)
{
    const char *s = n->v.text.text;
    size_t len = strlen(s);
    const char *e = s + len;
    const char *ph = find_ph(s, e);
    if (!ph)
        return 0;
    size_t i = first_at(m, n->v.text.start_pos.offset), k = i, total = len;
    for (const char *x = ph; x; k++) {
        if (k >= m->nsegs)
            return 0; /* not ours: cannot be (html_placeholders.h) */
        total += seg_len(m, k) - PITH_PLACEHOLDER_LEN;
        x = find_ph(x + PITH_PLACEHOLDER_LEN, e);
    }
    if (k == i + 1 && len == PITH_PLACEHOLDER_LEN && !copy) {
        n->v.text.text = m->text + m->segs[i].from; /* the text aside is NUL-terminated */
        return 0;
    }
    char *out = pith_arena_alloc(a, total + 1), *w = out;
    if (!out)
        return -1;
    const char *x = s;
    for (k = i; ph; k++) {
        memcpy(w, x, (size_t)(ph - x));
        w += ph - x;
        size_t l = seg_len(m, k);
        memcpy(w, m->text + m->segs[k].from, l);
        w += l;
        x = ph + PITH_PLACEHOLDER_LEN;
        ph = find_ph(x, e);
    }
    memcpy(w, x, (size_t)(e - x));
    w[e - x] = '\0';
    n->v.text.text = out;
    return 0;
}

static GumboVector *kids(GumboNode *n)
{
    if (n->type == GUMBO_NODE_DOCUMENT)
        return &n->v.document.children;
    if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE)
        return &n->v.element.children;
    return NULL;
}

int pith_html_unplace(const pith_prescan_map_t *map, GumboNode *root, pith_arena_t *a, int copy)
{
    if (!map || !map->nsegs || !root)
        return 0;
    /* Preorder without a stack: trees may be deep. */
    GumboNode *n = root;
    for (;;) {
        GumboVector *v = kids(n);
        if (v && v->length) {
            n = v->data[0];
            continue;
        }
        if ((n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) &&
            unplace_node(map, n, a, copy))
            return -1;
        while (n != root) {
            GumboVector *pv = kids(n->parent);
            if (n->index_within_parent + 1 < pv->length) {
                n = pv->data[n->index_within_parent + 1];
                break;
            }
            n = n->parent;
        }
        if (n == root)
            return 0;
    }
}

int pith_html_unplace_drop(const pith_prescan_map_t *map, size_t a, size_t b)
{
    if (!map || !map->nsegs)
        return 0;
    size_t i = first_at(map, a), j = first_at(map, b);
    if (i == j)
        return 0;
    const char *from = map->text + map->segs[i].from;
    const char *to = j < map->nsegs ? map->text + map->segs[j].from : map->text + map->ntext;
    uintptr_t pg = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t s = ((uintptr_t)from + pg - 1) & ~(pg - 1), e = (uintptr_t)to & ~(pg - 1);
    return e > s && madvise((void *)s, e - s, MADV_DONTNEED) == 0;
}

void pith_html_unplace_free(pith_prescan_map_t *map)
{
    if (map->text)
        map->dealloc(map->ud, map->text);
    if (map->segs)
        map->dealloc(map->ud, map->segs);
    map->text = NULL;
    map->segs = NULL;
    map->ntext = map->captext = map->nsegs = map->capsegs = 0;
}

/* The pre-pass is a small state machine over bytes: text is copied, tags are
 * tokenized by the tokenizer's rules and copied with the attributes the
 * extractor does not read blanked out, and whatever is dropped is skipped with memmem-style
 * searches for its end marker. Everything is one forward pass, O(n), and the
 * output is never longer than the input. */
#include "html_prescan.h"

#include "html_meta.h"
#include "html_names.h"
#include "html_placeholders.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int is_alpha(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* What the tokenizer's rules make of a byte inside a tag: white space
 * (' ', '\t', '\n', '\r', '\f'), '/', '>' or '='. One load answers what
 * would be up to eight compares: a page has a tag every few dozen bytes. */
enum { B_SPACE = 1, B_SLASH = 2, B_GT = 4, B_EQ = 8 };
static const unsigned char byte_kind[256] = {
    [' '] = B_SPACE,  ['\t'] = B_SPACE, ['\n'] = B_SPACE, ['\r'] = B_SPACE,
    ['\f'] = B_SPACE, ['/'] = B_SLASH,  ['>'] = B_GT,     ['='] = B_EQ,
};

static int is_space(unsigned char c)
{
    return byte_kind[c] & B_SPACE;
}

/* Whether s[0..e) is all white space. */
static int blank(const char *s, const char *e)
{
    while (s < e && is_space((unsigned char)*s))
        s++;
    return s == e;
}

/* Finds "</name" followed by a space, '/' or '>' (any case) from p; returns
 * the position of '<' or end when there is none. */
static const char *find_end_tag(const char *p, const char *end, const char *name, size_t nl)
{
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt)
            return end;
        if ((size_t)(end - lt) >= nl + 2 && lt[1] == '/' && strncasecmp(lt + 2, name, nl) == 0 &&
            ((size_t)(end - lt) == nl + 2 || is_space((unsigned char)lt[nl + 2]) ||
             lt[nl + 2] == '/' || lt[nl + 2] == '>'))
            return lt;
        p = lt + 1;
    }
    return end;
}

/* HTML elements that end foreign content (svg, math) left open, as the
 * tree builder does: the start tags the HTML standard lists as breaking out
 * of it, and end tags of HTML elements (a browser pops the open <svg> with
 * the <div> it closes). Sorted for bsearch; names of SVG and MathML
 * elements ("a", "title", "style", "font") are not in it. */
static const char *const html_breakout[] = {
    "article", "aside", "b",    "big",    "blockquote", "body",  "br",    "button",     "center",
    "code",    "dd",    "div",  "dl",     "dt",         "em",    "embed", "figcaption", "figure",
    "footer",  "form",  "h1",   "h2",     "h3",         "h4",    "h5",    "h6",         "head",
    "header",  "hr",    "html", "i",      "img",        "label", "li",    "listing",    "main",
    "menu",    "meta",  "nav",  "nobr",   "ol",         "p",     "pre",   "ruby",       "s",
    "section", "small", "span", "strike", "strong",     "sub",   "sup",   "table",      "td",
    "th",      "tr",    "tt",   "u",      "ul",         "var",
};

static int cmp_name(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

/* Whether the tag name at s (up to a space, '/' or '>') ends foreign
 * content. */
static int breaks_foreign(const char *s, const char *end)
{
    char low[12];
    size_t n = 0;
    while (s + n < end && n < sizeof low - 1 &&
           (is_alpha((unsigned char)s[n]) || (n && s[n] >= '1' && s[n] <= '6'))) {
        low[n] = (char)(s[n] | 0x20);
        n++;
    }
    if (n == 0 || n == sizeof low - 1 ||
        (s + n < end && !is_space((unsigned char)s[n]) && s[n] != '/' && s[n] != '>'))
        return 0;
    low[n] = '\0';
    return bsearch(low, html_breakout, sizeof html_breakout / sizeof html_breakout[0],
                   sizeof html_breakout[0], cmp_name) != NULL;
}

/* What the pass does with a tag, by name (tag_class). */
enum {
    T_FLAT = 1,     /* void, or its end tag may be omitted: not counted in the depth */
    T_IMG = 2,      /* dropped, tag only */
    T_DROP = 4,     /* dropped with its content */
    T_RAW = 8,      /* script, style: "/>" does not end them */
    T_FOREIGN = 16, /* svg, math: nest, so inner opens of the same name count */
    T_SCRIPT = 32,  /* kept when it holds JSON-LD */
    T_TITLE = 64,   /* RCDATA: copied verbatim up to its end tag */
    T_PLAIN = 128,  /* plaintext: the rest of the input is text */
    T_PRE = 256,    /* pre, listing: white space in them is kept as it is */
    T_A = 512,      /* the tags some attributes are read on only (kept_attrs) */
    T_LINK = 1024,
    T_META = 2048,
    T_HTML = 4096,
    T_HEAD = 8192, /* may stand in the head: does not start the body */
    T_BODY = 16384,
    T_FRAMESET = 32768, /* placeholders stop (html_placeholders.h) */
};

/* The tag kinds that keep an attribute read on some tags only, and a bit
 * set for every tag that keeps attributes (parse_attrs). */
#define T_ON (T_A | T_LINK | T_META | T_HTML | T_SCRIPT | T_BODY)
#define ON_ANY 0x10000u

/* The attributes the extractor reads: every other attribute is dropped here,
 * before Gumbo sees it. Anyone who reads a new attribute with
 * pith_html_attr() (html.c, html_meta.c, html_hints.c, ...) MUST add it to
 * this table, or it will never be there to read (debug builds assert it).
 * Dropping the rest is what keeps Gumbo linear: its duplicate-attribute check
 * compares each new attribute with every earlier one of the tag, so a tag
 * with a million distinct attribute names took minutes. With this table each
 * tag keeps at most one of each name (the first, as the tokenizer does) and
 * at most PITH_PRESCAN_MAX_ATTRS in all. It also spares Gumbo copying them
 * and shortens the attribute lists every lookup walks. Lower case, at most
 * 15 bytes. on: the tags it is read on (T_A and the rest), 0 for every tag. The
 * attributes read generically (class, id, style, hidden, role, itemprop, and
 * rel, content and datetime, which date and author elements of any tag may
 * carry) stay on every tag; the others are read on one kind of tag only
 * (html_meta.c: a <meta>'s name, property and http-equiv, a <link
 * rel=canonical>'s href, the <html>'s lang, a <script>'s type; html.c: an
 * <a>'s href, with PITH_PRESCAN_LINKS only) and are dropped elsewhere, like
 * the attributes not read at all: most of what was left of a tag was the
 * href of links no one reads. */
static const struct {
    const char *name;
    unsigned char len;
    unsigned short on;
    unsigned char names; /* 1 class and id: numbered, or only the names read kept; 2 style:
                          * kept when it hides (html_names.h) */
} kept_attrs[] = {
#define KA(s, on)                                                                                  \
    {                                                                                              \
        s, sizeof s - 1, on, 0                                                                     \
    }
#define KN(s)                                                                                      \
    {                                                                                              \
        s, sizeof s - 1, 0, 1                                                                      \
    }
    /* By length: kept_from gives where each length starts. */
    KN("id"),
    KA("rel", 0),
    KA("role", 0),
    KA("name", T_META),
    KA("href", T_A | T_LINK),
    KA("lang", T_HTML),
    KA("type", T_SCRIPT),
    KN("class"),
    {"style", 5, 0, 2},
    KA("hidden", 0),
    KA("content", 0),
    KA("itemprop", 0),
    KA("property", T_META),
    KA("xml:lang", T_HTML),
    KA("datetime", 0),
    KA("http-equiv", T_META),
#undef KA
#undef KN
};

#define NKEPT (sizeof kept_attrs / sizeof kept_attrs[0])
_Static_assert(NKEPT <= 32, "parse_attrs tracks the names seen in a 32-bit mask");

/* kept_attrs[kept_from[n]..kept_from[n + 1]) are the names n bytes long. */
static const unsigned char kept_from[17] = {0,  0,  0,  1,  2,  7,  9,  10, 11,
                                            15, 15, 16, 16, 16, 16, 16, 16};
_Static_assert(sizeof kept_from == 17 && NKEPT == 16, "kept_from must follow kept_attrs");

/* Index in kept_attrs of the attribute name s[0..n) (any case), or -1. */
static int kept_index(const char *s, size_t n)
{
    if (n > 15)
        return -1;
    int c = (unsigned char)s[0] >= 'A' && (unsigned char)s[0] <= 'Z' ? s[0] | 0x20 : s[0];
    for (size_t i = kept_from[n]; i < kept_from[n + 1]; i++) {
        const char *w = kept_attrs[i].name;
        if (w[0] != c)
            continue;
        size_t j = 1;
        while (j < n &&
               w[j] ==
                   ((unsigned char)s[j] >= 'A' && (unsigned char)s[j] <= 'Z' ? s[j] | 0x20 : s[j]))
            j++;
        if (j == n)
            return (int)i;
    }
    return -1;
}

typedef struct {
    int selfclose;
    int ldjson;    /* the first "type" attribute's value holds "ld+json" */
    int markup;    /* ... or is "text/template" or "text/html": markup to show */
    int body;      /* the first "itemprop" attribute's value holds "articleBody" */
    int canonical; /* the first "rel" attribute's value is "canonical" */
    int content;   /* a <meta>'s kept "content" is not empty */
    int property;  /* a <meta>'s kept "property": 0 none, 1 not read, 2 read */
    int name;      /* the same for its "name" */
    size_t nattrs; /* attributes kept */
    size_t outlen; /* bytes written to out */
} tag_t;

/* Notes what the attribute name[0..namelen) = val[0..vallen) (val NULL when
 * it has none) tells about the tag: k is its kept_attrs index, first whether
 * it is the first of its name. */
static void note_attr(tag_t *t, int k, int first, const char *name, size_t namelen, const char *val,
                      size_t vallen)
{
    if (k < 0 || !first)
        return;
    if (namelen == 4 && strncasecmp(name, "type", 4) == 0) {
        t->ldjson = val && vallen >= 7 && memmem(val, vallen, "ld+json", 7) != NULL;
        t->markup = val && ((vallen == 13 && strncasecmp(val, "text/template", 13) == 0) ||
                            (vallen == 9 && strncasecmp(val, "text/html", 9) == 0));
    }
    if (namelen == 8 && strncasecmp(name, "itemprop", 8) == 0)
        t->body = val && vallen >= 11 && memmem(val, vallen, "articleBody", 11) != NULL;
    /* A character reference might spell it: kept too. */
    if (namelen == 3 && strncasecmp(name, "rel", 3) == 0)
        t->canonical = val && ((vallen == 9 && strncasecmp(val, "canonical", 9) == 0) ||
                               memchr(val, '&', vallen));
}

/* Notes what the kept attribute kept_attrs[k] = val[0..vallen) (val NULL
 * when it has none) of a <meta> tells html_meta.c's visit_meta: whether
 * there is content, and whether the name it files it under is one read. A
 * character reference might spell one: counted as read. */
static void note_meta(tag_t *t, int k, const char *val, size_t vallen)
{
    const char *an = kept_attrs[k].name;
    if (strcmp(an, "content") == 0) {
        t->content = vallen > 0;
        return;
    }
    int *key = strcmp(an, "property") == 0 ? &t->property
               : strcmp(an, "name") == 0   ? &t->name
                                           : NULL;
    if (key)
        *key = 1 + (vallen && (memchr(val, '&', vallen) || pith_html_meta_reads(val, vallen)));
}

/* Tokenizes the attributes of a tag whose name ends at p, following the
 * tokenizer's rules (quotes, '/', names that start with '='), up to the '>'
 * closing the tag. Returns the position just past that '>', or NULL when the
 * input ends first: the tokenizer drops such a tag, and so must we. Sets
 * t->selfclose and t->ldjson. keep is 0 (keep no attribute) or ON_ANY with
 * the tag's kinds (T_ON bits). When out is not NULL, writes the tag from p
 * on there with every attribute not kept (not in kept_attrs, not read on
 * this kind of tag, a repeated name, past PITH_PRESCAN_MAX_ATTRS, or any
 * when keep is 0) left out: compact,
 * each kept attribute after one space (none after a quoted value, which
 * needs none), then '>' or "/>"; else (compact 0) blanked to spaces, so
 * the copy has the source's length. t->outlen is the bytes written. out
 * may lie before p in the same buffer (the in-place pass): every byte is
 * read before the write that may cover it (compact, the output never grows
 * faster than the input: a space is written only for a gap), and nothing
 * read is kept by pointer. */
static const char *parse_attrs(const char *p, const char *end, tag_t *t, unsigned keep, char *out,
                               int compact, pith_prescan_map_t *map)
{
    const char *copied = p; /* source bytes up to here are in out */
    char *const out0 = out;
    unsigned seen = 0;
    t->selfclose = 0;
    t->nattrs = t->outlen = 0;
    t->ldjson = t->markup = t->body = t->canonical = 0;
    t->content = t->property = t->name = 0;
    while (p < end) {
        while (p < end && (byte_kind[(unsigned char)*p] & (B_SPACE | B_SLASH))) {
            if (*p == '/' && p + 1 < end && p[1] == '>')
                t->selfclose = 1;
            p++;
        }
        if (p >= end)
            return NULL;
        if (*p == '>') {
            if (out && compact) {
                if (t->selfclose)
                    *out++ = '/';
                *out++ = '>';
            } else if (out) {
                memmove(out, copied, (size_t)(p + 1 - copied));
                out += p + 1 - copied;
            }
            if (out)
                t->outlen = (size_t)(out - out0);
            return p + 1;
        }
        const char *name = p;
        p++; /* the first character may be '=' and still be part of the name */
        while (p < end && !(byte_kind[(unsigned char)*p] & (B_SPACE | B_SLASH | B_GT | B_EQ)))
            p++;
        size_t namelen = (size_t)(p - name);
        const char *attr_end = p;
        while (p < end && is_space((unsigned char)*p))
            p++;
        const char *val = NULL;
        size_t vallen = 0;
        char quote = 0;
        if (p < end && *p == '=') {
            p++;
            while (p < end && is_space((unsigned char)*p))
                p++;
            if (p < end && (*p == '"' || *p == '\'')) {
                const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
                if (!q)
                    return NULL;
                quote = *p;
                val = p + 1;
                vallen = (size_t)(q - val);
                p = q + 1;
            } else {
                val = p;
                while (p < end && !(byte_kind[(unsigned char)*p] & (B_SPACE | B_GT)))
                    p++;
                vallen = (size_t)(p - val);
            }
            attr_end = p;
        }
        int k = keep ? kept_index(name, namelen) : -1;
        int first = k >= 0 && !(seen & (1u << k));
        int kept = first && t->nattrs < PITH_PRESCAN_MAX_ATTRS &&
                   (!kept_attrs[k].on || (kept_attrs[k].on & keep));
        note_attr(t, k, first, name, namelen, val, vallen);
        if (kept && (keep & T_META))
            note_meta(t, k, val, vallen);
        if (k >= 0)
            seen |= 1u << k;
        if (kept)
            t->nattrs++;
        if (!out)
            continue;
        if (compact) {
            if (!kept)
                continue;
            int gap = name > copied;
            /* Not on <html> and <body>: the tree builder adds the
             * attributes of a second such tag that the first lacks, so
             * what such a tag has must not change. */
            if (kept_attrs[k].names == 2 && !(keep & (T_HTML | T_BODY)) &&
                !pith_html_style_read(val, vallen)) {
                copied = attr_end; /* nothing its readers look for */
                continue;
            }
            char *put =
                quote && kept_attrs[k].names == 1 && !(keep & (T_HTML | T_BODY))
                    ? pith_html_names_put(out, gap, kept_attrs[k].name, quote, val, vallen, map)
                    : NULL;
            if (put) {
                out = put;
                copied = attr_end;
                continue;
            }
            memmove(out + gap, name, (size_t)(attr_end - name));
            if (gap)
                *out = ' ';
            out += gap + (attr_end - name);
            copied = attr_end;
            continue;
        }
        /* Up to the attribute as it is, then the attribute or blanks. */
        memmove(out, copied, (size_t)(name - copied));
        out += name - copied;
        if (kept)
            memmove(out, name, (size_t)(attr_end - name));
        else
            memset(out, ' ', (size_t)(attr_end - name));
        out += attr_end - name;
        copied = attr_end;
    }
    return NULL;
}

typedef struct {
    char name[10];
    unsigned short cls;
} tagclass_t;

#define TC(s, c)                                                                                   \
    {                                                                                              \
        s, c                                                                                       \
    }

/* Elements whose content is dropped, and those that do not count towards
 * the nesting depth: void elements and those whose end tag may be omitted
 * seldom nest, and pages leave them open. One list per name length (a page
 * has a tag every few dozen bytes: only names of its length are compared). */
static const tagclass_t tc1[] = {
    TC("a", T_A),
    TC("p", T_FLAT),
};
static const tagclass_t tc2[] = {
    TC("br", T_FLAT), TC("hr", T_FLAT), TC("li", T_FLAT), TC("dt", T_FLAT),
    TC("dd", T_FLAT), TC("tr", T_FLAT), TC("td", T_FLAT), TC("th", T_FLAT),
    TC("rp", T_FLAT), TC("rt", T_FLAT), TC("rb", T_FLAT),
};
static const tagclass_t tc3[] = {
    TC("col", T_FLAT), TC("wbr", T_FLAT), TC("img", T_FLAT | T_IMG), TC("svg", T_DROP | T_FOREIGN),
    TC("xmp", T_DROP), TC("pre", T_PRE),
};
static const tagclass_t tc4[] = {
    TC("area", T_FLAT),
    TC("base", T_FLAT | T_HEAD),
    TC("link", T_FLAT | T_LINK | T_HEAD),
    TC("meta", T_FLAT | T_META | T_HEAD),
    TC("html", T_FLAT | T_HTML | T_HEAD),
    TC("head", T_FLAT | T_HEAD),
    TC("body", T_FLAT | T_BODY),
    TC("math", T_DROP | T_FOREIGN),
};
static const tagclass_t tc5[] = {
    TC("embed", T_FLAT),           TC("input", T_FLAT),
    TC("param", T_FLAT),           TC("track", T_FLAT),
    TC("thead", T_FLAT),           TC("tbody", T_FLAT),
    TC("tfoot", T_FLAT),           TC("frame", T_FLAT),
    TC("image", T_FLAT | T_IMG),   TC("style", T_DROP | T_RAW | T_HEAD),
    TC("title", T_TITLE | T_HEAD),
};
static const tagclass_t tc6[] = {
    TC("source", T_FLAT), TC("option", T_FLAT),
    TC("keygen", T_FLAT), TC("script", T_DROP | T_RAW | T_SCRIPT | T_HEAD),
    TC("iframe", T_DROP),
};
static const tagclass_t tc7[] = {
    TC("bgsound", T_FLAT | T_HEAD),
    TC("noembed", T_DROP),
    TC("listing", T_PRE),
};
static const tagclass_t tc8[] = {
    TC("optgroup", T_FLAT),          TC("colgroup", T_FLAT),
    TC("basefont", T_FLAT | T_HEAD), TC("noscript", T_DROP | T_HEAD),
    TC("template", T_DROP | T_HEAD), TC("textarea", T_DROP),
    TC("noframes", T_DROP | T_HEAD), TC("frameset", T_FRAMESET),
};
static const tagclass_t tc9[] = {
    TC("plaintext", T_PLAIN),
};

#define TCL(a)                                                                                     \
    {                                                                                              \
        a, sizeof a / sizeof a[0]                                                                  \
    }
static const struct {
    const tagclass_t *e;
    size_t n;
} tagclasses[10] = {
    {NULL, 0}, TCL(tc1), TCL(tc2), TCL(tc3), TCL(tc4),
    TCL(tc5),  TCL(tc6), TCL(tc7), TCL(tc8), TCL(tc9),
};
#undef TCL

/* The class of tag name s[0..n) (any case); 0 for an ordinary element.
 * The lowercased name, zero-padded like the table's, is compared eight
 * bytes at a time (a page has a tag every few dozen bytes). */
static unsigned tag_class(const char *s, size_t n)
{
    if (n > 9)
        return 0;
    char low[10] = {0};
    for (size_t i = 0; i < n; i++)
        low[i] = (char)(s[i] | 0x20); /* a non-letter stays a non-letter, never 0: never matches */
    uint64_t key;
    memcpy(&key, low, sizeof key);
    for (size_t i = 0; i < tagclasses[n].n; i++) {
        const tagclass_t *e = &tagclasses[n].e[i];
        uint64_t w;
        memcpy(&w, e->name, sizeof w);
        if (w == key && e->name[8] == low[8])
            return e->cls;
    }
    return 0;
}

int pith_html_prescan_keeps(const char *tag, const char *name)
{
    if (strcmp(name, "c") == 0 || strcmp(name, "i") == 0)
        return 1; /* the numbers of class and id values (html_names.h) */
    int k = kept_index(name, strlen(name));
    return k >= 0 && kept_attrs[k].names != 1 &&
           (!kept_attrs[k].on || (kept_attrs[k].on & tag_class(tag, strlen(tag))));
}

/* Past the comment, processing instruction or bogus comment at p ('<'), or
 * NULL when p opens none of them. */
static const char *skip_comment(const char *p, const char *end)
{
    size_t left = (size_t)(end - p);
    if (left >= 4 && p[1] == '!' && p[2] == '-' && p[3] == '-') {
        /* Comment: "<!-->" and "<!--->" end at once, else at "-->" or
         * "--!>"; an unterminated one runs to the end of the input. */
        const char *q = p + 4;
        if (q < end && *q == '>')
            return q + 1;
        if (q + 1 < end && q[0] == '-' && q[1] == '>')
            return q + 2;
        for (const char *d = q; d + 2 < end; d++) {
            d = memchr(d, '-', (size_t)(end - d - 2));
            if (!d)
                break;
            if (d[1] == '-' && d[2] == '>')
                return d + 3;
            if (d[1] == '-' && d + 3 < end && d[2] == '!' && d[3] == '>')
                return d + 4;
        }
        return end;
    }
    if (left >= 2 &&
        (p[1] == '?' || (p[1] == '!' && !(left >= 9 && strncasecmp(p + 2, "doctype", 7) == 0) &&
                         !(left >= 9 && memcmp(p + 2, "[CDATA[", 7) == 0)))) {
        /* Processing instruction or bogus comment: up to the next '>'. */
        const char *q = memchr(p, '>', left);
        return q ? q + 1 : end;
    }
    return NULL;
}

/* An element dropped with its content (class cls, name lname[0..nl), its
 * start tag of taglen bytes already copied at *op and ending at tag_end):
 * returns the input position past its end. A kept JSON-LD script (keep) is
 * copied whole (its content through ph: placeholders) and *op moves past
 * it. */
static const char *drop_element(const char *tag_end, const char *end, const char *lname, size_t nl,
                                unsigned cls, int keep, size_t taglen, char **op, pith_ph_t *ph)
{
    const char *close;
    int broken = 0; /* foreign content ended by an HTML element at close */
    if (cls & T_FOREIGN) {
        /* Foreign content nests; count inner opens of the same name. */
        const char *q = tag_end;
        size_t open = 1, fo = 0;
        close = end;
        while (q < end) {
            const char *lt2 = memchr(q, '<', (size_t)(end - q));
            if (!lt2)
                break;
            int cl = lt2 + 1 < end && lt2[1] == '/';
            const char *nm = lt2 + 1 + cl;
            /* Left open: an HTML element ends it, and stays; not
             * inside <foreignObject>, whose content is HTML. */
            if ((size_t)(end - nm) > 13 && strncasecmp(nm, "foreignobject", 13) == 0) {
                if (cl && fo)
                    fo--;
                else if (!cl)
                    fo++;
            } else if (!fo && breaks_foreign(nm, end)) {
                close = lt2;
                broken = 1;
                break;
            }
            if ((size_t)(end - nm) >= nl && strncasecmp(nm, lname, nl) == 0 &&
                (nm + nl == end || is_space((unsigned char)nm[nl]) || nm[nl] == '>' ||
                 nm[nl] == '/')) {
                if (cl && --open == 0) {
                    close = lt2;
                    break;
                }
                if (!cl) {
                    tag_t inner;
                    const char *te = parse_attrs(nm + nl, end, &inner, 0, NULL, 0, NULL);
                    if (!te)
                        break;
                    if (!inner.selfclose)
                        open++;
                    q = te;
                    continue;
                }
            }
            q = lt2 + 1;
        }
    } else {
        close = find_end_tag(tag_end, end, lname, nl);
    }
    /* Past the end tag first: in place, the kept copy below may
     * cover it. */
    const char *next = end;
    if (broken) {
        next = close;
    } else if (close < end) {
        tag_t et;
        next = parse_attrs(close + 2 + nl, end, &et, 0, NULL, 0, NULL);
        if (!next)
            next = end;
    }
    if (keep) {
        char *o = pith_ph_script(ph, *op + taglen, tag_end, (size_t)(close - tag_end));
        memcpy(o, "</script>", 9 <= (size_t)(end - close) ? 9 : 0);
        *op = o + (9 <= (size_t)(end - close) ? 9 : 0);
    }
    return next;
}

/* The pass's state: where output goes, the nesting depth, and what the
 * white-space cuts need. */
typedef struct {
    char *o;              /* next output byte */
    size_t depth, excess; /* open elements counted, start tags dropped past the cap */
    char *body_at;        /* output just past the last start tag of an articleBody */
    char *ws_from;        /* output just past the last kept tag (NULL: none yet) */
    size_t pre;           /* <pre>/<listing> start tags less their end tags */
    size_t cut;           /* bytes cut so far */
    int compact;          /* cuts allowed (the map can take them) */
    int body;             /* the tree builder has left the head (or may have) */
    unsigned on;          /* the T_ON kinds whose attributes are kept */
    pith_prescan_map_t *map;
    char *out0;
    pith_ph_t ph; /* text's writer (html_placeholders.h) */
} pass_t;

/* Records that output up to s->o stands for cut more bytes than it has;
 * makes room for the next record first, and stops the cuts when there is
 * none. */
static void note_cut(pass_t *s, size_t cut)
{
    s->cut += cut;
    pith_prescan_map_t *m = s->map;
    if (!m)
        return;
    if (cut) {
        pith_prescan_cut_t *c = &m->cuts[m->n];
        c->at = (uint32_t)(s->o - s->out0);
        c->cut = (uint32_t)s->cut;
        if (m->n == 0 || m->cuts[m->n - 1].at != c->at)
            m->n++;
        else
            m->cuts[m->n - 1].cut = c->cut;
    }
    if (m->n < m->cap)
        return;
    size_t cap = m->cap ? 2 * m->cap : 256;
    pith_prescan_cut_t *grown = pith_prescan_map_grow(m, m->cuts, m->n, cap, sizeof *grown);
    if (!grown) {
        s->compact = 0;
        return;
    }
    m->cuts = grown;
    m->cap = cap;
}

void *pith_prescan_map_grow(const pith_prescan_map_t *map, void *old, size_t n, size_t cap,
                            size_t size)
{
    void *grown = map->alloc(map->ud, cap * size);
    if (!grown)
        return NULL;
    if (n)
        memcpy(grown, old, n * size);
    if (old)
        map->dealloc(map->ud, old);
    return grown;
}

/* Keeps the tag of srclen source bytes written at s->o (written bytes):
 * moves it down over the white space between it and the last kept tag but
 * the first byte of that run, and moves s->o past it. */
static void keep_tag(pass_t *s, size_t written, size_t srclen)
{
    size_t cut = srclen - written;
    if (s->compact && !s->pre && s->ws_from && s->o - s->ws_from > 1 && blank(s->ws_from, s->o)) {
        size_t run = (size_t)(s->o - s->ws_from) - 1;
        memmove(s->ws_from + 1, s->o, written);
        s->o = s->ws_from + 1;
        note_cut(s, run);
    }
    s->o += written;
    note_cut(s, cut);
    s->ws_from = s->o;
}

/* Drops the tag of srclen source bytes (nothing written) as a cut: the white
 * space before it is cut as before a kept tag, and the run it ends goes on
 * after it, so that the cuts stay in output order. Only when cuts are
 * allowed. */
static void drop_tag(pass_t *s, size_t srclen)
{
    char *from = s->ws_from;
    keep_tag(s, 0, srclen);
    s->ws_from = from;
}

/* Past what the '<' at p opens when it is no tag: a comment, a processing
 * instruction, a bogus comment (dropped), a doctype or a literal '<'
 * (copied); NULL when it opens a start or end tag. */
static const char *not_a_tag(const char *p, const char *end, pass_t *s)
{
    size_t left = (size_t)(end - p);
    const char *past = skip_comment(p, end);
    if (past)
        return past;
    if (left >= 9 && p[1] == '!' && strncasecmp(p + 2, "doctype", 7) == 0) {
        /* Copied as it is, up to its '>' (or a '<'): it is no text of the
         * body. */
        const char *q = p + 1;
        while (q < end && *q != '>' && *q != '<')
            q++;
        if (q < end && *q == '>')
            q++;
        else
            s->ph.map = NULL; /* Gumbo reads on in the doctype */
        memmove(s->o, p, (size_t)(q - p));
        s->o += q - p;
        return q;
    }
    int closing = left >= 2 && p[1] == '/';
    const char *name = p + 1 + closing;
    if (name < end && is_alpha((unsigned char)*name))
        return NULL;
    if (closing && name < end && *name == '>')
        return name + 1; /* "</>" is dropped by the tokenizer */
    if (closing) {
        /* "</" + non-letter is a bogus comment. */
        const char *q = memchr(p, '>', left);
        return q ? q + 1 : end;
    }
    s->o = pith_ph_text(&s->ph, s->o, p, 1); /* a literal '<' */
    return p + 1;
}

/* Whether the start tag t of class cls is one nothing reads, dropped when
 * cuts are allowed: a <link> but rel=canonical, a <meta> in the head that
 * html_meta.c's visit_meta reads nothing of (no content, or a property,
 * else name, that it does not know). */
static int unread_tag(const pass_t *s, unsigned cls, const tag_t *t)
{
    if (!s->compact)
        return 0;
    if (cls & T_LINK)
        return !t->canonical;
    return (cls & T_META) && !s->body &&
           (!t->content || (t->property ? t->property : t->name) == 1);
}

size_t pith_html_prescan_offset(const pith_prescan_map_t *map, size_t off)
{
    size_t was = pith_html_prescan_unplaced(map, off); /* the placeholders' part */
    if (!map || !map->n || off < map->cuts[0].at)
        return was;
    size_t lo = 0, hi = map->n; /* the last cut at or before off is in [lo, hi) */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (map->cuts[mid].at <= off)
            lo = mid;
        else
            hi = mid;
    }
    return was + map->cuts[lo].cut;
}

/* The pass's one loop over the page: long because each kind of tag is a
 * case of the state machine, and split up it would hand the pass's state
 * around for every tag. */
size_t pith_html_prescan(const char *in, size_t n, char *out, pith_prescan_map_t *map,
                         unsigned flags)
{
    const char *p = in, *end = in + n;
    pass_t s = {.o = out,
                .out0 = out,
                .map = map,
                .compact = n < UINT32_MAX,
                .on = (flags & PITH_PRESCAN_LINKS) ? T_ON : T_ON & ~(unsigned)T_A};
    if (map) {
        pith_prescan_map_t fresh = {.alloc = map->alloc, .dealloc = map->dealloc, .ud = map->ud};
        *map = fresh;
        if (s.compact)
            note_cut(&s, 0); /* room for the first */
    }
    pith_ph_begin(&s.ph, s.compact && !(flags & PITH_PRESCAN_NO_PLACEHOLDERS) ? map : NULL, in, n,
                  out);
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt) {
            s.o = pith_ph_text(&s.ph, s.o, p, (size_t)(end - p));
            break;
        }
        s.body = s.body || !blank(p, lt); /* text starts the body */
        s.o = pith_ph_text(&s.ph, s.o, p, (size_t)(lt - p));
        p = lt;
        const char *past = not_a_tag(p, end, &s);
        if (past) {
            p = past;
            continue;
        }
        int closing = p[1] == '/';
        const char *name = p + 1 + closing;
        const char *ne = name;
        while (ne < end && !(byte_kind[(unsigned char)*ne] & (B_SPACE | B_SLASH | B_GT)))
            ne++;
        size_t nl = (size_t)(ne - name);
        unsigned cls = tag_class(name, nl);
        /* The name, lower case, outlives the copy below, which in place may
         * cover the source (classed names are at most 9 bytes). */
        char lname[10] = "";
        if (cls)
            for (size_t i = 0; i < nl; i++)
                lname[i] = (char)(name[i] | 0x20);
        /* The tag is copied at o (attributes left out) before we know
         * whether it stays; o moves past it only if it does. */
        memmove(s.o, p, (size_t)(ne - p));
        tag_t t;
        unsigned on = closing ? 0 : ON_ANY | (cls & s.on);
        const char *tag_end = parse_attrs(ne, end, &t, on, s.o + (ne - p), s.compact, s.map);
        if (!tag_end)
            break; /* the input ends inside the tag: the tokenizer drops it */
        size_t srclen = (size_t)(tag_end - p), written = (size_t)(ne - p) + t.outlen;
        p = tag_end;
        int counted = !(cls & T_FLAT);
        if (!(cls & T_HEAD) || (closing && (cls & T_HTML)))
            s.body = 1; /* as the tree builder's "in head" mode has it */
        if (closing) {
            /* End tags carry no attributes the tree builder looks at. */
            if (counted && s.excess) {
                s.excess--;
            } else {
                if (counted && s.depth)
                    s.depth--;
                if ((cls & T_PRE) && s.pre)
                    s.pre--;
                keep_tag(&s, written, srclen);
            }
            continue;
        }
        if (cls & T_PRE)
            s.pre++; /* even when dropped below: never cut too much */
        if (cls & T_IMG)
            continue;
        if (unread_tag(&s, cls, &t)) {
            drop_tag(&s, srclen);
            continue;
        }
        if ((cls & T_SCRIPT) && t.markup && !t.selfclose && s.body_at && blank(s.body_at, s.o))
            continue; /* the article body is a template of markup the page's
                       * script shows (blog engines put the post there): its
                       * content is read as the page's */
        if (cls & T_DROP) {
            if (t.selfclose && !(cls & T_RAW))
                continue; /* <svg .../> has no content */
            int keep = (cls & T_SCRIPT) && t.ldjson;
            char *at = s.o;
            p = drop_element(tag_end, end, lname, nl, cls, keep, written, &s.o, &s.ph);
            if (keep) {
                /* The tag's own cut is noted where it ends. */
                char *after = s.o;
                s.o = at + written;
                note_cut(&s, srclen - written);
                s.o = after;
                s.ws_from = NULL;
            }
            continue;
        }
        if (counted && !t.selfclose) {
            if (s.depth >= PITH_PRESCAN_MAX_DEPTH) {
                s.excess++;
                continue;
            }
            s.depth++;
        }
        keep_tag(&s, written, srclen);
        if (cls & T_FRAMESET)
            s.ph.map = NULL; /* its modes drop characters but white space */
        if (t.body)
            s.body_at = s.o;
        if (cls & (T_TITLE | T_PLAIN)) {
            /* RCDATA: copy verbatim up to the end tag, never look inside
             * (a title's text gets placeholders: Gumbo reads references
             * and '<' there as in text, and inserts every character). */
            const char *close = (cls & T_TITLE) ? find_end_tag(p, end, "title", 5) : end;
            if (cls & T_TITLE) {
                s.o = pith_ph_text(&s.ph, s.o, p, (size_t)(close - p));
            } else {
                memmove(s.o, p, (size_t)(close - p));
                s.o += close - p;
            }
            p = close;
            s.ws_from = NULL;
        }
    }
    *s.o = '\0';
    return (size_t)(s.o - out);
}

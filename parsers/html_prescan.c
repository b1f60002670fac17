/* The pre-pass is a small state machine over bytes: text is copied, tags are
 * tokenized just enough to know their name, where they end and (for script)
 * their type, and whatever is dropped is skipped with memmem-style searches
 * for its end marker. Everything is one forward pass, O(n). */
#include "html_prescan.h"

#include <string.h>
#include <strings.h>

static int is_alpha(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
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

/* Skips to just past the '>' closing a tag whose name ends at p, following
 * the attribute rules (quotes). Sets *selfclose when it ends in "/>". When
 * type is non-NULL, the value of a "type" attribute is reported there. */
static const char *skip_attrs(const char *p, const char *end, int *selfclose, const char **type,
                              size_t *typelen)
{
    *selfclose = 0;
    while (p < end) {
        while (p < end && (is_space((unsigned char)*p) || *p == '/')) {
            if (*p == '/' && p + 1 < end && p[1] == '>')
                *selfclose = 1;
            p++;
        }
        if (p >= end)
            return end;
        if (*p == '>')
            return p + 1;
        const char *name = p;
        p++; /* the first character may be '=' and still be part of the name */
        while (p < end && !is_space((unsigned char)*p) && *p != '/' && *p != '>' && *p != '=')
            p++;
        size_t namelen = (size_t)(p - name);
        while (p < end && is_space((unsigned char)*p))
            p++;
        if (p >= end || *p != '=')
            continue;
        p++;
        while (p < end && is_space((unsigned char)*p))
            p++;
        const char *val = p;
        if (p < end && (*p == '"' || *p == '\'')) {
            const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
            if (!q)
                return end;
            val = p + 1;
            p = q + 1;
            if (type && namelen == 4 && strncasecmp(name, "type", 4) == 0) {
                *type = val;
                *typelen = (size_t)(q - val);
            }
        } else {
            while (p < end && !is_space((unsigned char)*p) && *p != '>')
                p++;
            if (type && namelen == 4 && strncasecmp(name, "type", 4) == 0) {
                *type = val;
                *typelen = (size_t)(p - val);
            }
        }
    }
    return end;
}

static int name_is(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && strncasecmp(s, lit, n) == 0;
}

/* Elements whose content is dropped along with the tags. */
static const char *const dropped[] = {"script",   "style",    "svg",   "math", "noscript",
                                      "template", "iframe",   "textarea", "noembed",
                                      "noframes", "xmp",      NULL};

static int in_list(const char *s, size_t n, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (name_is(s, n, list[i]))
            return 1;
    return 0;
}

/* Void elements and those whose end tag may be omitted do not count towards
 * the nesting depth: they seldom nest, and pages leave them open. */
static const char *const flat[] = {
    "area", "base",  "br",     "col",   "embed",    "hr",    "img",   "input", "link",
    "meta", "param", "source", "track", "wbr",      "p",     "li",    "dt",    "dd",
    "tr",   "td",    "th",     "option", "optgroup", "thead", "tbody", "tfoot", "colgroup",
    "rp",   "rt",    "rb",     "html",  "head",     "body",  "keygen", "basefont",
    "bgsound", "frame", "image", NULL};

size_t pith_html_prescan(const char *in, size_t n, char *out)
{
    const char *p = in, *end = in + n;
    char *o = out;
    size_t depth = 0, excess = 0;
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt) {
            memcpy(o, p, (size_t)(end - p));
            o += end - p;
            break;
        }
        memcpy(o, p, (size_t)(lt - p));
        o += lt - p;
        p = lt;
        size_t left = (size_t)(end - p);
        if (left >= 4 && p[1] == '!' && p[2] == '-' && p[3] == '-') {
            /* Comment: "<!-->" and "<!--->" end at once, else at "-->" or
             * "--!>"; an unterminated one runs to the end of the input. */
            const char *q = p + 4;
            if (q < end && *q == '>') {
                p = q + 1;
                continue;
            }
            if (q + 1 < end && q[0] == '-' && q[1] == '>') {
                p = q + 2;
                continue;
            }
            const char *stop = end;
            for (const char *d = q; d + 2 < end; d++) {
                d = memchr(d, '-', (size_t)(end - d - 2));
                if (!d)
                    break;
                if (d[1] == '-' && d[2] == '>') {
                    stop = d + 3;
                    break;
                }
                if (d[1] == '-' && d + 3 < end && d[2] == '!' && d[3] == '>') {
                    stop = d + 4;
                    break;
                }
            }
            p = stop;
            continue;
        }
        if (left >= 2 && (p[1] == '?' || (p[1] == '!' && !(left >= 9 && strncasecmp(p + 2, "doctype", 7) == 0) &&
                                            !(left >= 9 && memcmp(p + 2, "[CDATA[", 7) == 0)))) {
            /* Processing instruction or bogus comment: up to the next '>'. */
            const char *q = memchr(p, '>', left);
            p = q ? q + 1 : end;
            continue;
        }
        int closing = left >= 2 && p[1] == '/';
        const char *name = p + 1 + closing;
        if (name >= end || !is_alpha((unsigned char)*name)) {
            if (closing && name < end && *name == '>') {
                p = name + 1; /* "</>" is dropped by the tokenizer */
                continue;
            }
            if (closing) {
                /* "</" + non-letter is a bogus comment. */
                const char *q = memchr(p, '>', left);
                p = q ? q + 1 : end;
                continue;
            }
            *o++ = *p++; /* a literal '<' */
            continue;
        }
        const char *ne = name;
        while (ne < end && !is_space((unsigned char)*ne) && *ne != '/' && *ne != '>')
            ne++;
        size_t nl = (size_t)(ne - name);
        int selfclose = 0;
        const char *type = NULL;
        size_t typelen = 0;
        const char *tag_end = skip_attrs(ne, end, &selfclose, closing ? NULL : &type, &typelen);
        int counted = !in_list(name, nl, flat);
        if (closing) {
            if (counted && excess) {
                excess--;
            } else {
                if (counted && depth)
                    depth--;
                memcpy(o, p, (size_t)(tag_end - p));
                o += tag_end - p;
            }
            p = tag_end;
            continue;
        }
        if (name_is(name, nl, "img") || name_is(name, nl, "image")) {
            p = tag_end;
            continue;
        }
        if (in_list(name, nl, dropped)) {
            int keep = name_is(name, nl, "script") && type && typelen >= 7 &&
                       memmem(type, typelen, "ld+json", 7);
            if (selfclose && !name_is(name, nl, "script") && !name_is(name, nl, "style")) {
                p = tag_end; /* <svg .../> has no content */
                continue;
            }
            const char *close;
            if (name_is(name, nl, "svg") || name_is(name, nl, "math")) {
                /* Foreign content nests; count inner opens of the same name. */
                const char *q = tag_end;
                size_t open = 1;
                close = end;
                while (q < end) {
                    const char *lt2 = memchr(q, '<', (size_t)(end - q));
                    if (!lt2)
                        break;
                    int cl = lt2 + 1 < end && lt2[1] == '/';
                    const char *nm = lt2 + 1 + cl;
                    if ((size_t)(end - nm) >= nl && strncasecmp(nm, name, nl) == 0 &&
                        (nm + nl == end || is_space((unsigned char)nm[nl]) || nm[nl] == '>' ||
                         nm[nl] == '/')) {
                        if (cl && --open == 0) {
                            close = lt2;
                            break;
                        }
                        if (!cl) {
                            int sc = 0;
                            const char *te = skip_attrs(nm + nl, end, &sc, NULL, NULL);
                            if (!sc)
                                open++;
                            q = te;
                            continue;
                        }
                    }
                    q = lt2 + 1;
                }
            } else {
                close = find_end_tag(tag_end, end, name, nl);
            }
            if (keep) {
                memcpy(o, p, (size_t)(close - p));
                o += close - p;
                memcpy(o, "</script>", 9 <= (size_t)(end - close) ? 9 : 0);
                o += 9 <= (size_t)(end - close) ? 9 : 0;
            }
            if (close >= end) {
                p = end;
                continue;
            }
            int sc = 0;
            p = skip_attrs(close + 2 + nl, end, &sc, NULL, NULL);
            continue;
        }
        if (counted && !selfclose) {
            if (depth >= PITH_PRESCAN_MAX_DEPTH) {
                excess++;
                p = tag_end;
                continue;
            }
            depth++;
        }
        memcpy(o, p, (size_t)(tag_end - p));
        o += tag_end - p;
        p = tag_end;
        if (name_is(name, nl, "title") || name_is(name, nl, "plaintext")) {
            /* RCDATA: copy verbatim up to the end tag, never look inside. */
            const char *close = name_is(name, nl, "title") ? find_end_tag(p, end, "title", 5) : end;
            memcpy(o, p, (size_t)(close - p));
            o += close - p;
            p = close;
        }
    }
    *o = '\0';
    return (size_t)(o - out);
}

/* Rendering with real emitters.
 *
 * The front matter is produced by libyaml, not printf, so that any title a
 * page can throw at us (colons, quotes, '#', leading dashes, non-ASCII) reads
 * back as the same string. libyaml only knows YAML syntax, not types, so a
 * string that a YAML 1.1 reader would resolve to a number, boolean, null or
 * timestamp (an id made of digits, a title "No", "2021") is forced into
 * quotes here. The date is the one value we want read back as a timestamp. */
#include "pith/render.h"

#include "sniff.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static int yaml_out(void *data, unsigned char *buffer, size_t size)
{
    return pith_buf_append(data, buffer, size) == 0;
}

/* True when a plain scalar s would not read back as a string. */
static int looks_typed(const char *s)
{
    static const char *words[] = {"null", "~", "true", "false", "yes",   "no",    "on", "off",
                                  "y",    "n", ".nan", ".inf",  "-.inf", "+.inf", "<<", "="};
    if (!*s)
        return 1;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcasecmp(s, words[i]) == 0)
            return 1;
    /* Numbers of every YAML 1.1/1.2 shape (ints, octal, hex, binary,
     * sexagesimal, floats with exponents) and timestamps use only these
     * characters (hex digits only after "0x") and start with a digit, a sign
     * or a dot. Quoting a few more strings than strictly needed is harmless;
     * a hex id such as 29190782cb6ed25f stays plain. */
    if (!(isdigit((unsigned char)s[0]) || s[0] == '-' || s[0] == '+' || s[0] == '.'))
        return 0;
    int hex = strstr(s, "0x") || strstr(s, "0X");
    for (const char *p = s; *p; p++)
        if (!strchr("0123456789_.:+-eEbBoOxXtTzZ ", *p) && !(hex && isxdigit((unsigned char)*p)))
            return 0;
    return 1;
}

/* The YAML emitter's steps: 0, or PITH_EINPUT when libyaml refuses (the
 * caller says what could not be emitted). */
static int emit_scalar(yaml_emitter_t *em, const char *s, int allow_typed)
{
    yaml_event_t ev;
    yaml_scalar_style_t style = YAML_ANY_SCALAR_STYLE;
    if (!allow_typed && looks_typed(s))
        style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
    if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1,
                                      style))
        return PITH_EINPUT;
    return yaml_emitter_emit(em, &ev) ? 0 : PITH_EINPUT;
}

static int emit_pair(yaml_emitter_t *em, const char *key, const char *value, int allow_typed)
{
    if (!value)
        return 0;
    if (emit_scalar(em, key, 0))
        return PITH_EINPUT;
    return emit_scalar(em, value, allow_typed);
}

static int emit_front_matter(const pith_doc_t *doc, pith_buf_t *out)
{
    yaml_emitter_t em;
    yaml_event_t ev;
    int ok = 0;
    if (!yaml_emitter_initialize(&em))
        return PITH_EINPUT;
    yaml_emitter_set_output(&em, yaml_out, out);
    yaml_emitter_set_unicode(&em, 1);
    yaml_emitter_set_width(&em, -1);
    yaml_emitter_set_break(&em, YAML_LN_BREAK);

    if (!yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) ||
        !yaml_emitter_emit(&em, &ev))
        goto fail;
    if (!yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) ||
        !yaml_emitter_emit(&em, &ev))
        goto fail;
    if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE) ||
        !yaml_emitter_emit(&em, &ev))
        goto fail;
    if (doc->id[0] && emit_pair(&em, "id", doc->id, 0))
        goto fail;
    if (emit_pair(&em, "title", doc->title, 0) || emit_pair(&em, "author", doc->author, 0) ||
        emit_pair(&em, "date", doc->date, 1) || emit_pair(&em, "url", doc->url, 0) ||
        emit_pair(&em, "canonical", doc->canonical, 0) || emit_pair(&em, "site", doc->site, 0) ||
        emit_pair(&em, "sitename", doc->sitename, 0) || emit_pair(&em, "lang", doc->lang, 0))
        goto fail;
    if (doc->ntags) {
        if (emit_scalar(&em, "tags", 0))
            goto fail;
        if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_FLOW_SEQUENCE_STYLE) ||
            !yaml_emitter_emit(&em, &ev))
            goto fail;
        for (size_t i = 0; i < doc->ntags; i++)
            if (emit_scalar(&em, doc->tags[i], 0))
                goto fail;
        if (!yaml_sequence_end_event_initialize(&ev) || !yaml_emitter_emit(&em, &ev))
            goto fail;
    }
    if (emit_pair(&em, "description", doc->description, 0) ||
        emit_pair(&em, "source", doc->source, 0) || emit_pair(&em, "fetched", doc->fetched, 1))
        goto fail;
    if (!yaml_mapping_end_event_initialize(&ev) || !yaml_emitter_emit(&em, &ev))
        goto fail;
    if (!yaml_document_end_event_initialize(&ev, 1) || !yaml_emitter_emit(&em, &ev))
        goto fail;
    if (!yaml_stream_end_event_initialize(&ev) || !yaml_emitter_emit(&em, &ev))
        goto fail;
    if (!yaml_emitter_flush(&em))
        goto fail;
    ok = 1;
fail:
    yaml_emitter_delete(&em);
    return ok ? 0 : PITH_EINPUT;
}

int pith_render_front_matter(const pith_doc_t *doc, pith_buf_t *out, pith_err_t *err)
{
    int rc = pith_buf_puts(out, "---\n");
    if (rc == 0 && emit_front_matter(doc, out))
        return pith_err_set(err, PITH_EINPUT, "cannot emit front matter");
    if (rc == 0)
        rc = pith_buf_puts(out, "---\n\n");
    if (rc)
        pith_err_set(err, rc, "out of memory while rendering");
    return rc;
}

int pith_render_text(const pith_doc_t *doc, int body_only, pith_buf_t *out, pith_err_t *err)
{
    int rc = 0;
    pith_buf_reset(out);
    if (!body_only && (rc = pith_render_front_matter(doc, out, err)))
        return rc;
    if ((rc = pith_doc_body_append(doc, out)))
        pith_err_set(err, rc, "out of memory while rendering");
    return rc;
}

int pith_render(const pith_doc_t *doc, pith_format_t format, int body_only, pith_buf_t *out,
                pith_err_t *err)
{
    switch (format) {
    case PITH_FORMAT_JSON:
        return pith_render_json(doc, out, err);
    case PITH_FORMAT_MARKDOWN:
        return pith_render_markdown(doc, body_only, out, err);
    default:
        return pith_render_text(doc, body_only, out, err);
    }
}

const char *pith_render_ext(pith_format_t format)
{
    return format == PITH_FORMAT_JSON ? "json" : format == PITH_FORMAT_MARKDOWN ? "md" : "txt";
}

int pith_render_format_parse(const char *s, pith_format_t *format)
{
    if (!strcmp(s, "text"))
        *format = PITH_FORMAT_TEXT;
    else if (!strcmp(s, "json"))
        *format = PITH_FORMAT_JSON;
    else if (!strcmp(s, "markdown"))
        *format = PITH_FORMAT_MARKDOWN;
    else
        return PITH_EINPUT;
    return 0;
}

static int json_put(json_t *obj, const char *key, const char *value)
{
    if (!value)
        return 0;
    return json_object_set_new(obj, key, json_string(value));
}

/* s[0..n) as the inside of a JSON string, escaped as jansson's json_dumps
 * writes it (the two bytes of \\ \" \b \f \n \r \t, \u00XX for other
 * control characters, all else as it is), into o unless it is NULL.
 * Returns the escaped length, or (size_t)-1 when s is not UTF-8 (jansson
 * refuses such a string). */
static size_t json_escape(const char *s, size_t n, char *o)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t len = 0;
    for (size_t i = 0; i < n;) {
        size_t k;
        int32_t cp = pith_utf8_next(s + i, n - i, &k);
        if (cp < 0) /* jansson refuses what is not UTF-8 */
            return (size_t)-1;
        const char *e = NULL;
        switch (cp) {
        case '\\':
            e = "\\\\";
            break;
        case '"':
            e = "\\\"";
            break;
        case '\b':
            e = "\\b";
            break;
        case '\f':
            e = "\\f";
            break;
        case '\n':
            e = "\\n";
            break;
        case '\r':
            e = "\\r";
            break;
        case '\t':
            e = "\\t";
            break;
        default:
            break;
        }
        if (e) {
            if (o)
                memcpy(o + len, e, 2);
            len += 2;
        } else if (cp < 0x20) {
            if (o) {
                memcpy(o + len, "\\u00", 4);
                o[len + 4] = hex[cp >> 4];
                o[len + 5] = hex[cp & 15];
            }
            len += 6;
        } else {
            if (o)
                memcpy(o + len, s + i, k);
            len += k;
        }
        i += k;
    }
    return len;
}

/* The body as pith_doc_body writes it, escaped as a JSON string's inside
 * (json_escape), paragraph by paragraph: into o unless it is NULL. Returns
 * its length, or (size_t)-1 when a paragraph is not UTF-8. */
static size_t json_body(const pith_doc_t *doc, char *o)
{
    size_t len = 0;
    for (size_t i = 0; i < doc->nparas; i++) {
        if (i) {
            if (o)
                memcpy(o + len, "\\n\\n", 4);
            len += 4;
        }
        size_t k = json_escape(doc->paras[i], strlen(doc->paras[i]), o ? o + len : NULL);
        if (k == (size_t)-1)
            return k;
        len += k;
    }
    if (doc->nparas) {
        if (o)
            memcpy(o + len, "\\n", 2);
        len += 2;
    }
    return len;
}

/* The metadata go through jansson; the body, the last member, is escaped
 * straight from the paragraphs into out (json_body, the same bytes as
 * json_dumps): a large article is not copied whole three more times (the
 * joined body, jansson's string, its dump). */
int pith_render_json(const pith_doc_t *doc, pith_buf_t *out, pith_err_t *err)
{
    json_t *obj = json_object();
    char *s = NULL;
    int rc = PITH_ENOMEM;
    pith_buf_reset(out);
    if (!obj)
        goto done;
    if (doc->id[0] && json_put(obj, "id", doc->id))
        goto done;
    if (json_put(obj, "title", doc->title) || json_put(obj, "author", doc->author) ||
        json_put(obj, "date", doc->date) || json_put(obj, "url", doc->url) ||
        json_put(obj, "canonical", doc->canonical) || json_put(obj, "site", doc->site) ||
        json_put(obj, "sitename", doc->sitename) || json_put(obj, "lang", doc->lang))
        goto done;
    if (doc->ntags) {
        json_t *tags = json_array();
        if (!tags || json_object_set_new(obj, "tags", tags))
            goto done;
        for (size_t i = 0; i < doc->ntags; i++)
            if (json_array_append_new(tags, json_string(doc->tags[i])))
                goto done;
    }
    if (json_put(obj, "description", doc->description) || json_put(obj, "source", doc->source) ||
        json_put(obj, "fetched", doc->fetched))
        goto done;
    size_t body = json_body(doc, NULL);
    if (body == (size_t)-1)
        goto done;
    s = json_dumps(obj, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!s)
        goto done;
    /* "{}", or members ending in "\n}": the text member goes before the '}'. */
    size_t head = json_object_size(obj) ? strlen(s) - 2 : 1;
    static const char open[] = ",\n  \"text\": \"", close[] = "\"\n}\n";
    const char *sep = json_object_size(obj) ? open : open + 1;
    size_t nsep = strlen(sep);
    if ((rc = pith_buf_reserve(out, head + nsep + body + sizeof close - 1)))
        goto done;
    memcpy(out->data, s, head);
    memcpy(out->data + head, sep, nsep);
    json_body(doc, out->data + head + nsep);
    out->len = head + nsep + body;
    memcpy(out->data + out->len, close, sizeof close); /* with its NUL */
    out->len += sizeof close - 1;
done:
    if (rc)
        pith_err_set(err, rc, "out of memory while rendering");
    free(s);
    json_decref(obj);
    return rc;
}

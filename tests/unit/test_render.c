/* Rendering: the front matter must read back through a real YAML parser as
 * the same strings, whatever the metadata holds; JSON must parse with the same
 * keys in the documented order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "pith/doc.h"
#include "pith/render.h"

/* Parses the YAML between the "---" lines into parallel key/value arrays
 * (sequence values are joined with '|'). Returns the number of keys. */
static int read_front_matter(const char *text, char keys[][32], char values[][1024], int max,
                             int *quoted_date)
{
    const char *start = strstr(text, "---\n");
    assert_non_null(start);
    start += 4;
    const char *end = strstr(start, "\n---\n");
    assert_non_null(end);
    yaml_parser_t p;
    yaml_event_t ev;
    assert_true(yaml_parser_initialize(&p));
    yaml_parser_set_input_string(&p, (const unsigned char *)start, (size_t)(end - start + 1));
    int n = 0, in_seq = 0, want_key = 1, done = 0;
    *quoted_date = 0;
    while (!done) {
        assert_true(yaml_parser_parse(&p, &ev));
        switch (ev.type) {
        case YAML_SCALAR_EVENT:
            if (in_seq) {
                if (values[n - 1][0])
                    strcat(values[n - 1], "|");
                strcat(values[n - 1], (const char *)ev.data.scalar.value);
            } else if (want_key) {
                assert_true(n < max);
                snprintf(keys[n], 32, "%s", ev.data.scalar.value);
                values[n][0] = '\0';
                n++;
                want_key = 0;
            } else {
                snprintf(values[n - 1], 1024, "%s", ev.data.scalar.value);
                if (!strcmp(keys[n - 1], "date") && ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
                    *quoted_date = 1;
                want_key = 1;
            }
            break;
        case YAML_SEQUENCE_START_EVENT:
            in_seq = 1;
            break;
        case YAML_SEQUENCE_END_EVENT:
            in_seq = 0;
            want_key = 1;
            break;
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return n;
}

static pith_doc_t *sample(const char *title)
{
    pith_doc_t *d = pith_doc_create();
    assert_non_null(d);
    assert_int_equal(pith_doc_set(&d->title, title, (size_t)-1), 0);
    assert_int_equal(pith_doc_set(&d->date, "2021-12-31T07:52:00+00:00", (size_t)-1), 0);
    assert_int_equal(pith_doc_set(&d->url, "https://example.org/a?b=1#c", (size_t)-1), 0);
    assert_int_equal(pith_doc_set(&d->site, "example.org", (size_t)-1), 0);
    assert_int_equal(pith_doc_add_tag(d, "world", (size_t)-1), 0);
    assert_int_equal(pith_doc_add_tag(d, "joe biden", (size_t)-1), 0);
    assert_int_equal(pith_doc_add_tag(d, "yes", (size_t)-1), 0);
    assert_int_equal(pith_doc_add_tag(d, "world", (size_t)-1), 0); /* duplicate ignored */
    assert_int_equal(pith_doc_add_para(d, "First paragraph.", (size_t)-1), 0);
    assert_int_equal(pith_doc_add_para(d, "Second: \"quoted\" — dash.", (size_t)-1), 0);
    assert_int_equal(pith_doc_finish(d), 0);
    return d;
}

static void test_front_matter_roundtrip(void **state)
{
    const char *titles[] = {
        "Lavrov to Sputnik: Russia Suggests Creating, Legalising New System",
        "- starts with a dash",
        "'single' and \"double\" quotes",
        "# not a comment",
        "No",
        "2021",
        "0x1F",
        "1e10",
        "null",
        "Россия: «кавычки» и тире — да",
        "colon:at end:",
        "@at & star * [brackets] {braces} | pipe > gt % percent !bang `tick`",
        "  leading and trailing  ",
    };
    for (size_t i = 0; i < sizeof titles / sizeof *titles; i++) {
        pith_doc_t *d = sample(titles[i]);
        pith_buf_t out = {0};
        pith_err_t err = {0};
        assert_int_equal(pith_render_text(d, 0, &out, &err), 0);
        char keys[16][32], values[16][1024];
        int quoted_date;
        int n = read_front_matter(out.data, keys, values, 16, &quoted_date);
        assert_int_equal(n, 6);
        assert_string_equal(keys[0], "id");
        assert_string_equal(values[0], d->id);
        assert_string_equal(keys[1], "title");
        assert_string_equal(values[1], titles[i]);
        assert_string_equal(keys[2], "date");
        assert_string_equal(values[2], "2021-12-31T07:52:00+00:00");
        assert_false(quoted_date);
        assert_string_equal(keys[3], "url");
        assert_string_equal(values[3], "https://example.org/a?b=1#c");
        assert_string_equal(keys[5], "tags");
        assert_string_equal(values[5], "world|joe biden|yes");
        /* body after the front matter and one blank line */
        const char *body = strstr(out.data + 4, "\n---\n\n");
        assert_non_null(body);
        assert_string_equal(body + 6, "First paragraph.\n\nSecond: \"quoted\" — dash.\n");
        pith_buf_free(&out);
        pith_doc_destroy(d);
    }
}

static void test_typed_strings_are_quoted(void **state)
{
    pith_doc_t *d = sample("2021-12-31");
    pith_buf_t out = {0};
    assert_int_equal(pith_render_text(d, 0, &out, NULL), 0);
    assert_non_null(strstr(out.data, "title: '2021-12-31'\n"));
    /* a hex id that is not a number stays plain, as in the spec's example */
    pith_doc_set(&d->title, "x", 1);
    memcpy(d->id, "9f2c4e1a7b3d5e60", 17);
    assert_int_equal(pith_render_text(d, 0, &out, NULL), 0);
    assert_non_null(strstr(out.data, "id: 9f2c4e1a7b3d5e60\n"));
    memcpy(d->id, "1234567812345678", 17);
    assert_int_equal(pith_render_text(d, 0, &out, NULL), 0);
    assert_non_null(strstr(out.data, "id: '1234567812345678'\n"));
    pith_buf_free(&out);
    pith_doc_destroy(d);
}

static void test_body_only(void **state)
{
    pith_doc_t *d = sample("T");
    pith_buf_t out = {0};
    assert_int_equal(pith_render_text(d, 1, &out, NULL), 0);
    assert_string_equal(out.data, "First paragraph.\n\nSecond: \"quoted\" — dash.\n");
    pith_buf_free(&out);
    pith_doc_destroy(d);
}

static void test_json(void **state)
{
    pith_doc_t *d = sample("A \"title\"");
    pith_doc_set(&d->source, "in.txt", (size_t)-1);
    pith_buf_t out = {0};
    assert_int_equal(pith_render_json(d, &out, NULL), 0);
    json_error_t jerr;
    json_t *o = json_loads(out.data, 0, &jerr);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "title")), "A \"title\"");
    assert_string_equal(json_string_value(json_object_get(o, "id")), d->id);
    assert_int_equal(json_array_size(json_object_get(o, "tags")), 3);
    assert_string_equal(json_string_value(json_object_get(o, "text")),
                        "First paragraph.\n\nSecond: \"quoted\" — dash.\n");
    /* keys in the documented order */
    const char *order[] = {"id", "title", "date", "url", "site", "tags", "source", "text"};
    const char *prev = out.data;
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
        char key[32];
        snprintf(key, sizeof key, "\"%s\":", order[i]);
        const char *at = strstr(out.data, key);
        assert_non_null(at);
        assert_true(at >= prev);
        prev = at;
    }
    assert_int_equal(out.data[out.len - 1], '\n');
    json_decref(o);
    pith_buf_free(&out);
    pith_doc_destroy(d);
}

/* The body is escaped by hand, not by jansson: the bytes must be
 * json_dumps's, for every ASCII byte, non-ASCII text, and with or without
 * other members before it; a body that is not UTF-8 is refused as jansson
 * refuses it. */
static void check_json_as_jansson(pith_doc_t *d)
{
    json_t *o = json_object();
    if (d->title)
        json_object_set_new(o, "title", json_string(d->title));
    pith_buf_t body = {0};
    assert_int_equal(pith_doc_body(d, &body), 0);
    json_object_set_new(o, "text", json_string(body.data));
    char *want = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    pith_buf_t out = {0};
    assert_int_equal(pith_render_json(d, &out, NULL), 0);
    assert_int_equal(out.len, strlen(want) + 1);
    assert_memory_equal(out.data, want, strlen(want));
    assert_string_equal(out.data + out.len - 1, "\n");
    free(want);
    json_decref(o);
    pith_buf_free(&body);
    pith_buf_free(&out);
}

static void test_json_body_escaped_as_jansson(void **state)
{
    (void)state;
    char ascii[128];
    for (int i = 1; i < 128; i++)
        ascii[i - 1] = (char)i;
    ascii[127] = '\0';
    pith_doc_t *d = pith_doc_create();
    pith_doc_add_para(d, ascii, (size_t)-1);
    pith_doc_add_para(d,
                      "Gr\xc3\xbc\xc3\x9f"
                      "e \xe2\x80\x94 \xf0\x9f\x98\x80 \\\" \xe2\x80\xa8 / \x7f",
                      (size_t)-1);
    check_json_as_jansson(d); /* the text alone */
    pith_doc_set(&d->title, "T", (size_t)-1);
    check_json_as_jansson(d);
    pith_doc_add_para(d, "bad \xc0\xaf overlong", (size_t)-1);
    pith_buf_t out = {0};
    assert_int_not_equal(pith_render_json(d, &out, NULL), 0);
    pith_buf_free(&out);
    pith_doc_destroy(d);
}

static void test_id_is_hash_of_body(void **state)
{
    pith_doc_t *a = sample("one title");
    pith_doc_t *b = sample("another title");
    assert_string_equal(a->id, b->id); /* metadata does not change the id */
    assert_int_equal(strlen(a->id), 16);
    for (int i = 0; i < 16; i++)
        assert_non_null(strchr("0123456789abcdef", a->id[i]));
    pith_doc_add_para(b, "More.", (size_t)-1);
    pith_doc_finish(b);
    assert_string_not_equal(a->id, b->id);
    pith_doc_destroy(a);
    pith_doc_destroy(b);
}

static void test_doc_paragraph_ops(void **state)
{
    pith_doc_t *d = pith_doc_create();
    for (int i = 0; i < 100; i++) {
        char s[16];
        snprintf(s, sizeof s, "p%d", i);
        assert_int_equal(pith_doc_add_para(d, s, (size_t)-1), 0);
    }
    for (int i = 0; i < 60; i++)
        pith_doc_remove_para(d, 0);
    for (int i = 0; i < 100; i++)
        assert_int_equal(pith_doc_add_para(d, "x", 1), 0);
    assert_int_equal(d->nparas, 140);
    assert_string_equal(d->paras[0], "p60");
    pith_buf_t body = {0};
    assert_int_equal(pith_doc_body(d, &body), 0);
    assert_true(body.len > 0);
    pith_buf_free(&body);
    pith_doc_destroy(d);
    pith_doc_destroy(NULL);
}

static pith_doc_t *shaped(const char *const *paras, const char *const *shapes, size_t n)
{
    pith_doc_t *d = pith_doc_create();
    for (size_t i = 0; i < n; i++)
        assert_int_equal(pith_doc_add_para_shaped(d, paras[i], (size_t)-1, shapes[i]), 0);
    assert_int_equal(pith_doc_finish(d), 0);
    return d;
}

/* Markdown: the structure the shapes describe, as CommonMark/GFM. */
static void test_markdown_structure(void **state)
{
    const char *paras[] = {"Intro line one\nline two",
                           "Section",
                           ("1. Apply\n2. Wait\n- - a week\n"
                            "- - or two\nthen call\n3. Pay"),
                           "Zone | Fare\nA | 2.10 | extra",
                           "Quoted.",
                           "Quoted again.",
                           "code  here"};
    const char *shapes[] = {NULL, "h2", "laaBB1a", "thr", "q", "q", "p"};
    pith_doc_t *d = shaped(paras, shapes, 7);
    pith_buf_t out = {0};
    assert_int_equal(pith_render_markdown(d, 1, &out, NULL), 0);
    assert_string_equal(out.data,
                        "Intro line one\\\nline two\n\n## Section\n\n"
                        "1. Apply\n2. Wait\n   - a week\n   - or two\n   then call\n3. Pay\n\n"
                        "| Zone | Fare |  |\n| --- | --- | --- |\n| A | 2.10 | extra |\n\n"
                        "> Quoted.\n>\n> Quoted again.\n\n```\ncode  here\n```\n");
    /* with the front matter, the same as text's */
    pith_buf_t text = {0};
    assert_int_equal(pith_render_markdown(d, 0, &out, NULL), 0);
    assert_int_equal(pith_render_text(d, 0, &text, NULL), 0);
    size_t fm = (size_t)(strstr(text.data, "\n---\n\n") - text.data) + 6;
    assert_int_equal(strncmp(out.data, text.data, fm), 0);
    pith_buf_free(&text);
    pith_buf_free(&out);
    pith_doc_destroy(d);
}

/* Text that would read as markup is escaped; a shape that no longer fits
 * its text (a rule changed it) gives running text, never wrong markup. */
static void test_markdown_escapes_and_fallback(void **state)
{
    const char *paras[] = {"# not a heading *nor* _this_ [x](y) <b> a|b ~~s~~ AT&T &amp;",
                           "2021. A year\n- not an item\n> not a quote\n===", "x\ny",
                           "no marker here"};
    const char *shapes[] = {NULL, NULL, "lA", "lA"};
    pith_doc_t *d = shaped(paras, shapes, 4);
    pith_buf_t out = {0};
    assert_int_equal(pith_render_markdown(d, 1, &out, NULL), 0);
    assert_string_equal(out.data,
                        "\\# not a heading \\*nor\\* \\_this\\_ \\[x\\](y) \\<b> a\\|b "
                        "\\~\\~s\\~\\~ AT\\&T \\&amp;\n\n"
                        "2021\\. A year\\\n\\- not an item\\\n\\> not a quote\\\n\\===\n\n"
                        "x\\\ny\n\nno marker here\n");
    pith_buf_free(&out);
    pith_doc_destroy(d);
}

/* Shapes follow their paragraphs through removals. */
static void test_shapes_follow_paragraphs(void **state)
{
    const char *paras[] = {"a", "b", "c"};
    const char *shapes[] = {NULL, "h2", "q"};
    pith_doc_t *d = shaped(paras, shapes, 3);
    pith_doc_remove_para(d, 0);
    assert_string_equal(d->paras[0], "b");
    assert_string_equal(d->shapes[0], "h2");
    assert_string_equal(d->shapes[1], "q");
    assert_int_equal(pith_doc_add_para(d, "d", 1), 0);
    assert_null(d->shapes[2]);
    pith_doc_destroy(d);
}

/* A format name: 0 with the format, else a PITH_E* code (it was -1, which
 * reads as PITH_ENOMEM). */
static void test_format_parse(void **state)
{
    pith_format_t f = PITH_FORMAT_TEXT;
    assert_int_equal(pith_render_format_parse("json", &f), 0);
    assert_int_equal(f, PITH_FORMAT_JSON);
    assert_int_equal(pith_render_format_parse("markdown", &f), 0);
    assert_int_equal(f, PITH_FORMAT_MARKDOWN);
    assert_string_equal(pith_render_ext(f), "md");
    assert_int_equal(pith_render_format_parse("xml", &f), PITH_EINPUT);
    assert_int_equal(f, PITH_FORMAT_MARKDOWN); /* untouched */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_front_matter_roundtrip),
        cmocka_unit_test(test_typed_strings_are_quoted),
        cmocka_unit_test(test_body_only),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_json_body_escaped_as_jansson),
        cmocka_unit_test(test_id_is_hash_of_body),
        cmocka_unit_test(test_doc_paragraph_ops),
        cmocka_unit_test(test_markdown_structure),
        cmocka_unit_test(test_markdown_escapes_and_fallback),
        cmocka_unit_test(test_shapes_follow_paragraphs),
        cmocka_unit_test(test_format_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

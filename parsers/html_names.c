/* The class and id names the extractor reads (html_names.h). */
#include "html_names.h"

#include "memo.h"

#include <pthread.h>
#include <string.h>

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

/* What a byte is to the filter: part of a name the tokenizer hands on as
 * it is (printable ASCII), a blank, a byte that keeps the value as it is,
 * or part of a name that stays (the tokenizer replaces control characters;
 * the readers' tests see bytes, not what those spell). */
enum { PLAIN, BLANK, BAD, OTHER };

static unsigned char kind(unsigned char c)
{
    if (c == ' ' || c == '\t' || c == '\n')
        return BLANK;
    if (c == '&' || c == '\0' || c == '\r' || c == '\f')
        return BAD;
    return c > ' ' && c < 0x7f ? PLAIN : OTHER;
}

/* kind() by byte, filled once. */
static unsigned char kinds[256];
static pthread_once_t kinds_once = PTHREAD_ONCE_INIT;

static void fill_kinds(void)
{
    for (unsigned c = 0; c < 256; c++)
        kinds[c] = kind((unsigned char)c);
}

long pith_html_names_filter(const char *v, size_t n, char *out)
{
    pthread_once(&kinds_once, fill_kinds);
    struct {
        size_t at, len;
        int plain;
    } name[PITH_NAMES_MAX];
    size_t names = 0;
    for (size_t i = 0; i < n;) {
        unsigned k = kinds[(unsigned char)v[i]];
        if (k == BLANK) {
            i++;
            continue;
        }
        if (names == PITH_NAMES_MAX)
            return -1;
        size_t at = i;
        int plain = 1;
        for (; i < n && (k = kinds[(unsigned char)v[i]]) != BLANK; i++) {
            if (k == BAD)
                return -1;
            plain &= k == PLAIN;
        }
        name[names].at = at;
        name[names].len = i - at;
        name[names++].plain = plain;
    }
    size_t o = 0;
    for (size_t j = 0; j < names; j++) {
        const char *s = v + name[j].at;
        size_t len = name[j].len;
        if (name[j].plain && !pith_html_name_read(s, len))
            continue;
        /* Below what is left to read: a blank stood before the name. */
        if (o)
            out[o++] = ' ';
        memmove(out + o, s, len);
        o += len;
    }
    return (long)o;
}

/* The INI reader behind pith.conf and the sites.d profiles.
 *
 * Why not inih, which STYLE names for INI: the Debian build calls its handler
 * without a line number, keeps its line limit (200 bytes), comment prefixes
 * and continuation-line rule in process-wide settings, and cuts section names
 * at 50 bytes. Both of our readers had grown a line reader in front of it to
 * get line numbers and long lines back, each a little differently; what inih
 * still did behind them was splitting a line at '='. This file is that line
 * reader, written once, and the split. It copies each line into a buffer of
 * fixed size, so its memory does not depend on the input, and reports every
 * malformed line instead of stopping at the first. */
#include "pith/ini_reader.h"

#include <stdlib.h>
#include <string.h>

#include "pith/error.h"

#define STR_(x) #x
#define STR(x) STR_(x)

typedef struct {
    char *line;       /* PITH_INI_LINE_MAX + 1 bytes */
    char *section;    /* the current section's name, same size */
    int have_section; /* 0 before any header, -1 after a malformed one */
} reader_t;

static int blank(char c)
{
    return c == ' ' || c == '\t';
}

static char *trim(char *s)
{
    while (blank(*s))
        s++;
    size_t n = strlen(s);
    while (n && (blank(s[n - 1]) || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Cuts an inline comment: '#' or ';' after a space or tab. */
static void cut_comment(char *s)
{
    for (char *p = s; *p; p++)
        if ((*p == '#' || *p == ';') && p > s && blank(p[-1])) {
            *p = '\0';
            return;
        }
}

static int error(pith_ini_fn fn, void *user, int line, const char *reason)
{
    pith_ini_event_t ev = {.kind = PITH_INI_ERROR, .line = line, .reason = reason};
    return fn(user, &ev);
}

/* One line, already copied and NUL-terminated in rd->line. */
static int one_line(reader_t *rd, int lineno, pith_ini_fn fn, void *user)
{
    char *s = rd->line;
    while (blank(*s))
        s++;
    if (*s == '#' || *s == ';')
        return 0;
    cut_comment(s);
    s = trim(s);
    if (!*s)
        return 0;
    if (*s == '[') {
        size_t n = strlen(s);
        if (s[n - 1] != ']' || memchr(s + 1, ']', n - 2)) {
            rd->have_section = -1;
            return error(fn, user, lineno, "section header must be [NAME]");
        }
        s[n - 1] = '\0';
        char *name = trim(s + 1);
        if (!*name) {
            rd->have_section = -1;
            return error(fn, user, lineno, "empty section name: expected [NAME]");
        }
        memmove(rd->section, name, strlen(name) + 1);
        rd->have_section = 1;
        pith_ini_event_t ev = {.kind = PITH_INI_SECTION, .line = lineno, .section = rd->section};
        return fn(user, &ev);
    }
    size_t sep = strcspn(s, "=:");
    if (!s[sep] || sep == 0)
        return error(fn, user, lineno, "expected 'key = value'");
    s[sep] = '\0';
    char *key = trim(s);
    char *value = trim(s + sep + 1);
    pith_ini_event_t ev = {.kind = PITH_INI_ENTRY,
                           .line = lineno,
                           .section = rd->have_section > 0    ? rd->section
                                      : rd->have_section == 0 ? ""
                                                              : NULL,
                           .key = key,
                           .value = value};
    return fn(user, &ev);
}

int pith_ini_parse(const char *text, size_t len, pith_ini_fn fn, void *user)
{
    reader_t rd = {0};
    rd.line = malloc(2 * (PITH_INI_LINE_MAX + 1));
    if (!rd.line)
        return PITH_ENOMEM;
    rd.section = rd.line + PITH_INI_LINE_MAX + 1;
    size_t pos = 0;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        pos = 3;
    int rc = 0;
    for (int lineno = 1; !rc && pos < len && lineno < (1 << 30); lineno++) {
        const char *start = text + pos;
        const char *nl = memchr(start, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - start) : len - pos;
        pos += n + (nl ? 1 : 0);
        if (n && start[n - 1] == '\r')
            n--;
        if (n > PITH_INI_LINE_MAX) {
            rc =
                error(fn, user, lineno, "line too long (at most " STR(PITH_INI_LINE_MAX) " bytes)");
            continue;
        }
        if (memchr(start, '\0', n)) {
            rc = error(fn, user, lineno, "NUL byte in line");
            continue;
        }
        memcpy(rd.line, start, n);
        rd.line[n] = '\0';
        rc = one_line(&rd, lineno, fn, user);
    }
    free(rd.line);
    return rc;
}

/* The one INI reader: pith.conf and the sites.d profiles both go through it,
 * so they share one syntax, one comment rule, one line limit and one way of
 * counting lines.
 *
 * Syntax, line by line (a line ends at "\n"; a "\r" before it is ignored; a
 * UTF-8 byte order mark at the start of the text is skipped):
 *   blank, or first non-blank byte '#' or ';'   a comment
 *   [NAME]                                      a section header
 *   KEY = VALUE  (or KEY: VALUE)                an entry
 * Leading and trailing blanks are stripped everywhere. A '#' or ';' preceded
 * by a space or tab starts an inline comment (so a pattern that needs " #"
 * writes "[ ]#" or "\x23"). There are no continuation lines: an indented line
 * is an ordinary line. A line longer than PITH_INI_LINE_MAX bytes, or one
 * holding a NUL byte, is an error (reported, never cut short), as is any
 * line that is none of the above. */
#ifndef PITH_INI_READER_H
#define PITH_INI_READER_H

#include <stddef.h>

/* Bytes per line, without the line end. Generous: a site profile's pattern
 * with a few hundred alternatives fits. */
#define PITH_INI_LINE_MAX 16384

typedef enum {
    PITH_INI_SECTION, /* a [NAME] header: section is NAME */
    PITH_INI_ENTRY,   /* KEY = VALUE under the current section */
    PITH_INI_ERROR,   /* a malformed line: reason says why */
} pith_ini_kind_t;

typedef struct pith_ini_event {
    pith_ini_kind_t kind;
    int line; /* 1-based line of the text */
    /* SECTION: the header's name. ENTRY: the current section's name, "" before
     * any header, NULL after a malformed header (already reported as an
     * ERROR, so its entries need no second message). ERROR: NULL. */
    const char *section;
    const char *key;    /* ENTRY: non-empty; else NULL */
    const char *value;  /* ENTRY: possibly empty; else NULL */
    const char *reason; /* ERROR: one line; else NULL */
} pith_ini_event_t;

/* Called once per event, in text order. The strings are borrowed until the
 * call returns. A non-zero return stops the reader. */
typedef int (*pith_ini_fn)(void *user, const pith_ini_event_t *ev);

/* Reads text[0..len) (need not be NUL-terminated) and calls fn for every
 * header, entry and malformed line; malformed lines do not stop it, so a
 * caller can report them all. Returns 0, PITH_ENOMEM, or the first non-zero
 * value fn returned. Re-entrant: no globals, no I/O. */
int pith_ini_parse(const char *text, size_t len, pith_ini_fn fn, void *user);

#endif

/* Logging to stderr for journald or a terminal. Kept tiny on purpose: the
 * journal adds time, unit and pid, so a line carries only priority and
 * message. */
#include "log.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int journal; /* set once by pith_log_init before threads exist */

void pith_log_init(void)
{
    const char *js = getenv("JOURNAL_STREAM");
    journal = js && *js;
}

static const char *level_word(int prio)
{
    switch (prio) {
    case LOG_EMERG:
    case LOG_ALERT:
    case LOG_CRIT:
    case LOG_ERR:
        return "error";
    case LOG_WARNING:
        return "warning";
    case LOG_NOTICE:
        return "notice";
    case LOG_INFO:
        return "info";
    default:
        return "debug";
    }
}

void pith_log(int prio, const char *fmt, ...)
{
    char line[2048];
    int n = journal
                ? snprintf(line, sizeof line, "<%d>", prio & 7)
                : snprintf(line, sizeof line, "pith[%ld]: %s: ", (long)getpid(), level_word(prio));
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    va_end(ap);
    size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
    if (len > sizeof line - 2)
        len = sizeof line - 2;
    /* One event, one line: newlines in the message become spaces. */
    for (size_t i = (size_t)n; i < len; i++)
        if (line[i] == '\n' || line[i] == '\r')
            line[i] = ' ';
    line[len++] = '\n';
    ssize_t w = write(2, line, len);
    (void)w;
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when invalid. */
static size_t utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    size_t n = (s[0] & 0xE0) == 0xC0   ? 2
               : (s[0] & 0xF0) == 0xE0 ? 3
               : (s[0] & 0xF8) == 0xF0 ? 4
                                       : 0;
    if (!n || (s[0] == 0xC0 || s[0] == 0xC1) || s[0] > 0xF4)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

const char *pith_log_name(const char *name, char *buf, size_t size)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    const unsigned char *s = (const unsigned char *)name;
    if (size < 8) {
        if (size)
            buf[0] = '\0';
        return buf;
    }
    while (*s) {
        size_t n = utf8_len(s);
        int esc = n == 0 || *s < 0x20 || *s == 0x7f || *s == '\\';
        size_t need = esc ? 4 : n;
        if (o + need + 4 > size) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        if (esc) {
            buf[o++] = '\\';
            buf[o++] = 'x';
            buf[o++] = hex[*s >> 4];
            buf[o++] = hex[*s & 15];
            s++;
        } else {
            memcpy(buf + o, s, n);
            o += n;
            s += n;
        }
    }
    buf[o] = '\0';
    return buf;
}

/* Host extraction without allocation; see urlhost.h. */
#include "urlhost.h"

#include <string.h>

const char *pith_urlhost_get(const char *url, char *buf, size_t cap)
{
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p)
        return NULL;
    p += 3;
    /* user info ends at the last '@' before the path */
    size_t auth = strcspn(p, "/?#");
    for (size_t i = auth; i > 0; i--)
        if (p[i - 1] == '@') {
            p += i;
            break;
        }
    /* An IPv6 literal is bracketed and holds colons: the host is the whole
     * "[...]", not what comes before its first colon. */
    size_t n;
    if (*p == '[') {
        n = strcspn(p, "]/?#");
        if (p[n] != ']')
            return NULL;
        n++;
    } else {
        n = strcspn(p, "/?#:");
    }
    if (n == 0 || n >= cap)
        return NULL;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

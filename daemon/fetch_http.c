/* What an HTTP response says about the next attempt: how long a
 * Retry-After asks us to wait, how long to back off when it says nothing,
 * and which charset the Content-Type declares for the body.
 *
 * Kept apart from fetch.c's loop and scheduler because these are pure
 * functions of a header value and a clock: no curl handle, no libuv, so
 * test_fetch checks them on literal values. */
#include "fetch_http.h"

#include <ctype.h>
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int pith_fetch_retry_after(const char *value, time_t now, uint64_t cap_ms, uint64_t *out_ms)
{
    if (!value)
        return PITH_EINPUT;
    while (*value == ' ' || *value == '\t')
        value++;
    size_t n = strlen(value);
    while (n && (value[n - 1] == ' ' || value[n - 1] == '\t' || value[n - 1] == '\r' ||
                 value[n - 1] == '\n'))
        n--;
    if (!n || n > 64)
        return PITH_EINPUT;
    char v[65];
    memcpy(v, value, n);
    v[n] = '\0';
    size_t digits = strspn(v, "0123456789");
    if (digits == n) {
        /* delta-seconds; anything with more digits than a day's worth of
         * milliseconds needs is simply the cap. */
        uint64_t secs = digits > 12 ? UINT64_MAX / 1000 : strtoull(v, NULL, 10);
        uint64_t ms = secs > cap_ms / 1000 ? cap_ms : secs * 1000;
        *out_ms = ms > cap_ms ? cap_ms : ms;
        return 0;
    }
    /* An HTTP date (IMF-fixdate, or the obsolete RFC 850 and asctime forms,
     * all of which curl_getdate reads). A bare number with junk is not one. */
    if (digits > 0 && digits < 4)
        return PITH_EINPUT;
    time_t t = curl_getdate(v, &now);
    if (t == (time_t)-1)
        return PITH_EINPUT;
    if (t <= now) {
        *out_ms = 0;
        return 0;
    }
    uint64_t secs = (uint64_t)(t - now);
    *out_ms = secs > cap_ms / 1000 ? cap_ms : secs * 1000;
    return 0;
}

uint64_t pith_fetch_backoff(unsigned attempt, uint64_t base_ms, uint64_t cap_ms, uint32_t rnd)
{
    if (attempt == 0)
        attempt = 1;
    uint64_t d = base_ms;
    for (unsigned i = 1; i < attempt && d < cap_ms; i++)
        d *= 2;
    if (d > cap_ms)
        d = cap_ms;
    uint64_t half = d / 2;
    return half + (uint64_t)rnd % (d - half + 1);
}

int pith_fetch_charset(const char *ct, char *buf, size_t size)
{
    if (!ct || !size)
        return PITH_EINPUT;
    const char *p = strchr(ct, ';');
    while (p) {
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!strncasecmp(p, "charset", 7)) {
            const char *q = p + 7;
            while (*q == ' ' || *q == '\t')
                q++;
            if (*q == '=') {
                q++;
                while (*q == ' ' || *q == '\t')
                    q++;
                int quoted = *q == '"' || *q == '\'';
                char quote = *q;
                if (quoted)
                    q++;
                size_t n = 0;
                while (q[n] &&
                       (quoted ? q[n] != quote : (q[n] != ';' && q[n] != ' ' && q[n] != '\t')))
                    n++;
                if (!n || n >= size)
                    return PITH_EINPUT;
                for (size_t i = 0; i < n; i++)
                    buf[i] = (char)tolower((unsigned char)q[i]);
                buf[n] = '\0';
                return 0;
            }
        }
        p = strchr(p, ';');
    }
    return PITH_EINPUT;
}

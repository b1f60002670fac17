/* Site names in titles and bylines; see sitename.h. */
#include "sitename.h"

#include "normalize.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* A text or label longer than this is not a name. */
#define NAME_MAX_BYTES 60
#define LABEL_CAP 64

/* Letters, digits and non-ASCII bytes of s[0..n), ASCII lowercased, into
 * buf (cap bytes); returns their count. */
static size_t squash(const char *s, size_t n, char *buf, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++)
        if (isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
            buf[o++] = (char)tolower((unsigned char)s[i]);
    buf[o] = '\0';
    return o;
}

/* Whether the squashed text sq (of the text s[0..n)) names the label lb of
 * ln letters, last telling whether it is the label before tld. */
static int names_label(const char *sq, size_t sn, const char *s, size_t n, const char *lb,
                       size_t ln, int last, const char *tld, pith_site_how_t how)
{
    switch (how) {
    case PITH_SITE_IS_LABEL:
        return strcmp(sq, lb) == 0 ||
               (last && strncmp(sq, lb, ln) == 0 && strcmp(sq + ln, tld + 1) == 0);
    case PITH_SITE_HOLDS_LABEL:
        return strstr(sq, lb) != NULL;
    case PITH_SITE_IN_LABEL:
        return strcmp(sq, lb) == 0 || (sn >= 6 && !memchr(s, ' ', n) && strstr(lb, sq));
    }
    return 0;
}

int pith_site_named(const char *text, size_t n, const char *site, const char *host,
                    pith_site_how_t how)
{
    if (site && *site && pith_text_same(text, n, site, strlen(site)))
        return 1;
    if (!host || n == 0 || n > NAME_MAX_BYTES)
        return 0;
    char sq[NAME_MAX_BYTES + 1];
    size_t sn = squash(text, n, sq, sizeof sq);
    const char *tld = strrchr(host, '.');
    for (const char *l = host; tld && l < tld;) {
        size_t ll = strcspn(l, ".");
        char label[LABEL_CAP];
        if (ll < LABEL_CAP && strncasecmp(l, "www", 3) != 0) {
            size_t ln = squash(l, ll, label, sizeof label);
            if (ln >= 4 && names_label(sq, sn, text, n, label, ln, l + ll == tld, tld, how))
                return 1;
        }
        l += ll;
        if (*l == '.')
            l++;
    }
    return 0;
}

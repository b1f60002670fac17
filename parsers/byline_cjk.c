/* Chinese bylines: "聯合報 記者林宸誼／即時報導" (the paper, "reporter"
 * and the name, a full-width slash, "breaking report") names one person,
 * written after 記者 / 记者 (reporter) and before a slash or a blank. */
#include "byline.h"

#include <string.h>

#define REPORTER_T "\xe8\xa8\x98\xe8\x80\x85" /* 記者 */
#define REPORTER_S "\xe8\xae\xb0\xe8\x80\x85" /* 记者 */
#define FW_SLASH "\xef\xbc\x8f"               /* ／ */

void pith_byline_reporter(const char **s, size_t *n)
{
    const char *p = memmem(*s, *n, REPORTER_T, 6);
    if (!p)
        p = memmem(*s, *n, REPORTER_S, 6);
    if (!p)
        return;
    const char *name = p + 6, *end = *s + *n;
    size_t k = 0;
    /* Two to four ideographs (three bytes each, lead bytes E3 to E9). */
    while (name + k + 3 <= end && (unsigned char)name[k] >= 0xE3 &&
           (unsigned char)name[k] <= 0xE9 && memcmp(name + k, FW_SLASH, 3) != 0)
        k += 3;
    int ends = name + k == end || name[k] == ' ' || name[k] == '/' ||
               (name + k + 3 <= end && memcmp(name + k, FW_SLASH, 3) == 0);
    if (k >= 6 && k <= 12 && ends) {
        *s = name;
        *n = k;
    }
}

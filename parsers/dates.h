/* Date and time parsing for metadata (SPEC §5 `date`).
 *
 * Pages and dumps write dates in many forms; the document carries one:
 * "YYYY-MM-DD" when only the day is known, "YYYY-MM-DDTHH:MM:SS+HH:MM" when
 * the time is known too. The parser is strict about what it accepts (the
 * whole string must be a date, impossible dates are refused) so that callers
 * can try it on any candidate string. Pure and re-entrant; no locale. */
#ifndef PITH_DATES_H
#define PITH_DATES_H

#include <stddef.h>

#define PITH_DATE_MAX 40

/* Parses s[0..n) (surrounding blanks are allowed) as one of:
 *   ISO 8601     2021-12-31, 2021-12-31T07:52+0000, 2021-12-31T07:52:00Z,
 *                2019-11-19 14:03:00, 2021-12-31T07:52:00.123+03:00
 *   RFC 2822     Tue, 19 Nov 2019 14:03:00 GMT (or +0300)
 *   prose        November 19, 2019; 19 November 2019; Nov. 19, 2019;
 *                19 ноября 2019 (г.); optionally followed by a time
 *   numeric      2019/11/19, 19.11.2019, 19.11.19 (two digits each: 20YY),
 *                4. 2. 2022 (spaces after the dots)
 *   CJK          2020年7月3日, 2020년 7월 3일
 * Month and weekday names of many languages are known (date_names.c: English,
 * most European ones, Russian, Ukrainian, Bulgarian, Turkish, Arabic); after
 * a month name a two-digit year (14 Gennaio 20) is read where nothing else
 * follows. Zones Z, GMT, UTC become +00:00; a time
 * without a zone is written without an offset.
 * On success writes a NUL-terminated string into out and returns 0; returns
 * PITH_EINPUT for text that is not a date or an impossible one (2019-02-30). */
int pith_date_parse(const char *s, size_t n, char out[PITH_DATE_MAX]);

/* Looks for the first date inside free text s[0..n) (e.g. "Published 19 Nov
 * 2019, 14:03 GMT | Updated ..."). On success writes it into out, sets *at and
 * *len to the matched span (may be NULL) and returns 0; PITH_EINPUT if none. */
int pith_date_find(const char *s, size_t n, char out[PITH_DATE_MAX], size_t *at, size_t *len);

/* Whether s[0..n) starts (after blanks) with a weekday name ("Wednesday,
 * January 19, 2022", "Mon 3 May"), in any language the parser knows. Pages
 * print today's date that way in their headers, so callers weigh such a
 * line by where it stands. */
int pith_date_has_weekday(const char *s, size_t n);

#endif

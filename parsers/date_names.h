/* Month and weekday names the date parser knows (date_names.c). */
#ifndef PITH_DATE_NAMES_H
#define PITH_DATE_NAMES_H

/* The month (1..12) a lowercase word names ("november", "nov", "ноября",
 * "أكتوبر"), or 0. */
int pith_date_month_named(const char *w);

/* Whether a lowercase word names a weekday ("mittwoch", "wed", "الأربعاء"). */
int pith_date_weekday_named(const char *w);

#endif

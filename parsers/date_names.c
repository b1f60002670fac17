/* Month and weekday names for the date parser (dates.c), lowercase UTF-8.
 * They are part of the date grammar, few and closed, so they live here as
 * tables rather than under data/ with the open-ended word lists. */
#include "date_names.h"

#include <pthread.h>
#include <string.h>

/* Month names, lowercase: English (full and 3-4 letter abbreviations), German,
 * French, Spanish, Italian, Russian and Ukrainian (nominative and genitive). */
static const struct {
    const char *name;
    int month;
} months[] = {
    {"january", 1},
    {"february", 2},
    {"march", 3},
    {"april", 4},
    {"may", 5},
    {"june", 6},
    {"july", 7},
    {"august", 8},
    {"september", 9},
    {"october", 10},
    {"november", 11},
    {"december", 12},
    {"jan", 1},
    {"feb", 2},
    {"mar", 3},
    {"apr", 4},
    {"jun", 6},
    {"jul", 7},
    {"aug", 8},
    {"sep", 9},
    {"sept", 9},
    {"oct", 10},
    {"nov", 11},
    {"dec", 12},
    {"januar", 1},
    {"februar", 2},
    {"märz", 3},
    {"mai", 5},
    {"juni", 6},
    {"juli", 7},
    {"oktober", 10},
    {"dezember", 12},
    /* German and French abbreviations ("01. Dez. 2017", "3 janv. 2020"). */
    {"m\xc3\xa4r", 3},
    {"okt", 10},
    {"dez", 12},
    {"janv", 1},
    {"f\xc3\xa9vr", 2},
    {"avr", 4},
    {"juil", 7},
    {"d\xc3\xa9"
     "c",
     12},
    {"janvier", 1},
    {"février", 2},
    {"mars", 3},
    {"avril", 4},
    {"juin", 6},
    {"juillet", 7},
    {"août", 8},
    {"septembre", 9},
    {"octobre", 10},
    {"novembre", 11},
    {"décembre", 12},
    {"enero", 1},
    {"febrero", 2},
    {"marzo", 3},
    {"abril", 4},
    {"mayo", 5},
    {"junio", 6},
    {"julio", 7},
    {"agosto", 8},
    {"septiembre", 9},
    {"setiembre", 9},
    {"octubre", 10},
    {"noviembre", 11},
    {"diciembre", 12},
    {"gennaio", 1},
    {"febbraio", 2},
    {"aprile", 4},
    {"maggio", 5},
    {"giugno", 6},
    {"luglio", 7},
    {"settembre", 9},
    {"ottobre", 10},
    {"dicembre", 12},
    {"января", 1},
    {"февраля", 2},
    {"марта", 3},
    {"апреля", 4},
    {"мая", 5},
    {"июня", 6},
    {"июля", 7},
    {"августа", 8},
    {"сентября", 9},
    {"октября", 10},
    {"ноября", 11},
    {"декабря", 12},
    {"январь", 1},
    {"февраль", 2},
    {"март", 3},
    {"апрель", 4},
    {"май", 5},
    {"июнь", 6},
    {"июль", 7},
    {"август", 8},
    {"сентябрь", 9},
    {"октябрь", 10},
    {"ноябрь", 11},
    {"декабрь", 12},
    {"січня", 1},
    {"лютого", 2},
    {"березня", 3},
    {"квітня", 4},
    {"травня", 5},
    {"червня", 6},
    {"липня", 7},
    {"серпня", 8},
    {"вересня", 9},
    {"жовтня", 10},
    {"листопада", 11},
    {"грудня", 12},
    {"січень", 1},
    {"лютий", 2},
    {"березень", 3},
    {"квітень", 4},
    {"травень", 5},
    {"червень", 6},
    {"липень", 7},
    {"серпень", 8},
    {"вересень", 9},
    {"жовтень", 10},
    {"листопад", 11},
    {"грудень", 12},
    /* Portuguese, Dutch, Polish (genitive), Romanian, Catalan, Scandinavian,
     * Czech, Turkish and Austrian German, for date lines near headlines. */
    {"janeiro", 1},
    {"fevereiro", 2},
    {"março", 3},
    {"maio", 5},
    {"junho", 6},
    {"julho", 7},
    {"setembro", 9},
    {"outubro", 10},
    {"dezembro", 12},
    {"januari", 1},
    {"februari", 2},
    {"maart", 3},
    {"mei", 5},
    {"augustus", 8},
    {"stycznia", 1},
    {"lutego", 2},
    {"marca", 3},
    {"kwietnia", 4},
    {"maja", 5},
    {"czerwca", 6},
    {"lipca", 7},
    {"sierpnia", 8},
    {"września", 9},
    {"października", 10},
    {"listopada", 11},
    {"grudnia", 12},
    {"ianuarie", 1},
    {"februarie", 2},
    {"martie", 3},
    {"aprilie", 4},
    {"iunie", 6},
    {"iulie", 7},
    {"septembrie", 9},
    {"octombrie", 10},
    {"noiembrie", 11},
    {"decembrie", 12},
    {"gener", 1},
    {"febrer", 2},
    {"març", 3},
    {"maig", 5},
    {"juny", 6},
    {"juliol", 7},
    {"agost", 8},
    {"setembre", 9},
    {"desembre", 12},
    {"augusti", 8},
    {"maj", 5},
    {"marts", 3},
    {"jänner", 1},
    {"ledna", 1},
    {"února", 2},
    {"března", 3},
    {"dubna", 4},
    {"května", 5},
    {"června", 6},
    {"července", 7},
    {"srpna", 8},
    {"září", 9},
    {"října", 10},
    {"prosince", 12},
    {"ocak", 1},
    {"şubat", 2},
    {"nisan", 4},
    {"mayıs", 5},
    {"haziran", 6},
    {"temmuz", 7},
    {"ağustos", 8},
    {"eylül", 9},
    {"ekim", 10},
    {"kasım", 11},
    {"aralık", 12},
    /* Bulgarian (where it differs from Russian), then Arabic: the
     * Egyptian and Gulf names in their spellings with and without hamza,
     * and the one-word Levantine ones. */
    {"януари", 1},
    {"февруари", 2},
    {"април", 4},
    {"юни", 6},
    {"юли", 7},
    {"септември", 9},
    {"октомври", 10},
    {"ноември", 11},
    {"декември", 12},
    {"يناير", 1},
    {"فبراير", 2},
    {"مارس", 3},
    {"أبريل", 4},
    {"ابريل", 4},
    {"إبريل", 4},
    {"مايو", 5},
    {"يونيو", 6},
    {"يونيه", 6},
    {"يوليو", 7},
    {"يوليه", 7},
    {"أغسطس", 8},
    {"اغسطس", 8},
    {"سبتمبر", 9},
    {"أكتوبر", 10},
    {"اكتوبر", 10},
    {"نوفمبر", 11},
    {"ديسمبر", 12},
    {"شباط", 2},
    {"آذار", 3},
    {"نيسان", 4},
    {"أيار", 5},
    {"حزيران", 6},
    {"تموز", 7},
    {"آب", 8},
    {"أيلول", 9},
};

static const char *const weekdays[] = {
    "monday",   "tuesday",  "wednesday",   "thursday",     "friday",   "saturday",  "sunday",
    "mon",      "tue",      "tues",        "wed",          "thu",      "thur",      "thurs",
    "fri",      "sat",      "sun",         "montag",       "dienstag", "mittwoch",  "donnerstag",
    "freitag",  "samstag",  "sonntag",     "понедельник",  "вторник",  "среда",     "четверг",
    "пятница",  "суббота",  "воскресенье", "пн",           "вт",       "ср",        "чт",
    "пт",       "сб",       "вс",          "lundi",        "mardi",    "mercredi",  "jeudi",
    "vendredi", "samedi",   "dimanche",    "lunes",        "martes",   "miércoles", "jueves",
    "viernes",  "sábado",   "domingo",     "lunedì",       "martedì",  "mercoledì", "giovedì",
    "venerdì",  "sabato",   "domenica",    "maandag",      "dinsdag",  "woensdag",  "donderdag",
    "vrijdag",  "zaterdag", "zondag",      "poniedziałek", "wtorek",   "środa",     "czwartek",
    "piątek",   "sobota",   "niedziela",   "segunda",      "terça",    "quarta",    "quinta",
    "sexta",    "luni",     "marți",       "miercuri",     "joi",      "vineri",    "sâmbătă",
    "duminică", "mo",       "di",          "mi",           "do",       "fr",        "sa",
    "so",       "الاثنين",  "الإثنين",     "الثلاثاء",     "الأربعاء", "الاربعاء",  "الخميس",
    "الجمعة",   "السبت",    "الأحد",       "الاحد",
};

/* The tables by a word's first two bytes: a date scan asks for every word
 * of a page's short texts, and a linear look at 300 names was a good part
 * of its time. Each bucket's chain keeps the tables' order, so the first
 * name that matches is the one the linear look found. */
#define NMONTHS (sizeof months / sizeof *months)
#define NWEEKDAYS (sizeof weekdays / sizeof *weekdays)
#define BUCKETS 509

static short month_head[BUCKETS], month_next[NMONTHS];
static short weekday_head[BUCKETS], weekday_next[NWEEKDAYS];
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static unsigned bucket(const char *w)
{
    unsigned b0 = (unsigned char)w[0];
    return (b0 * 257 + (b0 ? (unsigned char)w[1] : 0)) % BUCKETS;
}

static void build_index(void)
{
    for (size_t b = 0; b < BUCKETS; b++)
        month_head[b] = weekday_head[b] = -1;
    for (size_t i = NMONTHS; i-- > 0;) {
        unsigned b = bucket(months[i].name);
        month_next[i] = month_head[b];
        month_head[b] = (short)i;
    }
    for (size_t i = NWEEKDAYS; i-- > 0;) {
        unsigned b = bucket(weekdays[i]);
        weekday_next[i] = weekday_head[b];
        weekday_head[b] = (short)i;
    }
}

int pith_date_month_named(const char *w)
{
    pthread_once(&index_once, build_index);
    for (int i = month_head[bucket(w)]; i >= 0; i = month_next[i])
        if (strcmp(months[i].name, w) == 0)
            return months[i].month;
    return 0;
}

int pith_date_weekday_named(const char *w)
{
    pthread_once(&index_once, build_index);
    for (int i = weekday_head[bucket(w)]; i >= 0; i = weekday_next[i])
        if (strcmp(weekdays[i], w) == 0)
            return 1;
    return 0;
}

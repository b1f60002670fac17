/* Byline cleaning: from what a page calls its author to the names.
 *
 * A byline is read in the order a reader reads it. Entities are decoded and
 * blanks collapsed; a date (and what follows it: times, "2 min read",
 * "Print this article") ends the byline unless only a prefix such as
 * "Posted on" stands before it, in which case the names follow it ("Posted
 * on August 14, 2023 by Margaret Ellison"). A separator (|, •, ·, a spaced
 * dash, an opening bracket) ends it too. What is left is split into names
 * at commas, "and" and its kin, and slashes; each name loses its "By"-style
 * prefix and @handles, a name that ends in a role word ("Staff", "Staff
 * Writer") is an organisation or a title and goes, and a name that reads
 * like a phrase (several lowercase words, digits, a URL) goes. The word lists
 * are short and closed (prefixes, conjunctions and roles in the languages of
 * the stop-word lists), so they live here with the grammar. */
#include "byline.h"

#include "dates.h"
#include "sniff.h"
#include "pith/error.h"
#include "normalize.h"
#include "sitename.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define MAX_IN 1000
#define MAX_NAME 80
#define MAX_NAMES 8
#define JOIN '\x01' /* where a joining word ("and", "und") stood */
#define JOIN_S "\x01"

/* Prefixes that introduce names, longest first where one starts another. */
static const char *const prefixes[] = {
    "zeige alle beiträge von",
    "alle beiträge von",
    "view all posts by",
    "more posts by",
    "all posts by",
    "written by",
    "posted by",
    "published by",
    "story by",
    "words by",
    "text by",
    "reported by",
    "analysis by",
    "opinion by",
    "commentary by",
    "veröffentlicht von",
    "veröffentlicht am",
    "veröffentlicht",
    "publiziert von",
    "publiziert am",
    "publiziert",
    "geschrieben von",
    "erstellt von",
    "eingestellt von",
    "verfasst von",
    "text von",
    "ein gastbeitrag von",
    "ein interview von",
    "interview von",
    "gastbeitrag von",
    "blog beitrag von",
    "blogbeitrag von",
    "ein beitrag von",
    "beitrag von",
    "eine pressemitteilung von",
    "pressemitteilung von",
    "eine kolumne von",
    "kolumne von",
    "ein kommentar von",
    "kommentar von",
    "ein artikel von",
    "artikel von",
    "beitragvon",
    "publié par",
    "publié le",
    "écrit par",
    "publicado por",
    "escrito por",
    "scritto da",
    "pubblicato da",
    "text und fotos:",
    "text:",
    "interview:",
    "posted on",
    "published on",
    "published",
    "posted",
    "updated",
    "by:",
    "by",
    "von:",
    "von",
    "vom",
    "par",
    "por",
    "di",
    "door",
    "durch",
    "av",
    "af",
    "autor:",
    "autorin:",
    "autoren:",
    "autoren",
    "author:",
    "authors:",
    "text:",
    "texte:",
    "texto:",
    "redakteur:",
    "автор:",
    "автор",
    "авторы:",
    "от",
    "Автор:",
    "Автор",
    "Авторы:",
    "\xd1\x82\xd0\xb5\xd0\xba\xd1\x81\xd1\x82:", /* текст: */
    "\xd0\xa2\xd0\xb5\xd0\xba\xd1\x81\xd1\x82:", /* Текст: */
    "От",
    "\xe8\xb4\xa3\xe4\xbb\xbb\xe7\xbc\x96\xe8\xbe\x91\xef\xbc\x9a", /* 责任编辑： */
    "\xe8\xb4\xa3\xe4\xbb\xbb\xe7\xbc\x96\xe8\xbe\x91:",
    "\xe4\xbd\x9c\xe8\x80\x85\xef\xbc\x9a", /* 作者： */
    "\xe4\xbd\x9c\xe8\x80\x85:",
    "from",
    "on",
    "am",
    "le",
    "el",
    "il",
    NULL};

/* Labels that stand on a line of their own above the names. */
static const char *const labels[] = {"autor",
                                     "autorin",
                                     "autoren",
                                     "author",
                                     "authors",
                                     "auteur",
                                     "autore",
                                     "verfasser",
                                     "\xe8\xb4\xa3\xe4\xbb\xbb\xe7\xbc\x96\xe8\xbe\x91\xef\xbc\x9a",
                                     "\xe4\xbd\x9c\xe8\x80\x85\xef\xbc\x9a",
                                     NULL};

/* Words that join names. */
static const char *const joins[] = {" im gespräch mit ",
                                    " and ",
                                    " und ",
                                    " & ",
                                    " et ",
                                    " y ",
                                    " e ",
                                    " i ",
                                    " и ",
                                    " en ",
                                    " og ",
                                    " och ",
                                    NULL};

/* Last words that make a part an organisation's desk, not a person. */
static const char *const desks[] = {"staff",     "team",     "desk",      "newsroom",
                                    "reporters", "editors",  "rédaction", "redacción",
                                    "redazione", "staffers", NULL};

/* Job titles: a part that is one ("Reporter", "Staff Writer", "Senior
 * Correspondent") is no name; a surname may be spelled the same
 * ("A. Writer"), so the title must stand alone or after a qualifier. */
static const char *const roles[] = {"writer",      "reporter",      "correspondent",
                                    "editor",      "contributor",   "columnist",
                                    "journalist",  "photographer",  "redakteur",
                                    "redakteurin", "korrespondent", "korrespondentin",
                                    "reporterin",  "autorin",       "journalistin",
                                    "fotograf",    "fotografin",    "корреспондент",
                                    "редактор",    "Редактор",      "editor-at-large",
                                    NULL};
static const char *const qualifiers[] = {
    "staff", "senior",   "chief",     "contributing", "special", "foreign", "political", "sports",
    "guest", "managing", "associate", "deputy",       "freier",  "freie",   NULL};

/* Words of an organisation's legal form: a publisher, not an author. */
static const char *const legal[] = {"e.v.", "e. v.",   "gmbh",     "ggmbh",    "mbh", "ag",
                                    "inc",  "inc.",    "ltd",      "ltd.",     "llc", "s.a.",
                                    "kg",   "verband", "stiftung", "agencies", NULL};

/* Professions written before a name ("Rechtsanwalt Jane Doe"). */
static const char *const professions[] = {
    "rechtsanwalt", "rechtsanw\xc3\xa4ltin", "fachanwalt", "fachanw\xc3\xa4ltin", "anwalt",
    "anw\xc3\xa4ltin", "notar", "notarin", "steuerberater", "steuerberaterin", "attorney", "lawyer",
    "avocat", "avocate", "ma\xc3\xaetre", "abogado", "abogada", "avvocato",
    /* A press office's ("Pressesprecherin Jane Doe"). */
    "pressesprecher", "pressesprecherin", "pressesprecher*in", "pressesprecher:in", "sprecher",
    "sprecherin", "pressereferent", "pressereferentin", "spokesperson", "spokesman", "spokeswoman",
    NULL};

/* News agencies that sign after a reporter's name in one capitalised word
 * ("Jane Doe, Reuters"); acronyms ("AFP", "dpa") stay anyway. */
static const char *const agencies[] = {
    "reuters",  "bloomberg", "xinhua", "kyodo",  "yonhap",  "jiji",   "interfax", "anadolu",
    "belga",    "keystone",  "ritzau", "tanjug", "bernama", "antara", "sputnik",  "kathpress",
    "agerpres", "notimex",   "efe",    "ansa",   "tass",    NULL};

/* Whole parts that are placeholders rather than names. */
static const char *const non_names[] = {
    "no author", "unknown", "none", "null", "n/a", "author", "text", "interview", "foto", "fotos",
    "photo", "photos", "bild", "stand", "datum", "date", "fecha", "quelle", "source", "video",
    "autor", "anonymous", "guest", "print", "share", "print this article",
    /* Degrees and credentials after a name ("Jane Doe, MS, RD"). */
    "ms", "msc", "rd", "rdn", "phd", "ph.d.", "md", "m.d.", "mph", "mba", "rn", "cpt", NULL};

/* Name particles that may stay lowercase inside a name. */
static const char *const particles[] = {"von", "van", "de",  "der", "den", "da", "di", "du",
                                        "del", "le",  "la",  "bin", "ibn", "al", "el", "zu",
                                        "ten", "ter", "dos", "das", "y",   NULL};

static int in_list(const char *const *list, const char *w, size_t n)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == n && strncasecmp(list[i], w, n) == 0)
            return 1;
    return 0;
}

/* Editorial desks that sign articles: "auto-motor.at Redaktion", "revamp-it
 * Webteam" are the desk's name whatever its first words look like (a host
 * name, a brand in lower case); "Online-Redaktion" beside a person's name
 * is that person's desk. */
static int signing_desk(const char *w, size_t n)
{
    static const char *const signing[] = {"redaktion", "webteam", "redaktionsteam", NULL};
    if (in_list(signing, w, n))
        return 1;
    return n > 10 && w[n - 10] == '-' && strncasecmp(w + n - 9, "redaktion", 9) == 0;
}

#define FW_SLASH "\xef\xbc\x8f" /* "／", the full-width slash */

static void trim(const char **s, size_t *n)
{
    /* Blanks and the punctuation that separators leave behind. */
    for (int again = 1; again;) {
        again = 0;
        while (*n && (isspace((unsigned char)**s) || strchr(",;:-|/", **s)))
            (*s)++, (*n)--;
        while (*n && (isspace((unsigned char)(*s)[*n - 1]) || strchr(",;:-|/", (*s)[*n - 1])))
            (*n)--;
        if (*n >= 3 && memcmp(*s, FW_SLASH, 3) == 0)
            *s += 3, *n -= 3, again = 1;
        if (*n >= 3 && memcmp(*s + *n - 3, FW_SLASH, 3) == 0)
            *n -= 3, again = 1;
    }
}

/* Whether w[0..n) ends in a full-width colon ("："), as CJK labels do. */
static int full_colon(const char *w, size_t n)
{
    return n >= 3 && memcmp(w + n - 3, "\xef\xbc\x9a", 3) == 0;
}

/* Drops leading prefixes ("By", "Posted on", "Von:", "作者："); a prefix
 * must be followed by a blank, or end in a colon. */
static void strip_prefixes(const char **s, size_t *n)
{
    for (int again = 1; again;) {
        again = 0;
        trim(s, n);
        for (size_t i = 0; prefixes[i]; i++) {
            size_t pl = strlen(prefixes[i]);
            if (*n > pl && strncasecmp(*s, prefixes[i], pl) == 0 &&
                (prefixes[i][pl - 1] == ':' || full_colon(prefixes[i], pl) || (*s)[pl] == ' ' ||
                 (*s)[pl] == ':')) {
                *s += pl;
                *n -= pl;
                again = 1;
                break;
            }
        }
    }
}

/* The length of b[0..n) without a last word that introduces the date cut
 * after it ("R. R. am", "Jane Doe on", "Marie Merlet le"). */
static size_t drop_date_word(const char *b, size_t n)
{
    static const char *const words[] = {"am",  "on",   "le", "el", "il", "em",       "op", "den",
                                        "vom", "dnia", "på", "at", "um", "\xc3\xa0", NULL};
    while (n && b[n - 1] == ' ')
        n--;
    size_t w = n;
    while (w && b[w - 1] != ' ')
        w--;
    return w && in_list(words, b + w, n - w) ? w : n;
}

/* Where the first clock time in b[0..n) starts ("21:11", "9:24", "18h30"
 * as a word of its own), or n if none. */
static size_t find_time(const char *b, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t j = i, d = i;
        while (j < n && b[j] != ' ')
            j++;
        while (d < j && isdigit((unsigned char)b[d]))
            d++;
        if (d > i && d - i <= 2 && d + 2 < j && (b[d] == ':' || b[d] == 'h') &&
            isdigit((unsigned char)b[d + 1]) && isdigit((unsigned char)b[d + 2]) &&
            (d + 3 == j || !isdigit((unsigned char)b[d + 3])))
            return i;
        i = j + 1;
    }
    return n;
}

int pith_byline_label(const char *s, size_t n)
{
    trim(&s, &n);
    return n && (in_list(prefixes, s, n) || in_list(labels, s, n));
}

/* Where the byline ends: a separator or an opening bracket. */
static size_t cut_separators(const char *s, size_t n)
{
    static const char *const seps[] = {"|", "•",  "·",   " - ", " – ", " — ", "(",
                                       "[", "\n", " ‧ ", "►",   "»",   "→",   NULL};
    size_t end = n;
    for (size_t i = 0; seps[i]; i++) {
        const char *p = memmem(s, n, seps[i], strlen(seps[i]));
        /* A separator at the very start only ends an empty prefix. */
        if (p && p > s && (size_t)(p - s) < end)
            end = (size_t)(p - s);
    }
    return end;
}

/* Whether host is a blog's on a hosting platform ("jane.wordpress.com",
 * "jane.blogspot.de"): its first label is the blogger's name, not a
 * publisher's. */
static int hosted_blog(const char *host)
{
    static const char *const platforms[] = {".wordpress.com",
                                            ".blogspot.",
                                            ".tumblr.com",
                                            ".livejournal.com",
                                            ".over-blog.com",
                                            ".typepad.com",
                                            ".substack.com",
                                            ".wixsite.com",
                                            ".jimdofree.com",
                                            ".hatenablog.com",
                                            ".canalblog.com",
                                            ".blog.de",
                                            NULL};
    for (size_t i = 0; platforms[i]; i++) {
        const char *p = strstr(host, platforms[i]);
        size_t pl = strlen(platforms[i]);
        /* A platform's domain ends the host; blogspot's under any TLD. */
        if (p && p > host &&
            (p[pl] == '\0' || (platforms[i][pl - 1] == '.' && !strchr(p + pl, '.'))))
            return 1;
    }
    return 0;
}

/* Whether the word w[0..n) is an e-mail address written against spam
 * harvesters: "jane[at]example.org", "jane(at)example.org", "jane{at}...". */
static int obfuscated_mail(const char *w, size_t n)
{
    static const char *const ats[] = {"[at]", "(at)", "{at}", "[\xc3\xa4t]", NULL};
    for (size_t i = 0; ats[i]; i++)
        if (pith_sniff_find_ci(w, n, ats[i]))
            return 1;
    return 0;
}

/* Whether b[0..n) reads as prose (an author's bio, a teaser), not as a
 * byline: ten words or more with a sentence ending inside, after a
 * lowercase word of four letters or more ("... jeden Anlass. Für kleine,
 * große ..."); abbreviations such as "Dr." or "Prof." are shorter. */
static int is_prose(const char *b, size_t n)
{
    size_t words = 0, low = 0;
    int sentence = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)b[i];
        if (c == ' ') {
            words++;
            low = 0;
        } else if (c >= 'a' && c <= 'z') {
            low++;
        } else if (strchr(".!?", (int)c) && low >= 4 && i + 2 < n && b[i + 1] == ' ' &&
                   (isupper((unsigned char)b[i + 2]) || (unsigned char)b[i + 2] >= 0x80)) {
            sentence = 1;
        } else if (c < 0x80) {
            low = 0;
        }
    }
    return sentence && words + 1 >= 10;
}

/* The name t[0..tl) without the titles before it, in place: a profession
 * or a job title ("Rechtsanwalt Jane Doe", "Reporter Jane Doe") goes when
 * two words follow; an academic title stays, as the person is addressed
 * ("Dr. Jane Doe", "Prof. Dr. Jane Doe"), without the faculty's
 * abbreviations after it ("Dr. med.", "Dr. rer. nat."). Returns the new
 * length. */
static size_t drop_titles(char *t, size_t tl)
{
    size_t w = 0;
    while (w < tl && t[w] != ' ')
        w++;
    if (w < tl && (in_list(professions, t, w) || in_list(roles, t, w)) &&
        memchr(t + w + 1, ' ', tl - w - 1)) {
        memmove(t, t + w + 1, tl - w - 1);
        tl -= w + 1;
    }
    size_t o = 0;
    int after_dr = 0;
    for (size_t i = 0; i < tl;) {
        size_t j = i;
        while (j < tl && t[j] != ' ')
            j++;
        size_t wl = j - i;
        int faculty = after_dr && wl >= 2 && wl <= 7 && t[j - 1] == '.' &&
                      islower((unsigned char)t[i]) && j < tl;
        if (!faculty) {
            after_dr = (wl == 3 && memcmp(t + i, "Dr.", 3) == 0) ||
                       (wl == 2 && memcmp(t + i, "Dr", 2) == 0);
            if (o)
                t[o++] = ' ';
            memmove(t + o, t + i, wl);
            o += wl;
        }
        i = j + 1;
    }
    return o;
}

/* Writes the name in part[0..n) into buf (at least n + 1 bytes): prefixes
 * gone, blanks single, trimmed. Returns its length. */
static size_t name_of(const char *part, size_t n, char *buf)
{
    strip_prefixes(&part, &n);
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        if (part[i] != ' ' || (o && buf[o - 1] != ' '))
            buf[o++] = part[i];
    const char *t = buf;
    size_t tl = o;
    trim(&t, &tl);
    /* A "Follow" button's label glued to the name ("Jane DoeFollow"). */
    static const char *const follows[] = {"Follow", "Folgen", "Suivre", "Seguir", NULL};
    for (size_t i = 0; follows[i]; i++) {
        size_t fl = strlen(follows[i]);
        if (tl > fl + 1 && memcmp(t + tl - fl, follows[i], fl) == 0 &&
            islower((unsigned char)t[tl - fl - 1]))
            tl -= fl;
    }
    /* A full stop after a word of four letters or more ends a sentence
     * ("Jane Doe."); "Jr." and "Dr." keep theirs. */
    size_t k = tl ? tl - 1 : 0;
    while (k && isalpha((unsigned char)t[k - 1]))
        k--;
    if (tl && t[tl - 1] == '.' && tl - 1 - k >= 4 && islower((unsigned char)t[tl - 2]))
        tl--;
    memmove(buf, t, tl);
    tl = drop_titles(buf, tl);
    buf[tl] = '\0';
    return tl;
}

/* Whether the first word of t[0..tl) is an acronym of two to five capitals
 * ("AP", "CNN"), as newsrooms sign. */
static int acronym(const char *t, size_t tl)
{
    size_t k = 0;
    while (k < tl && t[k] >= 'A' && t[k] <= 'Z')
        k++;
    return k >= 2 && k <= 5 && k < tl && t[k] == ' ';
}

/* Whether t[0..tl) reads as a person's name (or a user name): not a
 * placeholder, not the publisher, its last word not a role, at most six
 * words, not a lowercase phrase, no digits among several words. */
static int is_name(const char *t, size_t tl, const char *site, const char *host)
{
    if (tl == 0 || tl > MAX_NAME || in_list(non_names, t, tl) || in_list(prefixes, t, tl) ||
        pith_site_named(t, tl, site, host && hosted_blog(host) ? NULL : host, PITH_SITE_IN_LABEL) ||
        pith_date_has_weekday(t, tl) || strncasecmp(t, "the ", 4) == 0 ||
        strncasecmp(t, "les ", 4) == 0 || strncasecmp(t, "los ", 4) == 0)
        return 0;
    /* A colon inside is a heading's ("Mein Motto: Fazit"); a label's went
     * with the prefixes. */
    if (memmem(t, tl, ": ", 2))
        return 0;
    /* An unclosed bracket ("(Abu Dhabi" of "(Abu Dhabi - WAM)") opens a
     * dateline; "Em" (pt: in) and "Ort" (de: place) open a place. */
    if ((memchr(t, '(', tl) && !memchr(t, ')', tl)) || strncmp(t, "Em ", 3) == 0 ||
        strncmp(t, "Ort ", 4) == 0)
        return 0;
    /* A name written twice without a blank ("Jane DoeJane Doe"): the name
     * and its hidden copy run together. */
    if (tl % 2 == 0 && tl >= 8 && memcmp(t, t + tl / 2, tl / 2) == 0)
        return 0;
    /* A desk's signature of a few words. */
    const char *lw = memrchr(t, ' ', tl);
    lw = lw ? lw + 1 : t;
    if (lw > t && tl - (size_t)(lw - t) > 0 && signing_desk(lw, tl - (size_t)(lw - t)) &&
        memchr(t, ' ', (size_t)(lw - t - 1)) == NULL)
        return 1;
    /* A host name ("mdr.de") or a legal form ("Web Commerce GmbH"). */
    for (size_t i = 0; i < tl;) {
        size_t j = i;
        while (j < tl && t[j] != ' ')
            j++;
        const char *dot = memchr(t + i, '.', j - i);
        if (dot && dot > t + i && j - (size_t)(dot - t) >= 3 && isalpha((unsigned char)dot[1]) &&
            isalpha((unsigned char)dot[2]) && !memchr(dot + 1, '.', (size_t)(t + j - dot - 1)) &&
            (size_t)(dot - (t + i)) >= 3)
            return 0;
        if (in_list(legal, t + i, j - i) || (j - i > 8 && in_list(legal, t + j - 8, 8)) ||
            (j - i > 8 && strncasecmp(t + j - 8, "stiftung", 8) == 0) ||
            (j - i > 7 && strncasecmp(t + j - 7, "verband", 7) == 0))
            return 0;
        i = j + 1;
    }
    size_t words = 0, lower = 0, digits = 0, letters = 0;
    const char *last = t, *prev = NULL;
    size_t lastn = 0, prevn = 0;
    for (size_t i = 0; i < tl;) {
        size_t j = i;
        while (j < tl && t[j] != ' ')
            j++;
        words++;
        unsigned char c = (unsigned char)t[i];
        if (c >= 'a' && c <= 'z' && !in_list(particles, t + i, j - i))
            lower++;
        for (size_t k = i; k < j; k++) {
            digits += isdigit((unsigned char)t[k]) != 0;
            /* Letters beyond ASCII start with a lead byte from C3 on; E2
             * leads punctuation and symbols ("•", "–", "→"). */
            unsigned char u = (unsigned char)t[k];
            letters += isalpha(u) || (u >= 0xC3 && u != 0xE2 && u < 0xF8);
        }
        prev = words > 1 ? last : NULL;
        prevn = lastn;
        last = t + i;
        lastn = j - i;
        i = j + 1;
    }
    while (lastn && strchr(".,:", last[lastn - 1]))
        lastn--;
    /* A title after a newsroom's acronym ("AP National Security Writer",
     * "CNN Editor-at-large") or after two words that are no initials
     * ("Online News Editor") is a title too; "Jane A. Writer" stays. */
    int role = in_list(roles, last, lastn) &&
               (words == 1 || (prev && in_list(qualifiers, prev, prevn)) ||
                (acronym(t, tl) && lastn > 1 && islower((unsigned char)last[1])) ||
                (words >= 3 && prevn > 2 && prev[prevn - 1] != '.'));
    return !(in_list(desks, last, lastn) || role || words > 6 || letters == 0 ||
             (words > 1 && lower >= 1) || (words > 1 && digits) || digits > 4);
}

/* Whether the one-word part w[0..n) after a person's name is a place
 * or a month rather than a second name ("Jane Doe, Berlin" as German
 * bylines sign, "Jane Doe, August" of a date not taken): capitalised, then
 * lower case (a hyphen may start a word again: "Baden-Baden"), no agency. */
static int place_word(const char *w, size_t n)
{
    if (n < 3 || !isupper((unsigned char)w[0]) || in_list(agencies, w, n))
        return 0;
    for (size_t i = 1; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (!(islower(c) || c >= 0x80 || (c == '-' && i + 1 < n) ||
              (isupper(c) && w[i - 1] == '-')))
            return 0;
    }
    return 1;
}

/* Whether no name follows at rest (the byline's text after a part): no
 * letter or digit is left. */
static int last_part(const char *rest)
{
    for (; *rest; rest++)
        if (isalnum((unsigned char)*rest) || (unsigned char)*rest >= 0x80)
            return 0;
    return 1;
}

/* The name t[0..tl) without the outlet a byline names after it ("Jane Doe
 * for The Daily Planet", "Anna Meier f\u00fcr Die Zeitung"): cut when two
 * words stand before. Returns the new length. */
static size_t cut_outlet(const char *t, size_t tl)
{
    static const char *const fors[] = {" for ", " f\xc3\xbcr ", " pour ", " para ", NULL};
    for (size_t i = 0; fors[i]; i++) {
        const char *p = pith_sniff_find_ci(t, tl, fors[i]);
        if (p && memchr(t, ' ', (size_t)(p - t)))
            tl = (size_t)(p - t);
    }
    return tl;
}

/* The names in b[0..bn), split at commas, joining words and slashes,
 * appended to out joined by ", ". Returns 0 or PITH_ENOMEM. */
static int split_names(const char *b, size_t bn, const char *site, const char *host, int opened,
                       pith_buf_t *out)
{
    int rc = 0;
    char names[MAX_IN + 1];
    memcpy(names, b, bn);
    names[bn] = '\0';
    for (size_t i = 0; joins[i]; i++) {
        size_t jl = strlen(joins[i]);
        for (char *p = names; (p = strcasestr(p, joins[i]));) {
            /* Replace the joining word by a mark and commas, keeping the
             * length. */
            memset(p, ',', jl);
            *p = JOIN;
            p += jl;
        }
    }
    size_t nk = 0;
    int after_join = 0, last_ok = 1, last_words = 0;
    for (char *p = names; *p && nk < MAX_NAMES && rc == 0;) {
        size_t len = strcspn(p, ",/;" JOIN_S);
        char name[MAX_IN + 1];
        size_t nl = name_of(p, len, name);
        if (opened) {
            nl = cut_outlet(name, nl);
            name[nl] = '\0';
        }
        /* One word joined to a phrase continues the phrase ("Landesanstalt
         * für Wald und Forstwirtschaft"), it names no one. */
        int ok = 0;
        if (nl) {
            int cont = after_join && !last_ok && !memchr(name, ' ', nl);
            ok = last_ok = !cont && is_name(name, nl, site, host);
            after_join = 0;
        }
        after_join |= p[len] == JOIN;
        /* A bare desk beside a person ("Jane Doe, Online-Redaktion"). */
        if (ok && out->len && !memchr(name, ' ', nl) && signing_desk(name, nl))
            ok = 0;
        /* A place that ends the byline after a person's name of two words
         * or more; one between two names stays, as the byline writes it
         * ("Jane Doe, London, John Roe"). */
        if (ok && last_words >= 2 && !memchr(name, ' ', nl) && place_word(name, nl) &&
            last_part(p + len))
            ok = 0;
        if (ok) {
            nk++;
            last_words = 1;
            for (size_t i = 0; i < nl; i++)
                last_words += name[i] == ' ';
            /* The same name twice ("Jane Doe, Jane Doe") is written once. */
            int dup = out->len >= nl && memmem(out->data, out->len, name, nl) != NULL;
            if (!dup && out->len)
                rc = pith_buf_puts(out, ", ");
            if (!dup && !rc)
                rc = pith_buf_append(out, name, nl);
        }
        p += len;
        if (*p)
            p++;
    }
    return rc;
}

/* A picture's credit follows the names ("Jane Doe Illustration von Max
 * Roe", "Jane Doe Photos by Max Roe"): where the names end. */
static size_t cut_credit(const char *b, size_t bn)
{
    static const char *const credits[] = {
        " illustration von ", " illustrationen von ", " fotos von ", " foto von ",
        " illustration by ",  " photos by ",          " photo by ",  NULL};
    for (size_t i = 0; credits[i]; i++)
        for (size_t k = 0, cl = strlen(credits[i]); k + cl <= bn; k++)
            if (strncasecmp(b + k, credits[i], cl) == 0)
                bn = k;
    return bn;
}

/* Handles, e-mail addresses and links are not names; they go from text
 * before it is split (a link's slashes are no separators). */
static void drop_handles(pith_buf_t *text)
{
    size_t o = 0;
    for (size_t i = 0; i < text->len;) {
        size_t j = i;
        while (j < text->len && text->data[j] != ' ' && text->data[j] != '\n')
            j++;
        const char *w = text->data + i;
        size_t wl = j - i;
        int drop =
            wl && (w[0] == '@' || memchr(w, '@', wl) || (wl > 4 && memmem(w, wl, "://", 3)) ||
                   (wl > 4 && strncasecmp(w, "www.", 4) == 0) || obfuscated_mail(w, wl));
        if (!drop) {
            memmove(text->data + o, w, wl);
            o += wl;
        } else if (strchr(",;", w[wl - 1])) {
            text->data[o++] = w[wl - 1]; /* "@handle," still ends a name */
        }
        if (j < text->len && (!drop || text->data[j] == '\n'))
            text->data[o++] = text->data[j];
        i = j + 1;
    }
    text->len = o;
    text->data[o] = '\0';
}

int pith_byline_clean(const char *s, size_t n, const char *site, const char *host, pith_buf_t *out)
{
    pith_buf_t text = {0};
    int rc = 0;
    pith_buf_reset(out);
    if (!s || n == 0)
        return 0;
    n = n > MAX_IN ? MAX_IN : n;
    /* A byline that signs the article ("Von Presse Augsburg", "Written by
     * Miami Today") names its author even when that is the publisher: only
     * a bare name equal to the site (a meta tag that the CMS fills with the
     * publisher's name) is the publisher's. */
    int opened = pith_byline_opens(s, n);
    if (opened)
        site = host = NULL;
    if ((rc = pith_decode_entities(s, n, &text)))
        goto done;
    /* Blanks collapse to one space (NBSP included). */
    size_t o = 0;
    for (size_t i = 0; i < text.len; i++) {
        unsigned char c = (unsigned char)text.data[i];
        int blank = c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
        if (c == 0xC2 && i + 1 < text.len && (unsigned char)text.data[i + 1] == 0xA0)
            blank = 1, i++;
        if (c == '\n') {
            /* A line break ends the byline once something stands before
             * it; a label alone on its line ("Autor", "By") goes. */
            if (o && text.data[o - 1] != '\n' && pith_byline_label(text.data, o))
                o = 0;
            else if (o && text.data[o - 1] != '\n')
                text.data[o++] = '\n';
            continue;
        }
        if (blank) {
            if (o && text.data[o - 1] != ' ' && text.data[o - 1] != '\n')
                text.data[o++] = ' ';
            continue;
        }
        text.data[o++] = (char)c;
    }
    text.len = o;
    text.data[o] = '\0';
    drop_handles(&text);

    const char *b = text.data;
    size_t bn = text.len;
    strip_prefixes(&b, &bn);
    pith_byline_reporter(&b, &bn);
    /* A date ends the byline, or starts it after a bare prefix. */
    char day[PITH_DATE_MAX];
    size_t at, dl;
    if (pith_date_find(b, bn, day, &at, &dl) == 0) {
        const char *pre = b;
        size_t pn = at;
        strip_prefixes(&pre, &pn);
        if (pn == 0) {
            b += at + dl;
            bn -= at + dl;
            strip_prefixes(&b, &bn);
        } else {
            bn = drop_date_word(b, at);
        }
    }
    /* A clock time ends the byline too ("Posted by Jane Doe at 18:52",
     * "Eingestellt von Michel um 21:11"), with the word that introduces it;
     * one that opens it ("13:30 von Olga") goes. */
    size_t t = find_time(b, bn);
    if (t == 0) {
        while (t < bn && b[t] != ' ')
            t++;
        if (bn - t > 4 &&
            (strncasecmp(b + t, " uhr", 4) == 0 || strncasecmp(b + t, " pm ", 4) == 0 ||
             strncasecmp(b + t, " am ", 4) == 0))
            t += 4;
        b += t;
        bn -= t;
        strip_prefixes(&b, &bn);
    } else if (t < bn) {
        bn = drop_date_word(b, t);
    }
    bn = cut_credit(b, cut_separators(b, bn));
    /* "mit" ends the names: what follows is the interviewee or material
     * ("Ein Interview von Eugen Zentner mit Sonja Silberhorn", "Von Jane
     * Doe mit dpa"); "im Gespräch mit" joins two speakers (joins). */
    static const char talk[] = "gespr\xc3\xa4"
                               "ch";
    size_t tl = sizeof talk - 1;
    const char *mit = memmem(b, bn, " mit ", 5);
    if (mit && !((size_t)(mit - b) >= tl && strncasecmp(mit - tl, talk, tl) == 0))
        bn = (size_t)(mit - b);
    if (is_prose(b, bn))
        goto done;

    rc = split_names(b, bn, site, host, opened, out);
done:
    pith_buf_free(&text);
    return rc;
}

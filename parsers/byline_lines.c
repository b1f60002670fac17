/* Where a byline stands among an article's lines: a line that opens with a
 * word introducing names ("By", "Von", "Autor:"), a labelled line that
 * signs the article wherever its body holds it, a closing byline or a
 * blogger's sign-off among the last paragraphs, and an author-archive link
 * ("Alle Beiträge von Jane Doe"). What such a line holds is cleaned to
 * names by pith_byline_clean (byline.c). */
#include "byline.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define CLOSING 3       /* an article's last paragraphs that may be its byline */
#define MAX_CLOSING 120 /* bytes of a closing byline */
#define MAX_CONTACT 80  /* bytes of a press contact's name line */

int pith_byline_opens(const char *s, size_t n)
{
    static const char *const openers[] = {
        "by ",
        "by:",
        "von ",
        "von:",
        "par ",
        "por ",
        "door ",
        "text von ",
        "text: ",
        "texte: ",
        "text und fotos: ",
        "written by ",
        "posted by ",
        "story by ",
        "words by ",
        "autor: ",
        "autorin: ",
        "autoren ",
        "author: ",
        "authors: ",
        "geschrieben von ",
        "verfasst von ",
        "ein beitrag von ",
        "ein gastbeitrag von ",
        "ein interview von ",
        "gastbeitrag von ",
        "blog beitrag von ",
        "blogbeitrag von ",
        "écrit par ",
        "escrito por ",
        "scritto da ",
        "автор: ",
        "Автор: ",
        "Автор ",
        "durch ",
        "veröffentlicht von ",
        "erstellt von ",
        "eingestellt von ",
        "beitragvon ",
        "eine kolumne von ",
        "\xe8\xb4\xa3\xe4\xbb\xbb\xe7\xbc\x96\xe8\xbe\x91\xef\xbc\x9a",
        "\xe4\xbd\x9c\xe8\x80\x85\xef\xbc\x9a",
        NULL};
    while (n && isspace((unsigned char)*s))
        s++, n--;
    for (size_t i = 0; openers[i]; i++) {
        size_t l = strlen(openers[i]);
        /* A capital must follow: "by the way" is no byline. */
        if (n <= l || strncasecmp(s, openers[i], l) != 0)
            continue;
        /* "by: Cora Neas": blanks after a colon. */
        while (l < n && s[l] == ' ')
            l++;
        if (l < n && (isupper((unsigned char)s[l]) || (unsigned char)s[l] >= 0x80))
            return 1;
    }
    /* "vom Krimiblogger" (von dem): in lower case only, since "Vom Winde
     * verweht" opens headlines. */
    return n > 4 && strncmp(s, "vom ", 4) == 0 &&
           (isupper((unsigned char)s[4]) || (unsigned char)s[4] >= 0x80);
}

/* Whether the line p[0..len) is a short byline; cleaned into out. With
 * labelled, only a byline that opens with a label and its colon
 * ("Autorin: Uta Staschewski, Projektleiterin") counts, or "von"/"by" and a
 * name alone: such a line signs the article wherever the body holds it
 * (notes may follow it). Returns 0 or PITH_ENOMEM. */
static int signed_line(const char *p, size_t len, int labelled, const char *site, const char *host,
                       pith_buf_t *out)
{
    static const char *const colons[] = {
        "autor:",
        "autorin:",
        "autoren:",
        "author:",
        "authors:",
        "text:",
        "auteur:",
        "\xe8\xb4\xa3\xe4\xbb\xbb\xe7\xbc\x96\xe8\xbe\x91\xef\xbc\x9a", /* 责任编辑： */
        "\xe4\xbd\x9c\xe8\x80\x85\xef\xbc\x9a",                         /* 作者： */
        NULL};
    if (len == 0 || len > MAX_CLOSING || !pith_byline_opens(p, len))
        return 0;
    size_t k = 0, words = 1;
    for (size_t i = 0; i < len; i++)
        words += p[i] == ' ';
    /* Or a line of "von"/"by" and a name alone ("von Klaus Stanjek"). */
    if (labelled && words <= 4 && len <= 40 && !memchr(p, '.', len) &&
        (strncasecmp(p, "von ", 4) == 0 || strncasecmp(p, "by ", 3) == 0))
        return pith_byline_clean(p, len, site, host, out);
    while (labelled && colons[k] &&
           (len < strlen(colons[k]) || strncasecmp(p, colons[k], strlen(colons[k])) != 0))
        k++;
    if (labelled && !colons[k])
        return 0;
    return pith_byline_clean(p, len, site, host, out);
}

size_t pith_byline_archive(const char *s, size_t n)
{
    static const char *const links[] = {"zeige alle beitr\xc3\xa4ge von ",
                                        "alle beitr\xc3\xa4ge von ",
                                        "alle artikel von ",
                                        "alle posts von ",
                                        "weitere beitr\xc3\xa4ge von ",
                                        "weitere artikel von ",
                                        "alles von ",
                                        "view all posts by ",
                                        "see all posts by ",
                                        "all posts by ",
                                        "more posts by ",
                                        "all articles by ",
                                        "more articles by ",
                                        "more stories by ",
                                        "voir tous les articles de ",
                                        "tous les articles de ",
                                        "todos los art\xc3\xad"
                                        "culos de ",
                                        NULL};
    size_t b = 0;
    while (b < n && isspace((unsigned char)s[b]))
        b++;
    /* The name may follow in an element of its own: the words alone (and
     * the blank after them, if any) count. */
    for (size_t i = 0; links[i]; i++) {
        size_t l = strlen(links[i]) - 1;
        if (n - b >= l && strncasecmp(s + b, links[i], l) == 0 && (n - b == l || s[b + l] == ' '))
            return b + l + (n - b > l);
    }
    return 0;
}

/* signed_line on paragraph p's last line ("Quelle: ...<br>Autor: Jane
 * Doe"). */
static int signed_para(const char *p, int labelled, const char *site, const char *host,
                       pith_buf_t *out)
{
    const char *nl = p ? strrchr(p, '\n') : NULL;
    if (nl)
        p = nl + 1;
    return signed_line(p, p ? strlen(p) : 0, labelled, site, host, out);
}

int pith_byline_labelled(const char *s, size_t n, const char *site, const char *host,
                         pith_buf_t *out)
{
    pith_buf_reset(out);
    return signed_line(s, n, 1, site, host, out);
}

/* Whether paragraph p is a blogger's sign-off ("Euer HansEhrlich", "Eure
 * Tine"): a greeting word and one or two words of a name, nothing else.
 * The name is cleaned into out. Returns 0 or PITH_ENOMEM. */
static int sign_off(const char *p, const char *site, const char *host, pith_buf_t *out)
{
    static const char *const greetings[] = {"euer ", "eure ", NULL};
    size_t len = p ? strlen(p) : 0, words = 1;
    for (size_t i = 0; i < len; i++)
        words += p[i] == ' ';
    for (size_t i = 0; greetings[i] && len <= 40 && words <= 3; i++) {
        size_t gl = strlen(greetings[i]);
        if (len > gl && strncasecmp(p, greetings[i], gl) == 0 &&
            (isupper((unsigned char)p[gl]) || (unsigned char)p[gl] >= 0x80))
            return pith_byline_clean(p + gl, len - gl, site, host, out);
    }
    return 0;
}

int pith_byline_closing(char *const *paras, size_t n, const char *site, const char *host,
                        pith_buf_t *out)
{
    pith_buf_reset(out);
    for (size_t k = 0; k < CLOSING && k < n; k++) {
        int rc = signed_para(paras[n - 1 - k], 0, site, host, out);
        if (rc == 0 && !out->len && k == 0)
            rc = sign_off(paras[n - 1], site, host, out);
        if (rc || out->len)
            return rc;
    }
    /* Or at its start, under the headline and the lead ("Von Leonora
     * Holling" as the second paragraph). */
    for (size_t k = 0; k < CLOSING && k < n; k++) {
        int rc = signed_para(paras[k], 0, site, host, out);
        if (rc || out->len)
            return rc;
    }
    /* Or a labelled byline anywhere in it. */
    for (size_t k = CLOSING; k + CLOSING < n; k++) {
        int rc = signed_para(paras[k], 1, site, host, out);
        if (rc || out->len)
            return rc;
    }
    return 0;
}

size_t pith_byline_contact(const char *s, size_t n)
{
    static const char *const labels[] = {"pressekontakt",
                                         "presse-kontakt",
                                         "pressekontakte",
                                         "medienkontakt",
                                         "kontakt f\xc3\xbcr medien",
                                         "kontakt f\xc3\xbcr die medien",
                                         "press contact",
                                         "press contacts",
                                         "media contact",
                                         "media contacts",
                                         "contact presse",
                                         "contact m\xc3\xa9"
                                         "dia",
                                         "contacto de prensa",
                                         "contatto stampa",
                                         NULL};
    while (n && isspace((unsigned char)*s))
        s++, n--;
    for (size_t i = 0; labels[i]; i++) {
        size_t l = strlen(labels[i]);
        if (n < l || strncasecmp(s, labels[i], l) != 0 || (n > l && !strchr(": ", s[l])))
            continue;
        while (l < n && (s[l] == ':' || s[l] == ' '))
            l++;
        return l;
    }
    return 0;
}

int pith_byline_contact_block(char *const *paras, size_t n, const char *site, const char *host,
                              pith_buf_t *out)
{
    pith_buf_reset(out);
    for (size_t k = 0; k < CLOSING && k < n; k++) {
        const char *p = paras[n - 1 - k];
        while (p && *p) {
            size_t len = strcspn(p, "\n");
            size_t at = pith_byline_contact(p, len);
            if (at) {
                /* The name after the label, or on the next line (in this
                 * paragraph or the next one). */
                const char *name = p + at;
                size_t nl = len - at;
                if (nl == 0 && p[len] == '\n')
                    name = p + len + 1, nl = strcspn(name, "\n");
                else if (nl == 0 && k > 0)
                    name = paras[n - k], nl = strcspn(name, "\n");
                /* "Jane Doe Verband: presse@..., Tel. ..." lists contacts. */
                int rc = nl && nl <= MAX_CONTACT && !memchr(name, ':', nl)
                             ? pith_byline_clean(name, nl, site, host, out)
                             : 0;
                if (rc || out->len)
                    return rc;
            }
            p += len + (p[len] == '\n');
        }
    }
    return 0;
}

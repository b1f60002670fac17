/* Bylines cleaned to author names (SPEC §5 `author`).
 *
 * Whatever a page or a dump offers as its author (a meta tag, a JSON-LD
 * name, the text of a byline element, a "By ..." line) often carries more
 * than names: dates and times, read times, @handles, "Staff", "Print this
 * article", separators and the publication's own name. The cleaner keeps
 * only the names, joined as "A, B", or nothing when no name is left: a
 * missing author is better than a wrong one. Pure and re-entrant, so the
 * HTML and text-dump paths call the same function. */
#ifndef PITH_BYLINE_H
#define PITH_BYLINE_H

#include <stddef.h>

#include "pith/buf.h"

/* Cleans the byline s[0..n) (at most 1,000 bytes are read) into out,
 * replacing its contents: the author names joined by ", ", or "" when none
 * is left. When site is non-NULL, a name equal to it (letters and digits
 * compared, any case) is dropped, as is a name equal to the first label of
 * host (non-NULL; "badische-zeitung" for www.badische-zeitung.de): those
 * are the publisher, not an author. Returns 0 or PITH_ENOMEM. */
int pith_byline_clean(const char *s, size_t n, const char *site, const char *host, pith_buf_t *out);

/* Narrows s[0..n) to the name in a Chinese byline, after 記者 / 记者
 * (reporter) and before a slash or a blank ("聯合報 記者林宸誼／即時報導"
 * gives "林宸誼"); leaves it alone otherwise. */
void pith_byline_reporter(const char **s, size_t *n);

/* Whether s[0..n) opens (after blanks) with a word that introduces names:
 * "By", "Von", "Par", "Por", "Text von", "Written by", "Autor:" and kin;
 * "vom" in lower case only ("vom Krimiblogger", not "Vom Winde verweht").
 * A line so opened near a headline is a byline even without markup. */
int pith_byline_opens(const char *s, size_t n);

/* Whether s[0..n) (one line) is only a word that introduces names: "By",
 * "Von:", "Autorin", "Written by". */
int pith_byline_label(const char *s, size_t n);

/* A labelled byline line s[0..n) that signs an article wherever its body
 * holds it: a label and its colon ("Autorin: Uta Staschewski,
 * Projektleiterin", "Text: Jane Doe") or "von"/"by" and a name alone
 * ("von Klaus Stanjek"), at most 120 bytes; cleaned into out ("" when it
 * is none). Returns 0 or PITH_ENOMEM. */
int pith_byline_labelled(const char *s, size_t n, const char *site, const char *host,
                         pith_buf_t *out);

/* Where the name starts in a link to an author's archive, "Alle Beiträge
 * von Jane Doe", "View all posts by Jane Doe", "Alles von Jane Doe" (an
 * author box under the article), n when the words stand alone; 0 when
 * s[0..n) opens with no such words.
 * "More from" is not one: it names sections and publishers as often. */
size_t pith_byline_archive(const char *s, size_t n);

/* A closing byline: among the last three of an article's paragraphs,
 * a short one (at most 120 bytes) that opens like a byline ("Von Cosima
 * Künzel", "Autorin: Uta Staschewski, Projektleiterin der HSS"), or a
 * blogger's sign-off as the last one ("Euer HansEhrlich"), cleaned into out
 * ("" when none); else such a paragraph among its first three (a byline
 * under the headline that the body kept); else a labelled one ("Autorin:
 * ...", "von Klaus Stanjek" alone) anywhere between. Returns 0 or
 * PITH_ENOMEM. */
int pith_byline_closing(char *const *paras, size_t n, const char *site, const char *host,
                        pith_buf_t *out);

/* Where the names start after a press release's contact label that opens
 * s[0..n) ("Pressekontakt", "Press contact:", "Medienkontakt", "Contact
 * presse"): n when the label stands alone (the name is on the next line);
 * 0 when s opens with no such label. */
size_t pith_byline_contact(const char *s, size_t n);

/* A press release's contact block among an article's last three
 * paragraphs: a contact label and the name after it or on the next line
 * ("Pressekontakt" / "Dr. Jane Doe" / "Pressesprecherin" / phone, mail),
 * how press releases are signed; cleaned into out ("" when none). Returns
 * 0 or PITH_ENOMEM. */
int pith_byline_contact_block(char *const *paras, size_t n, const char *site, const char *host,
                              pith_buf_t *out);

#endif

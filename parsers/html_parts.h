/* The words of class and id values: which of a few lists of words
 * ("comment", "sidebar"; "date", "byline") stand in a value's word parts
 * (html_shown.c reads chrome boxes, date lines and bylines so). Moved out
 * of html_shown.c whole. */
#ifndef PITH_HTML_PARTS_H
#define PITH_HTML_PARTS_H

#include <stddef.h>

/* A word of the class/id vocabulary and the list it belongs to (a bit). */
typedef struct {
    const char *w; /* lowercase */
    unsigned char len;
    unsigned char list;
} part_word_t;

#define PW(s, l)                                                                                   \
    {                                                                                              \
        s, sizeof s - 1, l                                                                         \
    }

/* The words of a list by first letter: head[c - 'a'] is the first word
 * starting with c (or -1), next[k] the one after word k; lens[c - 'a'] has
 * bit n set when a word of a suffix list is n bytes long and ends in c
 * (lens[26]: in a byte other than a small letter). */
typedef struct {
    signed char head[26], next[32];
    unsigned long long lens[27];
} word_index_t;

/* Fills ix for the words (suffix: the lists matched at a part's end too). */
void pith_part_index(const part_word_t *words, size_t nwords, unsigned suffix, word_index_t *ix);

/* Which lists have a word that a word-part of v (class or id split at
 * blanks, '-' and '_') starts with, or ends with for the lists in suffix
 * ("artikeldatum"), or has after a camelCase hump for the lists in camel
 * ("liveArticleDateBlock"): bit l set for list l. Parts, not substrings:
 * "layoutTwoColumnsRightSidebar" is not a sidebar. WordPress's taxonomy
 * classes ("category-popular", "tag-comments") name the article's topics,
 * not its parts, and are skipped, and so is Drupal's "node-promoted" (a
 * state: on the front page). This runs for every element of the page, so
 * v is read once, part by part, and a part is looked at only where a word
 * may stand in it (its start, a hump, as far from its end as a suffix word
 * is long), against the words starting with the letter there. At most 32
 * words. */
unsigned pith_part_lists(const char *v, const part_word_t *words, const word_index_t *ix,
                         unsigned all, unsigned suffix, unsigned camel);

#endif

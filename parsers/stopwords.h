/* Stop words: the share of function words in a text, and its language.
 *
 * Running prose is full of short function words ("the", "и", "der", "que");
 * menus, tag lists, credits and metadata are not. The share of stop-word
 * tokens is therefore one of the strongest generic features for telling an
 * article's paragraphs from page chrome, and which list matches best is a
 * cheap language guess. The lists are data files (data/stopwords/<lang>.txt,
 * one lowercase word per line) embedded into the core; the lookup table is
 * built once on first use (pthread_once) and read-only afterwards, so every
 * function here is thread-safe. */
#ifndef PITH_STOPWORDS_H
#define PITH_STOPWORDS_H

#include <stddef.h>

#include "pith/error.h"

#define PITH_STOP_MAXLANGS 32

typedef struct pith_stopcount {
    unsigned words;   /* word tokens in the text (letters/digits runs) */
    unsigned stops;   /* of those, stop words of `lang` */
    unsigned caps;    /* tokens starting with an upper-case letter */
    unsigned digits;  /* tokens made of digits */
    const char *lang; /* best-matching language code ("en"), or NULL */
    /* Stop-word tokens per language, indexed like pith_stopwords_langs(),
     * so that callers can add up several texts and pick a language once. */
    unsigned hits[PITH_STOP_MAXLANGS];
} pith_stopcount_t;

/* Counts tokens of s[0..n). When lang is non-NULL and known, stop words are
 * counted for that language; otherwise for the best-matching one (reported
 * in out->lang, NULL when no list matches at least one token). Returns 0, or
 * PITH_ENOMEM if the table could not be built. */
int pith_stopwords_count(const char *s, size_t n, const char *lang, pith_stopcount_t *out);

/* The share of stop-word tokens in s[0..n) (0 when it has no words) for the
 * best-matching language, whose code goes to *lang when lang is non-NULL
 * (NULL when none matches). */
double pith_stopwords_ratio(const char *s, size_t n, const char **lang);

/* Whether word[0..n) (any case) is a stop word of lang ("en" ...). */
int pith_stopwords_is(const char *word, size_t n, const char *lang);

/* Builds the table now (pith_core_init calls it once): 0, or PITH_ENOMEM
 * with what could not be built in err. */
int pith_stopwords_init(pith_err_t *err);

/* The language codes that have a list, NULL-terminated (static storage);
 * the index of a code is its index into pith_stopcount_t.hits. */
const char *const *pith_stopwords_langs(void);

#endif

/* The article's end: what stands after an article's last paragraph, among
 * the chosen blocks, and is the page's (closing labels with what follows
 * them, appeals to the reader).
 *
 * An article's last part often carries, as siblings of its paragraphs, a
 * label and what belongs to it: "Über den Autor" and a bio, "Kontakt:" and
 * an address, "Mehr Themen:" and links. No box marks them off, so neither
 * the scorer nor the class words see them. A closing label (a short block
 * that is only the label, pith_html_closing_title) standing where at most
 * TAIL_SHARE of the kept text follows it ends the article there: it and
 * the kept blocks after it are dropped. Labels earlier in the article are
 * headings of its own sections and stay. Returns the characters dropped. */
#include "html_tail.h"

#include "html_hints.h"

#include <stdio.h>
#include <stdlib.h>

#define TAIL_SHARE 0.35
#define TAIL_LABEL_MAX 60

size_t pith_html_cut_tail(const ctx_t *c, char *keep)
{
    size_t total = 0, first = c->nblocks, last = 0;
    for (size_t i = 0; i < c->nblocks; i++)
        if (keep[i]) {
            total += c->blocks[i].chars;
            if (first == c->nblocks)
                first = i;
            last = i;
        }
    if (total < MIN_ARTICLE || first >= last)
        return 0;
    size_t before = 0;
    for (size_t i = first; i <= last; i++) {
        const block_t *b = &c->blocks[i];
        if (before >= MIN_ARTICLE && (double)(total - before) <= TAIL_SHARE * (double)total &&
            b->chars <= TAIL_LABEL_MAX && pith_html_closing_title(c->text + b->off, b->len)) {
            size_t dropped = 0;
            if (getenv("PITH_HTML_DEBUG"))
                fprintf(stderr, "pith-html: the article ends at block %zu |%.*s|\n", i,
                        (int)(b->len < 70 ? b->len : 70), c->text + b->off);
            for (size_t j = i; j <= last; j++)
                if (keep[j]) {
                    dropped += c->blocks[j].chars;
                    keep[j] = 0;
                }
            return dropped;
        }
        if (keep[i])
            before += b->chars;
    }
    return 0;
}

/* A closing appeal to the reader ("Melde dich hier für unseren Newsletter
 * an!", "If you enjoyed reading this post, would you consider supporting
 * our work?", "¡Mira lo que tiene nuestro canal de YouTube!") is the site
 * speaking, not the article, and it is often a long paragraph that no
 * label opens. The "@" entries of data/html/boilerplate.txt contained in
 * a block (pith_html_closing_appeal) mark it. Only among the last
 * TAIL_APPEALS kept blocks, within TAIL_SHARE of the text, does it end
 * the article: it and what follows (a sign-off, a citation line) go. The
 * same words earlier are the article's. */
#define TAIL_APPEALS 5

size_t pith_html_cut_appeals(const ctx_t *c, char *keep)
{
    size_t total = 0, tail = 0, cut = c->nblocks;
    for (size_t i = 0; i < c->nblocks; i++)
        if (keep[i])
            total += c->blocks[i].chars;
    size_t i = c->nblocks, n = 0;
    while (i > 0 && n < TAIL_APPEALS) {
        i--;
        if (!keep[i])
            continue;
        const block_t *b = &c->blocks[i];
        tail += b->chars;
        n++;
        if ((double)tail > TAIL_SHARE * (double)total || total - tail < MIN_ARTICLE)
            break;
        if (pith_html_closing_appeal(c->text + b->off, b->len))
            cut = i;
    }
    size_t dropped = 0;
    if (cut < c->nblocks && getenv("PITH_HTML_DEBUG"))
        fprintf(stderr, "pith-html: a closing appeal at block %zu |%.*s|\n", cut,
                (int)(c->blocks[cut].len < 70 ? c->blocks[cut].len : 70),
                c->text + c->blocks[cut].off);
    for (size_t j = cut; j < c->nblocks; j++)
        if (keep[j]) {
            dropped += c->blocks[j].chars;
            keep[j] = 0;
        }
    return dropped;
}

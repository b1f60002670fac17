/* A fast pass over raw HTML before Gumbo sees it.
 *
 * Most of a modern page's bytes are script, style, inline SVG and comments,
 * none of which can hold article text. Tokenizing them costs Gumbo as much as
 * real content, so this pass copies the page while dropping them: <script>
 * (except application/ld+json, kept for metadata), <style>, <svg>, <math>,
 * <noscript>, <template>, <iframe>, <textarea>, <img>, <link> (but
 * rel=canonical), <meta> in the head that html_meta.c does not read (no
 * content, or a name it does not know: viewport, verification and app ids
 * are most of a head), comments and processing instructions. It follows the HTML tokenizer's rules
 * where they matter (quoted attribute values may hold '>', raw-text elements end only at their own
 * end tag) so that it never swallows text that Gumbo would show.
 *
 * It also caps element nesting: Gumbo's scope checks walk the stack of open
 * elements, which makes 100,000 nested <div>s quadratic (tens of seconds).
 * Start tags past PITH_PRESCAN_MAX_DEPTH open elements are dropped along with
 * as many end tags, keeping their text.
 *
 * Tags keep only the attributes the extractor reads, on the tags it reads
 * them on (the table in html_prescan.c: add any attribute you start reading
 * there), the first of each name and at most PITH_PRESCAN_MAX_ATTRS per
 * tag; end tags keep none. A link's href is kept only with
 * PITH_PRESCAN_LINKS (links written out). A quoted class or id becomes
 * c="N" or i="N", the value's number in the map (html_names.h: Gumbo reads
 * four bytes instead of "wp-block-group__inner-container is-layout-flow",
 * and the readers find the value itself in the map); without a map, or
 * where it does not pay, only the names some reader reads stay, and the
 * attribute goes when none is left. A quoted class or id keeps only
 * the names some reader of it reads (html_names.h: "menu-item" stays,
 * "wp-block-group__inner-container" goes), and goes when none is left.
 * A kept tag is written compactly: its name, one space before each kept
 * attribute, and its '>' (or "/>"). A run of white space between two kept
 * tags keeps its first byte, outside <pre> and <listing> (nothing outside
 * them reads more than that it is white space). Gumbo spends some 300
 * instructions per byte, most on text and tags; these cuts are about a
 * quarter of its input. A tag the input ends inside is dropped, as the
 * tokenizer drops it. Gumbo checks each attribute against all earlier ones
 * of its tag, so a tag with a million attributes was quadratic; bounded
 * lists make its tokenizer constant per input byte.
 *
 * Text goes to Gumbo as placeholders (html_placeholders.h): each stretch
 * of plain text in the data state becomes one U+FFFC, its text set aside in
 * the map, and pith_html_unplace puts it back into the tree's text nodes
 * after the parse. Gumbo then builds the same tree, and spends its 300
 * instructions on one character per stretch instead of each. White space
 * before a stretch, character references and the bytes Gumbo changes stay
 * as they are; so do titles, <plaintext> and kept scripts, which the pass
 * copies as they are.
 *
 * Cuts and placeholders would move the source offsets Gumbo reports
 * (html_shown measures distances with them), so the pass records them in a
 * map, and pith_html_prescan_offset gives back the offset the byte had
 * without them (as when unread attributes were blanked to spaces). When
 * the map cannot grow, the pass goes back to blanking and to text as it
 * is: it never fails. */
#ifndef PITH_HTML_PRESCAN_H
#define PITH_HTML_PRESCAN_H

#include "pith/strset.h"

#include <stddef.h>
#include <stdint.h>

#define PITH_PRESCAN_MAX_DEPTH 256
#define PITH_PRESCAN_MAX_ATTRS 8

/* pith_html_prescan's flags: keep the href of <a> (links are written);
 * write text as it is, without placeholders (for the tests that compare
 * the two). */
#define PITH_PRESCAN_LINKS 1u
#define PITH_PRESCAN_NO_PLACEHOLDERS 2u

/* The placeholder that stands for a stretch of text: U+FFFC. */
#define PITH_PLACEHOLDER "\xEF\xBF\xBC"
#define PITH_PLACEHOLDER_LEN 3

/* One cut: up to output offset at, cut bytes were left out in all. */
typedef struct {
    uint32_t at, cut;
} pith_prescan_cut_t;

/* One placeholder: at output offset at; the text it stands for at from in
 * the map's text (NUL-terminated); extra: the source bytes the placeholders
 * up to this one saved, in all. */
typedef struct {
    uint32_t at, from, extra;
} pith_prescan_seg_t;

/* Where the pass records its cuts, in output order; memory comes from
 * alloc/dealloc (with ud), as for Gumbo. Zero it and set those three. */
typedef struct pith_prescan_map {
    void *(*alloc)(void *ud, size_t n);
    void (*dealloc)(void *ud, void *p);
    void *ud;
    pith_prescan_cut_t *cuts;
    size_t n, cap;
    /* The class and id values the pass took out of the tags, each once,
     * NUL-terminated, by number, and their numbers by value (html_names.c;
     * the set is set up by the first value). */
    const char **names;
    size_t nnames, capnames;
    pith_strset_t numbers;
    /* The placeholders, in output order, and the text they stand for. */
    pith_prescan_seg_t *segs;
    size_t nsegs, capsegs;
    char *text;
    size_t ntext, captext;
} pith_prescan_map_t;

/* Writes the filtered copy of in[0..n) into out, which must have room for n
 * bytes plus a NUL; returns the length written (at most n). Never fails.
 * out may be in itself (then in[n] must be writable): the output never runs
 * ahead of the input, so a page the caller no longer needs is filtered where
 * it lies instead of into a second buffer of its size. Any other overlap is
 * not allowed. With map NULL the cuts are made and not recorded; else they
 * are recorded in map (whose cuts the caller frees with its dealloc), and so
 * are the placeholders (none without a map). flags: PITH_PRESCAN_LINKS,
 * PITH_PRESCAN_NO_PLACEHOLDERS or 0. */
size_t pith_html_prescan(const char *in, size_t n, char *out, pith_prescan_map_t *map,
                         unsigned flags);

/* The offset in the output as it would be without cuts of output offset
 * off (map NULL: off). */
size_t pith_html_prescan_offset(const pith_prescan_map_t *map, size_t off);

/* An array of the map's (cuts, class and id values, placeholders) grown to
 * cap items of size bytes: a new block from the map's alloc holding the n
 * items of old, which goes back to its dealloc; NULL (old kept) when the
 * allocation fails. */
void *pith_prescan_map_grow(const pith_prescan_map_t *map, void *old, size_t n, size_t cap,
                            size_t size);

/* The offset off of the output as it would be without placeholders (the
 * other cuts stay): what the pieces' plan measures. */
size_t pith_html_prescan_unplaced(const pith_prescan_map_t *map, size_t off);

/* 1 when the prescan keeps attribute name on the start tags named tag
 * (both lower case; with PITH_PRESCAN_LINKS); pith_html_attr asserts it in
 * debug builds. 0 for class and id, which it may give as numbers, c and i:
 * read them with pith_html_names_value (html_names.h). */
int pith_html_prescan_keeps(const char *tag, const char *name);

#endif

/* A fast pass over raw HTML before Gumbo sees it.
 *
 * Most of a modern page's bytes are script, style, inline SVG and comments,
 * none of which can hold article text. Tokenizing them costs Gumbo as much as
 * real content, so this pass copies the page while dropping them: <script>
 * (except application/ld+json, kept for metadata), <style>, <svg>, <math>,
 * <noscript>, <template>, <iframe>, <textarea>, <img>, comments and
 * processing instructions. It follows the HTML tokenizer's rules where they
 * matter (quoted attribute values may hold '>', raw-text elements end only at
 * their own end tag) so that it never swallows text that Gumbo would show.
 *
 * It also caps element nesting: Gumbo's scope checks walk the stack of open
 * elements, which makes 100,000 nested <div>s quadratic (tens of seconds).
 * Start tags past PITH_PRESCAN_MAX_DEPTH open elements are dropped along with
 * as many end tags, keeping their text. */
#ifndef PITH_HTML_PRESCAN_H
#define PITH_HTML_PRESCAN_H

#include <stddef.h>

#define PITH_PRESCAN_MAX_DEPTH 256

/* Writes the filtered copy of in[0..n) into out, which must have room for n
 * bytes plus a NUL; returns the length written (at most n). Never fails. */
size_t pith_html_prescan(const char *in, size_t n, char *out);

#endif

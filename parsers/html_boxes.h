/* Second looks at the boxes of the block model before scoring
 * (html_boxes.c). Private to the HTML extractor. */
#ifndef PITH_HTML_BOXES_H
#define PITH_HTML_BOXES_H

#include "html_model.h"

/* Corrects the chrome flags of c's containers that their names got wrong:
 * repeated boxes holding a story's paragraphs and a form around the whole
 * page are not chrome; a box opening with a title such as "Related
 * articles" is (F_TITLED). */
void pith_html_boxes_review(ctx_t *c);

#endif

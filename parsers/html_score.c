/* Scoring the block model (html_model.h) in the manner of Readability:
 * paragraphs score their container and its ancestors by length, commas and
 * sentence segments; containers are weighted by tag and class/id hint and
 * discounted by link density; the best is widened to an ancestor that holds
 * several strong candidates. Moved out of html.c whole (html.c builds the
 * model and selects from it). */
#include "html_model.h"

static float tag_weight(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
        return 5;
    case GUMBO_TAG_SECTION:
        return 3;
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_BLOCKQUOTE:
        return 3;
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_FORM:
        return -3;
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TH:
        return -5;
    default:
        return 0;
    }
}

static void init_score(cont_t *k)
{
    if (k->flags & F_SCORED)
        return;
    k->flags |= F_SCORED;
    k->score = tag_weight((GumboTag)k->tag) + 12.0f * k->hint + ((k->flags & F_ARTICLE) ? 10 : 0);
}

static float link_density(const cont_t *k)
{
    return k->text ? (float)k->link / (float)k->text : 0;
}

int pith_html_score(ctx_t *c, int strict)
{
    unsigned body_text = c->nconts ? c->conts[0].text : 0;
    for (size_t i = 0; i < c->nconts; i++) {
        cont_t *k = &c->conts[i];
        k->flags &= (unsigned char)~F_SCORED;
        k->score = 0;
        int bad = (k->flags & F_BAD) && k->tag != GUMBO_TAG_HEADER;
        k->deepest_bad = bad ? k->depth : (k->parent >= 0 ? c->conts[k->parent].deepest_bad : -1);
        if (k->parent >= 0 && (c->conts[k->parent].flags & (F_TITLED | F_INTITLED)))
            k->flags |= F_INTITLED;
    }
    for (size_t i = 0; i < c->nblocks; i++) {
        const block_t *b = &c->blocks[i];
        if (b->chars < MIN_PARA || b->cont < 0)
            continue;
        const cont_t *own = &c->conts[b->cont];
        /* A titled section ("Related articles") is never the article, even
         * when it holds most of the page's text. */
        if (strict && (own->flags & (F_TITLED | F_INTITLED)))
            continue;
        if (strict && own->deepest_bad >= 0) {
            /* Under chrome, unless that chrome wraps most of the page. */
            int a = b->cont;
            while (a >= 0 && c->conts[a].depth > own->deepest_bad)
                a = c->conts[a].parent;
            if (a >= 0 && c->conts[a].text * 10 < body_text * 6)
                continue;
        }
        if (b->link * 2 > b->chars)
            continue;
        float s = (float)b->segs + (float)b->commas;
        float len = (float)b->chars / 100.0f;
        s += len < 3.0f * (float)b->segs ? len : 3.0f * (float)b->segs;
        int p = own->parent;
        if (own->tag == GUMBO_TAG_DIV || own->tag == GUMBO_TAG_SECTION ||
            own->tag == GUMBO_TAG_ARTICLE || own->tag == GUMBO_TAG_TD ||
            own->tag == GUMBO_TAG_MAIN) {
            /* Text straight in a div counts as a paragraph of that div. */
            p = b->cont;
        }
        for (int level = 0; p >= 0 && level < 3; level++, p = c->conts[p].parent) {
            cont_t *k = &c->conts[p];
            init_score(k);
            k->score += level == 0 ? s : level == 1 ? s / 2 : s / (3.0f * (float)level);
        }
    }
    int best = -1;
    for (size_t i = 0; i < c->nconts; i++) {
        cont_t *k = &c->conts[i];
        if (!(k->flags & F_SCORED))
            continue;
        k->score *= 1.0f - link_density(k);
        if (best < 0 || k->score > c->conts[best].score)
            best = (int)i;
    }
    return best;
}

/* Widens the best candidate to an ancestor when several other strong
 * candidates live under that ancestor too (an article split in sections),
 * or when the parent scores better. */
int pith_html_widen(ctx_t *c, int best)
{
    float top = c->conts[best].score;
    int others[5];
    size_t no = 0;
    for (size_t i = 0; i < c->nconts && no < 5; i++) {
        const cont_t *k = &c->conts[i];
        if ((int)i != best && (k->flags & F_SCORED) && k->score >= 0.75f * top &&
            !pith_cont_contains(c, best, (int)i))
            others[no++] = (int)i;
    }
    if (no >= 2) {
        for (int a = c->conts[best].parent; a >= 0 && c->conts[a].tag != GUMBO_TAG_BODY;
             a = c->conts[a].parent) {
            size_t in = 0;
            for (size_t j = 0; j < no; j++)
                in += pith_cont_contains(c, a, others[j]);
            if (in >= 2) {
                best = a;
                break;
            }
        }
    }
    float last = c->conts[best].score;
    float threshold = last / 3;
    for (int a = c->conts[best].parent; a >= 0 && c->conts[a].tag != GUMBO_TAG_BODY;
         a = c->conts[a].parent) {
        const cont_t *k = &c->conts[a];
        if (!(k->flags & F_SCORED))
            continue;
        if (k->score < threshold)
            break;
        if (k->score > last) {
            best = a;
            break;
        }
        last = k->score;
    }
    /* An only child stands for its parent. */
    while (c->conts[best].parent >= 0) {
        const cont_t *p = &c->conts[c->conts[best].parent];
        if (p->tag == GUMBO_TAG_BODY || p->text != c->conts[best].text ||
            p->end_cont - (unsigned)c->conts[best].parent - 1 !=
                c->conts[best].end_cont - (unsigned)best + 0u)
            break;
        best = c->conts[best].parent;
    }
    return best;
}

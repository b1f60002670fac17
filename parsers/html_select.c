/* The candidates work on the block model alone, in linear passes (the
 * JSON-LD match is one substring search per paragraph-sized block in the
 * article body, only on pages that declare one). They share one notion of
 * chrome that differs from the scorer's on purpose: structural chrome
 * (nav, aside, footer, forms, link-heavy boxes, boxes titled "Related
 * articles") always counts, but class names only count against a box that
 * does not read like an article itself. The scorer trusts class names;
 * when they lie, the other candidates see past them. */
#include "html_select.h"

#include "html_hints.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RUN_CHARS 80     /* a block this long with few links is running text */
#define LD_MIN_CHARS 300 /* a JSON-LD articleBody shorter than this is a teaser */
#define LD_MAX_BYTES (1u << 20)
#define LD_PROBE 80       /* bytes of a block looked up in the articleBody */
#define LD_MAX_TESTS 4096 /* blocks looked up, at most */
#define SHORT_ARTICLE 300 /* characters below which the description is looked for */

static int is_heading(unsigned tag)
{
    return tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 ||
           tag == GUMBO_TAG_H4 || tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;
}

static int is_item(unsigned tag)
{
    return tag == GUMBO_TAG_LI || tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH ||
           tag == GUMBO_TAG_DT || tag == GUMBO_TAG_DD;
}

/* Markup shown as text ("<img src=...>" in a page that escaped it) is
 * never prose, however long. */
static int markup(const ctx_t *c, const block_t *b)
{
    const char *s = c->text + b->off;
    return b->len > 2 && s[0] == '<' && ((s[1] | 32) >= 'a' && (s[1] | 32) <= 'z');
}

static int running(const ctx_t *c, const block_t *b)
{
    return b->chars >= RUN_CHARS && b->link * 4 < b->chars && !markup(c, b);
}

/* Whether a container lies in a <header> element: an article's own header
 * holds its summary, which news pages set apart from the text. */
static int in_header(const ctx_t *c, int k)
{
    for (int d = 0; k >= 0 && d < 64; k = c->conts[k].parent, d++)
        if (c->conts[k].tag == GUMBO_TAG_HEADER)
            return 1;
    return 0;
}

static int linky(const block_t *b)
{
    return b->link * 2 > b->chars && b->chars < 400;
}

/* A heading that titles what follows it, not a sentence of the article
 * set as a heading (a pull quote ends in a full stop). */
static int trailing_title(const ctx_t *c, const block_t *b)
{
    if (b->cont < 0 || !is_heading(c->conts[b->cont].tag))
        return 0;
    const char *s = c->text + b->off;
    size_t n = b->len;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t'))
        n--;
    return n && s[n - 1] != '.';
}

/* ---- shared view of the page ------------------------------------------- */

typedef struct view {
    ctx_t *c;
    unsigned *run; /* per container: running-text characters inside */
    char *bad;     /* per container: chrome, or inside chrome */
    char *hbad;    /* per container: chrome by the scorer's lights (class words too) */
    char *strong;  /* per container: under a box with strong chrome words (comments, share) */
    char *fstrong; /* the same, layout words ("title", "info") left out */
    char *cbad;    /* per container: like hbad, but layout words only count against a box
                    * that does not read like an article */
    char *boiler;  /* per block: boilerplate phrase */
    size_t total;  /* running text outside chrome, whole page */
    size_t rs, re; /* the densest region: blocks [rs, re) */
} view_t;

static int own_bad(const ctx_t *c, const unsigned *run, size_t i)
{
    const cont_t *k = &c->conts[i];
    if (k->flags & (F_TITLED | F_INTITLED))
        return 1;
    if (!(k->flags & F_BAD))
        return 0;
    if (!(k->flags & F_BADHINT))
        return k->tag != GUMBO_TAG_HEADER;
    /* Bad by its class words only: believed unless the box reads like an
     * article (mostly running text, few links). */
    return !(k->text && (size_t)run[i] * 10 >= (size_t)k->text * 6 &&
             (size_t)k->link * 100 <= (size_t)k->text * 15 && run[i] >= 2 * RUN_CHARS);
}

static int view_init(view_t *v, ctx_t *c)
{
    v->c = c;
    v->run = pith_arena_alloc(c->arena, (c->nconts + 1) * sizeof *v->run);
    v->bad = pith_arena_alloc(c->arena, c->nconts + 1);
    v->boiler = pith_arena_alloc(c->arena, c->nblocks + 1);
    v->hbad = pith_arena_alloc(c->arena, c->nconts + 1);
    v->strong = pith_arena_alloc(c->arena, c->nconts + 1);
    v->cbad = pith_arena_alloc(c->arena, c->nconts + 1);
    v->fstrong = pith_arena_alloc(c->arena, c->nconts + 1);
    if (!v->run || !v->bad || !v->boiler || !v->hbad || !v->strong || !v->cbad || !v->fstrong)
        return PITH_ENOMEM;
    memset(v->run, 0, (c->nconts + 1) * sizeof *v->run);
    for (size_t i = 0; i < c->nblocks; i++) {
        const block_t *b = &c->blocks[i];
        v->boiler[i] = (char)(b->len < 300 && pith_html_boilerplate(c->text + b->off, b->len));
        if (b->cont >= 0 && running(c, b) && !v->boiler[i])
            v->run[b->cont] += b->chars;
    }
    /* Children come after their parent: a backward pass sums subtrees. */
    for (size_t i = c->nconts; i-- > 1;)
        if (c->conts[i].parent >= 0)
            v->run[c->conts[i].parent] += v->run[i];
    for (size_t i = 0; i < c->nconts; i++) {
        int p = c->conts[i].parent;
        v->bad[i] = (char)((p >= 0 && v->bad[p]) || own_bad(c, v->run, i));
        v->hbad[i] = (char)((p >= 0 && v->hbad[p]) || (c->conts[i].flags & F_BAD) || v->bad[i]);
        v->strong[i] = (char)((p >= 0 && v->strong[p]) || c->conts[i].hint <= -3);
        v->fstrong[i] = (char)((p >= 0 && v->fstrong[p]) ||
                               (c->conts[i].hint <= -3 && !(c->conts[i].flags & F_LAYOUT)));
        unsigned char f = c->conts[i].flags;
        int layout = (f & (F_BADHINT | F_LAYOUT)) == (F_BADHINT | F_LAYOUT) && !v->bad[i];
        v->cbad[i] = (char)((p >= 0 && v->cbad[p]) || v->bad[i] || ((f & F_BAD) && !layout));
    }
    v->total = 0;
    for (size_t i = 0; i < c->nblocks; i++) {
        const block_t *b = &c->blocks[i];
        if (b->cont >= 0 && !v->bad[b->cont] && running(c, b) && !v->boiler[i])
            v->total += b->chars;
    }
    return 0;
}

/* A block a candidate may keep once it lies in the candidate's area. */
static int keepable(const view_t *v, size_t i)
{
    const block_t *b = &v->c->blocks[i];
    if (b->cont < 0 || v->bad[b->cont] || v->boiler[i] || linky(b))
        return 0;
    unsigned tag = v->c->conts[b->cont].tag;
    return b->chars >= MIN_PARA || is_heading(tag) || is_item(tag);
}

/* ---- candidates ---------------------------------------------------------- */

/* The densest region: Kadane's maximum-sum run over the blocks in document
 * order, running text weighing its length, link-heavy blocks their negative
 * length and other short blocks a little against, so a region stops at
 * menus and link lists but crosses headings and captions. */
static void cand_region(view_t *v, char *keep)
{
    const ctx_t *c = v->c;
    long best = 0, sum = 0;
    size_t bs = 0, be = 0, s = 0;
    for (size_t i = 0; i < c->nblocks; i++) {
        const block_t *b = &c->blocks[i];
        if (b->cont < 0 || v->bad[b->cont])
            continue;
        long w;
        if (linky(b)) {
            w = -2 * (long)b->chars;
        } else if (running(c, b) && !v->boiler[i]) {
            /* Teasers are running text too, but each sits in a card with a
             * linked title: text in a box with many links counts less. */
            const cont_t *k = &c->conts[b->cont];
            if (k->parent >= 0 && c->conts[k->parent].text < 4 * b->chars + 400)
                k = &c->conts[k->parent];
            float ld = k->text ? (float)k->link / (float)k->text : 0;
            float f = 1.0f - 3.0f * ld;
            w = (long)((float)b->chars * (f > -1 ? f : -1));
        } else
            w = -(long)(b->chars < 15 ? b->chars : 15);
        if (sum <= 0) {
            sum = 0;
            s = i;
        }
        sum += w;
        if (sum > best) {
            best = sum;
            bs = s;
            be = i + 1;
        }
    }
    for (size_t i = bs; i < be; i++)
        keep[i] = (char)keepable(v, i);
    v->rs = bs;
    v->re = be;
}

/* The union of paragraph-like blocks under the deepest container that
 * holds at least 60% of the page's running text outside chrome. */
static void cand_union(const view_t *v, char *keep)
{
    const ctx_t *c = v->c;
    if (v->total == 0)
        return;
    /* Running text outside chrome, per container. */
    unsigned *in = pith_arena_alloc(c->arena, (c->nconts + 1) * sizeof *in);
    if (!in)
        return;
    memset(in, 0, (c->nconts + 1) * sizeof *in);
    for (size_t i = 0; i < c->nblocks; i++) {
        const block_t *b = &c->blocks[i];
        if (b->cont >= 0 && !v->bad[b->cont] && running(c, b) && !v->boiler[i])
            in[b->cont] += b->chars;
    }
    for (size_t i = c->nconts; i-- > 1;)
        if (c->conts[i].parent >= 0)
            in[c->conts[i].parent] += in[i];
    int best = -1;
    for (size_t i = 0; i < c->nconts; i++)
        if ((size_t)in[i] * 10 >= v->total * 6 &&
            (best < 0 || c->conts[i].depth > c->conts[best].depth))
            best = (int)i;
    if (best < 0)
        return;
    const cont_t *k = &c->conts[best];
    for (unsigned i = k->first_block; i < k->end_block; i++)
        keep[i] = (char)keepable(v, i);
}

/* Whitespace collapsed (no-break spaces too) into out; returns its length. */
static size_t squeeze(const char *s, size_t n, char *out)
{
    size_t len = 0;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        int blank = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f';
        if (ch == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            blank = 1;
            i++;
        }
        if (blank) {
            space = len > 0;
            continue;
        }
        if (space)
            out[len++] = ' ';
        space = 0;
        out[len++] = (char)ch;
    }
    return len;
}

/* The longest articleBody string within depth levels of j. */
static const char *find_body(json_t *j, int depth, size_t *blen)
{
    const char *best = NULL;
    *blen = 0;
    if (depth > 8)
        return NULL;
    if (json_is_array(j)) {
        size_t i;
        json_t *x;
        json_array_foreach(j, i, x)
        {
            size_t l;
            const char *s = find_body(x, depth + 1, &l);
            if (s && l > *blen)
                best = s, *blen = l;
        }
    } else if (json_is_object(j)) {
        const char *key;
        json_t *x;
        json_object_foreach(j, key, x)
        {
            size_t l = 0;
            const char *s = NULL;
            if (strcmp(key, "articleBody") == 0 && json_is_string(x)) {
                s = json_string_value(x);
                l = json_string_length(x);
            } else if (json_is_object(x) || json_is_array(x)) {
                s = find_body(x, depth + 1, &l);
            }
            if (s && l > *blen)
                best = s, *blen = l;
        }
    }
    return best;
}

/* The page's JSON-LD articleBody, whitespace squeezed, into out, and as it
 * is into orig (both arena memory). Returns its length in characters, 0 when there is none. */
static size_t ld_body(ctx_t *c, char **out, size_t *olen, char **orig, size_t *origlen)
{
    size_t chars = 0;
    *out = *orig = NULL;
    *olen = *origlen = 0;
    for (size_t i = 0; i < c->meta.njsonld; i++) {
        const GumboNode *t = c->meta.jsonld[i]->v.element.children.data[0];
        if (t->type != GUMBO_NODE_TEXT && t->type != GUMBO_NODE_CDATA &&
            t->type != GUMBO_NODE_WHITESPACE)
            continue;
        size_t tl = strlen(t->v.text.text);
        if (tl > LD_MAX_BYTES || !memmem(t->v.text.text, tl, "\"articleBody\"", 13))
            continue;
        /* As the metadata's finish read it, when it did. */
        int own = !c->meta.ld_read[i];
        json_t *root = own ? json_loadb(t->v.text.text, tl, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL)
                           : c->meta.ld_root[i];
        if (!root)
            continue;
        size_t bl;
        const char *body = find_body(root, 0, &bl);
        if (body && bl > *olen) {
            char *o = pith_arena_alloc(c->arena, bl + 1);
            char *r = pith_arena_alloc(c->arena, bl + 1);
            if (o && r) {
                *olen = squeeze(body, bl, o);
                o[*olen] = '\0';
                *out = o;
                memcpy(r, body, bl);
                r[bl] = '\0';
                *orig = r;
                *origlen = bl;
            }
        }
        if (own)
            json_decref(root);
    }
    for (size_t i = 0; i < *olen; i++)
        chars += ((unsigned char)(*out)[i] & 0xC0) != 0x80;
    return chars;
}

/* Marks in inld the blocks whose opening words occur in the articleBody. */
static void ld_match(const view_t *v, const char *body, size_t blen, char *inld)
{
    const ctx_t *c = v->c;
    char probe[LD_PROBE * 2 + 8];
    size_t tests = 0;
    for (size_t i = 0; i < c->nblocks && tests < LD_MAX_TESTS; i++) {
        const block_t *b = &c->blocks[i];
        if (b->cont < 0 || b->chars < MIN_PARA)
            continue;
        tests++;
        size_t n = b->len < LD_PROBE * 2 ? b->len : LD_PROBE * 2;
        size_t pl = squeeze(c->text + b->off, n, probe);
        if (pl > LD_PROBE) {
            pl = LD_PROBE;
            while (pl && ((unsigned char)probe[pl] & 0xC0) == 0x80)
                pl--;
        }
        if (pl >= 16 && memmem(body, blen, probe, pl))
            inld[i] = 1;
    }
}

static void stats(const view_t *v, pith_html_cand_t *k, const char *scorer, const char *inld)
{
    const ctx_t *c = v->c;
    k->chars = k->run = k->link = k->frag = k->common = k->inld = 0;
    k->added_chrome = k->added_link = 0;
    if (!k->keep)
        return;
    for (size_t i = 0; i < c->nblocks; i++) {
        if (!k->keep[i])
            continue;
        const block_t *b = &c->blocks[i];
        k->chars += b->chars;
        k->link += b->link;
        if (running(c, b))
            k->run += b->chars;
        if (b->chars < MIN_PARA)
            k->frag += b->chars;
        if (scorer && scorer[i]) {
            k->common += b->chars;
        } else {
            k->added_link += b->link;
            if (v->cbad[b->cont])
                k->added_chrome += b->chars;
        }
        if (inld && inld[i] == 1)
            k->inld += b->chars;
    }
}

/* Keeps the block, not kept yet, whose opening words are the page's
 * declared description (og:, twitter: or meta description), when that is
 * a sentence or more; returns its characters, 0 when there is none. */
static size_t keep_description(const view_t *v, char *keep)
{
    const ctx_t *c = v->c;
    const char *d = c->meta.slot[PITH_META_OG_DESC]   ? c->meta.slot[PITH_META_OG_DESC]
                    : c->meta.slot[PITH_META_TW_DESC] ? c->meta.slot[PITH_META_TW_DESC]
                                                      : c->meta.slot[PITH_META_DESC];
    if (!d)
        return 0;
    char want[LD_PROBE * 2 + 8], probe[LD_PROBE * 2 + 8];
    size_t dl = strlen(d);
    size_t wl = squeeze(d, dl < LD_PROBE * 2 ? dl : LD_PROBE * 2, want);
    if (wl < RUN_CHARS)
        return 0;
    if (wl > LD_PROBE)
        wl = LD_PROBE;
    for (size_t i = 0; i < c->nblocks; i++) {
        const block_t *b = &c->blocks[i];
        if (keep[i] || b->cont < 0 || b->chars < RUN_CHARS || linky(b) || v->fstrong[b->cont])
            continue;
        size_t pl = squeeze(c->text + b->off, b->len < LD_PROBE * 2 ? b->len : LD_PROBE * 2, probe);
        if (pl >= wl && memcmp(probe, want, wl) == 0) {
            keep[i] = 1;
            return b->chars;
        }
    }
    return 0;
}

/* ---- the choice ------------------------------------------------------------ */

/* Reads like an article: links under a fifth, fragments under a third. */
static int clean(const pith_html_cand_t *k)
{
    return k->chars >= MIN_ARTICLE && k->link * 5 <= k->chars && k->frag * 3 <= k->chars;
}

int pith_html_choose(const pith_html_cand_t *cands, size_t ld_chars, const char **why)
{
    const pith_html_cand_t *s = &cands[PITH_CAND_SCORER];
    int have_s = s->keep && s->chars >= MIN_ARTICLE;
    /* With a long articleBody, the candidate that covers most of it wins,
     * provided most of what it keeps is in it too; the scorer stays when it
     * covers the body well. */
    if (ld_chars >= LD_MIN_CHARS) {
        if (have_s && s->inld * 10 >= ld_chars * 7) {
            *why = "scorer covers the JSON-LD articleBody";
            return PITH_CAND_SCORER;
        }
        int best = -1;
        for (int i = 0; i < PITH_CAND_N; i++) {
            const pith_html_cand_t *k = &cands[i];
            if (!k->keep || k->chars < MIN_ARTICLE || k->inld * 2 < k->chars)
                continue;
            if (best < 0 || k->inld > cands[best].inld)
                best = i;
        }
        if (best >= 0 && cands[best].inld * 2 >= ld_chars &&
            (!have_s || cands[best].inld * 10 > s->inld * 12)) {
            *why = "covers most of the JSON-LD articleBody";
            return best;
        }
    }
    /* An alternative with clearly more running text that reads like an
     * article and extends the scorer's pick (or dwarfs it). */
    int best = -1;
    for (int i = PITH_CAND_REGION; i < PITH_CAND_N; i++) {
        const pith_html_cand_t *k = &cands[i];
        if (!k->keep || !clean(k))
            continue;
        if (have_s) {
            int more = k->run * 10 >= s->run * 13 + 2000;
            int extends = k->common * 10 >= s->chars * 7;
            int dwarfs = k->run >= 4 * s->chars + 400;
            /* What it adds must read like the article too: few links, and
             * not in boxes whose class words say comments or teasers. */
            size_t added = k->chars - k->common;
            int plain = k->added_link * 10 <= added && k->added_chrome * 5 <= added;
            if (!more || !(extends || dwarfs) || !plain)
                continue;
        }
        if (best < 0 || k->run > cands[best].run)
            best = i;
    }
    if (best >= 0) {
        *why = have_s ? "clearly more running text than the scorer's pick"
                      : "the scorer found no article";
        return best;
    }
    if (have_s) {
        *why = "no candidate clearly better";
        return PITH_CAND_SCORER;
    }
    /* Nothing reads cleanly: the longest candidate with any running text. */
    for (int i = PITH_CAND_REGION; i < PITH_CAND_N; i++) {
        const pith_html_cand_t *k = &cands[i];
        if (k->keep && k->run >= RUN_CHARS && k->chars >= MIN_ARTICLE &&
            (best < 0 || k->run > cands[best].run))
            best = i;
    }
    *why = best >= 0 ? "the only candidate with running text" : "no candidate";
    return best >= 0 ? best : PITH_CAND_SCORER;
}

/* The JSON-LD candidate: the blocks that match the declared articleBody
 * (body[0..blen)), and headings between matched paragraphs. */
static void cand_ldjson(view_t *v, const char *body, size_t blen, char *inld)
{
    const ctx_t *c = v->c;
    ld_match(v, body, blen, inld);
    /* Headings between matched paragraphs belong with them (the body
     * often leaves them out); chrome never does. */
    size_t first = c->nblocks, last = 0;
    for (size_t i = 0; i < c->nblocks; i++) {
        if (inld[i] && v->bad[c->blocks[i].cont])
            inld[i] = 0;
        if (inld[i]) {
            if (first == c->nblocks)
                first = i;
            last = i;
        }
    }
    for (size_t i = first; i < last; i++)
        if (!inld[i] && keepable(v, i) && is_heading(c->conts[c->blocks[i].cont].tag))
            inld[i] = 2;
}

/* The scorer's pick stands, but the densest region r around it may hold
 * paragraphs it left out (the lead above the body, a section after a
 * figure): running text with almost no links, outside boxes with strong
 * chrome words, that lies in the region before the scorer's last block
 * joins it. Nothing after it: what follows an article in the same
 * stretch of text is mostly its author's bio or the next teaser. Returns
 * the characters added to keep. */
static long extend_pick(const view_t *v, const pith_html_cand_t *r, size_t scorer_chars, char *keep)
{
    const ctx_t *c = v->c;
    long added = 0;
    size_t first = c->nblocks, last = 0;
    for (size_t i = 0; i < c->nblocks; i++)
        if (keep[i]) {
            if (first == c->nblocks)
                first = i;
            last = i;
        }
    /* The paragraph right above the body, within the region, is the
     * lead (standfirst, teaser, abstract) even when a header box or its
     * own class word ("teaser", "header") makes it look like chrome;
     * only strong chrome words and links keep it out. A heading or a
     * paragraph in the article's <header> is its title and summary,
     * which news pages set apart from the text; a block more than
     * a level above the body is the page's, not the article's. */
    size_t lead = c->nblocks;
    unsigned crossed = 0;
    for (size_t i = first; i-- > v->rs && crossed <= 300;) {
        const block_t *b = &c->blocks[i];
        if (r->keep[i] && running(c, b)) {
            const cont_t *k = &c->conts[b->cont];
            if (!is_heading(k->tag) && !in_header(c, b->cont) &&
                k->depth + 1 >= c->conts[c->blocks[first].cont].depth)
                lead = i;
            break;
        }
        if (v->hbad[b->cont])
            crossed += b->chars;
    }
    /* Back from the first kept block towards the region's start, over
     * chrome (a byline, a date, share buttons, a table of contents) but
     * not across more than a few lines of it. */
    size_t from = first;
    crossed = 0;
    while (from > v->rs) {
        const block_t *b = &c->blocks[from - 1];
        if (v->hbad[b->cont] && from - 1 != lead) {
            crossed += b->chars;
            if (crossed > 300)
                break;
        }
        from--;
    }
    if (r->common * 2 >= scorer_chars) {
        for (size_t i = from; i < last; i++) {
            const block_t *b = &c->blocks[i];
            /* Inside the article, a layout word ("info", "media") on a
             * box of running prose does not keep it out; before it,
             * such a box is the page's header (a title, a summary that
             * news pages set apart from the text). */
            const char *strong = i < first ? v->strong : v->fstrong;
            if (!r->keep[i] || keep[i] || strong[b->cont] || !running(c, b) ||
                b->link * 10 > b->chars)
                continue;
            /* Before the article, class words are believed, and a block
             * nested deeper than the body is in a box of its own (a
             * quote, a card), not the lead. */
            if (i < first && ((v->hbad[b->cont] && i != lead) ||
                              c->conts[b->cont].depth > c->conts[c->blocks[first].cont].depth + 1))
                continue;
            keep[i] = 1;
            added += b->chars;
        }
    }
    return added;
}

/* A heading as the last thing kept titles what comes after the article
 * ("Mehr zum Thema", "Mit unserem Newsletter bleiben Sie informiert",
 * "Die Karte zum Abspeichern:"), which the selection left out: with
 * nothing of its own after it, it goes too. Returns the characters dropped
 * from keep (kept: those kept so far). */
static long drop_trailing_titles(const ctx_t *c, char *keep, long kept)
{
    long dropped = 0;
    for (size_t i = c->nblocks, n = 0; i-- > 0 && n < 4;) {
        if (!keep[i])
            continue;
        const block_t *b = &c->blocks[i];
        if (!trailing_title(c, b) || (long)b->chars * 2 >= kept - dropped)
            break;
        keep[i] = 0;
        dropped += b->chars;
        n++;
    }
    return dropped;
}

/* PITH_HTML_DEBUG=1: each candidate's figures and the choice; =2: every
 * block too, with the candidates that keep it and how the views see it. */
static void debug_report(const view_t *v, const pith_html_cand_t *cands, const char *scorer_keep,
                         const char *inld, size_t ld_chars, const char *chosen, const char *why)
{
    const ctx_t *c = v->c;
    const char *dbg = getenv("PITH_HTML_DEBUG");
    if (dbg && strcmp(dbg, "2") == 0) {
        /* Every block: which candidates keep it, and how the views see it. */
        for (size_t i = 0; i < c->nblocks; i++) {
            const block_t *b = &c->blocks[i];
            if (b->cont < 0)
                continue;
            const cont_t *k = &c->conts[b->cont];
            int n = b->len < 70 ? (int)b->len : 70;
            fprintf(stderr,
                    "pith-html: block %zu %c%c%c%c tag %u depth %d bad %d/%d/%d flags %u chars %u "
                    "link %u |%.*s|\n",
                    i, scorer_keep && scorer_keep[i] ? 'S' : '-', inld && inld[i] ? 'L' : '-',
                    cands[PITH_CAND_REGION].keep[i] ? 'R' : '-',
                    cands[PITH_CAND_UNION].keep[i] ? 'U' : '-', k->tag, k->depth, v->bad[b->cont],
                    v->hbad[b->cont], v->cbad[b->cont], k->flags, b->chars, b->link, n,
                    c->text + b->off);
        }
    }
    if (dbg) {
        for (int i = 0; i < PITH_CAND_N; i++) {
            const pith_html_cand_t *k = &cands[i];
            if (!k->keep)
                fprintf(stderr, "pith-html: %-6s absent\n", k->name);
            else
                fprintf(stderr,
                        "pith-html: %-6s chars %zu run %zu link %zu frag %zu common %zu inld %zu "
                        "added chrome %zu link %zu\n",
                        k->name, k->chars, k->run, k->link, k->frag, k->common, k->inld,
                        k->added_chrome, k->added_link);
        }
        fprintf(stderr, "pith-html: ldjson body %zu chars; page running text %zu\n", ld_chars,
                v->total);
        fprintf(stderr, "pith-html: chose %s: %s\n", chosen, why);
    }
}

int pith_html_select(ctx_t *c, const char *scorer_keep, char *keep, pith_buf_t *raw, long *kept_out)
{
    static const char *names[PITH_CAND_N] = {"scorer", "ldjson", "region", "union"};
    view_t v;
    if (view_init(&v, c))
        return PITH_ENOMEM;
    pith_html_cand_t cands[PITH_CAND_N];
    memset(cands, 0, sizeof cands);
    for (int i = 0; i < PITH_CAND_N; i++)
        cands[i].name = names[i];
    size_t nb = c->nblocks + 1;
    for (int i = PITH_CAND_LDJSON; i < PITH_CAND_N; i++) {
        cands[i].keep = pith_arena_alloc(c->arena, nb);
        if (!cands[i].keep)
            return PITH_ENOMEM;
        memset(cands[i].keep, 0, nb);
    }
    if (scorer_keep)
        cands[PITH_CAND_SCORER].keep = (char *)scorer_keep;
    char *body, *orig;
    size_t blen, origlen;
    size_t ld_chars = ld_body(c, &body, &blen, &orig, &origlen);
    char *inld = NULL;
    if (ld_chars >= LD_MIN_CHARS) {
        inld = cands[PITH_CAND_LDJSON].keep;
        cand_ldjson(&v, body, blen, inld);
    } else {
        cands[PITH_CAND_LDJSON].keep = NULL;
    }
    cand_region(&v, cands[PITH_CAND_REGION].keep);
    cand_union(&v, cands[PITH_CAND_UNION].keep);
    for (int i = 0; i < PITH_CAND_N; i++)
        stats(&v, &cands[i], scorer_keep, inld);
    const char *why = "";
    int win = pith_html_choose(cands, ld_chars, &why);
    if (cands[win].chars < MIN_ARTICLE && !(ld_chars >= LD_MIN_CHARS && !memchr(body, '<', blen))) {
        /* Nothing outside chrome: a page whose only running text sits in
         * boxes that look like chrome (a story in an <aside>, a page that
         * is all <header>) still has that text. The densest region with
         * chrome ignored, titled sections ("Related articles") excepted. */
        for (size_t i = 0; i < c->nconts; i++) {
            int p = c->conts[i].parent;
            v.bad[i] =
                (char)((p >= 0 && v.bad[p]) || (c->conts[i].flags & (F_TITLED | F_INTITLED)));
        }
        pith_html_cand_t *r = &cands[PITH_CAND_REGION];
        memset(r->keep, 0, nb);
        cand_region(&v, r->keep);
        stats(&v, r, scorer_keep, inld);
        if (r->run >= RUN_CHARS && r->chars >= MIN_ARTICLE) {
            win = PITH_CAND_REGION;
            why = "text only inside chrome: the densest region, chrome ignored";
        }
    }
    const pith_html_cand_t *w = &cands[win];
    long kept = w->keep ? (long)w->chars : 0;
    if (w->keep)
        memcpy(keep, w->keep, c->nblocks);
    if (win == PITH_CAND_SCORER && scorer_keep)
        kept += extend_pick(&v, &cands[PITH_CAND_REGION], cands[0].chars, keep);
    /* An alternative that extends the scorer's pick adds to it: what the
     * scorer kept there (short lines, captions it judged part of the text)
     * stays. */
    if (win != PITH_CAND_SCORER && scorer_keep && w->common * 10 >= cands[0].chars * 7) {
        for (size_t i = 0; i < c->nblocks; i++)
            if (scorer_keep[i] && !keep[i]) {
                keep[i] = 1;
                kept += c->blocks[i].chars;
            }
    }
    kept -= drop_trailing_titles(c, keep, kept);
    /* A short result (a video page, a product, a teaser) leaves out the
     * page's own summary when it is shown in a box that reads as chrome:
     * the block that opens with the declared description joins it. */
    if (kept < SHORT_ARTICLE)
        kept += keep_description(&v, keep);
    if (kept < MIN_ARTICLE && ld_chars >= LD_MIN_CHARS && !memchr(body, '<', blen)) {
        if (pith_buf_append(raw, orig, origlen))
            return PITH_ENOMEM;
        why = "JSON-LD articleBody as text: no candidate in the page";
        kept = (long)ld_chars;
    }
    debug_report(&v, cands, scorer_keep, inld, ld_chars, raw->len ? "ldjson-text" : w->name, why);
    *kept_out = kept;
    return 0;
}

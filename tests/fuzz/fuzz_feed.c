/* libFuzzer target: the RSS/Atom parser on arbitrary bytes. A feed is
 * whatever a remote server sends, so every XML shape — malformed documents,
 * DTDs and entity declarations, deep nesting, odd namespaces, xml:base
 * chains, links that are not URLs — must end in a feed or a returned error,
 * never a crash, a leak or a hang. The selection (a filter and a small cap)
 * is exercised too, since the daemon parses with one. Seeds:
 * tests/fuzz/seeds/fuzz_feed.
 *
 *   fuzz_feed -max_len=65536 -timeout=10 /tmp/fuzz-feed-corpus */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "feed.h"

static int every_other(void *ctx, const char *key)
{
    size_t *n = ctx;
    return (int)((*n)++ & 1) || strlen(key) % 3 == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t calls = 0;
    pith_feed_select_t sel = {.max_items = 5, .want = every_other, .ctx = &calls};
    for (int pass = 0; pass < 2; pass++) {
        pith_feed_t *feed = NULL;
        pith_err_t err;
        if (pith_feed_parse(data, size, "https://example.org/feeds/news.xml", pass ? &sel : NULL,
                            &feed, &err) == 0) {
            /* Touch what the feed hands out, so that a bad pointer shows here. */
            size_t n = 0;
            for (size_t i = 0; i < feed->nitems; i++)
                n += strlen(feed->items[i].link) + strlen(feed->items[i].key) +
                     (feed->items[i].title ? strlen(feed->items[i].title) : 0);
            (void)n;
            pith_feed_destroy(feed);
        }
    }
    return 0;
}

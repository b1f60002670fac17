/* The daemon's fetching producer (SPEC §7 "URL inputs", "Sources").
 *
 * It plugs into the daemon as a pith_producer_t: it claims "*.url" drop
 * files (one URL a line; blank lines and '#' comments ignored), polls the
 * [source NAME] sections (pages with `url =`, RSS/Atom feeds with `feed =`,
 * every `interval`), fetches through one pith_fetcher_t on the daemon's loop,
 * and hands every fetched body to pith_daemon_submit_bytes, so pages are
 * cleaned and delivered exactly like dropped files. The state store gives
 * conditional GET (validators per URL) and "each feed item once" (seen items
 * per source and feed). Fetch metrics go into the daemon's registry. */
#ifndef PITH_SOURCES_H
#define PITH_SOURCES_H

#include "daemon.h"

extern const pith_producer_t pith_fetch_producer;

#endif

#!/bin/sh
# Runs every libFuzzer target in $FUZZ_BUILD for $FUZZ_SECONDS seconds,
# seeded with the corpus seeds and a sample of the benchmark pages, plus the
# target's own seeds in tests/fuzz/seeds/<target>/ when it has some (the INI
# reader's: small profiles and configs, and the shipped ones; the feed
# parser's: RSS 2.0, RSS 1.0, Atom, entity and malformed documents; the
# placeholders': pages around what Gumbo reads apart). Fails on the first
# crash, leak, timeout or sanitizer report.
set -eu
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
SHARED=${SHARED:-../shared}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/seed"
if [ -d "$SHARED/corpus/seeds" ]; then
    cp "$SHARED"/corpus/seeds/*.txt "$work/seed/" 2>/dev/null || true
fi
if [ -d "$SHARED/bench/scrapinghub" ]; then
    ls "$SHARED"/bench/scrapinghub/dumps/*.txt | head -20 | xargs -I{} cp {} "$work/seed/"
    ls "$SHARED"/bench/scrapinghub/html/*.html | head -10 | xargs -I{} cp {} "$work/seed/"
fi
found=0
for f in "$FUZZ_BUILD"/fuzz_*; do
    [ -x "$f" ] || continue
    found=1
    name=$(basename "$f")
    mkdir -p "$work/$name"
    seeds="$work/seed"
    if [ -d "$here/seeds/$name" ]; then
        seeds="$work/seed-$name"
        mkdir -p "$seeds"
        cp "$here/seeds/$name"/* "$seeds/"
        if [ "$name" = fuzz_ini ]; then
            cp "$here"/../../config/sites.d/*.conf "$here"/../../config/pith.conf.example "$seeds/"
        fi
    fi
    echo "fuzz: $name for ${FUZZ_SECONDS}s"
    ASAN_OPTIONS=detect_leaks=1 "$f" -max_total_time="$FUZZ_SECONDS" -max_len=262144 \
        -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$work/$name-" "$work/$name" "$seeds" >"$work/$name.log" 2>&1 || {
        tail -60 "$work/$name.log"
        echo "fuzz: $name FAILED"
        exit 1
    }
    grep -E "stat::number_of_executed_units|Done" "$work/$name.log" | tail -2
done
[ "$found" = 1 ] || { echo "fuzz: no fuzz targets built"; exit 1; }
echo "fuzz: all targets clean"

#!/bin/sh
# HTML extraction benchmark: runs `pith clean -j 1 --body-only -o OUT` over
# the ScrapingHub pages in one process and prints F1 (score.py), files/s,
# MB/s, the ratio to a Gumbo-only parse of the same pages
# (bench_gumbo_parse) and peak RSS. Figures only; nothing is asserted.
#
#   bench/html.sh [BUILD_DIR] [SHARED_DIR]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
shared=${2:-${PITH_SHARED_DIR:-$here/../shared}}
bench=$shared/bench/scrapinghub
pith=$build/pith
gumbo=$build/bench_gumbo_parse
[ -x "$pith" ] || { echo "no $pith: build first" >&2; exit 1; }
[ -d "$bench/html" ] || { echo "no $bench/html" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM

files=$(ls "$bench"/html/*.html | wc -l)
bytes=$(cat "$bench"/html/*.html | wc -c)
start=$(date +%s.%N)
/usr/bin/time -v -o "$out/time.txt" "$pith" clean -j 1 --body-only --type html -o "$out/pred" \
    "$bench"/html/*.html 2>"$out/stderr.txt" || true
end=$(date +%s.%N)
empty=$(grep -c . "$out/stderr.txt" || true)
rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$out/time.txt")

echo "== quality (score.py, $files pages, $empty refused)"
python3 "$shared/bench/score.py" "$bench/gold" "$out/pred" | sed -n '2,4p'
echo "== speed (one process, one worker)"
awk -v s="$start" -v e="$end" -v f="$files" -v b="$bytes" -v r="$rss" 'BEGIN {
    t = e - s; printf "pith   files %d  MB %.2f  seconds %.3f  files/s %.1f  MB/s %.2f  peak RSS %.1f MB\n",
    f, b / 1e6, t, f / t, b / 1e6 / t, r / 1024 }'
if [ -x "$gumbo" ]; then
    g=$("$gumbo" "$bench"/html/*.html)
    echo "gumbo  $g"
    echo "$g" | awk -v s="$start" -v e="$end" -v f="$files" '{
        for (i = 1; i < NF; i++) if ($i == "files/s") gf = $(i + 1)
        printf "ratio  pith/gumbo-only files/s = %.2f\n", (f / (e - s)) / gf }'
fi

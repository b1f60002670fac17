#!/bin/sh
# HTML extraction benchmark: runs `pith clean -j 1 --body-only -o OUT` over
# the ScrapingHub pages in one process and prints F1 (score.py), files/s,
# MB/s, the ratio to a Gumbo-only parse of the same pages
# (bench_gumbo_parse), peak RSS, and the ratio to trafilatura's extraction
# time on the same pages in the same run (bench/trafilatura_time.py, run by
# $PITH_BENCH_PYTHON, default python3; one line saying how to install it when
# that Python has no trafilatura). pith's time is its whole process, start-up
# included; both are given in wall-clock and in CPU seconds (user + system),
# which hold better on a machine shared with other work. The binary
# measured is the one users run as `pith`: BUILD_DIR/pith-light (what make
# install installs as bin/pith), else BUILD_DIR/pith. Figures only; nothing
# is asserted.
#
#   [PITH_BENCH_PYTHON=PYTHON] bench/html.sh [BUILD_DIR] [SHARED_DIR]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
shared=${2:-${PITH_SHARED_DIR:-$here/../shared}}
bench=$shared/bench/scrapinghub
pith=$build/pith-light
[ -x "$pith" ] || pith=$build/pith
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
# CPU seconds (user + system) hold better than wall-clock on a shared machine
cpu=$(awk -F: '/User time|System time/ {c += $2} END {print c}' "$out/time.txt")

echo "== quality (score.py, $files pages, $empty refused)"
python3 "$shared/bench/score.py" "$bench/gold" "$out/pred" | sed -n '2,4p'
echo "== speed (one process, one worker, $(basename "$pith"))"
awk -v s="$start" -v e="$end" -v f="$files" -v b="$bytes" -v r="$rss" -v c="$cpu" 'BEGIN {
    t = e - s; printf "pith   files %d  MB %.2f  seconds %.3f  files/s %.1f  MB/s %.2f  cpu-seconds %.3f  cpu-files/s %.1f  peak RSS %.1f MB\n",
    f, b / 1e6, t, f / t, b / 1e6 / t, c, (c > 0 ? f / c : 0), r / 1024 }'
if [ -x "$gumbo" ]; then
    g=$("$gumbo" "$bench"/html/*.html)
    echo "gumbo  $g"
    echo "$g" | awk -v s="$start" -v e="$end" -v f="$files" '{
        for (i = 1; i < NF; i++) if ($i == "files/s") gf = $(i + 1)
        printf "ratio  pith/gumbo-only files/s = %.2f\n", (f / (e - s)) / gf }'
fi

# trafilatura: its extraction loop alone (pages read beforehand, import apart)
# and its whole process; pith's figure above is its whole process either way
py=${PITH_BENCH_PYTHON:-python3}
echo "== trafilatura, the same pages (one process, $py)"
if ! command -v "$py" >/dev/null 2>&1; then
    echo "trafilatura not measured: no Python at $py (PITH_BENCH_PYTHON)"
    exit 0
fi
tstart=$(date +%s.%N)
t=$("$py" "$here/bench/trafilatura_time.py" -o "$out/traf" "$bench"/html/*.html 2>"$out/traf-stderr.txt") ||
    t="trafilatura not measured: $py bench/trafilatura_time.py failed: $(tail -n 1 "$out/traf-stderr.txt")"
tend=$(date +%s.%N)
echo "$t"
case "$t" in
"trafilatura "*" files/s "*) ;;
*) exit 0 ;;
esac
python3 "$shared/bench/score.py" "$bench/gold" "$out/traf" | sed -n '2,4p' | sed 's/^/trafilatura /'
echo "$t" | awk -v s="$start" -v e="$end" -v ts="$tstart" -v te="$tend" -v f="$files" -v c="$cpu" '{
    for (i = 1; i < NF; i++) {
        if ($i == "files/s") tf = $(i + 1)
        if ($i == "cpu-files/s") tc = $(i + 1)
    }
    pf = f / (e - s)
    printf "trafilatura whole process seconds %.3f  files/s %.1f (start-up and import included)\n", te - ts, f / (te - ts)
    printf "ratio  pith/trafilatura files/s = %.2f (pith whole process / trafilatura extraction loop)\n", pf / tf
    if (c > 0 && tc > 0) printf "ratio  pith/trafilatura cpu-files/s = %.2f (the same in CPU seconds)\n", (f / c) / tc
    printf "ratio  pith/trafilatura whole process = %.2f\n", pf / (f / (te - ts)) }'

#!/bin/sh
# Text-dump cleaning benchmark: runs `pith clean -j 1 --body-only -o OUT` over
# the ScrapingHub dumps in one process, scores the output with score.py and
# prints F1 and MB/s (input bytes / wall time; the best of ROUNDS runs, so a
# busy machine disturbs the figure less), and MB/s over CPU time (user+sys),
# which leaves out time spent waiting for fsync of the outputs, then the
# cleaning core alone (bench_core: pith_extract over the dumps held in
# memory, CPU time, with a per-stage breakdown). Figures only; nothing is
# asserted.
#
#   bench/dumps.sh [BUILD_DIR] [SHARED_DIR] [ROUNDS]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
shared=${2:-${PITH_SHARED_DIR:-$here/../shared}}
rounds=${3:-3}
bench=$shared/bench/scrapinghub
pith=$build/pith
[ -x "$pith" ] || { echo "no $pith: build first" >&2; exit 1; }
[ -d "$bench/dumps" ] || { echo "no $bench/dumps" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM

files=$(ls "$bench"/dumps/*.txt | wc -l)
bytes=$(cat "$bench"/dumps/*.txt | wc -c)
best=
cpu=
i=0
while [ "$i" -lt "$rounds" ]; do
    rm -rf "$out/pred"
    start=$(date +%s.%N)
    /usr/bin/time -f "%U %S" -o "$out/time.txt" \
        "$pith" clean -j 1 --body-only -o "$out/pred" "$bench"/dumps/*.txt 2>"$out/stderr.txt" || true
    end=$(date +%s.%N)
    c=$(awk '{ printf "%.6f", $1 + $2 }' "$out/time.txt")
    cpu=$(awk -v a="${cpu:-$c}" -v b="$c" 'BEGIN { print (b < a) ? b : a }')
    t=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.6f", e - s }')
    best=$(awk -v a="${best:-$t}" -v b="$t" 'BEGIN { print (b < a) ? b : a }')
    i=$((i + 1))
done
refused=$(grep -c . "$out/stderr.txt" || true)

echo "== quality (score.py, $files dumps, $refused refused)"
python3 "$shared/bench/score.py" "$bench/gold" "$out/pred" | sed -n '2,4p'
echo "== speed (one process, one worker, best of $rounds)"
awk -v t="$best" -v c="$cpu" -v f="$files" -v b="$bytes" 'BEGIN {
    if (c <= 0) c = 0.001
    printf "pith   files %d  MB %.2f  seconds %.3f  files/s %.1f  MB/s %.2f  (CPU %.3f s: MB/s %.2f)\n",
    f, b / 1e6, t, f / t, b / 1e6 / t, c, b / 1e6 / c }'

core=$build/bench_core
if [ -x "$core" ]; then
    echo "== core (bench_core: pith_extract in memory, CPU time)"
    "$core" "$bench/dumps" 1 | sed -n '2,$p'
fi

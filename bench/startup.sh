#!/bin/sh
# Start-up benchmark: `pith clean` on a tiny file against /bin/true in the
# same loop (bench_startup), and what the clean binary loads. Figures only.
#
#   bench/startup.sh [BUILD_DIR] [ROUNDS]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${PITH_BUILD_DIR:-$here/build}}
rounds=${2:-300}
[ -x "$build/bench_startup" ] || { echo "no $build/bench_startup: build first" >&2; exit 1; }
"$build/bench_startup" "$build/pith-light" "$rounds"
echo "libraries loaded by pith clean: $(ldd "$build/pith-light" | grep -c '=>')" \
     "(pith-service: $(ldd "$build/pith-service" | grep -c '=>'))"

#!/bin/sh
# `make bench`: runs every benchmark script in bench/ that exists and prints
# its figures. Each script is self-contained and prints its own lines.
set -u
here=$(dirname "$0")
status=0
for script in "$here"/startup.sh "$here"/dumps.sh "$here"/html.sh "$here"/hostile.py "$here"/corpora.py "$here"/daemon.py "$here"/fetch.py "$here"/redis.py; do
    [ -f "$script" ] || continue
    echo "== $(basename "$script")"
    case "$script" in
    *.py) python3 "$script" || status=1 ;;
    *) sh "$script" || status=1 ;;
    esac
done
exit $status

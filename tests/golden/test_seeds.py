#!/usr/bin/env python3
"""Golden tests: the seed dumps clean to their expected text and metadata.

For every SEED.txt in $PITH_SHARED_DIR/corpus/seeds/:
  * `pith clean --body-only SEED` must equal SEED.expected.txt byte for byte;
  * `pith clean --format json SEED` must carry every key of
    SEED.expected.json with the same value (a `date` may be a fuller
    timestamp that starts with the expected date); other keys are not checked.
Fails when the seed corpus is missing, unless PITH_SKIP_SHARED=1
(tests/shared_data.py).
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import shared_data  # noqa: E402


def main():
    pith = os.environ.get("PITH_BIN")
    seeds = os.path.join(shared_data.SHARED, "corpus", "seeds")
    if not pith or not os.path.exists(pith):
        print("FAIL: PITH_BIN not set or missing")
        return 1
    if not shared_data.have(seeds, "corpus/seeds"):
        return 0
    names = sorted(f for f in os.listdir(seeds)
                   if f.endswith(".txt") and not f.endswith(".expected.txt"))
    if not shared_data.have(names, "seeds in corpus/seeds"):
        return 0
    failures = []
    for name in names:
        path = os.path.join(seeds, name)
        stem = name[:-4]
        exp_txt = os.path.join(seeds, stem + ".expected.txt")
        exp_json = os.path.join(seeds, stem + ".expected.json")
        if os.path.exists(exp_txt):
            r = subprocess.run([pith, "clean", "--body-only", path], capture_output=True, timeout=60)
            want = open(exp_txt, "rb").read()
            if r.returncode != 0:
                failures.append(f"{name}: exit {r.returncode}: {r.stderr.decode(errors='replace').strip()}")
            elif r.stdout != want:
                got = r.stdout.decode(errors="replace").splitlines()
                exp = want.decode(errors="replace").splitlines()
                where = next((i for i, (a, b) in enumerate(zip(got, exp)) if a != b), min(len(got), len(exp)))
                failures.append(f"{name}: body differs at line {where + 1}: "
                                f"got {got[where][:80] if where < len(got) else '<end>'!r}, "
                                f"want {exp[where][:80] if where < len(exp) else '<end>'!r}")
        if os.path.exists(exp_json):
            want = json.load(open(exp_json, encoding="utf-8"))
            r = subprocess.run([pith, "clean", "--format", "json", path], capture_output=True, timeout=60)
            if r.returncode != 0:
                failures.append(f"{name}: json: exit {r.returncode}")
                continue
            got = json.loads(r.stdout)
            for key, value in want.items():
                have = got.get(key)
                if key == "date" and isinstance(have, str) and isinstance(value, str):
                    ok = have.startswith(value)
                else:
                    ok = have == value
                if not ok:
                    failures.append(f"{name}: {key} is {have!r}, want {value!r}")
    for f in failures:
        print("FAIL", f)
    print(f"{len(names)} seeds, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Golden test of text dumps' metadata and bodies.

tests/golden/dumps/NAME.txt is a small hand-written dump (NAME.url, when
present, is the address given with --url); NAME.json is the expected output
of `pith clean --type text --format json` without its id and source keys:
every key, the body included, must be equal. keyvalue: a "Key: value" header
block is read as metadata and kept out of the body. wordpress: the byline
"Posted on DATE by NAME" gives author and date, and the date of a "Related
Posts" item further down does not win."""
import json
import os
import subprocess
import unittest

BIN = os.environ.get("PITH_BIN", "pith")
SRC = os.environ.get("PITH_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
DIR = os.path.join(SRC, "tests", "golden", "dumps")


def cases():
    return sorted(f[:-4] for f in os.listdir(DIR) if f.endswith(".txt"))


class DumpGolden(unittest.TestCase):
    def test_cases(self):
        names = cases()
        self.assertIn("keyvalue", names)
        self.assertIn("wordpress", names)
        for name in names:
            with self.subTest(case=name):
                args = [BIN, "clean", "--type", "text", "--format", "json"]
                url = os.path.join(DIR, name + ".url")
                if os.path.exists(url):
                    with open(url, encoding="utf-8") as f:
                        args += ["--url", f.read().strip()]
                r = subprocess.run(args + [os.path.join(DIR, name + ".txt")],
                                   capture_output=True, timeout=30)
                self.assertEqual(r.returncode, 0, r.stderr.decode(errors="replace"))
                got = json.loads(r.stdout.decode("utf-8"))
                got.pop("id", None)
                got.pop("source", None)
                with open(os.path.join(DIR, name + ".json"), encoding="utf-8") as f:
                    want = json.load(f)
                self.assertEqual(got, want)


if __name__ == "__main__":
    unittest.main(verbosity=2)

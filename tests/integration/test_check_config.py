"""pith check-config: every problem as file:line: message and exit 78; a
short summary and exit 0 when fine; the shipped example documents every key."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

BIN = os.environ["PITH_BIN"]
SRC = os.environ.get("PITH_SOURCE_DIR", ".")


def run(*args):
    return subprocess.run([BIN, "check-config", *args], capture_output=True, text=True, timeout=30)


def main():
    root = tempfile.mkdtemp(prefix="pith-check-")
    try:
        conf = os.path.join(root, "pith.conf")
        with open(conf, "w") as f:
            f.write("[daemon]\ndrop_dir = drop\nspool_dir = spool\nstate_dir = state\n"
                    "workers = 2\nmax_input_bytes = 4M   # inline comment\n"
                    "[source news]\nurl = https://example.org/a\ninterval = 5m\n")
        r = run("-c", conf)
        assert r.returncode == 78, r
        lines = r.stdout.splitlines()
        for n in (2, 3, 4):
            assert any(l.startswith("%s:%d: " % (conf, n)) and "no such folder" in l
                       for l in lines), (n, r.stdout)
        for d in ("drop", "spool", "state"):
            os.mkdir(os.path.join(root, d))
        r = run("-c", conf)
        assert r.returncode == 0, r
        assert "ok" in r.stdout and "1 source" in r.stdout, r.stdout

        with open(conf, "a") as f:
            f.write("colour = blue\n[bogus]\nkeep_input = perhaps\n[fetch]\ntimeout = soon\n")
        r = run("-c", conf)
        assert r.returncode == 78, r
        assert re.search(r":10: unknown key 'colour'", r.stdout), r.stdout
        assert re.search(r":11: unknown section \[bogus\]", r.stdout), r.stdout
        assert re.search(r":14: timeout: bad value 'soon'", r.stdout), r.stdout
        assert "problems" in r.stdout.splitlines()[-1]

        # Site profiles beside the config are checked too, with their own file:line.
        os.mkdir(os.path.join(root, "sites.d"))
        with open(os.path.join(root, "sites.d", "broken.conf"), "w") as f:
            f.write("[site broken]\nthis is not a key value line\n")
        with open(conf, "w") as f:
            f.write("[daemon]\ndrop_dir = drop\nspool_dir = spool\nstate_dir = state\n")
        r = run("-c", conf)
        if r.returncode == 78:
            assert "broken.conf:" in r.stdout, r.stdout
        else:
            print("note: the rules module accepted a line without '='")

        r = run("-c", os.path.join(root, "missing.conf"))
        assert r.returncode == 78 and "missing.conf" in r.stdout, r
        r = subprocess.run([BIN, "check-config", "--nope"], capture_output=True, timeout=10)
        assert r.returncode == 64, r

        # The example documents every key the loader knows, with its default,
        # and is itself valid apart from folders that do not exist here.
        example = os.path.join(SRC, "config", "pith.conf.example")
        r = run("-c", example)
        bad = [l for l in r.stdout.splitlines()[:-1] if "no such folder" not in l]
        assert not bad, r.stdout
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()

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

        # Site profiles beside the config are checked too, with their own
        # file:line, every problem of a file (not only the first), a header on
        # line 1 reported at line 1.
        os.mkdir(os.path.join(root, "sites.d"))
        broken = os.path.join(root, "sites.d", "broken.conf")
        with open(broken, "w") as f:
            f.write("[site broken]\nthis is not a key value line\n[profile x]\nhost = x.org\n"
                    "drop = ^(unclosed\ncolour = blue\n")
        # A 275-byte pattern is read whole in sites.d as in pith.conf.
        with open(os.path.join(root, "sites.d", "long.conf"), "w") as f:
            f.write("[profile long]\nhost = long.example\ndrop = ^(?:%s)$\n" % ("x" * 268))
        with open(conf, "w") as f:
            f.write("[daemon]\ndrop_dir = drop\nspool_dir = spool\nstate_dir = state\n"
                    "workers = 300\n[source b]\nurl = not a url\n")
        r = run("-c", conf)
        assert r.returncode == 78, r
        out = r.stdout.splitlines()
        for line, what in ((1, "unknown section [site broken]"), (2, "expected 'key = value'"),
                           (5, "bad pattern for drop"), (6, "unknown key 'colour'")):
            assert "%s:%d: %s" % (broken, line, what) in r.stdout, (line, r.stdout)
        assert ":5: workers: bad value '300': must be in 0..256" in r.stdout, r.stdout
        assert ":7: url: 'not a url' is not an http" in r.stdout, r.stdout
        assert "no url or feed" not in r.stdout, r.stdout
        assert "long.conf" not in r.stdout, r.stdout
        assert out[-1].endswith(": 6 problems"), r.stdout
        os.unlink(broken)
        with open(conf, "w") as f:
            f.write("[daemon]\ndrop_dir = drop\nspool_dir = spool\nstate_dir = state\n")
        r = run("-c", conf)
        assert r.returncode == 0 and "3 site profiles" in r.stdout, r

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

"""The clean path loads no service library: `pith` (which runs `clean`)
does not link libuv, libcurl, libxml2/ICU, SQLite, libsystemd, hiredis or
zlib, and a clean run does not load them either (LD_DEBUG=libs, which also
sees a dlopen). The other commands run pith-service, found in
../libexec/pith/ from the binary (make install) or beside it (build tree),
with the same argv, output and exit codes; without it they exit 69."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

BIN = os.environ["PITH_LIGHT_BIN"]  # the installed `pith` (bin/pith after make install)
SERVICE_LIBS = re.compile(r"lib(uv|curl|xml2|icu\w*|sqlite3|systemd|hiredis\w*|z|ssl|crypto)\.so")


def needed(path):
    r = subprocess.run(["readelf", "-d", path], capture_output=True, text=True, check=True)
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", r.stdout)


def main():
    libs = needed(BIN)
    bad = [l for l in libs if SERVICE_LIBS.match(l)]
    assert not bad, "pith links service libraries: %s" % bad
    service = os.path.join(os.path.dirname(os.path.abspath(BIN)), "pith-service")
    assert any(SERVICE_LIBS.match(l) for l in needed(service)), needed(service)

    root = tempfile.mkdtemp(prefix="pith-footprint-")
    try:
        tiny = os.path.join(root, "tiny.txt")
        with open(tiny, "w") as f:
            f.write("A headline\n\nOne paragraph of running text for the cleaner to keep.\n")
        env = dict(os.environ, LD_DEBUG="libs")
        r = subprocess.run([BIN, "clean", "--spool", os.path.join(root, "spool"), tiny],
                           capture_output=True, text=True, env=env, timeout=60)
        assert r.returncode == 0, r.stderr[-2000:]
        loaded = re.findall(r"calling init: (\S+)", r.stderr)
        assert loaded, "LD_DEBUG=libs said nothing"
        bad = [l for l in loaded if SERVICE_LIBS.search(os.path.basename(l))]
        assert not bad, "pith clean loaded %s" % bad

        # Service commands through pith: same usage text and exit codes.
        for cmd in ("fetch", "daemon", "push", "check-config"):
            r = subprocess.run([BIN, cmd, "--help"], capture_output=True, text=True, timeout=30)
            assert r.returncode == 0, (cmd, r)
            assert r.stdout.startswith("usage: pith %s" % cmd), (cmd, r.stdout)
        r = subprocess.run([BIN, "fetch", "--no-such-option"], capture_output=True, text=True,
                           timeout=30)
        assert r.returncode == 64, r

        # The installed layout (make install): bin/pith finds
        # libexec/pith/pith-service.
        dest = os.path.join(root, "dest")
        r = subprocess.run(["cmake", "--install", os.environ["PITH_BUILD_DIR"], "--prefix",
                            "/usr"], env=dict(os.environ, DESTDIR=dest), capture_output=True,
                           text=True, timeout=120)
        assert r.returncode == 0, r
        pith = os.path.join(dest, "usr", "bin", "pith")
        installed = os.path.join(dest, "usr", "libexec", "pith", "pith-service")
        assert os.access(installed, os.X_OK), installed
        r = subprocess.run([pith, "push", "--help"], capture_output=True, text=True, timeout=30)
        assert r.returncode == 0 and r.stdout.startswith("usage: pith push"), r

        # Without pith-service: a clear message and EX_UNAVAILABLE; clean still works.
        os.remove(installed)
        r = subprocess.run([pith, "fetch", "--help"], capture_output=True, text=True, timeout=30)
        assert r.returncode == 69, r
        assert "pith-service" in r.stderr and "No such file" in r.stderr, r.stderr
        r = subprocess.run([pith, "clean", tiny], capture_output=True, text=True, timeout=30)
        assert r.returncode == 0 and "One paragraph" in r.stdout, r
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    sys.exit(main())

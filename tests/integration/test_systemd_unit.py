"""systemd/pith.service passes `systemd-analyze verify` and rates 2.0 or
lower in `systemd-analyze security --offline=true`."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

SRC = os.environ.get("PITH_SOURCE_DIR", ".")
BIN = os.environ["PITH_BIN"]


def main():
    tool = shutil.which("systemd-analyze")
    if not tool:
        print("SKIP: systemd-analyze is not installed")
        return
    unit = open(os.path.join(SRC, "systemd", "pith.service")).read()
    assert "Type=notify" in unit and "WatchdogSec=" in unit and "Restart=on-failure" in unit
    assert "ExecReload=/bin/kill -HUP $MAINPID" in unit
    root = tempfile.mkdtemp(prefix="pith-unit-")
    try:
        # verify checks that the binary exists: point it at the one built.
        path = os.path.join(root, "pith.service")
        with open(path, "w") as f:
            f.write(unit.replace("/usr/bin/pith", os.path.abspath(BIN)))
        r = subprocess.run([tool, "verify", path], capture_output=True, text=True, timeout=60)
        assert r.returncode == 0 and not r.stderr.strip(), r
        r = subprocess.run([tool, "security", "--offline=true", path], capture_output=True,
                           text=True, timeout=60)
        m = re.search(r"Overall exposure level for pith.service: ([0-9.]+)", r.stdout + r.stderr)
        assert m, r
        score = float(m.group(1))
        print("exposure", score)
        assert score <= 2.0, r.stdout
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()

"""SIGHUP: a broken configuration is reported and the old one stays; a good
one is applied (with RELOADING=1/READY=1 around it). The watchdog is fed when
WATCHDOG_USEC asks for it. A bad configuration at start exits 78."""
import os
import signal
import subprocess

from daemon_harness import BIN, Daemon, drop_atomic, dumps, run_tests, wait_until


def test_reload_bad_then_good():
    files = dumps(3)
    d = Daemon()
    try:
        d.start()
        good = open(d.conf).read()
        with open(d.conf, "w") as f:
            f.write(good + "\n[daemon\nworkers = lots\n")
        n = len(d.messages)
        d.signal(signal.SIGHUP)
        i = d.wait_message("RELOADING=1", 10, after=n)
        assert any(m.startswith("MONOTONIC_USEC=") for m in d.messages[i:i + 3]), d.messages[i:]
        d.wait_message("READY=1", 10, after=i)
        wait_until(lambda: "keeping the running configuration" in d.log_text(), 10, "log")
        assert "pith.conf:" in d.log_text()  # problems name file and line
        assert d.proc.poll() is None
        # Still working on the old configuration (inputs are deleted).
        drop_atomic(d.drop, "one.txt", open(files[0], "rb").read())
        wait_until(lambda: len(d.delivered()) == 1 and not d.inputs_left(), 20, "delivery")
        assert not os.path.exists(os.path.join(d.drop, ".done"))
        # A good configuration is applied: keep_input now moves inputs to .done/.
        d.write_config("keep_input = yes")
        n = len(d.messages)
        d.signal(signal.SIGHUP)
        i = d.wait_message("RELOADING=1", 10, after=n)
        d.wait_message("READY=1", 10, after=i)
        drop_atomic(d.drop, "two.txt", open(files[1], "rb").read())
        wait_until(lambda: os.path.exists(os.path.join(d.drop, ".done", "two.txt")), 20,
                   "input kept in .done/ after reload")
        assert len(d.delivered()) == 2
        assert d.stop() == 0
    finally:
        d.cleanup()


def test_watchdog():
    d = Daemon()
    try:
        d.start(env={"WATCHDOG_USEC": "400000"})
        d.wait_message("WATCHDOG=1", 5)
        i = d.wait_message("WATCHDOG=1", 5)
        d.wait_message("WATCHDOG=1", 5, after=i + 1)
        assert d.stop() == 0
    finally:
        d.cleanup()


def test_bad_config_at_start():
    d = Daemon()
    try:
        with open(d.conf, "a") as f:
            f.write("[daemon]\nbogus = 1\n")
        r = subprocess.run([BIN, "daemon", "-c", d.conf], capture_output=True, timeout=20)
        assert r.returncode == 78, r
        assert b"unknown key 'bogus'" in r.stderr, r.stderr
        os.rmdir(d.drop)
        d.write_config()
        r = subprocess.run([BIN, "daemon", "-c", d.conf], capture_output=True, timeout=20)
        assert r.returncode == 78 and b"no such folder" in r.stderr, r
    finally:
        d.cleanup()


if __name__ == "__main__":
    run_tests([test_reload_bad_then_good, test_watchdog, test_bad_config_at_start])

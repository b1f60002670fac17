"""Shared helpers for the daemon integration tests: a temporary service
folder, a config, a NOTIFY_SOCKET the test reads, and the real binary.

Not a test itself (ctest runs test_*.py only)."""
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

BIN = os.environ.get("PITH_BIN") or os.path.join(
    os.environ.get("PITH_BUILD_DIR", "build"), "pith")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import shared_data  # noqa: E402

SHARED = shared_data.SHARED


def dumps(n=None):
    files = sorted(glob.glob(os.path.join(SHARED, "bench", "scrapinghub", "dumps", "*.txt")))
    if not shared_data.have(files, "bench/scrapinghub/dumps"):
        sys.exit(0)
    return files if n is None else files[:n]


def expected_ids(paths):
    """The ids `pith clean` gives files (None when one cannot be cleaned),
    from one run of `pith clean -o DIR` over all of them."""
    out = tempfile.mkdtemp(prefix="pith-ids-")
    try:
        subprocess.run([BIN, "clean", "--format", "json", "-j", "2", "-o", out] + list(paths),
                       capture_output=True, timeout=300)
        ids = {}
        for p in paths:
            stem = os.path.basename(p).rsplit(".", 1)[0]
            try:
                with open(os.path.join(out, stem + ".json")) as f:
                    ids[p] = json.load(f)["id"]
            except FileNotFoundError:
                ids[p] = None
        return ids
    finally:
        shutil.rmtree(out, ignore_errors=True)


def expected_id(path):
    """The id `pith clean` gives one file, or None when it cannot be cleaned."""
    return expected_ids([path])[path]


# Deadlines are generous on purpose: waiting longer costs nothing when the
# condition comes, and on a loaded machine (parallel ctest, other builds) a
# daemon start or a metrics rewrite can take seconds. A test's own timeout
# says how soon the condition is expected; none waits less than WAIT_MIN
# seconds (tests that must tell "at once" from "at the next rescan" rely on
# the harness's rescan_interval of 60 s, above it).
WAIT_MIN = float(os.environ.get("PITH_TEST_WAIT_MIN", "30"))


def wait_until(pred, timeout, what):
    deadline = time.monotonic() + max(timeout, WAIT_MIN)
    while time.monotonic() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what)


def drop_atomic(drop, name, data):
    """Writes like a well-behaved producer: .name.tmp, then rename."""
    tmp = os.path.join(drop, b"." + name + b".tmp" if isinstance(name, bytes) else "." + name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, os.path.join(drop, name))


class Daemon:
    def __init__(self, extra="", workers=2, keep=False):
        self.root = tempfile.mkdtemp(prefix="pith-daemon-")
        self.keep = keep
        for d in ("drop", "spool", "state"):
            os.mkdir(os.path.join(self.root, d))
        self.drop = os.path.join(self.root, "drop")
        self.new = os.path.join(self.root, "spool", "new")
        self.conf = os.path.join(self.root, "pith.conf")
        self.metrics = os.path.join(self.root, "metrics.prom")
        self.write_config(extra, workers)
        self.sock_path = os.path.join(self.root, "notify.sock")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.sock_path)
        self.messages = []
        self.proc = None
        self.log = os.path.join(self.root, "daemon.log")
        # The socket is drained all the time, as systemd does: a datagram
        # socket takes only net.unix.max_dgram_qlen (often 10) unread
        # messages, and then the daemon's sd_notify blocks its loop.
        self.cond = threading.Condition()
        self.seen = 0
        self.closing = False
        self.sock.settimeout(0.2)
        self.reader = threading.Thread(target=self._read_socket, daemon=True)
        self.reader.start()

    def _read_socket(self):
        while not self.closing:
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            with self.cond:
                self.messages.extend(data.decode("utf-8", "replace").split("\n"))
                self.cond.notify_all()

    def write_config(self, extra="", workers=2, path=None):
        text = ("[daemon]\ndrop_dir = drop\nspool_dir = spool\nstate_dir = state\n"
                "workers = %d\nrescan_interval = 60s\nstop_timeout = 20s\n%s\n"
                "[metrics]\nfile = metrics.prom\ninterval = 1s\n" % (workers, extra))
        with open(path or self.conf, "w") as f:
            f.write(text)

    def start(self, env=None, preexec=None, wait_ready=True):
        e = dict(os.environ)
        e.pop("JOURNAL_STREAM", None)
        e.pop("WATCHDOG_USEC", None)
        e.pop("WATCHDOG_PID", None)
        e["NOTIFY_SOCKET"] = self.sock_path
        if env:
            e.update(env)
        self.logf = open(self.log, "ab")
        self.proc = subprocess.Popen([BIN, "daemon", "-c", self.conf], env=e,
                                     stdout=self.logf, stderr=self.logf, preexec_fn=preexec)
        if wait_ready:
            self.wait_message("READY=1", 20)
        return self

    def read_messages(self, timeout):
        """Waits up to timeout for messages not seen by the last call; True
        when some came."""
        with self.cond:
            seen = self.seen
            self.cond.wait_for(lambda: len(self.messages) > seen, timeout)
            self.seen = len(self.messages)
            return self.seen > seen

    def wait_message(self, prefix, timeout=20, after=0):
        """Waits for a notify line starting with prefix at index >= after;
        returns its index."""
        deadline = time.monotonic() + max(timeout, WAIT_MIN)
        while True:
            for i in range(after, len(self.messages)):
                if self.messages[i].startswith(prefix):
                    return i
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("no %r from the daemon; got %r; log:\n%s"
                                     % (prefix, self.messages[-20:], self.log_text()[-3000:]))
            if self.proc and self.proc.poll() is not None and not self.read_messages(0.1):
                raise AssertionError("daemon exited (%s) before %r; log:\n%s"
                                     % (self.proc.returncode, prefix, self.log_text()[-3000:]))
            self.read_messages(min(left, 0.5))

    def log_text(self):
        with open(self.log, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def delivered(self):
        try:
            return sorted(n for n in os.listdir(self.new))
        except FileNotFoundError:
            return []

    def inputs_left(self):
        return sorted(n for n in os.listdir(self.drop) if not n.startswith("."))

    def failed(self):
        d = os.path.join(self.drop, ".failed")
        return sorted(os.listdir(d)) if os.path.isdir(d) else []

    def note(self, name, timeout=20):
        """The reason in .failed/<name>.error once written whole: the daemon
        moves the input first and then writes its note (one line, ending in
        a newline), so the note may be missing or empty for a moment."""
        path = os.path.join(self.drop, ".failed", name + ".error")

        def whole():
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = f.read()
            except FileNotFoundError:
                return None
            return text if text.endswith("\n") else None
        return wait_until(whole, timeout, "the note " + path)

    def signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, timeout=30):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError("daemon did not stop on SIGTERM")
        return self.proc.returncode if self.proc else None

    def kill9(self):
        self.proc.kill()
        self.proc.wait()

    def cleanup(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.closing = True
        self.reader.join()
        self.sock.close()
        if not self.keep:
            shutil.rmtree(self.root, ignore_errors=True)


def run_tests(tests):
    failed = 0
    for t in tests:
        start = time.monotonic()
        try:
            t()
            print("ok   %s (%.1fs)" % (t.__name__, time.monotonic() - start))
        except Exception as e:  # report every test, then fail the file
            failed += 1
            print("FAIL %s: %s" % (t.__name__, e))
            import traceback
            traceback.print_exc()
    sys.exit(1 if failed else 0)

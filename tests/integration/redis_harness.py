"""A real redis-server on a free port for the Redis Streams tests, started
and stopped by the test, and a small RESP client to look into it (Debian's
python3 has no Redis module; the protocol is a few lines).

Not a test itself (ctest runs test_*.py only)."""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Client:
    """Blocking RESP2 client: enough for XRANGE, XPENDING, XADD, XLEN."""

    def __init__(self, port, timeout=10):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""

    def close(self):
        self.sock.close()

    def _line(self):
        while b"\r\n" not in self.buf:
            data = self.sock.recv(1 << 16)
            if not data:
                raise ConnectionError("redis closed the connection")
            self.buf += data
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exact(self, n):
        while len(self.buf) < n + 2:
            data = self.sock.recv(1 << 16)
            if not data:
                raise ConnectionError("redis closed the connection")
            self.buf += data
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def _reply(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self._exact(n)
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self._reply() for _ in range(n)]
        raise RuntimeError("bad reply %r" % line)

    def call(self, *args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(a), a))
        self.sock.sendall(b"".join(out))
        return self._reply()

    def entries(self, stream):
        """[(entry id, {field: value})] of the whole stream."""
        out = []
        for eid, fields in self.call("XRANGE", stream, "-", "+") or []:
            out.append((eid.decode(), {fields[i].decode(): fields[i + 1]
                                       for i in range(0, len(fields), 2)}))
        return out

    def pending(self, stream, group):
        try:
            return self.call("XPENDING", stream, group)[0]
        except RuntimeError:  # no group yet
            return 0


class RedisServer:
    """redis-server on a free port with its files in a temporary folder.
    persist=True keeps an append-only file, so a restart keeps the streams."""

    def __init__(self, persist=False):
        if not shutil.which("redis-server"):
            print("SKIP: redis-server is not installed (make deps installs it)")
            sys.exit(0)
        self.dir = tempfile.mkdtemp(prefix="pith-redis-")
        self.port = free_port()
        self.persist = persist
        self.proc = None
        self.start()

    def start(self):
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                "--dir", self.dir, "--save", "", "--daemonize", "no",
                "--logfile", os.path.join(self.dir, "redis.log")]
        if self.persist:
            args += ["--appendonly", "yes", "--appendfsync", "always"]
        else:
            args += ["--appendonly", "no"]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                c = Client(self.port)
                c.call("PING")
                c.close()
                return
            except (OSError, RuntimeError):
                time.sleep(0.05)
        raise AssertionError("redis-server did not start on port %d" % self.port)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: redis flushes its append-only file and exits
            self.proc.wait(30)
        self.proc = None

    def client(self):
        return Client(self.port)

    def url(self):
        return "redis://127.0.0.1:%d/0" % self.port

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

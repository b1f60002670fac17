"""A small, controllable HTTP server on 127.0.0.1 for pith's fetch tests.

Tests start it (port 0: the kernel picks a free port), declare what each path
answers, run the real `pith` binary against it and then look at what the
server saw: how many requests each path got, which headers came in, and how
many requests ran at once per Host. Each path answers with a list of
responses, used in turn; the last one repeats. A response is a dict:

  status        HTTP status (200)
  body          bytes or str (str is encoded with `charset`, default utf-8)
  content_type  the Content-Type header (text/html; charset=utf-8)
  headers       extra headers, a dict
  etag          ETag to send; a request with a matching If-None-Match gets 304
  gzip          compress the body, Content-Encoding: gzip
  no_length     no Content-Length: the body ends when the connection closes
  lie_length    declare this Content-Length, send the body, close early
  hang          seconds to wait before answering at all
  trickle       (bytes_per_step, seconds_per_step): send the body that slowly
  delay         seconds to wait before answering (to hold requests open)

Standard library only.
"""

import gzip
import http.server
import os
import sys
import threading
import time


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # keep test output quiet
        pass

    def do_GET(self):
        srv = self.server.owner
        path = self.path.split("?", 1)[0]
        host = self.headers.get("Host", "")
        with srv.lock:
            srv.hits[path] = srv.hits.get(path, 0) + 1
            n = srv.hits[path]
            srv.requests.append((path, dict(self.headers.items())))
            srv.active[host] = srv.active.get(host, 0) + 1
            srv.max_active[host] = max(srv.max_active.get(host, 0), srv.active[host])
            answers = srv.routes.get(path)
        try:
            if answers is None:
                if srv.fallback is not None:
                    resp = srv.fallback(path)
                else:
                    resp = None
                if resp is None:
                    resp = {"status": 404, "body": "not found", "content_type": "text/plain"}
            else:
                resp = answers[min(n, len(answers)) - 1]
            self._answer(srv, resp)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            with srv.lock:
                srv.active[host] -= 1

    def _sleep(self, srv, seconds):
        srv.stopping.wait(seconds)

    def _answer(self, srv, r):
        if r.get("hang"):
            self._sleep(srv, r["hang"])
            self.close_connection = True
            return
        if r.get("delay"):
            self._sleep(srv, r["delay"])
        body = r.get("body", b"")
        if isinstance(body, str):
            body = body.encode(r.get("charset", "utf-8"))
        status = r.get("status", 200)
        etag = r.get("etag")
        if etag and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if r.get("gzip"):
            body = gzip.compress(body)
        self.send_response(status)
        self.send_header("Content-Type", r.get("content_type", "text/html; charset=utf-8"))
        if etag:
            self.send_header("ETag", etag)
        if r.get("gzip"):
            self.send_header("Content-Encoding", "gzip")
        for k, v in r.get("headers", {}).items():
            self.send_header(k, v)
        if r.get("no_length"):
            self.send_header("Connection", "close")
            self.close_connection = True
        elif r.get("lie_length"):
            self.send_header("Content-Length", str(r["lie_length"]))
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        trickle = r.get("trickle")
        if trickle:
            step, pause = trickle
            for i in range(0, len(body), step):
                if srv.stopping.is_set():
                    break
                self.wfile.write(body[i:i + step])
                self.wfile.flush()
                self._sleep(srv, pause)
            self.close_connection = True
            return
        if r.get("no_length"):
            # Stream in chunks so a huge body does not have to exist at once.
            chunk = r.get("chunk")
            if chunk:
                data, count = chunk
                for _ in range(count):
                    if srv.stopping.is_set():
                        break
                    self.wfile.write(data)
                return
        self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def handle_error(self, request, client_address):
        # Clients hanging up (a fetch cut off for size or time) are expected.
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class HTTPServer:
    """Use as a context manager, or call start() and stop()."""

    def __init__(self, host="127.0.0.1"):
        self.host = host
        self.routes = {}
        self.fallback = None  # callable(path) -> response dict or None
        self.hits = {}
        self.requests = []
        self.active = {}
        self.max_active = {}
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._httpd = None
        self._thread = None

    def route(self, path, *responses):
        with self.lock:
            self.routes[path] = list(responses) or [{}]

    def url(self, path="/"):
        return "http://%s:%d%s" % (self.host, self.port, path)

    @property
    def port(self):
        return self._httpd.server_address[1]

    def start(self):
        self._httpd = _Server((self.host, 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self.stopping.set()
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join(5)
            self._httpd = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def serve_folder(folder, content_type="text/html; charset=utf-8"):
    """A server whose /NAME paths answer with folder/NAME (for benchmarks)."""
    srv = HTTPServer()

    def fallback(path):
        name = os.path.basename(path)
        full = os.path.join(folder, name)
        if not name or not os.path.isfile(full):
            return None
        with open(full, "rb") as f:
            return {"body": f.read(), "content_type": content_type}

    srv.fallback = fallback
    return srv


if __name__ == "__main__":
    # Manual use: python3 httpserver.py FOLDER  → serves FOLDER until Ctrl-C.
    s = serve_folder(sys.argv[1] if len(sys.argv) > 1 else ".").start()
    print(s.url("/"), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        s.stop()

"""A small HTTP server on 127.0.0.1 that misbehaves on purpose, for the fetching tests.

It listens on the loopback address only, on a free port, serves a bounded
number of requests, and stops by itself after ``lifetime`` seconds even if a
test forgets to stop it. Routes:

==================  ===========================================================
``/article``        the council page (text/html; charset=utf-8)
``/paywall``        a paywalled page
``/cp1252-header``  windows-1252 bytes, charset only in the header (ISO-8859-1)
``/cp1252-meta``    windows-1252 bytes, charset only in a ``<meta>``
``/cp1252-none``    windows-1252 bytes, no charset anywhere
``/no-type``        an HTML page without a Content-Type header
``/gzip``           the council page, gzip-encoded
``/gzip-bomb``      20 MB of spaces gzip-encoded into a few KB
``/gzip-cut``       the council page gzip-encoded, cut off halfway (no Content-Length)
``/pdf``            a PDF (application/pdf)
``/json``           JSON (application/json)
``/slow``           answers after 5 s
``/trickle``        sends a byte every 0.2 s for 4 s
``/slow-headers``   sends its status line and headers a byte every 0.2 s, for 8 s
``/trickle-open``   a body without Content-Length, a byte every 0.2 s for 4 s
``/huge``           11 MB (over the 10 MiB default limit), with a Content-Length header
``/huge-stream``    2 MB without one (read until the server closes)
``/loop-a``         302 to ``/loop-b``, which redirects back
``/chain/N``        302 to ``/chain/N+1``
``/moved``          301 to ``/article`` (relative Location)
``/to-file``        302 to ``file:///etc/passwd``
``/to-bad-address`` 302 to ``http://[::1/x`` (an IPv6 address left open)
``/missing``        404
``/broken``         500
==================  ===========================================================
"""

from __future__ import annotations

import gzip
import http.server
import threading
import time
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "html"
MAX_REQUESTS = 500


def _cp1252_page(meta: bool) -> bytes:
    raw = (FIXTURES / "cafe_cp1252.html").read_bytes()
    if not meta:
        raw = raw.replace(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">\n', b"")
        assert b"charset" not in raw
    return raw


class _Handler(http.server.BaseHTTPRequestHandler):
    server: LocalServer  # type: ignore[assignment]

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep the test output clean

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if "Content-Length" not in headers and not headers.get("X-No-Length"):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, status: int, location: str) -> None:
        self._send(status, b"", {"Location": location})

    def do_GET(self) -> None:
        try:
            self._route()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout or size limit): that is what the test wanted

    def _route(self) -> None:
        srv = self.server
        with srv.lock:
            srv.requests.append((self.path, dict(self.headers)))
            if len(srv.requests) > MAX_REQUESTS:
                self._send(503, b"too many requests in this test", {"Content-Type": "text/plain"})
                return
        html = {"Content-Type": "text/html; charset=utf-8"}
        path = self.path
        if path == "/article":
            self._send(200, (FIXTURES / "council_budget.html").read_bytes(), html)
        elif path == "/paywall":
            self._send(200, (FIXTURES / "paywalled.html").read_bytes(), html)
        elif path == "/cp1252-header":
            self._send(200, _cp1252_page(meta=False), {"Content-Type": "text/html; charset=ISO-8859-1"})
        elif path == "/cp1252-meta":
            self._send(200, _cp1252_page(meta=True), {"Content-Type": "text/html"})
        elif path == "/cp1252-none":
            self._send(200, _cp1252_page(meta=False), {"Content-Type": "text/html"})
        elif path == "/no-type":
            self._send(200, (FIXTURES / "council_budget.html").read_bytes(), {})
        elif path == "/gzip":
            body = gzip.compress((FIXTURES / "council_budget.html").read_bytes())
            self._send(200, body, {**html, "Content-Encoding": "gzip"})
        elif path == "/gzip-bomb":
            body = gzip.compress(b"<html><body><p>" + b" " * 20_000_000, compresslevel=9)
            self._send(200, body, {**html, "Content-Encoding": "gzip"})
        elif path == "/cut":  # a page whose connection closes before the length its header states
            whole = (FIXTURES / "council_budget.html").read_bytes()
            self.close_connection = True
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(whole)))
            self.end_headers()
            self.wfile.write(whole[: len(whole) * 3 // 5])
        elif path == "/gzip-cut":
            whole = gzip.compress((FIXTURES / "council_budget.html").read_bytes())
            self.close_connection = True
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            self.wfile.write(whole[: len(whole) // 2])
        elif path == "/pdf":
            self._send(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", {"Content-Type": "application/pdf"})
        elif path == "/json":
            self._send(200, b'{"text": "not a page"}', {"Content-Type": "application/json"})
        elif path == "/slow":
            time.sleep(5)
            self._send(200, b"<html><body><p>late</p></body></html>", html)
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "20")
            self.end_headers()
            for _ in range(20):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.2)
        elif path == "/slow-headers":
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + b"X-Pad: a\r\n" * 5
            for i in range(40):  # never done: the client must give up first
                self.wfile.write(head[i : i + 1])
                self.wfile.flush()
                time.sleep(0.2)
        elif path == "/trickle-open":
            self.close_connection = True
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(20):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.2)
        elif path == "/huge":
            self._send(200, b"<html><body>" + b"x" * 11_000_000, html)
        elif path == "/huge-stream":
            self.close_connection = True
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body>")
            for _ in range(200):
                self.wfile.write(b"y" * 10_000)
        elif path == "/loop-a":
            self._redirect(302, "/loop-b")
        elif path == "/loop-b":
            self._redirect(302, f"http://127.0.0.1:{srv.port}/loop-a")
        elif path.startswith("/chain/"):
            self._redirect(302, f"/chain/{int(path.rsplit('/', 1)[1]) + 1}")
        elif path == "/moved":
            self._redirect(301, "article")
        elif path == "/to-file":
            self._redirect(302, "file:///etc/passwd")
        elif path == "/to-bad-address":
            self._redirect(302, "http://[::1/x")
        elif path == "/broken":
            self._send(500, b"oops", {"Content-Type": "text/plain"})
        else:
            self._send(404, b"<html><body>not found</body></html>", html)


class LocalServer(http.server.ThreadingHTTPServer):
    """The test server; ``url(path)`` gives a full URL, ``requests`` what was asked."""

    daemon_threads = True

    def __init__(self, lifetime: float = 300.0) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.port = self.server_address[1]
        self.lock = threading.Lock()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        # However the tests end, the server stops by itself.
        self._timer = threading.Timer(lifetime, self.shutdown)
        self._timer.daemon = True

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> LocalServer:  # noqa: PYI034 - typing.Self needs Python 3.11
        self._thread.start()
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=10)

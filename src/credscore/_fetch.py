"""Fetch web pages for scoring: one careful HTTP GET per URL, with the standard library only.

Nothing here runs unless a URL is given: importing this module opens no
connection. :func:`fetch` follows at most ``max_redirects`` redirects (and
names a loop when a URL comes back), sends a ``User-Agent`` that says what is
asking, gives up after ``timeout`` seconds of silence or ``total_timeout``
seconds in all, stops reading past ``max_bytes`` (also after gzip
decompression), and accepts only HTML (``text/html`` or
``application/xhtml+xml``). Every failure is a :class:`FetchError` whose
message names the URL and the cause.

Certificates are always verified; unlike some crawlers, a TLS error is never
retried without verification. Only ``http`` and ``https`` URLs are fetched, so
a redirect cannot lead to a local ``file:`` path.

:func:`ordered_map` runs a function over a stream of items with a bounded
number of threads and yields the results in input order, holding at most a
few items per thread in memory.
"""

from __future__ import annotations

import concurrent.futures
import errno
import http.client
import queue
import re
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from ._version import __version__

__all__ = ["MAX_TIMEOUT", "FetchError", "FetchOptions", "Page", "fetch", "is_url", "ordered_map"]

#: Sent with every request, so that site owners can see what is fetching their pages.
USER_AGENT = f"credscore/{__version__} (article credibility scoring; Python urllib)"

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024

T = TypeVar("T")
R = TypeVar("R")


def is_url(value: str) -> bool:
    """True for an ``http://`` or ``https://`` URL (the only kinds credscore fetches).

    Examples
    --------
    >>> is_url("https://example.org/news/1"), is_url("pages/story.html"), is_url("ftp://example.org/x")
    (True, False, False)
    """
    return value[:8].lower().startswith(("http://", "https://"))


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def not_fetched(line: str) -> str:
    """The error of a URL list's line that is no http(s) address (credscore fetches nothing else).

    >>> not_fetched("ftp://example.org/a")
    'ftp://example.org/a: only http:// and https:// URLs are fetched'
    >>> not_fetched("example.org/news")
    'example.org/news: not a URL (a URL list holds http:// or https:// addresses); did you mean https://example.org/news?'
    """
    if _SCHEME.match(line):
        return f"{line}: only http:// and https:// URLs are fetched"
    message = f"{line}: not a URL (a URL list holds http:// or https:// addresses)"
    host, path_follows, _ = line.partition("/")  # a host name, then a path: an address without its scheme
    if " " not in line and "." in host.strip(".") and (path_follows or host.lower().startswith("www.")):
        message += f"; did you mean https://{line}?"
    return message


#: The longest timeout :class:`FetchOptions` takes, in seconds (a day).
MAX_TIMEOUT = 86400.0

@dataclass(frozen=True, slots=True)
class FetchOptions:
    """Limits for :func:`fetch`.

    Attributes
    ----------
    timeout : float
        Seconds to wait for the connection or for any read before giving up.
    total_timeout : float
        Seconds for the whole download, so a server that trickles bytes cannot hold a worker forever.
    max_bytes : int
        Largest page accepted, after decompression (default 10 MiB; news pages are rarely over 2 MiB).
    max_redirects : int
        Redirects followed before giving up.
    user_agent : str
        The ``User-Agent`` header.
    """

    timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = USER_AGENT

    def __post_init__(self) -> None:
        for name in ("timeout", "total_timeout"):
            value = getattr(self, name)
            # At most a day: a socket's and a timer's clock overflow far beyond (an audit's 1e12 crashed a thread).
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= MAX_TIMEOUT:
                raise ValueError(f"{name} must be a positive number of seconds, at most {MAX_TIMEOUT:g}, got {value!r}")
        for name in ("max_bytes", "max_redirects"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < (1 if name == "max_bytes" else 0):
                raise ValueError(f"{name} must be an int >= {1 if name == 'max_bytes' else 0}, got {value!r}")


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched HTML page.

    Attributes
    ----------
    url : str
        The URL as given.
    final_url : str
        Where the page was found, after redirects.
    status : int
        HTTP status of the final response.
    content_type : str
        Media type from the ``Content-Type`` header (``text/html``...).
    charset : str or None
        The charset the ``Content-Type`` header declared, if any.
    body : bytes
        The page, decompressed, at most ``max_bytes`` long.
    redirects : tuple of str
        The URLs that redirected, in order.
    """

    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes = field(repr=False)
    redirects: tuple[str, ...] = ()


class FetchError(Exception):
    """A URL that could not be fetched as an HTML page; ``str()`` is ``"URL: cause"``.

    Attributes
    ----------
    url : str
        The URL as given.
    cause : str
        What went wrong, e.g. ``"HTTP 404 Not Found"`` or ``"timed out after 20 s"``.
    """

    def __init__(self, url: str, cause: str) -> None:
        super().__init__(f"{url}: {cause}")
        self.url = url
        self.cause = cause


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand 3xx responses back to :func:`fetch`, which follows them itself (to bound and check them):
    urllib's default error handler raises them as an :class:`urllib.error.HTTPError` holding the
    response. (It takes the place of urllib's redirect handler, which reads the Location even with no
    redirect to make: a bad one, "http://[::1", raised there and left the response's socket open.)"""

    def http_error_302(self, *args: object) -> None:
        return None

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302  # type: ignore[assignment]


class _Deadline:
    """Ends a request at its deadline wherever it waits: connecting, sending, reading the status line and
    headers (a server can send them a byte at a time, each within the read timeout) or the body.

    The connections of :func:`_opener` hand it their socket; at the deadline a timer shuts the socket
    down, so a read that waits returns at once and the request fails (:attr:`fired` says why).
    """

    def __init__(self, deadline: float) -> None:
        self.fired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            if self._sock is not None:
                _shut(self._sock)

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sock = sock
            if self.fired:
                _shut(sock)

    def cancel(self) -> None:
        self._timer.cancel()

    def connection(self, base: type[http.client.HTTPConnection]) -> type[http.client.HTTPConnection]:
        """``base`` (HTTP or HTTPS), with its socket watched once it is connected."""
        deadline = self

        class _Watched(base):  # type: ignore[valid-type,misc]
            def connect(self) -> None:
                super().connect()
                deadline.watch(self.sock)

        return _Watched


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._deadline.connection(http.client.HTTPConnection), req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        self._ssl = ssl.create_default_context()  # certificates verified, as urllib's default
        super().__init__(context=self._ssl)
        self._deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._deadline.connection(http.client.HTTPSConnection), req, context=self._ssl)


def _opener(host: str, deadline: _Deadline) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [_NoRedirect(), _HTTP(deadline), _HTTPS(deadline)]
    if _is_loopback(host):
        # A proxy from the environment cannot reach this machine's own loopback address.
        handlers.append(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener(*handlers)


def _ascii_url(url: str) -> str:
    """``url`` with non-ASCII characters and spaces in its path and query percent-encoded (as browsers send them).

    >>> _ascii_url("https://example.org/caf\u00e9 au lait?q=\u00e9t\u00e9")
    'https://example.org/caf%C3%A9%20au%20lait?q=%C3%A9t%C3%A9'
    """
    parts = urllib.parse.urlsplit(url)
    safe = "!#$%&'()*+,/:;=?@[]~"
    path, query = urllib.parse.quote(parts.path, safe=safe), urllib.parse.quote(parts.query, safe=safe)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def _redacted(url: str) -> str:
    """``url`` with the password of its user information, if any, as ``***``.

    >>> _redacted("https://jo:secret@example.org/a"), _redacted("https://example.org/a")
    ('https://jo:***@example.org/a', 'https://example.org/a')
    """
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    user, _, host = parts.netloc.rpartition("@")
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user.split(':', 1)[0]}:***@{host}"))


def _is_loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")


def _cause(exc: BaseException, waited: float) -> str:
    """A short, plain description of a network failure."""
    reason: object = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, socket.gaierror):
        return f"DNS lookup failed ({reason.strerror or reason})"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"timed out (no response for {waited:.3g} s)"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"TLS certificate not valid ({reason.verify_message or reason})"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error ({reason.reason or reason})"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(reason, http.client.RemoteDisconnected):
        return "the server closed the connection without a response"
    if isinstance(reason, http.client.HTTPException):
        return f"bad HTTP response ({type(reason).__name__}: {reason})"
    if isinstance(reason, OSError) and reason.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return "network unreachable"
    if isinstance(reason, OSError) and reason.strerror:
        return f"network error ({reason.strerror})"
    return f"network error ({type(reason).__name__}: {reason})"


def _read_body(resp: http.client.HTTPResponse, options: FetchOptions, deadline: float) -> bytes:
    """The body, decompressed, within ``max_bytes`` and the deadline."""
    encoding = (resp.headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        raise _Refused(f"unsupported Content-Encoding {encoding!r}")
    inflate = None
    if encoding != "identity":
        # wbits 32+15 reads a gzip or a zlib stream.
        inflate = zlib.decompressobj(32 + zlib.MAX_WBITS)
    length = resp.headers.get("Content-Length")
    if encoding == "identity" and length and length.isdigit() and int(length) > options.max_bytes:
        raise _Refused(f"too large: {int(length)} bytes (the limit is {options.max_bytes})")
    parts: list[bytes] = []
    size = received = 0
    while True:
        if time.monotonic() > deadline:
            raise _Refused(_late(options))
        chunk = resp.read1(_CHUNK)
        if not chunk:
            break
        received += len(chunk)
        if inflate is not None:
            try:
                # Never inflate more than the limit allows: a small gzip bomb stays small.
                chunk = inflate.decompress(chunk, options.max_bytes + 1 - size)
            except zlib.error as exc:
                raise _Refused(f"could not decompress the {encoding} body ({exc})") from None
        size += len(chunk)
        if size > options.max_bytes:
            after = " after decompression" if inflate is not None else ""
            raise _Refused(f"too large: more than {options.max_bytes} bytes{after}")
        parts.append(chunk)
    if inflate is not None and not inflate.eof:
        # The connection closed before the compressed stream ended: what came is part of a page.
        raise _Refused(f"the {encoding} body ends early (the download was cut short)")
    if length and length.isdigit() and received < int(length):
        # The connection closed before the length the header states (an audit: a page cut short was scored as
        # if whole).
        raise _Refused(f"the connection closed after {received} of {int(length)} bytes (the download was cut short)")
    return b"".join(parts)


def _late(options: FetchOptions) -> str:
    return f"timed out (download took longer than {options.total_timeout:g} s)"


class _Refused(Exception):
    """A response that arrived but is not a page we score (too large, not HTML...)."""


def _media_type(header: str | None) -> tuple[str, str | None]:
    """``("text/html", "utf-8")`` from ``text/html; charset="UTF-8"``."""
    if not header:
        return "", None
    kind, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return kind.strip().lower(), charset


def _looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<?xml")) or b"<html" in head


def fetch(url: str, options: FetchOptions | None = None) -> Page:
    """Download one HTML page.

    Parameters
    ----------
    url : str
        An ``http://`` or ``https://`` URL.
    options : FetchOptions, optional
        Timeouts and limits; the defaults suit news pages.

    Returns
    -------
    Page

    Raises
    ------
    FetchError
        For every failure, naming the URL and the cause: DNS, connection, TLS,
        timeout, an HTTP error status, a redirect loop or too many redirects,
        a page that is not HTML or is larger than ``max_bytes``.
    TypeError
        If ``url`` is not a string.

    Examples
    --------
    >>> fetch("ftp://example.org/file")
    Traceback (most recent call last):
    ...
    credscore._fetch.FetchError: ftp://example.org/file: not an http:// or https:// URL
    """
    if not isinstance(url, str):
        raise TypeError(f"url must be a str, got {type(url).__name__}")
    opts = options if options is not None else FetchOptions()
    deadline = time.monotonic() + opts.total_timeout
    current = url
    seen = [url]
    while True:
        timeout = min(opts.timeout, deadline - time.monotonic())
        if timeout <= 0:
            raise FetchError(url, f"timed out (redirects took longer than {opts.total_timeout:g} s)")
        where = "" if current == url else f" (redirected to {current})"
        try:
            parts = urllib.parse.urlsplit(current)
        except ValueError as exc:  # "http://[::1": an IPv6 address left open
            raise FetchError(url, f"bad URL ({exc}){where}") from None
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise FetchError(url, f"not an http:// or https:// URL{where}")
        if parts.username is not None or parts.password is not None:
            # urllib would look the "user:password@host" up as a host name ("DNS lookup failed").
            raise FetchError(_redacted(url), "a URL with a user name or password is not fetched (no credentials are sent)")
        try:
            parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
        except ValueError as exc:
            raise FetchError(url, f"bad URL ({exc})") from None
        request = urllib.request.Request(
            _ascii_url(current),
            headers={
                "User-Agent": opts.user_agent,
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                "Accept-Encoding": "gzip, deflate",
            },
        )
        watch = _Deadline(deadline)
        try:
            with _opener(parts.hostname, watch).open(request, timeout=timeout) as resp:
                kind, charset = _media_type(resp.headers.get("Content-Type"))
                if kind and kind not in _HTML_TYPES:
                    raise FetchError(url, f"not an HTML page (Content-Type: {kind})")
                body = _read_body(resp, opts, deadline)
                if watch.fired:  # the body may have ended where the deadline cut it
                    raise _Refused(_late(opts))
                if not kind and not _looks_like_html(body):
                    raise FetchError(url, "not an HTML page (no Content-Type, and the body does not look like HTML)")
                return Page(url, current, resp.status, kind or "text/html", charset, body, tuple(seen[:-1]))
        except urllib.error.HTTPError as exc:
            with exc:
                location = exc.headers.get("Location") if exc.code in _REDIRECTS else None
                if location is None:
                    reason = f" {exc.reason}" if exc.reason else ""
                    raise FetchError(url, f"HTTP {exc.code}{reason}") from None
            try:
                nxt = urllib.parse.urljoin(current, location.strip())
            except ValueError as exc:  # a Location of "http://[::1"
                raise FetchError(url, f"bad URL ({exc}) (redirected to {location.strip()})") from None
            if nxt in seen:
                loop = " -> ".join([*seen[seen.index(nxt) :], nxt])
                raise FetchError(url, f"redirect loop: {loop}") from None
            if len(seen) > opts.max_redirects:
                raise FetchError(url, f"too many redirects (more than {opts.max_redirects})") from None
            seen.append(nxt)
            current = nxt
        except _Refused as exc:
            if watch.fired:  # the deadline shut the socket: the body cut short is what it led to, not the cause
                raise FetchError(url, _late(opts)) from None
            raise FetchError(url, str(exc)) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            if watch.fired:  # the socket was shut at the deadline: that is the cause, not what it led to
                raise FetchError(url, _late(opts)) from None
            raise FetchError(url, _cause(exc, timeout)) from None
        except ValueError as exc:  # e.g. a malformed port ("http://host:99999/")
            raise FetchError(url, f"bad URL ({exc})") from None
        finally:
            watch.cancel()


class _Raised:
    """An exception raised while reading the input, carried to the consumer's thread."""

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


_END = object()


def ordered_map(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int = 4,
    on_done: Callable[[], None] | None = None,
) -> Iterator[R]:
    """``map(func, items)`` on ``workers`` threads: results in input order, memory bounded.

    At most about ``2 * workers`` items are in flight, so a long (or endless)
    iterable streams. ``items`` is read in a thread of its own, so a result
    is yielded as soon as it is ready even while the input (a pipe, say)
    has nothing new to give. ``func`` should not raise: an exception it
    raises is re-raised here, at its item's place, and so is one raised
    while reading ``items``. ``on_done`` is called (in the caller's thread)
    as each result is yielded.

    The threads are daemon threads and stopping early (an error, Ctrl-C, a
    closed generator) does not wait for them: a download still hanging on
    a slow server does not hold up the caller.

    Examples
    --------
    >>> list(ordered_map(lambda x: x * x, range(5), workers=2))
    [0, 1, 4, 9, 16]
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be an int >= 1, got {workers!r}")
    it = iter(items)
    tasks: queue.SimpleQueue[tuple[concurrent.futures.Future[R], T] | None] = queue.SimpleQueue()
    ahead: queue.Queue[object] = queue.Queue(maxsize=2 * workers)  # futures, in input order
    stop = threading.Event()

    def put(obj: object) -> bool:
        while not stop.is_set():
            try:
                ahead.put(obj, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def feed() -> None:
        try:
            for item in it:
                fut: concurrent.futures.Future[R] = concurrent.futures.Future()
                if not put(fut) or stop.is_set():  # closed: a put the closing drain let through fetches nothing
                    return
                tasks.put((fut, item))
            put(_END)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, which re-raises it
            put(_Raised(exc))

    def work() -> None:
        while True:
            task = tasks.get()
            if task is None:
                return
            fut, item = task
            if not fut.set_running_or_notify_cancel():
                continue
            try:
                fut.set_result(func(item))
            except BaseException as exc:  # noqa: BLE001 - re-raised by the consumer at this item's place
                fut.set_exception(exc)

    threads = [threading.Thread(target=feed, name="credscore-fetch-input", daemon=True)]
    threads += [threading.Thread(target=work, name=f"credscore-fetch-{k}", daemon=True) for k in range(workers)]
    for t in threads:
        t.start()
    try:
        while True:
            got = ahead.get()
            if got is _END:
                return
            if isinstance(got, _Raised):
                raise got.exc
            assert isinstance(got, concurrent.futures.Future)
            yield got.result()
            if on_done is not None:
                on_done()
    finally:
        stop.set()
        while True:  # what has not started is dropped
            try:
                left = ahead.get_nowait()
            except queue.Empty:
                break
            if isinstance(left, concurrent.futures.Future):
                left.cancel()
        for _ in range(workers):
            tasks.put(None)

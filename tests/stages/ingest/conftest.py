"""Fixtures for the ingest tests: data files, settings, a WARC written with warcio, a loopback server."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from storydesk.stages.ingest import HttpSettings, IngestSettings

DATA = Path(__file__).resolve().parents[2] / "data" / "ingest"
EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "assad-moscow-2023"
SLOW_RESPONSE_S = 1.0
HUGE_BYTES = 200_000


@pytest.fixture
def data_dir() -> Path:
    """The committed ingest test files."""
    return DATA


@pytest.fixture
def ingest_settings() -> IngestSettings:
    return IngestSettings()


@pytest.fixture
def http_settings() -> HttpSettings:
    return HttpSettings(timeout_s=5.0, max_bytes=100_000, max_redirects=3)


def _http_response(status: str, content_type: str, body: bytes) -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode("ascii") + body


@pytest.fixture
def warc_file(tmp_path: Path) -> Path:
    """A gzipped WARC with two HTML pages, a redirect, a PNG, a request record and an empty page."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    pages = [
        ("https://www.levantwire.example/world/putin-hosts-assad-kremlin-talks", "200 OK",
         "text/html; charset=utf-8", (DATA / "kremlin-talks.html").read_bytes()),
        ("https://monitor.example/2023/09/13/derna-counts-its-dead", "200 OK", "text/html",
         (DATA / "derna-floods-undated.html").read_bytes()),
        ("https://monitor.example/old", "301 Moved Permanently", "text/html", b"moved"),
        ("https://monitor.example/logo.png", "200 OK", "image/png", (DATA / "snapshot.bin").read_bytes()),
        ("https://monitor.example/blank", "200 OK", "text/html", b"   "),
    ]
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        request = writer.create_warc_record("https://monitor.example/", "request",
                                            payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
        writer.write_record(request)
        for url, status, ctype, body in pages:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                               http_headers=headers)
            writer.write_record(record)
    return path


class _Handler(BaseHTTPRequestHandler):
    """Routes for the URL reader tests."""

    routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        route = self.routes.get(self.path.split("?")[0])
        if route is None:
            self._send(404, "text/plain", b"not found")
        else:
            route(self)

    def _send(self, status: int, ctype: str, body: bytes, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Keep test output quiet."""


def _page(name: str, ctype: str = "text/html; charset=utf-8") -> Callable[[BaseHTTPRequestHandler], None]:
    body = (DATA / name).read_bytes()
    return lambda h: h._send(200, ctype, body)  # type: ignore[attr-defined]


def _redirect(location: str) -> Callable[[BaseHTTPRequestHandler], None]:
    return lambda h: h._send(302, "text/plain", b"", {"Location": location})  # type: ignore[attr-defined]


def _huge_streamed(h: BaseHTTPRequestHandler) -> None:
    """A page with no Content-Length that goes on past any sane cap."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    chunk = b"<p>" + b"spam " * 1000 + b"</p>\n"
    for _ in range(HUGE_BYTES // len(chunk) + 1):
        h.wfile.write(chunk)


def _slow(h: BaseHTTPRequestHandler) -> None:
    time.sleep(SLOW_RESPONSE_S)
    _page("kremlin-talks.html")(h)


def _routes() -> dict[str, Callable[[BaseHTTPRequestHandler], None]]:
    routes = {
        "/world/putin-hosts-assad": _page("kremlin-talks.html"),
        "/2023/09/13/derna-counts-its-dead": _page("derna-floods-undated.html", "text/html"),
        "/feed": _page("rss-world.xml", "application/rss+xml"),
        "/latin": _page("cp1252.txt", "text/plain; charset=windows-1252"),
        "/logo.png": _page("snapshot.bin", "image/png"),
        "/huge-declared": lambda h: h._send(200, "text/html", b"x" * HUGE_BYTES),  # type: ignore[attr-defined]
        "/huge-streamed": _huge_streamed,
        "/slow": _slow,
        "/to-ftp": _redirect("ftp://127.0.0.1/pub/article.html"),
        "/hop/0": _redirect("/world/putin-hosts-assad"),
    }
    for hop in range(1, 10):
        routes[f"/hop/{hop}"] = _redirect(f"/hop/{hop - 1}")
    return routes


class _QuietServer(ThreadingHTTPServer):
    """The tests hang up early on purpose (size cap, timeout): no tracebacks for that."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Ignore clients that went away."""


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 in a background thread; yields its base URL."""
    _Handler.routes = _routes()
    httpd = _QuietServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loopback requests must never go through a proxy from the environment."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)

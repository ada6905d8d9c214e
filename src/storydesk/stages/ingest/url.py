"""Fetching http(s) URLs (httpx): timeouts, a streamed size cap, a redirect limit, safe schemes."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from storydesk.errors import IngestError
from storydesk.stages.ingest.settings import HttpSettings

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

ALLOWED_SCHEMES = frozenset({"http", "https"})
_OK_STATUS = range(200, 300)


@dataclass(frozen=True, kw_only=True, slots=True)
class Fetched:
    """The body of a fetched page and where it finally came from."""

    url: str
    content: bytes
    content_type: str | None


def is_url(value: str) -> bool:
    """Whether an input names an http(s) URL rather than a path."""
    return urlsplit(value).scheme.lower() in ALLOWED_SCHEMES


def _check_scheme(url: str, source: str) -> None:
    """Refuse anything but http(s), also as a redirect target."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise IngestError(f"refusing URL scheme {scheme or '(none)'!r} in {url}", source=source,
                          stage="ingest")


def _read_capped(response: httpx.Response, *, http: HttpSettings, started: float,
                 source: str) -> bytes:
    """The response body, refused past ``max_bytes`` or past the overall time limit."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > http.max_bytes:
        raise IngestError(f"page larger than {http.max_bytes} bytes", source=source, stage="ingest")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > http.max_bytes:
            raise IngestError(f"page larger than {http.max_bytes} bytes", source=source,
                              stage="ingest")
        if time.monotonic() - started > http.timeout_s:
            raise IngestError(f"timed out after {http.timeout_s}s", source=source, stage="ingest")
        chunks.append(chunk)
    return b"".join(chunks)


def _follow(client: httpx.Client, url: str, *, http: HttpSettings, started: float) -> Fetched:
    """GET ``url``, following at most ``max_redirects`` redirects by hand (each target checked)."""
    current = url
    for _hop in range(http.max_redirects + 1):
        _check_scheme(current, url)
        with client.stream("GET", current) as response:
            if response.is_redirect:
                current = urljoin(current, response.headers.get("Location", ""))
                log.debug("%s redirects to %s", url, current)
                continue
            if response.status_code not in _OK_STATUS:
                raise IngestError(f"HTTP {response.status_code} {response.reason_phrase}",
                                  source=url, stage="ingest")
            content = _read_capped(response, http=http, started=started, source=url)
            return Fetched(url=current, content=content,
                           content_type=response.headers.get("Content-Type"))
    raise IngestError(f"more than {http.max_redirects} redirects", source=url, stage="ingest")


def fetch(url: str, *, http: HttpSettings) -> Fetched:
    """Fetch one http(s) URL within the ``[http]`` limits.

    Raises:
        IngestError: for a refused scheme, too many redirects, an oversized page, a timeout,
            an HTTP error status or a network failure.
    """
    import httpx  # deferred: only URL inputs need it  # noqa: F811

    _check_scheme(url, url)
    started = time.monotonic()
    headers = {"User-Agent": http.user_agent}
    try:
        with httpx.Client(timeout=http.timeout_s, follow_redirects=False, headers=headers) as client:
            return _follow(client, url, http=http, started=started)
    except httpx.TimeoutException as err:
        raise IngestError(f"timed out after {http.timeout_s}s", source=url, stage="ingest") from err
    except (httpx.HTTPError, httpx.InvalidURL) as err:
        raise IngestError(f"fetch failed: {err}", source=url, stage="ingest") from err

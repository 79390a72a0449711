"""The server's safety rules, each with a test in tests/web/test_safety.py.

- **Who may ask.** The server binds to 127.0.0.1 unless told otherwise. Every request must
  name the server in its Host header (``ServeConfig.allowed_hosts``): a page elsewhere that
  points a DNS name at 127.0.0.1 (DNS rebinding) names its own host and is refused (421).
- **Who may write.** A write is a POST whose form carries the session's token: the session
  is a random cookie (HttpOnly, SameSite=Strict) given with the first page, the token an HMAC
  of it under a key made at start-up, written into each page's forms. A cross-site page can
  neither read the token nor send the cookie; on top of that a write whose Origin (or
  Referer) is not this server, or whose Sec-Fetch-Site says cross-site, is refused (403).
- **How much.** A request body is at most ``max_body`` bytes (413, counted as it arrives,
  whatever Content-Length says), a query string at most ``max_query_string`` (414); each
  client has a token bucket for reads and one for writes (429 with Retry-After).
- **What comes back.** Every page is rendered by Jinja2 with autoescape, so corpus and glossary
  text (a segment holding ``<script>``) is text; the Content-Security-Policy allows scripts and
  styles from the server only (no inline script runs even if one got in), no framing, no
  plug-ins; nothing is cached.
- **No path from a request reaches the file system.** Static files are read from the package
  once, at start-up, into a table looked up by name; exports are made in memory and named by
  the server; reports are the server's own files. A request's text is only ever a key, a
  query parameter or a form field.
"""
from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
import time
from typing import Any, Awaitable, Callable
from urllib.parse import urlsplit

from glossary.web.config import RateLimit, ServeConfig

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Buckets:
    """Token buckets by key: ``allow`` takes one token, or says how long until one is there."""

    def __init__(self, limit: RateLimit) -> None:
        self.limit = limit
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, when)
        self._lock = threading.Lock()

    def allow(self, key: str) -> float:
        """0 when allowed, else the seconds to wait."""
        now = time.monotonic()
        with self._lock:
            tokens, when = self._buckets.get(key, (self.limit.burst, now))
            tokens = min(self.limit.burst, tokens + (now - when) * self.limit.rate)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                if len(self._buckets) > 10_000:  # forget the idle ones
                    self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 60}
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / self.limit.rate if self.limit.rate > 0 else 60.0


class SafetyMiddleware:
    """Host check, size limits, rate limits and security headers, before any route runs."""

    def __init__(self, app: Callable, config: ServeConfig) -> None:
        self.app = app
        self.config = config
        self.hosts = config.allowed_hosts()
        self.reads = Buckets(config.reads)
        self.writes = Buckets(config.writes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "").lower()
        if self.hosts is not None and host not in self.hosts:
            await _plain(send, 421, f"this server answers to {', '.join(sorted(self.hosts))} only, not {host!r}")
            return
        if len(scope.get("query_string", b"")) > self.config.max_query_string:
            await _plain(send, 414, f"the query is longer than {self.config.max_query_string} bytes")
            return
        method = scope.get("method", "GET")
        client = (scope.get("client") or ("?", 0))[0]
        wait = (self.writes if method in WRITE_METHODS else self.reads).allow(client)
        if wait:
            await _plain(send, 429, "too many requests: slow down and try again",
                         [(b"retry-after", str(max(1, math.ceil(wait))).encode())])
            return
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.config.max_body):
            await _plain(send, 413, f"the request is larger than {self.config.max_body} bytes")
            return
        if method in WRITE_METHODS or length is not None or "chunked" in headers.get("transfer-encoding", ""):
            body = await _read_body(receive, self.config.max_body)
            if body is None:
                await _plain(send, 413, f"the request is larger than {self.config.max_body} bytes")
                return
            receive = _replay(body, receive)

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                if b"cache-control" not in names:
                    extra.append((b"cache-control", b"no-store"))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None as soon as it passes ``limit`` bytes."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def again() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return again


async def _plain(send: Send, status: int, text: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = (text + "\n").encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS,
                            (b"cache-control", b"no-store"), *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


# -- sessions and the write token ------------------------------------------------------------------
class Sessions:
    """Random session cookies and the token each one's forms carry (an HMAC of it)."""

    def __init__(self, port: int) -> None:
        self.cookie = f"glossary_session_{port}"  # cookies ignore ports: one name per server
        self._key = secrets.token_bytes(32)

    def new(self) -> str:
        return secrets.token_urlsafe(32)

    def valid(self, session: str | None) -> bool:
        return bool(session) and 20 <= len(session) <= 100 and session.replace("-", "").replace("_", "").isalnum()

    def token(self, session: str) -> str:
        return hmac.new(self._key, session.encode(), hashlib.sha256).hexdigest()

    def check(self, session: str | None, token: str | None) -> bool:
        return self.valid(session) and bool(token) and hmac.compare_digest(self.token(session), token)


def same_origin(headers: Any, hosts: set[str] | None) -> str | None:
    """Why a write's headers show it comes from another site, or None when they do not."""
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return f"the request comes from another site (Sec-Fetch-Site: {site})"
    for name in ("origin", "referer"):
        value = headers.get(name)
        if value is None:
            continue
        if value == "null":
            return f"the request's {name.title()} is null (a sandboxed or cross-site page)"
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or (hosts is not None and parts.netloc.lower() not in hosts):
            return f"the request's {name.title()} {value!r} is not this server"
        if hosts is None and parts.netloc.lower() != headers.get("host", "").lower():
            return f"the request's {name.title()} {value!r} is not this server"
        return None  # Origin said it; Referer is looked at only without one
    return None


def safe_back(target: str | None, default: str = "/") -> str:
    """A page of this server to go back to: a path of ours, never another site or a scheme."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target or len(target) > 1000:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target

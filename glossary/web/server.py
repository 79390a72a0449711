"""Running the application: uvicorn on a socket bound here, so the address (and a port 0 made
real) is known and printed before the first request, and a port in use is one clear error."""
from __future__ import annotations

import errno
import socket
from typing import Callable

from glossary.errors import UsageError
from glossary.web.config import ServeConfig


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (0: a free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto named: asyncio sets TCP_NODELAY only on sockets that say IPPROTO_TCP, and without it a
    # keep-alive response written as headers, then body waits out the client's delayed ACK (40 ms)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} on {host} is in use: give another with --port "
                             "(0 picks a free one)") from None
        if error.errno in (errno.EADDRNOTAVAIL, socket.EAI_NONAME if hasattr(socket, "EAI_NONAME") else -1):
            raise UsageError(f"cannot listen on {host}: not an address of this machine") from None
        raise
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(config: ServeConfig, *, ready: Callable[[str, ServeConfig], None] | None = None,
          log_level: str = "warning") -> None:
    """Serve until interrupted (Ctrl-C, SIGTERM); ``ready(url, config)`` is called once listening."""
    import dataclasses

    import uvicorn

    from glossary.web.app import create_app

    sock = bind(config.host, config.port)
    try:
        config = dataclasses.replace(config, port=sock.getsockname()[1])  # port 0 made real: the Host check needs it
        app = create_app(config)  # loads the glossary: a glossary that does not validate stops here
        server = uvicorn.Server(uvicorn.Config(
            app, log_level=log_level, access_log=log_level in ("info", "debug"), lifespan="on", server_header=False,
            date_header=False, proxy_headers=False, limit_concurrency=100, timeout_keep_alive=5,
            h11_max_incomplete_event_size=16 * 1024))
        if ready is not None:
            ready(url_of(sock), config)
        server.run(sockets=[sock])
    finally:
        sock.close()

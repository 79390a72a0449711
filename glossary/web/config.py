"""What a server is started with: the project's paths, the address, and the safety limits."""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path

from glossary.corpora.formats.base import ReadOptions
from glossary.variance.profile import DEFAULT as DEFAULT_PROFILE
from glossary.variance.profile import CheckProfile

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8377
MAX_BODY = 64 * 1024  # bytes of a request body (a form is a few hundred)
MAX_QUERY_STRING = 4096  # bytes of a URL's query
MAX_QUERY = 200  # characters of a lookup or concordance query


@dataclass(slots=True)
class RateLimit:
    """A token bucket per client: ``rate`` requests a second, bursts of up to ``burst``."""

    rate: float
    burst: float


@dataclass(slots=True)
class ServeConfig:
    glossary: Path  # the terms/ folder (or one .yaml file)
    corpora: list[Path] = field(default_factory=list)  # empty: no concordance, report or review
    index: Path = Path(".glossary-index") / "corpus.sqlite"
    reports: Path = Path("reports") / "serve"  # where the server writes variance.json and discovery.json
    options: ReadOptions = field(default_factory=ReadOptions)
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    discover: bool = True  # run discovery for the review page
    reads: RateLimit = field(default_factory=lambda: RateLimit(200.0, 400.0))
    writes: RateLimit = field(default_factory=lambda: RateLimit(5.0, 20.0))
    max_body: int = MAX_BODY
    max_query_string: int = MAX_QUERY_STRING
    profile: CheckProfile = DEFAULT_PROFILE  # which checks the report runs, at what severity (variance.profile)

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    def allowed_hosts(self) -> set[str] | None:
        """The Host headers a request may carry (a DNS-rebinding page names another); None: any
        (bound to every interface, the user chose to be reached by any name)."""
        if self.host in ("0.0.0.0", "::", ""):
            return None
        names = {self.host.lower(), f"[{self.host}]" if ":" in self.host else self.host.lower()}
        if self.loopback:
            names |= {"127.0.0.1", "localhost", "[::1]"}
        hosts = {f"{name}:{self.port}" for name in names}
        if self.port == 80:
            hosts |= names
        return hosts


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False

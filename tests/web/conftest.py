"""Shared set-up of the web tests: a copy of the bundled project (terms/ and corpora/) and the
application over it, with its background runs done, behind starlette's TestClient."""
from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path
from typing import Iterator

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

with warnings.catch_warnings():  # starlette 1.x prefers its httpx2 fork; httpx (the test extra) works the same
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from glossary.web.app import create_app  # noqa: E402
from glossary.web.config import RateLimit, ServeConfig  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
BASE = "http://127.0.0.1:8377"  # the Host every request names (the config's address)


def copy_project(target: Path) -> Path:
    """terms/ and corpora/ of the repository, copied (the server writes terms/ and reports/)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "terms", target / "terms")
    shutil.copytree(REPO / "corpora", target / "corpora", ignore=shutil.ignore_patterns("_build"))
    return target


def config_for(project: Path, **overrides) -> ServeConfig:
    values = dict(glossary=project / "terms", corpora=[project / "corpora"],
                  index=project / ".glossary-index" / "corpus.sqlite", reports=project / "reports" / "serve",
                  host="127.0.0.1", port=8377, reads=RateLimit(10_000, 10_000), writes=RateLimit(10_000, 10_000))
    values.update(overrides)
    return ServeConfig(**values)


def started(config: ServeConfig, *, wait: bool = True) -> TestClient:
    """A client of a new application whose index, report and discovery have run."""
    app = create_app(config, start_jobs=False)
    client = TestClient(app, base_url=BASE)
    if wait:
        jobs = app.state.web.jobs
        jobs.start()
        assert jobs.wait(300), jobs.status()
        for job in jobs.jobs.values():
            assert job.state in ("done", "off"), job.status()
    return client


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("serve") / "project")


@pytest.fixture(scope="module")
def client(project: Path) -> Iterator[TestClient]:
    """One application for a module's read-only tests."""
    old = Path.cwd()
    os.chdir(project)  # the diffs name files relative to the working folder, as the CLI's do
    try:
        with started(config_for(project)) as test_client:
            yield test_client
    finally:
        os.chdir(old)


def form_of(html: str, action: str, **match: str) -> dict[str, str]:
    """The hidden and preset fields of the first form posting to ``action`` whose fields hold ``match``."""
    import re
    from html import unescape

    for body in re.findall(r'<form[^>]*action="%s"[^>]*>(.*?)</form>' % re.escape(action), html, re.S):
        fields: dict[str, str] = {}
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body):
            fields[unescape(name)] = unescape(value)
        if all(fields.get(k) == v for k, v in match.items()):
            return fields
    raise AssertionError(f"no form to {action} with {match}")


def token_of(html: str) -> str:
    import re

    found = re.search(r'name="token" value="([0-9a-f]{64})"', html)
    assert found, "no token in the page"
    return found.group(1)

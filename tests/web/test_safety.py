"""The safety rules of `glossary serve` (glossary/web/safety.py), each attacked and seen to hold:
writes need the session's token and this server's origin, Host is checked, text is escaped, no
request path reaches the file system, sizes and rates are bounded, and it binds to loopback."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

from glossary.web.config import RateLimit, ServeConfig

from .conftest import BASE, config_for, copy_project, form_of, started, token_of

EDIT = {"kind": "note", "concept": "unodc", "text": "UNODC", "lang": "en", "note": "written by an attacker"}


@pytest.fixture(scope="module")
def setup(tmp_path_factory) -> Iterator[tuple]:
    project = copy_project(tmp_path_factory.mktemp("safety") / "project")
    old = Path.cwd()
    os.chdir(project)
    try:
        with started(config_for(project, max_body=4096)) as client:
            yield client, project
    finally:
        os.chdir(old)


def terms_bytes(project: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted((project / "terms").glob("*.yaml")))


def page_fields(client) -> dict[str, str]:
    html = client.get("/concept", params={"id": "unodc"}).text
    return {"token": token_of(html), "view": form_of(html, "/edit/preview")["view"], "back": "/"}


# -- writes need the token ----------------------------------------------------------------------------
def test_a_write_without_the_token_is_refused(setup) -> None:
    client, project = setup
    before = terms_bytes(project)
    fields = page_fields(client)
    del fields["token"]
    for action in ("/edit/preview", "/edit/apply"):
        response = client.post(action, data={**fields, **EDIT})
        assert response.status_code == 403 and "token is missing or wrong" in response.text
    assert terms_bytes(project) == before


def test_a_write_with_a_forged_token_is_refused(setup) -> None:
    client, project = setup
    before = terms_bytes(project)
    fields = {**page_fields(client), "token": "0" * 64}
    assert client.post("/edit/apply", data={**fields, **EDIT}).status_code == 403
    assert terms_bytes(project) == before


def test_a_token_works_only_with_its_own_session_cookie(setup) -> None:
    client, project = setup
    before = terms_bytes(project)
    fields = page_fields(client)
    from .conftest import TestClient

    stranger = TestClient(client.app, base_url=BASE)  # another browser: its own cookie, someone else's token
    stranger.get("/")
    assert stranger.post("/edit/apply", data={**fields, **EDIT}).status_code == 403
    cookieless = TestClient(client.app, base_url=BASE)
    assert cookieless.post("/edit/apply", data={**fields, **EDIT}).status_code == 403
    assert terms_bytes(project) == before


def test_a_cross_site_write_is_refused_even_with_the_token(setup) -> None:
    client, project = setup
    before = terms_bytes(project)
    fields = page_fields(client)
    for headers in ({"origin": "http://evil.example"}, {"origin": "null"},
                    {"referer": "http://evil.example/page"}, {"sec-fetch-site": "cross-site"},
                    {"origin": "http://127.0.0.1:9999"}):
        response = client.post("/edit/apply", data={**fields, **EDIT}, headers=headers)
        assert response.status_code == 403, headers
    assert terms_bytes(project) == before


def test_a_same_origin_write_is_accepted(setup) -> None:
    client, project = setup
    fields = page_fields(client)
    response = client.post("/edit/preview", data={**fields, **EDIT},
                           headers={"origin": BASE, "sec-fetch-site": "same-origin"})
    assert response.status_code == 200 and "written by an attacker" in response.text  # a preview: nothing written


def test_writes_must_be_forms(setup) -> None:
    client, _ = setup
    fields = page_fields(client)
    response = client.post("/edit/apply", json={**fields, **EDIT})
    assert response.status_code == 415
    assert client.get("/edit/apply").status_code == 405


def test_the_session_cookie_is_httponly_and_samesite_strict(setup) -> None:
    client, _ = setup
    from .conftest import TestClient

    fresh = TestClient(client.app, base_url=BASE)
    cookie = fresh.get("/").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie


# -- Host, escaping, headers ------------------------------------------------------------------------
@pytest.mark.parametrize("host", ["evil.example", "evil.example:8377", "127.0.0.1:9999", "localhost.evil.example:8377"])
def test_a_request_naming_another_host_is_refused(setup, host: str) -> None:
    client, _ = setup
    response = client.get("/api/lookup", params={"q": "UNODC"}, headers={"host": host})
    assert response.status_code == 421
    assert "UNODC" not in response.text


def test_the_loopback_names_are_accepted() -> None:
    hosts = ServeConfig(glossary=Path("terms"), port=8377).allowed_hosts()
    assert hosts == {"127.0.0.1:8377", "localhost:8377", "[::1]:8377"}


def test_every_response_carries_the_security_headers(setup) -> None:
    client, _ = setup
    for path in ("/", "/static/app.js", "/nothing", "/api/status"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"


XSS_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="vi" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x"
 creationtool="x" creationtoolversion="1"/><body>
<tu tuid="u1"><prop type="x-document">doc&lt;b&gt;</prop>
<tuv xml:lang="vi"><seg>Liên hợp quốc &lt;script&gt;alert(1)&lt;/script&gt; họp</seg></tuv>
<tuv xml:lang="en"><seg>The United Nations &lt;img src=x onerror=alert(2)&gt; met</seg></tuv></tu>
<tu tuid="u2"><tuv xml:lang="vi"><seg>Liên hợp quốc họp lại</seg></tuv>
<tuv xml:lang="en"><seg>The UN met again "&lt;/p&gt;&lt;script&gt;alert(3)&lt;/script&gt;</seg></tuv></tu>
</body></tmx>
"""
XSS_TERMS = """concepts:
  - id: un
    created: 2026-01-02
    definition: "<script>alert('definition')</script>"
    terms:
      vi:
        - term: Liên hợp quốc
      en:
        - term: United Nations
          reason: "a reason with \\"quotes\\" and <b>tags</b>"
        - term: "<script>alert(4)</script>"
          status: forbidden
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Iterator:
    root = tmp_path_factory.mktemp("hostile")
    (root / "terms").mkdir()
    (root / "terms" / "t.yaml").write_text(XSS_TERMS, encoding="utf-8")
    (root / "corpora").mkdir()
    (root / "corpora" / "x.tmx").write_text(XSS_TMX, encoding="utf-8")
    with started(config_for(root)) as client:
        yield client


@pytest.mark.parametrize("path, params", [
    ("/", {"q": "lien hop quoc"}), ("/lookup", {"q": "<script>alert(4)</script>"}), ("/concept", {"id": "un"}),
    ("/concordance", {"q": "lien hop quoc"}), ("/concordance", {"concept": "un"}), ("/report", {}),
    ("/review", {}), ("/concept", {"id": "<script>alert(5)</script>"}), ("/", {"q": "\"><script>alert(6)</script>"}),
])
def test_corpus_and_glossary_text_is_escaped(hostile, path: str, params: dict) -> None:
    response = hostile.get(path, params=params)
    assert response.status_code in (200, 404), response.text
    text = response.text
    assert "<script>alert" not in text and "<img src=x" not in text and "<b>tags</b>" not in text
    assert text.count("<script") == text.count('<script src="/static/app.js" defer></script>')


def test_a_script_segment_shows_as_text(hostile) -> None:
    text = hostile.get("/concordance", params={"q": "lien hop quoc"}).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(2)&gt;" in text


# -- no path from a request reaches the file system ----------------------------------------------------
@pytest.mark.parametrize("path", [
    "/static/../pyproject.toml", "/static/..%2F..%2Fpyproject.toml", "/static/%2e%2e%2f%2e%2e%2fapp.py",
    "/static/..%5c..%5capp.py", "/static/app.py", "/static/", "/static//etc/passwd", "/static/%2Fetc%2Fpasswd",
    "/../../etc/passwd", "/templates/base.html", "/export/download?format=..%2F..%2Fetc%2Fpasswd",
    "/export/download?format=/etc/passwd", "/concept?id=../../terms/convention.yaml",
])
def test_a_path_in_a_request_never_reaches_a_file(setup, path: str) -> None:
    client, _ = setup
    response = client.get(path)
    assert response.status_code in (404, 400), (path, response.status_code)
    for secret in ("root:x:", "[build-system]", "import ", "{% block", "concepts:"):
        assert secret not in response.text


# -- sizes and rates ---------------------------------------------------------------------------------
def test_an_oversized_body_is_refused(setup) -> None:
    client, project = setup
    before = terms_bytes(project)
    fields = page_fields(client)
    response = client.post("/edit/apply", data={**fields, **EDIT, "note": "x" * 10_000})
    assert response.status_code == 413
    assert terms_bytes(project) == before


def test_an_oversized_body_without_a_length_is_refused_as_it_arrives(setup) -> None:
    client, _ = setup

    def chunks():
        for _ in range(10):
            yield b"x" * 1024

    response = client.post("/edit/apply", content=chunks(),
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413


def test_a_lying_content_length_is_refused(setup) -> None:
    client, _ = setup
    headers = {"content-length": "-1", "content-type": "application/x-www-form-urlencoded"}
    response = client.post("/edit/apply", content=b"a=b", headers=headers)
    assert response.status_code in (400, 413)


def test_an_oversized_query_is_refused(setup) -> None:
    client, _ = setup
    assert client.get("/", params={"q": "a" * 5000}).status_code == 414
    assert client.get("/lookup", params={"q": "a" * 300}).status_code == 400
    assert client.get("/api/lookup", params={"q": "a" * 300}).status_code == 400


def test_too_many_fields_are_refused(setup) -> None:
    client, _ = setup
    fields = page_fields(client)
    response = client.post("/edit/preview", data={**fields, **EDIT, **{f"f{i}": "1" for i in range(60)}})
    assert response.status_code == 400


def test_reads_and_writes_are_rate_limited(tmp_path: Path) -> None:
    (tmp_path / "terms").mkdir()
    (tmp_path / "terms" / "t.yaml").write_text(XSS_TERMS, encoding="utf-8")
    config = config_for(tmp_path, corpora=[], reads=RateLimit(0.5, 5), writes=RateLimit(0.5, 2))
    with started(config) as client:
        codes = [client.get("/api/status").status_code for _ in range(8)]
        assert codes[:5] == [200] * 5 and codes[-1] == 429
        limited = client.get("/api/status")
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
        posts = [client.post("/edit/preview", data=EDIT).status_code for _ in range(4)]
        assert posts[:2] == [403, 403] and posts[-1] == 429  # the bucket of writes is a separate one


# -- where it listens ---------------------------------------------------------------------------------
def test_it_binds_to_loopback_unless_told_otherwise() -> None:
    import typer

    from glossary.cli.main import app
    from glossary.web.config import DEFAULT_HOST

    serve = typer.main.get_command(app).commands["serve"]
    host = next(p for p in serve.params if p.name == "host")
    assert host.default == DEFAULT_HOST == "127.0.0.1"
    assert ServeConfig(glossary=Path("terms")).host == "127.0.0.1"


def test_the_server_binds_the_address_it_is_given() -> None:
    from glossary.web.server import bind, url_of

    import socket

    sock = bind("127.0.0.1", 0)
    try:
        assert sock.getsockname()[0] == "127.0.0.1" and url_of(sock).startswith("http://127.0.0.1:")
        assert sock.proto == socket.IPPROTO_TCP  # so asyncio sets TCP_NODELAY: no 40 ms delayed-ACK stalls
    finally:
        sock.close()


def test_a_port_in_use_is_a_clear_error() -> None:
    from glossary.errors import UsageError
    from glossary.web.server import bind

    sock = bind("127.0.0.1", 0)
    try:
        with pytest.raises(UsageError, match="in use"):
            bind("127.0.0.1", sock.getsockname()[1])
    finally:
        sock.close()

"""End to end in a real browser: Playwright drives Debian's chromium (installed by .ci/run) against a
`glossary serve` that the module starts on a loopback port, over a copy of the bundled project.

Skips only when chromium or Playwright is absent. One server and one browser for the module; each
test opens its own browser context (its own session cookie). With GLOSSARY_SCREENSHOTS=DIR set,
the main pages are saved there as PNG (the README's screenshots: docs/screenshots/).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from glossary.cli.main import invoke

from .conftest import copy_project

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]' (playwright)")
if not Path(CHROMIUM).exists():
    pytest.skip("no chromium: apt-get install chromium (.ci/install-clients.sh)", allow_module_level=True)

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SHOTS = os.environ.get("GLOSSARY_SCREENSHOTS")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    project = copy_project(tmp_path_factory.mktemp("browser") / "project")
    process = subprocess.Popen([sys.executable, "-m", "glossary", "serve", "--port", "0", "-q"], cwd=project,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith("glossary serve: http://127.0.0.1:"), line + process.stderr.read()
        url = line.split()[-1].rstrip("/")
        deadline = time.monotonic() + 300
        while True:  # the index, the report and discovery run on start
            status = json.loads(urllib.request.urlopen(f"{url}/api/status", timeout=10).read())
            if not status["busy"]:
                break
            assert time.monotonic() < deadline, status
            time.sleep(0.3)
        assert {j["state"] for j in status["jobs"].values()} == {"done"}, status
        yield url, project
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def expect(locator):
    return sync_api.expect(locator)


def shot(tab, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def terms(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "terms").glob("*.yaml"))}


def test_typing_a_query_without_diacritics_shows_the_concept(page, server) -> None:
    url, _ = server
    page.goto(url + "/")
    page.locator("#q").press_sequentially("bo cong an", delay=40)  # one request per keystroke
    card = page.locator("#concept-ministry-of-public-security")
    expect(card).to_be_visible()
    expect(card.locator(".st-preferred .text").first).to_have_text("Bộ Công an")
    expect(card.locator(".st-deprecated .status").first).to_contain_text("deprecated")
    assert "q=bo+cong+an" in page.url
    shot(page, "lookup")


def test_forbidden_terms_cannot_be_missed_and_the_preferred_term_is_copied(browser, server) -> None:
    url, _ = server
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    try:
        tab.goto(url + "/?q=UNDOC")
        card = tab.locator("#concept-unodc")
        expect(card.locator(".st-forbidden .status").first).to_have_text("⊘ FORBIDDEN: do not use")
        button = card.locator("button.copy").last
        button.click()
        expect(button).to_have_text("Copied")
        assert tab.evaluate("navigator.clipboard.readText()") == button.get_attribute("data-copy")
    finally:
        context.close()


def test_keyboard_only_lookup_to_concept(page, server) -> None:
    url, _ = server
    page.goto(url + "/")
    page.keyboard.type("unodc")  # the search box has the focus
    expect(page.locator("#concept-unodc")).to_be_visible()
    page.keyboard.press("ArrowDown")  # to the first result
    page.keyboard.press("Enter")
    page.wait_for_url("**/concept?id=unodc")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.goto(url + "/report")
    page.keyboard.press("/")  # "/" brings the search box back on pages that have one
    page.goto(url + "/concordance")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "cq"


def test_open_the_concordance_of_a_concept(page, server) -> None:
    url, _ = server
    page.goto(url + "/?q=UNODC")
    page.locator("#concept-unodc").get_by_role("link", name="Concordance").click()
    page.wait_for_url("**/concordance?concept=unodc")
    expect(page.locator(".src mark").first).to_be_visible()
    expect(page.locator(".tgt mark").first).to_be_visible()
    assert page.locator("section.document").count() >= 2  # grouped by document
    shot(page, "concordance")


def test_filter_the_report(page, server) -> None:
    url, _ = server
    page.goto(url + "/report")
    expect(page.get_by_role("heading", name="Concepts that need a decision first")).to_be_visible()
    shot(page, "report")
    page.select_option("select[name=severity]", "error")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**severity=error**")
    findings = page.locator("li.finding")
    assert findings.count() > 0
    assert findings.count() == page.locator("li.finding.sev-error").count()


def test_adopt_a_discovered_rendering_changes_terms_as_the_cli_would(page, server, tmp_path) -> None:
    url, project = server
    cli_terms = tmp_path / "terms"
    shutil.copytree(project / "terms", cli_terms)
    page.goto(url + "/review")
    shot(page, "review")
    row = page.locator("article.group tr.st-unlisted").filter(has=page.locator("form.edit")).first
    form = row.locator("form.edit")
    fields = {name: form.locator(f"input[name={name}]").input_value() for name in ("concept", "text", "source_term")}
    form.locator("select[name=status]").select_option("preferred")
    form.get_by_role("button", name="Preview").click()
    expect(page.locator("pre.diff")).to_be_visible()
    shot(page, "preview")
    page.get_by_role("button", name="Write these changes").click()
    expect(page.get_by_role("heading", name="Written")).to_be_visible()
    assert invoke(["adopt", str(project / "reports/serve/discovery.json"), "--concept", fields["concept"],
                   "--rendering", fields["text"], "--source-term", fields["source_term"],
                   "--glossary", str(cli_terms), "--yes", "-q"]) == 0
    assert terms(project) == {p.name: p.read_bytes() for p in sorted(cli_terms.glob("*.yaml"))}


def test_two_pages_adopting_conflicting_changes_one_is_refused(browser, server) -> None:
    url, project = server
    tabs = [browser.new_context().new_page() for _ in range(2)]
    try:
        chosen = None
        for tab, status in zip(tabs, ("preferred", "forbidden")):
            tab.goto(url + "/review")
            form = tab.locator("section.unlisted tr.st-unlisted form.edit").first
            fields = {name: form.locator(f"input[name={name}]").input_value() for name in ("concept", "text")}
            assert chosen in (None, fields)  # both reviewers decide the same unlisted rendering
            chosen = fields
            form.locator("select[name=status]").select_option(status)
            form.get_by_role("button", name="Preview").click()
            expect(tab.locator("pre.diff")).to_be_visible()
        tabs[0].get_by_role("button", name="Write these changes").click()
        expect(tabs[0].get_by_role("heading", name="Written")).to_be_visible()
        after_first = terms(project)
        tabs[1].get_by_role("button", name="Write these changes").click()
        expect(tabs[1].get_by_role("heading", name="This page was out of date")).to_be_visible()
        expect(tabs[1].locator("p.bad")).to_contain_text("nothing was written")
        shot(tabs[1], "refused")
        assert terms(project) == after_first
        current = tabs[1].locator(f"#concept-{chosen['concept']}")  # the current state, shown with the refusal
        preferred = current.locator(".st-preferred .text").filter(has_text=re.compile(f"^{re.escape(chosen['text'])}$"))
        expect(preferred).to_have_count(1)
        tabs[1].get_by_role("link", name="Reload the current state").click()
        tabs[1].wait_for_url("**/review")
    finally:
        for tab in tabs:
            tab.context.close()


@pytest.mark.parametrize("path", ["/?q=unodc", "/concept?id=unodc", "/concordance?concept=unodc", "/report",
                                  "/review", "/export"])
def test_pages_fit_390_px_and_ask_nothing_of_the_network(browser, server, path: str) -> None:
    url, _ = server
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    try:
        tab.goto(url + path)
        tab.wait_for_load_state("networkidle")
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide at 390"
        assert requests and all(r.startswith(url + "/") for r in requests), requests
        names = {"/?q=unodc": "mobile-lookup", "/review": "mobile-review", "/report": "mobile-report"}
        if path in names:
            shot(tab, names[path])
    finally:
        context.close()

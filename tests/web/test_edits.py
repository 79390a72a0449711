"""Edits from the pages: each shows the CLI's diff, writes terms/ exactly as the CLI does, records the
evidence as adopt does, and is refused on a stale view (compare-and-swap on the files' hash)."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Iterator

import pytest

from glossary.cli.main import invoke

from .conftest import config_for, copy_project, form_of, started, token_of


@pytest.fixture(scope="module")
def setup(tmp_path_factory) -> Iterator[tuple]:
    root = tmp_path_factory.mktemp("edits")
    project = copy_project(root / "project")
    pristine = root / "pristine"
    shutil.copytree(project / "terms", pristine)
    old = Path.cwd()
    os.chdir(project)
    try:
        with started(config_for(project)) as client:
            yield client, project, pristine
    finally:
        os.chdir(old)


@pytest.fixture
def site(setup, tmp_path) -> tuple:
    """The module's server with terms/ as bundled again, and a copy of them for the CLI."""
    client, project, pristine = setup
    shutil.rmtree(project / "terms")
    shutil.copytree(pristine, project / "terms")
    client.app.state.web.state.reload()
    cli_terms = tmp_path / "terms"
    shutil.copytree(pristine, cli_terms)
    return client, project, cli_terms


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml"))}


def submit(client, action: str, fields: dict[str, str], *, page: str = "/review") -> object:
    """Post an edit the way a page does: with the page's token and view."""
    html = client.get(page).text
    view = form_of(html, "/edit/preview")["view"]
    return client.post(action, data={"token": token_of(html), "view": view, "back": page, **fields})


def confirm(client, preview) -> object:
    """Press "Write these changes" on a preview page."""
    fields = form_of(preview.text, "/edit/apply")
    return client.post("/edit/apply", data=fields)


def cli(*args: str) -> None:
    assert invoke(list(args)) == 0


def test_a_preview_shows_the_cli_diff_and_writes_nothing(site) -> None:
    client, project, _ = site
    before = files(project / "terms")
    fields = {"kind": "decide", "report": "variance", "concept": "international-organization",
              "text": "international and regional organizations",
              "status": "admitted"}
    preview = submit(client, "/edit/preview", fields)
    assert preview.status_code == 200, preview.text
    assert '<pre class="diff"' in preview.text and "+++ b/terms/" in preview.text
    assert "admitted" in preview.text and "from variance.json" in preview.text
    assert files(project / "terms") == before


def test_making_a_report_rendering_preferred_writes_what_adopt_writes(site) -> None:
    client, project, cli_terms = site
    fields = {"kind": "decide", "report": "variance", "concept": "international-organization",
              "text": "international and regional organizations",
              "status": "preferred", "others": "deprecated"}
    done = confirm(client, submit(client, "/edit/preview", fields))
    assert done.status_code == 200 and "Wrote " in done.text
    cli("adopt", str(project / "reports/serve/variance.json"), "--concept", "international-organization",
        "--rendering", "international and regional organizations", "--glossary", str(cli_terms), "--yes", "-q")
    assert files(project / "terms") == files(cli_terms)
    assert b"term: international and regional organizations\n" in b"".join(files(cli_terms).values())


def test_forbidding_a_discovered_rendering_writes_what_adopt_forbid_writes(site) -> None:
    client, project, cli_terms = site
    group = discovered_group(project)
    fields = {"kind": "decide", "report": "discovery", "concept": group["concept"], "text": group["text"],
              "source_term": group["source_term"], "status": "forbidden"}
    done = confirm(client, submit(client, "/edit/preview", fields))
    assert done.status_code == 200, done.text
    cli("adopt", str(project / "reports/serve/discovery.json"), "--concept", group["concept"], "--rendering",
        group["text"], "--source-term", group["source_term"], "--forbid", "--glossary", str(cli_terms), "--yes", "-q")
    assert files(project / "terms") == files(cli_terms)


def discovered_group(project: Path) -> dict[str, str]:
    """A discovery group of a glossary concept, and one of its renderings the concept does not list."""
    from glossary.store.load import load_glossary

    report = json.loads((project / "reports/serve/discovery.json").read_text(encoding="utf-8"))
    glossary = load_glossary(project / "terms")
    for group in report["groups"]:
        concept = glossary.get(group["concept"]) if group["concept"] else None
        if concept is None or not group["source_term"]:
            continue
        listed = {t.text for t in concept.all_terms()}
        for rendering in group["renderings"]:
            if rendering["text"] not in listed:
                return {"concept": concept.id, "text": rendering["text"], "source_term": group["source_term"]}
    pytest.skip("discovery found no unlisted rendering of a glossary concept")


def test_admitting_records_the_evidence_as_adopt_does(site) -> None:
    client, project, _ = site
    fields = {"kind": "decide", "report": "variance", "concept": "international-organization",
              "text": "international and regional organizations",
              "status": "admitted"}
    done = confirm(client, submit(client, "/edit/preview", fields))
    assert done.status_code == 200
    from glossary.store.load import load_glossary

    concept = load_glossary(project / "terms").get("international-organization")
    term = next(t for t in concept.all_terms() if t.text == "international and regional organizations")
    assert term.status.value == "admitted"
    assert term.source.startswith("admitted ") and "from variance.json: 1 of " in term.source
    assert " occurrences in " in term.source and term.reason == "admitted from variance.json"


def test_creating_a_concept_from_a_group_writes_what_adopt_writes(site) -> None:
    client, project, cli_terms = site
    report = json.loads((project / "reports/serve/discovery.json").read_text(encoding="utf-8"))
    group = next(g for g in report["groups"] if g["concept"] is None and g["source_term"])
    fields = {"kind": "create", "report": "discovery", "concept": "new-concept-from-web", "text": group["canonical"],
              "source_term": group["source_term"], "others": "deprecated"}
    preview = submit(client, "/edit/preview", fields)
    assert preview.status_code == 200, preview.text
    assert "new-concept-from-web" in preview.text
    assert confirm(client, preview).status_code == 200
    cli("adopt", str(project / "reports/serve/discovery.json"), "--concept", "new-concept-from-web", "--rendering",
        group["canonical"], "--source-term", group["source_term"], "--glossary", str(cli_terms), "--yes", "-q")
    assert files(project / "terms") == files(cli_terms)


def test_a_status_change_writes_what_term_set_status_writes(site) -> None:
    client, project, cli_terms = site
    fields = {"kind": "status", "concept": "unodc", "text": "UNODC", "lang": "en", "status": "preferred",
              "reason": "short form wins"}
    done = confirm(client, submit(client, "/edit/preview", fields, page="/concept?id=unodc"))
    assert done.status_code == 200, done.text
    cli("term", "set-status", "UNODC", "preferred", "--concept", "unodc", "--lang", "en", "--reason",
        "short form wins", "--glossary", str(cli_terms), "--yes", "-q")
    assert files(project / "terms") == files(cli_terms)


def test_a_note_writes_what_term_note_append_writes(site) -> None:
    client, project, cli_terms = site
    fields = {"kind": "note", "concept": "unodc", "text": "UNODC", "lang": "en", "field": "usage",
              "note": "Spell out on first use."}
    done = confirm(client, submit(client, "/edit/preview", fields, page="/concept?id=unodc"))
    assert done.status_code == 200, done.text
    cli("term", "note", "UNODC", "Spell out on first use.", "--field", "usage", "--append", "--concept", "unodc",
        "--lang", "en", "--glossary", str(cli_terms), "--yes", "-q")
    assert files(project / "terms") == files(cli_terms)


def test_a_refused_edit_says_why_and_writes_nothing(site) -> None:
    client, project, _ = site
    before = files(project / "terms")
    fields = {"kind": "status", "concept": "unodc", "text": "United Nations Office on Drugs and Crime", "lang": "en",
              "status": "deprecated"}
    refused = submit(client, "/edit/preview", fields, page="/concept?id=unodc")
    assert refused.status_code == 409
    assert "make another en term preferred first" in refused.text
    assert files(project / "terms") == before


def test_two_reviewers_on_one_view_the_second_is_refused(site) -> None:
    client, project, _ = site
    html = client.get("/review").text
    token, view = token_of(html), form_of(html, "/edit/preview")["view"]
    first = {"kind": "decide", "report": "variance", "concept": "international-organization",
              "text": "international and regional organizations",
             "status": "preferred"}
    second = {"kind": "decide", "report": "variance", "concept": "international-organization",
              "text": "international and regional organizations",
              "status": "forbidden"}
    previews = [client.post("/edit/preview", data={"token": token, "view": view, "back": "/review", **f})
                for f in (first, second)]
    assert all(p.status_code == 200 for p in previews)  # both drawn from the same view
    assert confirm(client, previews[0]).status_code == 200
    after_first = files(project / "terms")
    refused = confirm(client, previews[1])
    assert refused.status_code == 409
    assert "This page was out of date" in refused.text and "nothing was written" in refused.text
    assert 'id="concept-international-organization"' in refused.text  # the current state is shown
    assert files(project / "terms") == after_first
    again = client.post("/edit/preview", data={"token": token, "view": view, "back": "/review", **second})
    assert again.status_code == 409  # the old view stays stale


def test_an_edit_by_hand_makes_the_view_stale(site) -> None:
    client, project, _ = site
    html = client.get("/concept?id=unodc").text
    token, view = token_of(html), form_of(html, "/edit/preview")["view"]
    path = project / "terms" / "organisations.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment added by hand\n", encoding="utf-8")
    fields = {"kind": "note", "concept": "unodc", "text": "UNODC", "lang": "en", "note": "x"}
    refused = client.post("/edit/preview", data={"token": token, "view": view, "back": "/", **fields})
    assert refused.status_code == 409 and "out of date" in refused.text
    assert path.read_text(encoding="utf-8").endswith("# a comment added by hand\n")


def test_a_bad_edit_form_is_a_400(site) -> None:
    client, _, _ = site
    for fields in ({"kind": "drop-table", "concept": "unodc"},
                   {"kind": "status", "concept": "unodc", "text": "UNODC", "lang": "en", "status": "best"},
                   {"kind": "note", "concept": "a b", "text": "UNODC", "lang": "en", "note": "x"},
                   {"kind": "note", "concept": "unodc", "text": "UNODC", "lang": "en", "note": "x" * 3000}):
        assert submit(client, "/edit/preview", fields, page="/concept?id=unodc").status_code == 400, fields


def test_rerun_runs_the_reports_again(site) -> None:
    client, _, _ = site
    web = client.app.state.web
    runs = web.jobs.jobs["variance"].runs
    html = client.get("/report").text
    response = client.post("/jobs/rerun", data={"token": token_of(html), "back": "/report"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/report"
    assert web.jobs.wait(120)
    assert web.jobs.jobs["variance"].runs == runs + 1

"""Every page and endpoint of `glossary serve`, over HTTP (starlette's TestClient), on a copy of the
bundled project: lookup, concept, concordance, report, review, edits, export, status, static files."""
from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from glossary.exchange.base import registered_formats

from .conftest import config_for, started


def test_lookup_page_finds_a_concept_typed_without_diacritics(client) -> None:
    page = client.get("/", params={"q": "bo cong an"})
    assert page.status_code == 200
    assert 'id="concept-ministry-of-public-security"' in page.text
    assert "Bộ Công an" in page.text and "✓ preferred" in page.text
    assert 'data-copy="Ministry of Public Security"' in page.text  # the copy button of the preferred term


def test_the_lookup_part_is_what_a_keystroke_fetches(client) -> None:
    part = client.get("/lookup", params={"q": "pham minh chinh"})
    assert part.status_code == 200
    assert "<html" not in part.text and "Phạm Minh Chính" in part.text


def test_lookup_shows_statuses_reasons_and_evidence(client) -> None:
    text = client.get("/lookup", params={"q": "UNDOC"}).text
    assert "⊘ FORBIDDEN: do not use" in text and "UNDOC" in text
    assert "<dt>reason</dt>" in text and "<dt>evidence</dt>" in text


def test_lookup_finds_both_directions_and_acronyms(client) -> None:
    english = client.get("/api/lookup", params={"q": "Ministry of Public Security"}).json()
    assert english["results"][0]["concept_id"] == "ministry-of-public-security"
    acronym = client.get("/api/lookup", params={"q": "UNODC"}).json()
    assert acronym["results"][0]["concept_id"] == "unodc"


def test_lookup_of_nothing_says_what_was_searched(client) -> None:
    text = client.get("/lookup", params={"q": "qqxzjv"}).text
    assert "Nothing found for “qqxzjv”" in text


def test_a_lookup_of_no_letters_is_a_clear_400(client) -> None:
    response = client.get("/lookup", params={"q": "!!!"})
    assert response.status_code == 400 and "no letters or digits" in response.text


def test_the_lookup_language_filter(client) -> None:
    data = client.get("/api/lookup", params={"q": "UNODC", "lang": "en"}).json()
    assert data["searched"]["languages"] == ["en"]


def test_concept_page_shows_card_corpus_and_report_and_edit_forms(client) -> None:
    page = client.get("/concept", params={"id": "unodc"})
    assert page.status_code == 200
    assert "How the corpus renders it" in page.text
    assert "In the variance report" in page.text
    assert 'action="/edit/preview"' in page.text


def test_an_unknown_concept_is_404(client) -> None:
    assert client.get("/concept", params={"id": "no-such"}).status_code == 404


def test_concordance_highlights_the_query(client) -> None:
    page = client.get("/concordance", params={"q": "an ninh mang"})
    assert page.status_code == 200
    assert "<mark>an ninh mạng</mark>" in page.text
    assert 'class="document"' in page.text  # grouped by document
    assert "show the segments of all its terms" in page.text  # the query is a term of a concept


def test_concordance_of_a_concept_highlights_source_and_target(client) -> None:
    page = client.get("/concordance", params={"concept": "unodc"})
    assert page.status_code == 200
    source = re.findall(r'<p class="src">.*?</p>', page.text, re.S)
    target = re.findall(r'<p class="tgt">.*?</p>', page.text, re.S)
    assert any("<mark>" in s for s in source) and any("<mark>" in t for t in target)


def test_concordance_filters_by_document(client) -> None:
    page = client.get("/concordance", params={"q": "UNODC", "document": "dantri"})
    documents = re.findall(r'<section class="document">\s*<h2>([^<]+)<', page.text)
    assert documents and all("dantri" in d for d in documents)


def test_report_page_summary_decisions_and_findings(client) -> None:
    page = client.get("/report")
    assert page.status_code == 200
    assert "Concepts that need a decision first" in page.text
    assert page.text.count('<li class="finding') == 50  # one page of 50
    assert "glossary:" in page.text  # the signature


def test_report_filters_by_severity_check_document_and_concept(client) -> None:
    errors = client.get("/report", params={"severity": "error"}).text
    assert set(re.findall(r'<li class="finding sev-(\w+)"', errors)) == {"error"}
    check = client.get("/report", params={"check": "term.missing"}).text
    assert set(re.findall(r"<code>([\w.-]+)</code>", check.split('id="findings"')[1])) == {"term.missing"}
    concept = client.get("/report", params={"concept": "unodc"}).text
    assert re.findall(r'<li class="finding', concept)
    document = client.get("/report", params={"document": "no-such-document"}).text
    assert "0 finding(s)" in document


def test_report_pages(client) -> None:
    first = client.get("/report").text
    second = client.get("/report", params={"page": 2}).text
    assert "page 2 of" in second
    ids = lambda text: re.findall(r'<p class="message">(.*?)</p>', text)  # noqa: E731
    assert ids(first) != ids(second)
    beyond = client.get("/report", params={"page": 10_000})
    assert beyond.status_code == 200  # the last page


def test_report_concepts_page(client) -> None:
    page = client.get("/report/concepts")
    assert page.status_code == 200 and "capacity-building" in page.text


def test_review_page_lists_unlisted_renderings_and_groups(client) -> None:
    page = client.get("/review")
    assert page.status_code == 200
    assert "Renderings the glossary does not list" in page.text
    assert "Discovery&#39;s variant groups" in page.text or "Discovery's variant groups" in page.text
    assert 'name="kind" value="decide"' in page.text
    assert 'name="kind" value="create"' in page.text  # a group no concept covers


def test_export_page_lists_every_format(client) -> None:
    page = client.get("/export").text
    for name in registered_formats():
        assert f'name="format" value="{name}"' in page


@pytest.mark.parametrize("name", sorted(registered_formats()))
def test_every_export_format_downloads(client, name: str) -> None:
    fmt = registered_formats()[name]
    params = {"format": name, **({"source": "vi", "target": "en"} if fmt.pairwise else {})}
    response = client.get("/export/download", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    assert len(response.content) > 100


def test_the_row_formats_download_as_each_kind_of_table(client) -> None:
    from glossary.web.app import _tables

    tabular = [name for name, fmt in registered_formats().items() if _tables(fmt)]
    if not tabular:
        pytest.skip("the exchange layer writes no table kinds")
    for name in tabular:
        for table in _tables(registered_formats()[name]):
            response = client.get("/export/download", params={"format": name, "table": table})
            assert response.status_code == 200, (name, table, response.text[-500:])
            if table == "xlsx":
                assert response.content[:2] == b"PK"
    assert client.get("/export/download", params={"format": tabular[0], "table": "exe"}).status_code == 400
    assert client.get("/export/download", params={"format": "tbx", "table": "xlsx"}).status_code == 400


def test_an_export_of_several_files_is_a_zip(tmp_path: Path) -> None:
    (tmp_path / "terms").mkdir()
    (tmp_path / "terms" / "t.yaml").write_text(
        "concepts:\n  - id: un\n    created: 2026-01-02\n    terms:\n      vi: [Liên hợp quốc]\n"
        "      en: [United Nations]\n"
        "      fr: [Nations unies]\n", encoding="utf-8")
    with started(config_for(tmp_path, corpora=[])) as one:
        response = one.get("/export/download", params={"format": "po", "source": "vi"})
    assert response.headers["content-disposition"] == 'attachment; filename="glossary-po.zip"'
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert len(names) == 2 and all(n.endswith(".po") for n in names)


def test_an_export_date_must_be_a_date(client) -> None:
    assert client.get("/export/download", params={"format": "tbx", "date": "2026-01-02"}).status_code == 200
    assert client.get("/export/download", params={"format": "tbx", "date": "../../x"}).status_code == 400


def test_a_pairwise_export_without_a_source_is_a_clear_400(client) -> None:
    response = client.get("/export/download", params={"format": "po"})
    assert response.status_code == 400 and "source" in response.text


def test_status_api(client) -> None:
    status = client.get("/api/status").json()
    assert {job["state"] for job in status["jobs"].values()} == {"done"}
    assert len(status["glossary"]) == 64


def test_static_files(client) -> None:
    script = client.get("/static/app.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")


def test_the_reports_are_written_for_adopt(project: Path, client) -> None:
    variance = json.loads((project / "reports" / "serve" / "variance.json").read_text(encoding="utf-8"))
    discovery = json.loads((project / "reports" / "serve" / "discovery.json").read_text(encoding="utf-8"))
    assert variance["concepts"] and discovery["groups"]


def test_pages_show_the_background_runs_until_they_are_done(project: Path) -> None:
    from .conftest import config_for, started

    with started(config_for(project, index=project / "fresh" / "index.sqlite"), wait=False) as fresh:
        page = fresh.get("/concordance", params={"q": "UNODC"}).text
        assert "The corpus index is not ready yet" in page and 'data-poll="index"' in page
        assert '<meta http-equiv="refresh"' in page  # without JavaScript the page reloads itself
        report = fresh.get("/report").text
        assert "The variance report is not ready yet" in report and 'data-job="variance"' in report
        jobs = fresh.app.state.web.jobs
        jobs.start()
        assert jobs.wait(300)
        assert "<mark>" in fresh.get("/concordance", params={"q": "UNODC"}).text
        assert (project / "fresh" / "index.sqlite").is_file()


def test_a_running_job_reports_its_phase_and_percent() -> None:
    from glossary.web.jobs import Job

    job = Job("index", state="running")
    job.progress.phase("indexing", total=200, unit="bytes", item_unit="segments")
    job.progress.update(50, items=7)
    job.progress.show(job.progress.current)
    status = job.status()
    assert (status["phase"], status["percent"], status["items"], status["item_unit"]) == ("indexing", 25, 7,
                                                                                         "segments")

"""PO export accepted by msgfmt -c, Babel's and Translate Toolkit's readers; import of PO glossaries."""
from __future__ import annotations

import pytest
from babel.messages.plurals import get_plural

from glossary.errors import UsageError
from glossary.exchange.base import ExportOptions, ImportOptions, get_format
from glossary.model import Glossary, Status

from .conftest import FIXTURES


def export_po(glossary, tmp_path, langs=("vi", "en", "fr"), **options):
    files = get_format("po").export(glossary, ExportOptions(languages=list(langs), **options))
    paths = []
    for item in files:
        path = tmp_path / item.name
        path.write_bytes(item.data)
        paths.append(path)
    return paths


@pytest.mark.parametrize("which", ["sample", "bundled"])
def test_msgfmt_accepts(which, request, msgfmt, tmp_path):
    glossary = request.getfixturevalue(which)
    langs = ("vi", "en", "fr") if which == "sample" else ("vi", "en")
    for path in export_po(glossary, tmp_path, langs):
        done = msgfmt(path)
        assert done.returncode == 0 and not done.stderr, done.stderr


def test_one_file_per_pair_with_full_headers(sample, tmp_path):
    from babel.messages.pofile import read_po

    en, fr = export_po(sample, tmp_path)
    assert (en.name, fr.name) == ("glossary.vi-en.po", "glossary.vi-fr.po")
    # Plural-Forms are CLDR's, as the installed Babel gives them (Babel 2.19 gave French a third form)
    for path, lang in ((en, "en"), (fr, "fr")):
        with path.open("rb") as handle:
            catalog = read_po(handle)
        plural = get_plural(lang)
        assert str(catalog.locale) == lang
        assert (catalog.num_plurals, catalog.plural_expr) == (plural.num_plurals, plural.plural_expr)
        assert f'"Plural-Forms: {plural.plural_forms}\\n"' in path.read_text(encoding="utf-8")
    text = en.read_text(encoding="utf-8")
    for header in ("Project-Id-Version: glossary", "PO-Revision-Date: 2025-10-27 00:00+0000",
                   "Last-Translator: glossary export", "Language-Team: English", "Language: en",
                   "Content-Type: text/plain; charset=UTF-8", "X-Source-Language: vi"):
        assert f'"{header}\\n"' in text


def test_babel_reads_homonyms_apart_and_no_forbidden_msgstr(sample, tmp_path):
    from babel.messages.pofile import read_po

    path = export_po(sample, tmp_path, ("vi", "en"))[0]
    with path.open("rb") as handle:
        catalog = read_po(handle)
    messages = {(m.context, m.id): m for m in catalog if m.id}
    assert messages[("ky-verb", "ký")].string == "sign"
    assert messages[("ky-noun", "ký")].string == "signing"
    forbidden = {t.text for c in sample for t in c.terms_in("en") if t.status is not Status.PREFERRED}
    assert not forbidden & {m.string for m in messages.values()}
    comments = messages[("unodc", "UNODC")].auto_comments
    assert "status: admitted" in comments and "forbidden: UNDOC" in comments and "admitted: UNODC" in comments
    assert "definition: The UN office that supports the Convention against Cybercrime." in comments
    assert "usage: Spell out at first mention, then UNODC." in comments


def test_translate_toolkit_reads_every_entry(sample, tmp_path):
    from translate.storage import po

    path = export_po(sample, tmp_path, ("vi", "en"))[0]
    store = po.pofile(path.read_bytes())
    units = [u for u in store.units if not u.isheader()]
    expected = [(c.id, t.text) for c in sample if c.preferred("en") for t in c.terms_in("vi")]
    assert [(u.getcontext(), u.source) for u in units] == expected
    assert all(u.target for u in units)


def test_no_date_anywhere_asks_for_one(sample):
    from dataclasses import replace

    undated = Glossary(concepts=[replace(c, created=None, modified=None) for c in sample])
    with pytest.raises(UsageError, match="--date"):
        get_format("po").export(undated, ExportOptions(languages=["vi", "en"]))
    assert get_format("po").export(undated, ExportOptions(languages=["vi", "en"], date="2026-01-02"))


def test_weblate_style_po_imports(tmp_path):
    result = get_format("po").import_file(FIXTURES / "weblate.po", ImportOptions(source_lang="en"))
    got = [(c.id, [(t.text, t.status) for t in c.terms["en"]], [(t.text, t.status) for t in c.terms.get("cs", [])],
            c.note) for c in result.concepts]
    assert got == [
        ("address-bar", [("address bar", Status.PREFERRED)], [("adresní řádek", Status.PREFERRED)], None),
        ("open", [("open", Status.PREFERRED)], [("otevřít", Status.PREFERRED)], "verb"),
        ("open-2", [("open", Status.PREFERRED)], [("otevřený", Status.PREFERRED)], None),
        ("unfinished", [("unfinished", Status.PREFERRED)], [], None),
    ]


def test_po_without_languages_needs_them(tmp_path):
    path = tmp_path / "bare.po"
    path.write_text('msgid "a"\nmsgstr "b"\n', encoding="utf-8")
    from glossary.errors import ParseError

    with pytest.raises(ParseError, match="--source-lang and --target-lang"):
        get_format("po").import_file(path, ImportOptions())
    result = get_format("po").import_file(path, ImportOptions(source_lang="en", target_lang="de"))
    assert [(c.id, c.terms["en"][0].text, c.terms["de"][0].text) for c in result.concepts] == [("a", "a", "b")]

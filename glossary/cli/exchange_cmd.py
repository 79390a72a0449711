"""`glossary export` and `glossary import`: the glossary to and from CAT-tool formats."""
from __future__ import annotations

from pathlib import Path

import typer

from glossary.cli.common import DEFAULT_GLOSSARY, DEFAULT_REPORTS, console, err_console
from glossary.errors import UsageError
from glossary.exchange.base import ExportOptions, ImportOptions, detect_format, get_format, write_export
from glossary.exchange.filters import GlossaryFilter, parse_statuses, split_list
from glossary.exchange.merge import imported_yaml, open_target, plan_merge
from glossary.exchange.trados import TAB_SUFFIXES
from glossary.files.atomic import atomic_write_text
from glossary.store.termstore import GLOSSARY_SUFFIXES, load_glossary


def _lang_map(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in split_list(pairs):
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UsageError(f"--lang-map wants FILE_TAG=TAG (e.g. xx=de), not {pair!r}")
        out[key.strip()] = value.strip()
    return out


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export(
        format: str = typer.Option(..., "--format", "-f", help="po, tbx, tbx2, omegat, memoq, trados or csv."),
        output: Path = typer.Option(..., "--output", "-o", help="File to write; a directory when several files "
                                                               "come out (pairwise formats with several targets)."),
        glossary: Path = typer.Option(DEFAULT_GLOSSARY, "--glossary", "-g", help="Glossary directory or .yaml file."),
        lang: list[str] = typer.Option([], "--lang", "-l", help="Languages to export, in order (repeat or comma-"
                                                                "separate); for per-pair formats the first is the source."),
        source_lang: str = typer.Option(None, "--source-lang", help="Source language of per-pair formats."),
        subject: list[str] = typer.Option([], "--subject", help="Only concepts of this subject field (repeatable)."),
        status: list[str] = typer.Option([], "--status", help="Only terms of these statuses, e.g. preferred,admitted."),
        concept_id: list[str] = typer.Option([], "--id", help="Only these concept ids (repeatable)."),
        date: str = typer.Option(None, "--date", help="ISO date for file headers (default: latest concept date)."),
        separator: str = typer.Option("|", "--separator", help="Synonym separator inside a cell (memoQ, Trados)."),
        title: str = typer.Option("glossary", "--title", help="Project/title written into file headers."),
    ) -> None:
        """Export the glossary for a CAT tool; deterministic, written atomically."""
        fmt = get_format(format)
        chosen = GlossaryFilter(languages=split_list(lang), subjects=subject, statuses=parse_statuses(status),
                                ids=split_list(concept_id)).apply(load_glossary(glossary))
        if not len(chosen):
            raise UsageError("nothing to export: no concept is left after the filters")
        options = ExportOptions(languages=split_list(lang), source_lang=source_lang, date=date, separator=separator,
                                title=title, tab_separated=output.suffix.lower() in TAB_SUFFIXES)
        files = fmt.export(chosen, options)
        for path, item in zip(write_export(files, output), files):
            pair = f" {item.source_lang}->{item.target_lang}" if item.target_lang else ""
            console.print(f"wrote {path} ({fmt.name}{pair}, {item.entries} entries)", soft_wrap=True)

    @app.command("import")
    def import_(
        file: Path = typer.Argument(..., help="Glossary file to import (TBX v3/v2, PO, OmegaT, memoQ, Trados, CSV)."),
        format: str = typer.Option(None, "--format", "-f", help="Force a format (default: detected)."),
        merge: bool = typer.Option(False, "--merge", help="Merge into the glossary (validated, atomic); refused "
                                                          "when there is any conflict."),
        glossary: Path = typer.Option(DEFAULT_GLOSSARY, "--glossary", "-g", help="Glossary to compare or merge with."),
        output: Path = typer.Option(None, "--output", "-o", help="Without --merge: the new YAML file "
                                                                 "(default: reports/import-<name>.yaml)."),
        into: Path = typer.Option(None, "--into", help="With --merge: file that receives new concepts "
                                                       "(default: <glossary>/imported.yaml)."),
        source_lang: str = typer.Option(None, "--source-lang", help="Source language (files that do not say)."),
        target_lang: str = typer.Option(None, "--target-lang", help="Target language (files that do not say)."),
        lang_map: list[str] = typer.Option([], "--lang-map", help="Read a file's language tag as another, e.g. xx=de."),
        separator: str = typer.Option("|", "--separator", help="Synonym separator inside a cell (memoQ, Trados)."),
        tbx_schema: Path = typer.Option(None, "--tbx-schema", envvar="GLOSSARY_TBX_SCHEMA",
                                        help="TBX v3: also validate against this core RelaxNG schema."),
    ) -> None:
        """Import a glossary file: by default write it as a new terms/ YAML file and show the diff a
        merge would make; with --merge, merge it into the glossary. Conflicts are listed, never resolved."""
        if not file.is_file():
            raise UsageError(f"no such file: {file}", path=file)
        fmt = get_format(format) if format else detect_format(file)
        options = ImportOptions(source_lang=source_lang, target_lang=target_lang, lang_map=_lang_map(lang_map),
                                separator=separator, tbx_schema=tbx_schema)
        result = fmt.import_file(file, options)
        terms = sum(len(ts) for c in result.concepts for ts in c.terms.values())
        console.print(f"read {len(result.concepts)} concepts, {terms} terms from {file} ({fmt.name})", soft_wrap=True)
        for note in result.notes:
            err_console.print(f"note: {note}", soft_wrap=True, markup=False)
        for category, count in sorted(result.dropped.items()):
            err_console.print(f"not kept (no field in the glossary model): {category} x{count}", soft_wrap=True,
                              markup=False)
        target = into or (glossary if glossary.suffix in GLOSSARY_SUFFIXES else glossary / "imported.yaml")
        plan = plan_merge(open_target(glossary), result.concepts, into=target)
        if not merge:
            out = output or DEFAULT_REPORTS / f"import-{file.stem}.yaml"
            atomic_write_text(out, imported_yaml(result.concepts))
            console.print(f"wrote {out}", soft_wrap=True)
            diff = plan.diff()
            console.print(diff if diff else f"merging would change nothing in {glossary}", soft_wrap=True,
                          markup=False, highlight=False, end="" if diff else "\n")
        for conflict in plan.conflicts:
            err_console.print(f"conflict: {conflict}", soft_wrap=True, markup=False)
        if not merge:
            if plan.conflicts:
                err_console.print(f"{len(plan.conflicts)} conflict(s): a --merge would be refused", soft_wrap=True)
            return
        if plan.conflicts:
            err_console.print(f"{len(plan.conflicts)} conflict(s); nothing merged", soft_wrap=True)
            raise typer.Exit(1)
        written = plan.store.save()
        console.print(f"merged into {glossary}: {len(plan.added_concepts)} concepts added, {plan.added_terms} terms "
                      f"added, {plan.filled_fields} fields filled; wrote "
                      + (", ".join(str(p) for p in written) or "nothing (no change)"), soft_wrap=True)

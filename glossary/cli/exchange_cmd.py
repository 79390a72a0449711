"""`glossary export` and `glossary import`: the glossary to and from CAT-tool formats."""
from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from glossary.cli.common import (
    CONSOLES,
    DEFAULT_REPORTS,
    EXIT_FINDINGS,
    command,
    console,
    err_console,
    glossary_path,
    note,
    project_path,
    warn,
)
from glossary.cli.options import EXCHANGE_FORMATS, DryRun, GlossaryOpt, SourceLang, TargetLang, Yes
from glossary.errors import ConflictError, UsageError

if TYPE_CHECKING:
    from glossary.store.termstore import TermStore

_FORMATS = ", ".join(EXCHANGE_FORMATS)
Separator = Annotated[str, typer.Option("--separator", metavar="CHAR",
                                        help="Synonym separator inside a cell (memoQ, Trados).")]


def _lang_map(pairs: list[str]) -> dict[str, str]:
    from glossary.exchange.filters import split_list

    out = {}
    for pair in split_list(pairs):
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UsageError(f"--lang-map wants FILE_TAG=TAG (e.g. xx=de), not {pair!r}")
        out[key.strip()] = value.strip()
    return out


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import")(import_)


@command
def export(
    format: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help=f"One of {_FORMATS}.")],
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="PATH|-", help="File to write; a directory when several files come out (pairwise "
                                                 "formats with several targets); - for standard output.")],
    glossary: GlossaryOpt = None,
    lang: Annotated[list[str], typer.Option(
        "--lang", "-l", metavar="LANG", help="Languages to export, in order (repeat or comma-separate); for per-pair "
                                             "formats the first is the source. Default: every language.")] = [],
    source_lang: SourceLang = None,
    subject: Annotated[list[str], typer.Option(
        "--subject", metavar="TEXT", help="Only concepts of this subject field (repeatable). Default: all.")] = [],
    status: Annotated[list[str], typer.Option(
        "--status", metavar="STATUS,...", help="Only terms of these statuses, e.g. preferred,admitted. "
                                               "Default: all.")] = [],
    concept_id: Annotated[list[str], typer.Option(
        "--id", metavar="ID", help="Only these concept ids (repeatable). Default: all.")] = [],
    date: Annotated[Optional[str], typer.Option(
        "--date", metavar="YYYY-MM-DD", show_default=False,
        help="ISO date for file headers. Default: the latest concept date.")] = None,
    separator: Separator = "|",
    title: Annotated[str, typer.Option("--title", metavar="TEXT",
                                       help="Project/title written into file headers.")] = "glossary",
    bom: Annotated[Optional[bool], typer.Option(
        "--bom/--no-bom", show_default=False,
        help="CSV/TSV (memoq, trados, csv): start the file with a UTF-8 byte order mark, so that Excel opens "
             "Vietnamese correctly on a double-click. Default: on for those formats (--no-bom for tools that "
             "want none).")] = None,
) -> None:
    """Export the glossary for a CAT tool; deterministic, written atomically.

    memoq, trados and csv are tables: written as CSV, as TSV when --output ends .tsv/.txt, or as an
    Excel workbook when it ends .xlsx."""
    from glossary.exchange.base import ExportOptions, get_format, table_kind, write_export
    from glossary.exchange.filters import GlossaryFilter, parse_statuses, split_list
    from glossary.store.load import load_glossary

    fmt = get_format(format)
    table = table_kind(output) if fmt.tabular else "csv"
    if not fmt.tabular and table_kind(output) == "xlsx":
        raise UsageError(f"{fmt.name} is not a table: only memoq, trados and csv can be written as .xlsx")
    if bom and (not fmt.tabular or table == "xlsx"):
        raise UsageError("--bom is for the CSV/TSV tables (memoq, trados, csv), not "
                         + ("an .xlsx workbook" if fmt.tabular else fmt.name))
    chosen = GlossaryFilter(languages=split_list(lang), subjects=subject, statuses=parse_statuses(status),
                            ids=split_list(concept_id)).apply(load_glossary(glossary_path(glossary)))
    if not len(chosen):
        raise UsageError("nothing to export: no concept is left after the filters")
    options = ExportOptions(languages=split_list(lang), source_lang=source_lang, date=date, separator=separator,
                            title=title, table=table, bom=bom)
    files = fmt.export(chosen, options)
    if str(output) == "-":
        if len(files) != 1:
            raise UsageError(f"--output - writes one file, but this export makes {len(files)}: "
                             "give a directory, or one --lang pair")
        try:
            sys.stdout.buffer.write(files[0].data)
            sys.stdout.flush()
        except OSError as error:  # standard output on a full disk: say so, naming it
            raise OSError(error.errno, error.strerror or str(error), "<standard output>") from None
        return
    for path, item in zip(write_export(files, output), files):
        pair = f" {item.source_lang}->{item.target_lang}" if item.target_lang else ""
        console.print(f"wrote {path} ({fmt.name}{pair}, {item.entries} entries)", soft_wrap=True, markup=False)


@command
def import_(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Glossary file to import (TBX v3/v2, PO, OmegaT, "
                                                              "memoQ, Trados, CSV; .xlsx for memoq, trados, csv).")],
    input_format: Annotated[Optional[str], typer.Option(
        "--input-format", metavar="FORMAT", show_default=False,
        help=f"Read the file as this format ({_FORMATS}). Default: detected.")] = None,
    merge: Annotated[bool, typer.Option(
        "--merge", help="Merge into the glossary: show the diff, ask, write (validated, atomic); refused when "
                        "there is any conflict. Default: write a new YAML file.")] = False,
    glossary: GlossaryOpt = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="FILE|-", show_default=False,
        help="Without --merge: the new YAML file, or - for standard output. Default: reports/import-NAME.yaml.")] = None,
    into: Annotated[Optional[Path], typer.Option(
        "--into", metavar="FILE", show_default=False,
        help="With --merge: the file that receives new concepts. Default: GLOSSARY/imported.yaml.")] = None,
    source_lang: SourceLang = None,
    target_lang: TargetLang = None,
    lang_map: Annotated[list[str], typer.Option(
        "--lang-map", metavar="TAG=TAG", help="Read a file's language tag as another, e.g. xx=de. Default: none.")] = [],
    separator: Separator = "|",
    tbx_schema: Annotated[Optional[Path], typer.Option(
        "--tbx-schema", envvar="GLOSSARY_TBX_SCHEMA", metavar="RNG", show_default=False,
        help="TBX v3: also validate against this core RelaxNG schema. Default: the built-in DCA checks only.")] = None,
    yes: Yes = False,
    dry_run: DryRun = False,
) -> None:
    """Import a glossary file: by default write it as a new terms/ YAML file and show the diff a
    merge would make; with --merge, merge it into the glossary (the diff, then a question; --yes,
    --dry-run). Concepts are matched by id, or by their terms where the file has no ids (Trados,
    OmegaT, memoQ's own). Conflicts are listed, never resolved: a merge with any writes nothing, exit 1."""
    from glossary.cli.edits import confirm_and_write
    from glossary.exchange.base import ImportOptions, detect_format, get_format
    from glossary.exchange.merge import imported_yaml, open_target, plan_merge
    from glossary.files.inputs import check_input
    from glossary.files.atomic import atomic_write_text
    from glossary.files.lock import glossary_lock, lock_folder
    from glossary.render.lookup_view import print_diff
    from glossary.store.load import GLOSSARY_SUFFIXES

    if not file.is_file():
        check_input(file)  # a FIFO, a device, a dangling link or a loop: says which
        raise UsageError(f"no such file: {file}", path=file)
    if (yes or dry_run) and not merge:
        raise UsageError("--yes and --dry-run go with --merge (without it, nothing in the glossary is written)")
    fmt = get_format(input_format) if input_format else detect_format(file)
    options = ImportOptions(source_lang=source_lang, target_lang=target_lang, lang_map=_lang_map(lang_map),
                            separator=separator, tbx_schema=tbx_schema)
    result = fmt.import_file(file, options)
    terms = sum(len(ts) for c in result.concepts for ts in c.terms.values())
    note(f"read {len(result.concepts)} concepts, {terms} terms from {file} ({fmt.name})")
    for item in result.notes:
        note(f"note: {item}")
    for item in result.warnings:  # never hidden by --quiet
        warn(item)
    for category, count in sorted(result.dropped.items()):
        note(f"not kept (no field in the glossary model): {category} x{count}")
    root = glossary_path(glossary)
    target = into or (root if root.suffix in GLOSSARY_SUFFIXES else root / "imported.yaml")
    plan = plan_merge(open_target(root), result, into=target)
    for item in plan.notes:
        note(f"note: {item}")
    if not merge:
        if output is not None and str(output) == "-":
            typer.echo(imported_yaml(result.concepts), nl=False)
        else:
            out = output or project_path(DEFAULT_REPORTS) / f"import-{file.stem}.yaml"
            inside = out.resolve().parent == lock_folder(root).resolve()  # a new file of the glossary itself
            with glossary_lock(root) if inside else contextlib.nullcontext():
                atomic_write_text(out, imported_yaml(result.concepts))
            note(f"wrote {out}")
            diff = plan.diff()
            if diff:
                print_diff(diff, CONSOLES.out)
            else:
                console.print(f"merging would change nothing in {root}", soft_wrap=True, markup=False)
    for conflict in plan.conflicts:  # never hidden by --quiet
        err_console.print(f"conflict: {conflict}", soft_wrap=True, markup=False)
    if not merge:
        if plan.conflicts:
            err_console.print(f"{len(plan.conflicts)} conflict(s): a --merge would be refused", soft_wrap=True)
        return
    if plan.conflicts:
        err_console.print(f"{len(plan.conflicts)} conflict(s); nothing merged", soft_wrap=True)
        raise typer.Exit(EXIT_FINDINGS)
    summary = (f"{len(plan.added_concepts)} concepts added, {plan.added_terms} terms added, "
               f"{plan.filled_fields} fields filled"
               + (f"; {plan.matched} imported concepts matched by their terms" if plan.matched else ""))
    def redo() -> TermStore:  # another edit wrote the glossary meanwhile: merge into it as it is now
        again = plan_merge(open_target(root), result, into=target)
        if again.conflicts:
            raise ConflictError(f"another edit wrote the glossary meanwhile and the merge now conflicts: "
                                f"{again.conflicts[0]} ({len(again.conflicts)} conflict(s)); nothing merged", path=root)
        return again.store

    written = confirm_and_write(plan.store, yes=yes, dry_run=dry_run,
                                unchanged=f"merging changes nothing in {root}", redo=redo)
    if written is not None:
        console.print(f"merged into {root}: {summary}", soft_wrap=True, markup=False)
    elif dry_run and plan.changes:
        note(f"would merge into {root}: {summary}")

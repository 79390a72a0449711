"""`glossary term ...`, `glossary concept ...` and `glossary adopt`: edit terms/ safely.

Every edit is shown as a diff, then written only after confirmation (or --yes);
--dry-run shows it and writes nothing. Writes validate the whole glossary first
and replace each file atomically, keeping comments and order.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

import typer

from glossary.cli.common import command, glossary_path, lazy_module
from glossary.cli.options import FIND_GLOSSARY
from glossary.errors import UsageError
from glossary.model import Concept, PartOfSpeech, Status, Term, TermType

if TYPE_CHECKING:
    from glossary.store import maintenance
    from glossary.store.termstore import TermStore
else:
    maintenance = lazy_module("glossary.store.maintenance")  # loaded when an edit runs, not for --help

term_app = typer.Typer(help="Add terms, change their status, rename them, annotate them.", no_args_is_help=True)
concept_app = typer.Typer(help="Merge and split concepts.", no_args_is_help=True)

_STATUSES = [s.value for s in Status]
NOTE_FIELDS = ("note", "usage", "context", "reason", "source")  # maintenance.TEXT_FIELDS, held equal by a test
_GLOSSARY = typer.Option(None, "--glossary", "-g", metavar="DIR|FILE", show_default=False,
                         help=f"Glossary directory (*.yaml) or one .yaml file. {FIND_GLOSSARY}")
_YES = typer.Option(False, "--yes", "-y", help="Write without asking. Default: ask.")
_DRY_RUN = typer.Option(False, "--dry-run", help="Show the diff and write nothing. Default: off.")
_CONCEPT = typer.Option(None, "--concept", "-c", metavar="ID", show_default=False,
                        help="The concept the term is in (when the text is ambiguous). Default: any.")
_LANG = typer.Option(None, "--lang", "-l", metavar="LANG", show_default=False,
                     help="The term's language (when the text is ambiguous). Default: any.")


def register(app: typer.Typer) -> None:
    app.add_typer(term_app, name="term")
    app.add_typer(concept_app, name="concept")
    app.command("adopt")(adopt_command)


def _status(value: str, option: str) -> Status:
    try:
        return Status(value)
    except ValueError:
        raise UsageError(f"{option}: {value!r} is not a status (one of {', '.join(_STATUSES)})") from None


def _choice(enum: type, value: str | None, option: str):
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        raise UsageError(f"{option}: {value!r} is not one of {', '.join(e.value for e in enum)}") from None


def _edit(glossary: Path | None, change: Callable[[TermStore], TermStore], *, yes: bool, dry_run: bool) -> None:
    """Open the store, apply ``change``, show the diff, then write it if confirmed (``cli.edits``)."""
    from glossary.cli.edits import confirm_and_write
    from glossary.store.termstore import TermStore

    root = glossary_path(glossary)
    confirm_and_write(change(TermStore.open(root)), yes=yes, dry_run=dry_run,
                      redo=lambda: change(TermStore.open(root)))  # made again if another edit wrote meanwhile


def _ref(store: TermStore, text: str, concept: str | None, lang: str | None) -> maintenance.TermRef:
    return maintenance.find_term(store.glossary(), text, concept_id=concept, lang=lang)


def _pair(raw: str, option: str) -> tuple[str, str]:
    """LANG:TEXT (or LANG=TEXT) as given to --with / --term."""
    for sep in (":", "="):
        lang, found, text = raw.partition(sep)
        if found and lang.strip() and text.strip():
            return lang.strip(), text.strip()
    raise UsageError(f"{option} takes LANG:TEXT (e.g. en:United Nations), not {raw!r}")


def _new_file(glossary: Path | None, file: Path | None) -> Path | None:
    """--file: a YAML file of the glossary directory (a bare name is taken inside it)."""
    if file is None:
        return None
    glossary = glossary_path(glossary)
    if not glossary.is_dir():
        raise UsageError(f"--file needs a glossary directory; {glossary} is one file")
    target = glossary / file if file.parent == Path(".") else file
    if target.suffix not in (".yaml", ".yml") or target.resolve().parent != glossary.resolve():
        raise UsageError(f"--file must be a .yaml file directly in {glossary}, not {file}")
    return target


# -- term -----------------------------------------------------------------------------------------
@term_app.command("add")
@command
def add_command(
    text: str = typer.Argument(..., metavar="TEXT", help="The term."),
    concept: str = typer.Option(..., "--concept", "-c", metavar="ID", help="Concept id to add the term to."),
    lang: str = typer.Option(..., "--lang", "-l", metavar="LANG", help="The term's language (vi, en, ...)."),
    status: str = typer.Option(Status.PREFERRED.value, "--status", metavar="STATUS", help=f"One of {', '.join(_STATUSES)}."),
    term_type: Optional[str] = typer.Option(None, "--type", metavar="TYPE", help="fullForm, acronym, abbreviation, shortForm, "
                                                                   "variant or phrase. Default: none."),
    pos: Optional[str] = typer.Option(None, "--pos", metavar="POS", help="noun, verb, adjective, adverb or other. Default: none."),
    usage: Optional[str] = typer.Option(None, "--usage", metavar="TEXT", help="Usage note for translators. Default: none."),
    context: Optional[str] = typer.Option(None, "--context", metavar="TEXT", help="An example sentence. Default: none."),
    source: Optional[str] = typer.Option(None, "--source", metavar="TEXT", help="Where it was seen or decided. Default: none."),
    reason: Optional[str] = typer.Option(None, "--reason", metavar="TEXT", help="Why this status, in one line. Default: none."),
    note: Optional[str] = typer.Option(None, "--note", metavar="TEXT", help="A note. Default: none."),
    new_concept: bool = typer.Option(False, "--new-concept", help="Create the concept (it must not exist)."),
    with_terms: Optional[list[str]] = typer.Option(
        None, "--with", metavar="LANG:TEXT", help="With --new-concept: a preferred term in another language, LANG:TEXT (repeatable). Default: none."),
    subject: Optional[str] = typer.Option(None, "--subject", metavar="TEXT", help="With --new-concept: its subject field. Default: none."),
    definition: Optional[str] = typer.Option(None, "--definition", metavar="TEXT", help="With --new-concept: its definition. Default: none."),
    file: Optional[Path] = typer.Option(None, "--file", metavar="FILE", help="With --new-concept: the YAML file to put it in "
                                                             "(default: the first file)."),
    demote_to: str = typer.Option(Status.ADMITTED.value, "--demote-to", metavar="STATUS",
                                  help="Status for the old preferred term when this one is preferred."),
    glossary: Optional[Path] = _GLOSSARY, yes: bool = _YES, dry_run: bool = _DRY_RUN,
) -> None:
    """Add a term to a concept, or with --new-concept create the concept.

    Adding a preferred term demotes the concept's old preferred term in that language
    (to admitted, or --demote-to). Refused when the term is already there or is
    preferred in another concept.
    """
    def change(store: TermStore) -> TermStore:
        term = Term(text.strip(), lang, _status(status, "--status"), type=_choice(TermType, term_type, "--type"),
                    pos=_choice(PartOfSpeech, pos, "--pos"), usage=usage, context=context, source=source,
                    reason=reason, note=note)
        if not new_concept:
            if with_terms or subject or definition or file:
                raise UsageError("--with, --subject, --definition and --file describe a new concept: "
                                 "add --new-concept")
            return maintenance.add_term(store, concept, term, demote_to=_status(demote_to, "--demote-to"))
        terms: dict[str, list[Term]] = {term.lang: [term]}
        for raw in with_terms or []:
            other_lang, other_text = _pair(raw, "--with")
            terms.setdefault(other_lang, []).append(Term(other_text, other_lang))
        return maintenance.add_concept(store, Concept(id=concept, terms=terms, subject=subject,
                                                      definition=definition), path=_new_file(glossary, file))

    _edit(glossary, change, yes=yes, dry_run=dry_run)


@term_app.command("set-status")
@command
def set_status_command(
    term: str = typer.Argument(..., metavar="TERM", help="The term's text (matched exactly, then ignoring case and diacritics)."),
    status: str = typer.Argument(..., metavar="STATUS", help=f"New status: {', '.join(_STATUSES)}."),
    concept: Optional[str] = _CONCEPT, lang: Optional[str] = _LANG,
    demote_to: str = typer.Option(Status.ADMITTED.value, "--demote-to", metavar="STATUS",
                                  help="Status for the old preferred term when this one becomes preferred."),
    reason: Optional[str] = typer.Option(None, "--reason", metavar="TEXT", help="Why, in one line (kept in the term's reason). Default: none."),
    glossary: Optional[Path] = _GLOSSARY, yes: bool = _YES, dry_run: bool = _DRY_RUN,
) -> None:
    """Change a term's status.

    Promoting a term to preferred demotes the old preferred term of its concept and
    language to admitted (or --demote-to). A preferred term cannot be demoted
    directly: promote its replacement instead.
    """
    def change(store: TermStore) -> TermStore:
        new_status, demoted = _status(status, "STATUS"), _status(demote_to, "--demote-to")
        return maintenance.set_status(store, _ref(store, term, concept, lang), new_status,
                                      demote_to=demoted, reason=reason)

    _edit(glossary, change, yes=yes, dry_run=dry_run)


@term_app.command("rename")
@command
def rename_command(
    term: str = typer.Argument(..., metavar="TERM", help="The term's current text."),
    new_text: str = typer.Argument(..., metavar="NEW_TEXT", help="Its new text."),
    concept: Optional[str] = _CONCEPT, lang: Optional[str] = _LANG,
    glossary: Optional[Path] = _GLOSSARY, yes: bool = _YES, dry_run: bool = _DRY_RUN,
) -> None:
    """Change a term's text, keeping its status and notes."""
    _edit(glossary, lambda store: maintenance.rename_term(store, _ref(store, term, concept, lang), new_text),
          yes=yes, dry_run=dry_run)


@term_app.command("note")
@command
def note_command(
    term: str = typer.Argument(..., metavar="TERM", help="The term's text."),
    text: str = typer.Argument(..., metavar="TEXT", help="The note."),
    field: str = typer.Option("note", "--field", metavar="FIELD", help=f"Which field: {', '.join(NOTE_FIELDS)}."),
    append: bool = typer.Option(False, "--append", help="Add to the field's text instead of replacing it."),
    concept: Optional[str] = _CONCEPT, lang: Optional[str] = _LANG,
    glossary: Optional[Path] = _GLOSSARY, yes: bool = _YES, dry_run: bool = _DRY_RUN,
) -> None:
    """Set a term's note (or usage, context, reason, source)."""
    _edit(glossary, lambda store: maintenance.note_term(store, _ref(store, term, concept, lang), text,
                                                        field=field, append=append),
          yes=yes, dry_run=dry_run)


# -- concept --------------------------------------------------------------------------------------
@concept_app.command("merge")
@command
def merge_command(
    keep: str = typer.Argument(..., metavar="KEEP", help="The concept to keep."),
    merged: str = typer.Argument(..., metavar="MERGED", help="The concept merged into it and removed."),
    glossary: Optional[Path] = _GLOSSARY, yes: bool = _YES, dry_run: bool = _DRY_RUN,
) -> None:
    """Merge concept B into concept A: B's terms join A, B is removed.

    Where both have a preferred term in a language, B's becomes admitted. B's
    definition and notes fill A's empty fields or are recorded in A's note.
    """
    _edit(glossary, lambda store: maintenance.merge_concepts(store, keep, merged), yes=yes, dry_run=dry_run)


@concept_app.command("split")
@command
def split_command(
    concept: str = typer.Argument(..., metavar="CONCEPT", help="The concept to split."),
    new_id: str = typer.Option(..., "--new-id", metavar="ID", help="Id of the new concept."),
    terms: list[str] = typer.Option(..., "--term", metavar="LANG:TEXT", help="A term to move, LANG:TEXT (repeatable). Default: none."),
    definition: Optional[str] = typer.Option(None, "--definition", metavar="TEXT", help="The new concept's definition. Default: none."),
    glossary: Optional[Path] = _GLOSSARY, yes: bool = _YES, dry_run: bool = _DRY_RUN,
) -> None:
    """Move some terms of a concept into a new concept placed after it.

    Refused when the old concept would lose its preferred term in a language that
    keeps other terms: promote one of those first.
    """
    def change(store: TermStore) -> TermStore:
        moves = [_pair(raw, "--term") for raw in terms]
        return maintenance.split_concept(store, concept, new_id, moves, definition=definition)

    _edit(glossary, change, yes=yes, dry_run=dry_run)


# -- adopt ----------------------------------------------------------------------------------------
@command
def adopt_command(
    report: Path = typer.Argument(..., metavar="REPORT", help="A variance report or discovery report (JSON)."),
    concept: str = typer.Option(..., "--concept", "-c", metavar="ID", help="The glossary concept the decision is about "
                                                             "(created from a discovery group if missing)."),
    rendering: Optional[str] = typer.Option(
        None, "--rendering", "-r", metavar="TEXT", help="The rendering to adopt or forbid (default for adopting: the report's "
                                        "proposal, discovery's canonical rendering or variance's reference)."),
    forbid: bool = typer.Option(False, "--forbid", help="Make the rendering forbidden instead of preferred."),
    lang: Optional[str] = typer.Option(None, "--lang", "-l", metavar="LANG", help="The renderings' language, when the report "
                                                                  "does not say. Default: the report's."),
    source_term: Optional[str] = typer.Option(None, "--source-term", metavar="TEXT", help="Discovery: the group's source term. Default: none."),
    others: str = typer.Option(Status.DEPRECATED.value, "--others", metavar="STATUS|skip",
                               help="Status for the finding's other renderings the concept lacks, or 'skip'."),
    demote_to: str = typer.Option(Status.ADMITTED.value, "--demote-to", metavar="STATUS",
                                  help="Status for the old preferred term."),
    reason: Optional[str] = typer.Option(None, "--reason", metavar="TEXT", help="Why, in one line. Default: none."),
    glossary: Optional[Path] = _GLOSSARY, yes: bool = _YES, dry_run: bool = _DRY_RUN,
) -> None:
    """Turn a finding of a variance or discovery report into a glossary decision.

    The rendering becomes preferred (or forbidden with --forbid) and its evidence
    ("adopted DATE from REPORT: 4 of 6 occurrences in 3 documents") goes into the
    term's source; the finding's other renderings are added as deprecated (--others).
    """
    def change(store: TermStore) -> TermStore:
        other_status = None if others == "skip" else _status(others, "--others")
        return maintenance.adopt(store, report, concept_id=concept, rendering=rendering, forbid=forbid, lang=lang,
                                 source_term=source_term, others=other_status,
                                 demote_to=_status(demote_to, "--demote-to"), reason=reason)

    _edit(glossary, change, yes=yes, dry_run=dry_run)

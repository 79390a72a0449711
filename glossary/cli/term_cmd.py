"""`glossary term ...`, `glossary concept ...` and `glossary adopt`: edit terms/ safely.

Every edit is shown as a diff, then written only after confirmation (or --yes);
--dry-run shows it and writes nothing. Writes validate the whole glossary first
and replace each file atomically, keeping comments and order.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

import typer

from glossary.cli.common import DEFAULT_GLOSSARY, console, err_console, fail
from glossary.errors import GlossaryError, UsageError
from glossary.model import Concept, PartOfSpeech, Status, Term, TermType
from glossary.render.lookup_view import print_diff
from glossary.store import maintenance
from glossary.store.termstore import TermStore

term_app = typer.Typer(help="Add terms, change their status, rename them, annotate them.", no_args_is_help=True)
concept_app = typer.Typer(help="Merge and split concepts.", no_args_is_help=True)

_STATUSES = [s.value for s in Status]
_GLOSSARY = typer.Option(DEFAULT_GLOSSARY, "--glossary", "-g", help="Glossary directory (*.yaml) or one .yaml file.")
_YES = typer.Option(False, "--yes", "-y", help="Write without asking.")
_DRY_RUN = typer.Option(False, "--dry-run", help="Show the diff and write nothing.")
_CONCEPT = typer.Option(None, "--concept", "-c", help="The concept the term is in (when the text is ambiguous).")
_LANG = typer.Option(None, "--lang", "-l", help="The term's language (when the text is ambiguous).")


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


def _edit(glossary: Path, change: Callable[[TermStore], TermStore], *, yes: bool, dry_run: bool) -> None:
    """Open the store, apply ``change``, show the diff, then write it if confirmed."""
    try:
        store = change(TermStore.open(glossary))
        diff = store.diff()
        if not diff:
            console.print("nothing to change", markup=False)
            return
        print_diff(diff, console)
        if dry_run:
            err_console.print("dry run: nothing written", markup=False)
            return
        if not yes:
            try:
                confirmed = typer.confirm("Write these changes?", default=False)
            except (typer.Abort, EOFError):  # no answer (stdin closed) is no
                confirmed = False
            if not confirmed:
                err_console.print("nothing written", markup=False)
                raise typer.Exit(1)
        written = store.save()
    except GlossaryError as error:
        raise fail(error) from None
    except OSError as error:  # each file is replaced atomically: one that failed is as it was
        raise fail(GlossaryError(f"could not write: {error.strerror or error}", path=error.filename)) from None
    for path in written:
        err_console.print(f"wrote {path}", markup=False)


def _ref(store: TermStore, text: str, concept: str | None, lang: str | None) -> maintenance.TermRef:
    return maintenance.find_term(store.glossary(), text, concept_id=concept, lang=lang)


def _pair(raw: str, option: str) -> tuple[str, str]:
    """LANG:TEXT (or LANG=TEXT) as given to --with / --term."""
    for sep in (":", "="):
        lang, found, text = raw.partition(sep)
        if found and lang.strip() and text.strip():
            return lang.strip(), text.strip()
    raise UsageError(f"{option} takes LANG:TEXT (e.g. en:United Nations), not {raw!r}")


def _new_file(glossary: Path, file: Path | None) -> Path | None:
    """--file: a YAML file of the glossary directory (a bare name is taken inside it)."""
    if file is None:
        return None
    if not glossary.is_dir():
        raise UsageError(f"--file needs a glossary directory; {glossary} is one file")
    target = glossary / file if file.parent == Path(".") else file
    if target.suffix not in (".yaml", ".yml") or target.resolve().parent != glossary.resolve():
        raise UsageError(f"--file must be a .yaml file directly in {glossary}, not {file}")
    return target


# -- term -----------------------------------------------------------------------------------------
@term_app.command("add")
def add_command(
    text: str = typer.Argument(..., help="The term."),
    concept: str = typer.Option(..., "--concept", "-c", help="Concept id to add the term to."),
    lang: str = typer.Option(..., "--lang", "-l", help="The term's language (vi, en, ...)."),
    status: str = typer.Option(Status.PREFERRED.value, "--status", "-s", help=f"One of {', '.join(_STATUSES)}."),
    term_type: Optional[str] = typer.Option(None, "--type", help="fullForm, acronym, abbreviation, shortForm, "
                                                                   "variant or phrase."),
    pos: Optional[str] = typer.Option(None, "--pos", help="noun, verb, adjective, adverb or other."),
    usage: Optional[str] = typer.Option(None, "--usage", help="Usage note for translators."),
    context: Optional[str] = typer.Option(None, "--context", help="An example sentence."),
    source: Optional[str] = typer.Option(None, "--source", help="Where it was seen or decided."),
    reason: Optional[str] = typer.Option(None, "--reason", help="Why this status, in one line."),
    note: Optional[str] = typer.Option(None, "--note", help="A note."),
    new_concept: bool = typer.Option(False, "--new-concept", help="Create the concept (it must not exist)."),
    with_terms: Optional[list[str]] = typer.Option(
        None, "--with", help="With --new-concept: a preferred term in another language, LANG:TEXT (repeatable)."),
    subject: Optional[str] = typer.Option(None, "--subject", help="With --new-concept: its subject field."),
    definition: Optional[str] = typer.Option(None, "--definition", help="With --new-concept: its definition."),
    file: Optional[Path] = typer.Option(None, "--file", help="With --new-concept: the YAML file to put it in "
                                                             "(default: the first file)."),
    demote_to: str = typer.Option(Status.ADMITTED.value, "--demote-to",
                                  help="Status for the old preferred term when this one is preferred."),
    glossary: Path = _GLOSSARY, yes: bool = _YES, dry_run: bool = _DRY_RUN,
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
def set_status_command(
    term: str = typer.Argument(..., help="The term's text (matched exactly, then ignoring case and diacritics)."),
    status: str = typer.Argument(..., help=f"New status: {', '.join(_STATUSES)}."),
    concept: Optional[str] = _CONCEPT, lang: Optional[str] = _LANG,
    demote_to: str = typer.Option(Status.ADMITTED.value, "--demote-to",
                                  help="Status for the old preferred term when this one becomes preferred."),
    reason: Optional[str] = typer.Option(None, "--reason", help="Why, in one line (kept in the term's reason)."),
    glossary: Path = _GLOSSARY, yes: bool = _YES, dry_run: bool = _DRY_RUN,
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
def rename_command(
    term: str = typer.Argument(..., help="The term's current text."),
    new_text: str = typer.Argument(..., help="Its new text."),
    concept: Optional[str] = _CONCEPT, lang: Optional[str] = _LANG,
    glossary: Path = _GLOSSARY, yes: bool = _YES, dry_run: bool = _DRY_RUN,
) -> None:
    """Change a term's text, keeping its status and notes."""
    _edit(glossary, lambda store: maintenance.rename_term(store, _ref(store, term, concept, lang), new_text),
          yes=yes, dry_run=dry_run)


@term_app.command("note")
def note_command(
    term: str = typer.Argument(..., help="The term's text."),
    text: str = typer.Argument(..., help="The note."),
    field: str = typer.Option("note", "--field", help=f"Which field: {', '.join(maintenance.TEXT_FIELDS)}."),
    append: bool = typer.Option(False, "--append", help="Add to the field's text instead of replacing it."),
    concept: Optional[str] = _CONCEPT, lang: Optional[str] = _LANG,
    glossary: Path = _GLOSSARY, yes: bool = _YES, dry_run: bool = _DRY_RUN,
) -> None:
    """Set a term's note (or usage, context, reason, source)."""
    _edit(glossary, lambda store: maintenance.note_term(store, _ref(store, term, concept, lang), text,
                                                        field=field, append=append),
          yes=yes, dry_run=dry_run)


# -- concept --------------------------------------------------------------------------------------
@concept_app.command("merge")
def merge_command(
    keep: str = typer.Argument(..., help="The concept to keep."),
    merged: str = typer.Argument(..., help="The concept merged into it and removed."),
    glossary: Path = _GLOSSARY, yes: bool = _YES, dry_run: bool = _DRY_RUN,
) -> None:
    """Merge concept B into concept A: B's terms join A, B is removed.

    Where both have a preferred term in a language, B's becomes admitted. B's
    definition and notes fill A's empty fields or are recorded in A's note.
    """
    _edit(glossary, lambda store: maintenance.merge_concepts(store, keep, merged), yes=yes, dry_run=dry_run)


@concept_app.command("split")
def split_command(
    concept: str = typer.Argument(..., help="The concept to split."),
    new_id: str = typer.Option(..., "--new-id", help="Id of the new concept."),
    terms: list[str] = typer.Option(..., "--term", "-t", help="A term to move, LANG:TEXT (repeatable)."),
    definition: Optional[str] = typer.Option(None, "--definition", help="The new concept's definition."),
    glossary: Path = _GLOSSARY, yes: bool = _YES, dry_run: bool = _DRY_RUN,
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
def adopt_command(
    report: Path = typer.Argument(..., help="A variance report or discovery report (JSON)."),
    concept: str = typer.Option(..., "--concept", "-c", help="The glossary concept the decision is about "
                                                             "(created from a discovery group if missing)."),
    rendering: Optional[str] = typer.Option(
        None, "--rendering", "-r", help="The rendering to adopt or forbid (default for adopting: the report's "
                                        "proposal, discovery's canonical rendering or variance's reference)."),
    forbid: bool = typer.Option(False, "--forbid", help="Make the rendering forbidden instead of preferred."),
    lang: Optional[str] = typer.Option(None, "--lang", "-l", help="The renderings' language, when the report "
                                                                  "does not say."),
    source_term: Optional[str] = typer.Option(None, "--source-term", help="Discovery: the group's source term."),
    others: str = typer.Option(Status.DEPRECATED.value, "--others",
                               help="Status for the finding's other renderings the concept lacks, or 'skip'."),
    demote_to: str = typer.Option(Status.ADMITTED.value, "--demote-to",
                                  help="Status for the old preferred term."),
    reason: Optional[str] = typer.Option(None, "--reason", help="Why, in one line."),
    glossary: Path = _GLOSSARY, yes: bool = _YES, dry_run: bool = _DRY_RUN,
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

"""`glossary validate`: check the terms/ files and list every problem."""
from __future__ import annotations

from pathlib import Path

import typer

from glossary.cli.common import DEFAULT_GLOSSARY, console, err_console
from glossary.store.termstore import check_glossary


def register(app: typer.Typer) -> None:
    @app.command("validate")
    def validate(
        glossary: Path = typer.Argument(DEFAULT_GLOSSARY, help="Glossary directory (*.yaml) or one .yaml file."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing when the glossary is valid."),
    ) -> None:
        """Check the glossary: fields, statuses, types, language tags, ids, preferred terms.

        Every problem is listed with its file and line; the exit code is 1 when there is any.
        """
        result, problems = check_glossary(glossary)
        concepts = result.concepts
        for problem in problems:
            err_console.print(f"[red]error[/red]: {problem}", soft_wrap=True)
        if problems:
            err_console.print(f"{len(problems)} problem(s) in {glossary}", soft_wrap=True)
            raise typer.Exit(1)
        if not quiet:
            terms = sum(len(ts) for c in concepts for ts in c.terms.values())
            langs = sorted({lang for c in concepts for lang in c.terms})
            console.print(f"{glossary}: OK — {len(concepts)} concepts, {terms} terms, "
                          f"languages {', '.join(langs)} in {len(result.files)} file(s)")

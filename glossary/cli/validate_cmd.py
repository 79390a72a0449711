"""`glossary validate`: check the terms/ files and list every problem."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from glossary.cli.common import (
    EXIT_FINDINGS,
    command,
    console,
    err_console,
    glossary_path,
)
from glossary.cli.options import FIND_GLOSSARY, Json


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)


@command
def validate(
    glossary: Annotated[Optional[Path], typer.Argument(
        metavar="DIR|FILE", show_default=False,
        help=f"Glossary directory (*.yaml) or one .yaml file. {FIND_GLOSSARY}")] = None,
    as_json: Json = False,
) -> None:
    """Check the glossary: fields, statuses, types, language tags, ids, preferred terms.

    Every problem is listed with its file and line; the exit status is 1 when there is any.
    """
    from glossary.store.load import check_glossary

    path = glossary_path(glossary)
    result, problems = check_glossary(path)
    concepts = result.concepts
    terms = sum(len(ts) for c in concepts for ts in c.terms.values())
    langs = sorted({lang for c in concepts for lang in c.terms})
    if as_json:
        typer.echo(json.dumps({
            "glossary": str(path), "valid": not problems, "files": len(result.files), "concepts": len(concepts),
            "terms": terms, "languages": langs,
            "problems": [{"path": p.path, "line": p.line, "message": p.message, "code": p.code} for p in problems],
        }, ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            err_console.print(f"[red]error[/red]: {problem}", soft_wrap=True)
        if problems:
            err_console.print(f"{len(problems)} problem(s) in {path}", soft_wrap=True)
        else:
            console.print(f"{path}: OK — {len(concepts)} concepts, {terms} terms, "
                          f"languages {', '.join(langs)} in {len(result.files)} file(s)", markup=False)
    if problems:
        raise typer.Exit(EXIT_FINDINGS)

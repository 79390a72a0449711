"""`glossary serve`: the glossary, lookup, concordance, the report and review in the browser."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from glossary.cli.common import (
    DEFAULT_CORPORA,
    DEFAULT_REPORTS,
    SETTINGS,
    command,
    glossary_path,
    note,
    project_path,
    warn,
)
from glossary.cli.lookup_cmd import INDEX, IndexOpt
from glossary.cli.options import Corpora, GlossaryOpt, InputFormat, SkipBad, SourceLang, TargetLang

DEFAULT_HOST = "127.0.0.1"  # web.config.DEFAULT_HOST / DEFAULT_PORT, repeated so --help need not import the server
DEFAULT_PORT = 8377


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)


@command
def serve_command(
    corpus: Corpora = None,
    glossary: GlossaryOpt = None,
    host: Annotated[str, typer.Option(
        "--host", metavar="ADDRESS", show_default=False,
        help="Address to listen on. Anything but a loopback address lets other machines reach the pages (writes "
             "still need the page's token). Default: 127.0.0.1, this machine only.")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(
        "--port", metavar="PORT", min=0, max=65535, show_default=False, help="Port to listen on; 0 picks a free one. Default: 8377.")]
    = DEFAULT_PORT,
    index_path: IndexOpt = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="DIR", show_default=False,
        help="Where the server writes the reports it runs (variance.json, discovery.json), which the review's "
             "decisions cite as adopt does. Default: reports/serve/ in the project.")] = None,
    source_lang: SourceLang = None,
    target_lang: TargetLang = None,
    input_format: InputFormat = None,
    skip_bad: SkipBad = False,
    discover: Annotated[bool, typer.Option(
        "--discover/--no-discover", show_default=False,
        help="Run discovery for the review page (slow on a big corpus). Default: on.")] = True,
) -> None:
    """Serve the glossary in the browser: lookup as you type, concordance, the variance report, review.

    A local web application over the same library as the other commands: lookup (both
    directions, without diacritics, abbreviations, misspellings) with each concept's card;
    the concordance of a term or a concept from the corpus index (built on start when missing);
    the variance report, filtered and paged; review of discovery's variant groups and the
    report's unlisted renderings, where each decision shows its diff and writes terms/ as
    glossary adopt does (validated, atomic, comments kept), refused when the page is out of
    date; and every export format. Listens on 127.0.0.1 unless --host says otherwise;
    Ctrl-C stops it.
    """
    from glossary.cli.corpus_cmd import read_options
    from glossary.web.config import ServeConfig, is_loopback
    from glossary.variance.profile import project_profile
    from glossary.web.server import serve

    terms = glossary_path(glossary)
    if corpus:
        corpora = list(corpus)
    else:
        default = project_path(DEFAULT_CORPORA)
        corpora = [default] if default.is_dir() else []
    config = ServeConfig(glossary=terms, corpora=corpora, index=index_path or project_path(INDEX),
                         reports=output or project_path(DEFAULT_REPORTS) / "serve",
                         options=read_options(source_lang, target_lang, input_format, skip_bad),
                         host=host, port=port, discover=discover,
                         profile=project_profile())  # the project's check profile, as `glossary variance` reads it
    if not is_loopback(host):
        warn(f"listening on {host}: other machines can reach these pages (writes still need the page's token)")
    if not corpora:
        note(f"no corpus ({DEFAULT_CORPORA}/ not found, none given): lookup and export only")

    def ready(url: str, config: ServeConfig) -> None:
        typer.echo(f"glossary serve: {url}", err=False)  # the one line on stdout: scripts read the address
        note(f"glossary {terms}; corpora {', '.join(str(p) for p in corpora) or 'none'}; reports in "
             f"{config.reports}; Ctrl-C stops")

    serve(config, ready=ready, log_level="info" if SETTINGS.verbose else "warning")

"""The web application: routes, pages and the edit flow (``create_app``).

Pages (HTML, work without JavaScript; ``static/app.js`` adds lookup as you type, copy buttons
and progress that moves):

    GET  /                     lookup (``?q=``, ``&lang=``)
    GET  /lookup               the results part of the lookup page (what each keystroke fetches)
    GET  /concept?id=ID        a concept: card, corpus renderings, report renderings, edits
    GET  /concordance          ``?q=`` or ``?concept=ID``, ``&document=``, ``&outlet=``, ``&lang=``, ``&page=``
    GET  /report               the variance report: summary, concepts to decide first, findings
                               (``?severity=``, ``&check=``, ``&document=``, ``&concept=``, ``&page=``)
    GET  /report/concepts      every concept of the report, those needing a decision first
    GET  /review               unlisted renderings and discovery's groups, with their actions
    POST /edit/preview         the diff an edit would make (nothing written)
    POST /edit/apply           write it, if the glossary is still the one the page showed
    POST /jobs/rerun           run the reports again
    GET  /export               the export formats
    GET  /export/download      ``?format=``, ``&source=``, ``&target=``: the export file (a .zip for several)
    GET  /api/lookup           the lookup as JSON (``render.lookup_view.lookup_json``)
    GET  /api/status           the background runs and the glossary's state, as JSON
    GET  /static/NAME          app.css, app.js
"""
from __future__ import annotations

import contextlib
import io
import mimetypes
import re
import zipfile
from importlib import resources
from pathlib import Path
from typing import Any, AsyncIterator, Callable
from urllib.parse import parse_qs, urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from glossary import __version__
from glossary.errors import ConflictError, GlossaryError, UsageError
from glossary.model import Status
from glossary.store import maintenance
from glossary.web import views
from glossary.web.config import MAX_QUERY, ServeConfig
from glossary.web.decisions import DECISIONS, Edit, apply_edit, parse_edit
from glossary.web.jobs import DISCOVERY, INDEX, VARIANCE, Jobs
from glossary.web.reportview import PAGE_SIZE, SEVERITIES
from glossary.web.safety import SafetyMiddleware, Sessions, safe_back, same_origin
from glossary.web.state import GlossaryState, StaleView

PACKAGE = Path(__file__).parent
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".png": "image/png", ".svg": "image/svg+xml"}
LOOKUP_LIMIT = 10
CONCORDANCE_PAGE = 50
CONCORDANCE_MAX = 1000  # segments a concordance pages through (the search tells how many there are)
GROUPS_PAGE = 20
UNLISTED_SHOWN = 50


def _static_files() -> dict[str, tuple[bytes, str]]:
    """Every file of ``static/``, read once: a request names a key of this table, never a path."""
    files = {}
    for item in resources.files("glossary.web").joinpath("static").iterdir():
        suffix = Path(item.name).suffix
        if item.is_file() and suffix in STATIC_TYPES:
            files[item.name] = (item.read_bytes(), STATIC_TYPES[suffix])
    return files


class Web:
    """What the routes share: the glossary state, the jobs, sessions, templates and static files."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.state = GlossaryState(config.glossary)
        self.jobs = Jobs(config, self.state)
        self.sessions = Sessions(config.port)
        self.static = _static_files()
        self._counted: tuple[str, int] = ("", 0)  # the glossary's term count, by fingerprint
        self.env = Environment(loader=FileSystemLoader(str(PACKAGE / "templates")),
                               autoescape=select_autoescape(default=True, default_for_string=True),
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(pieces=views.pieces, status_label=views.status_label,
                                ordered_terms=views.ordered_terms, diff_lines=views.diff_lines, slug=views.slug)

    # -- rendering ---------------------------------------------------------------------------
    def session(self, request: Request) -> tuple[str, bool]:
        """The request's session, or a new one (True: set its cookie)."""
        current = request.cookies.get(self.sessions.cookie)
        if self.sessions.valid(current):
            return current, False
        return self.sessions.new(), True

    def page(self, request: Request, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
        session, fresh = self.session(request)
        snapshot = self.state.current()
        status = self.jobs.status()
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        values = {"title": "glossary", "nav": "", "status": status, "token": self.sessions.token(session),
                  "fp": snapshot.fingerprint, "here": here, "version": __version__,
                  "glossary_name": str(self.config.glossary), "concept_count": len(snapshot.glossary),
                  "term_count": self._term_count(snapshot),
                  "languages": snapshot.glossary.languages, "refresh": False}
        values.update(context)
        response = HTMLResponse(self.env.get_template(template).render(values), status_code=status_code)
        if fresh:
            response.set_cookie(self.sessions.cookie, session, httponly=True, samesite="strict", path="/")
        return response

    def _term_count(self, snapshot: Any) -> int:
        counted = self._counted
        if counted[0] != snapshot.fingerprint:
            counted = self._counted = (snapshot.fingerprint, snapshot.glossary.term_count())
        return counted[1]

    def error(self, request: Request, status_code: int, heading: str, message: str, **context: Any) -> HTMLResponse:
        context.setdefault("back", None)
        context.setdefault("back_label", "Back")
        context.setdefault("concept", None)
        return self.page(request, "error.html", status_code=status_code, title=heading, heading=heading,
                         message=message, **context)

    def reports(self) -> dict[str, Path]:
        return {"variance": self.jobs.variance_path, "discovery": self.jobs.discovery_path}

    # -- lookup ------------------------------------------------------------------------------
    def _answer(self, request: Request) -> tuple[str, str, Any, str | None]:
        q = request.query_params.get("q", "")
        lang = request.query_params.get("lang", "") or ""
        if len(q) > MAX_QUERY:
            return q[:MAX_QUERY], lang, None, f"the query is longer than {MAX_QUERY} characters"
        if not q.strip():
            return q, lang, None, None
        try:
            answer = self.state.current().index.search(q, lang=lang or None, limit=LOOKUP_LIMIT)
        except UsageError as error:
            return q, lang, None, error.message
        return q, lang, answer, None

    def lookup_page(self, request: Request) -> Response:
        q, lang, answer, error = self._answer(request)
        return self.page(request, "lookup.html", title=f"{q} · lookup" if q else "Lookup", nav="lookup", q=q,
                         lang=lang, answer=answer, error=error, status_code=400 if error else 200)

    def lookup_part(self, request: Request) -> Response:
        q, lang, answer, error = self._answer(request)
        html = self.env.get_template("_results.html").render(answer=answer, error=error, q=q)
        return HTMLResponse(html, status_code=400 if error else 200)

    def lookup_api(self, request: Request) -> Response:
        from glossary.render.lookup_view import lookup_json

        q, lang, answer, error = self._answer(request)
        if error or answer is None:
            return JSONResponse({"error": error or "give a query: ?q=TEXT"}, status_code=400)
        return JSONResponse(lookup_json(answer))

    # -- concept -----------------------------------------------------------------------------
    def concept_page(self, request: Request) -> Response:
        concept_id = request.query_params.get("id", "")
        concept = self.state.current().glossary.get(concept_id)
        if concept is None:
            return self.error(request, 404, "No such concept", f"the glossary has no concept {concept_id[:200]!r}",
                              back="/")
        renderings = None
        if self.jobs.index_ready:
            from glossary.search.concordance import CorpusIndex

            try:
                with CorpusIndex.open(self.config.index) as index:
                    renderings = index.concept_renderings(concept)
            except GlossaryError:  # the index went away or is being rebuilt: the card without it
                renderings = None
        view = self.jobs.view
        return self.page(request, "concept.html", title=concept.id, nav="lookup", concept=concept,
                         renderings=renderings, consistency=view.concept(concept.id) if view else None,
                         statuses=[s.value for s in Status], decisions=[s.value for s in DECISIONS],
                         note_fields=maintenance.TEXT_FIELDS)

    # -- concordance -------------------------------------------------------------------------
    def concordance_page(self, request: Request) -> Response:
        params = request.query_params
        q, concept_id = params.get("q", "")[:MAX_QUERY], params.get("concept", "")
        document, outlet, lang = (params.get(name, "")[:MAX_QUERY] for name in ("document", "outlet", "lang"))
        page_number = _int(params.get("page"), 1)
        context: dict[str, Any] = {"title": "Concordance", "nav": "concordance", "q": q, "document": document,
                                   "outlet": outlet, "lang": lang, "ready": self.jobs.index_ready,
                                   "corpora": [str(p) for p in self.config.corpora], "error": None, "lines": None,
                                   "concept": None, "terms": [], "groups": [], "total": 0, "pager": None,
                                   "hint": None,
                                   "refresh": not self.jobs.index_ready and self.jobs.jobs[INDEX].state != "off"}
        if not self.jobs.index_ready or not (q.strip() or concept_id):
            return self.page(request, "concordance.html", **context)
        from glossary.search.concordance import CorpusIndex

        try:
            with CorpusIndex.open(self.config.index) as index:
                if concept_id:
                    concept = self.state.current().glossary.get(concept_id)
                    if concept is None:
                        return self.error(request, 404, "No such concept",
                                          f"the glossary has no concept {concept_id[:200]!r}", back="/concordance")
                    entries, total = views.concept_lines(index, concept, document=document or None,
                                                         outlet=outlet or None, limit=CONCORDANCE_MAX)
                    context.update(concept=concept, terms=[t.text for t in concept.all_terms()])
                else:
                    wanted = min(CONCORDANCE_MAX, page_number * CONCORDANCE_PAGE)
                    result = index.search(q, lang=lang or None, document=document or None, outlet=outlet or None,
                                          limit=wanted)
                    entries = [views.Line(line, list(line.source_spans), list(line.target_spans), set())
                               for line in result.lines]
                    total = result.total
                    context["hint"] = self._naming_concept(q)
        except UsageError as error:
            context["error"] = error.message
            return self.page(request, "concordance.html", status_code=400, **context)
        pages = max(1, min(-(-total // CONCORDANCE_PAGE), CONCORDANCE_MAX // CONCORDANCE_PAGE))
        page_number = min(page_number, pages)
        shown = entries[(page_number - 1) * CONCORDANCE_PAGE:page_number * CONCORDANCE_PAGE]
        context.update(lines=shown, total=total, pager=views.Pager(page_number, pages, total),
                       groups=views.by_document(shown, lambda entry: entry.line.document),
                       page_url=_url(request, "page"))
        return self.page(request, "concordance.html", **context)

    def _naming_concept(self, q: str) -> Any:
        """The concept a query names (an exact, diacritic-free or abbreviation match), if one does."""
        from glossary.search.lookup import MatchKind

        try:
            answer = self.state.current().index.search(q.rstrip("*"), limit=1)
        except UsageError:
            return None
        if answer.hits and answer.hits[0].kind in (MatchKind.EXACT, MatchKind.FOLDED, MatchKind.ABBREVIATION):
            return answer.hits[0].concept
        return None

    # -- report ------------------------------------------------------------------------------
    def report_page(self, request: Request) -> Response:
        view = self.jobs.view
        params = request.query_params
        filters = {"severity": params.get("severity", ""), "check": params.get("check", ""),
                   "document": params.get("document", "")[:300], "concept": params.get("concept", "")[:300]}
        if filters["severity"] and filters["severity"] not in SEVERITIES:
            filters["severity"] = ""
        context: dict[str, Any] = {"title": "Variance report", "nav": "report", "rv": view, "f": filters,
                                   "severities": SEVERITIES, "refresh": view is None and self.jobs.busy()}
        if view is not None:
            page = view.page(severity=filters["severity"] or None, check=filters["check"] or None,
                             document=filters["document"] or None, concept=filters["concept"] or None,
                             page=_int(params.get("page"), 1))
            context.update(page=page, pager=views.Pager(page.page, page.pages, page.total),
                           decisions=view.decisions_first()[:10], page_url=_url(request, "page", "#findings"),
                           report_file=str(self.jobs.variance_path))
        return self.page(request, "report.html", **context)

    def report_concepts(self, request: Request) -> Response:
        view = self.jobs.view
        context: dict[str, Any] = {"title": "Concepts", "nav": "report", "rv": view}
        if view is not None:
            page = _int(request.query_params.get("page"), 1)
            items, pager = views.paged(view.decisions_first() or view.concepts, page, PAGE_SIZE)
            context.update(items=items, pager=pager, page_url=_url(request, "page"))
        return self.page(request, "report_concepts.html", **context)

    # -- review ------------------------------------------------------------------------------
    def review_page(self, request: Request) -> Response:
        view, discovery = self.jobs.view, self.jobs.discovery
        glossary = self.state.current().glossary
        unlisted = view.unlisted() if view is not None else []
        context: dict[str, Any] = {"title": "Review", "nav": "review", "rv": view, "discovery": discovery,
                                   "unlisted": unlisted[:UNLISTED_SHOWN],
                                   "unlisted_more": max(0, len(unlisted) - UNLISTED_SHOWN),
                                   "decisions": [s.value for s in DECISIONS],
                                   "status_in": lambda concept_id, text: _status_in(glossary, concept_id, text),
                                   "refresh": self.jobs.busy()}
        if discovery is not None:
            groups, pager = views.paged(discovery.groups, _int(request.query_params.get("page"), 1), GROUPS_PAGE)
            context.update(groups=groups, pager=pager, page_url=_url(request, "page", "#groups"))
        return self.page(request, "review.html", **context)

    # -- edits -------------------------------------------------------------------------------
    async def _write_form(self, request: Request) -> dict[str, str] | Response:
        """The form of a write, once its session, token and origin are checked; else the refusal."""
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/x-www-form-urlencoded":
            return self.error(request, 415, "Not a form", "writes are HTML forms (application/x-www-form-urlencoded)")
        body = await request.body()
        try:
            parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=40)
        except (UnicodeDecodeError, ValueError):
            return self.error(request, 400, "Bad form", "the form is not UTF-8 text of at most 40 fields")
        form = {key: values[0] for key, values in parsed.items()}
        why = same_origin(request.headers, self.config.allowed_hosts())
        if why is not None:
            return self.error(request, 403, "Refused", f"{why}: only this server's own pages may write the glossary")
        if not self.sessions.check(request.cookies.get(self.sessions.cookie), form.get("token")):
            return self.error(request, 403, "Refused",
                              "this form's session token is missing or wrong (a page from another site, or a page "
                              "from before the server restarted): reload the page and try again",
                              back=safe_back(form.get("back")), back_label="Reload")
        return form

    async def edit(self, request: Request) -> Response:
        form = await self._write_form(request)
        if isinstance(form, Response):
            return form
        write = request.url.path.endswith("/apply")
        back = safe_back(form.get("back"))
        try:
            edit = parse_edit(form)
        except UsageError as error:
            return self.error(request, 400, "Bad edit", error.message, back=back)
        base = form.get("view", "")
        from starlette.concurrency import run_in_threadpool

        try:
            outcome = await run_in_threadpool(
                self.state.edit, base, lambda store: apply_edit(store, edit, self.reports()), write=write)
        except StaleView as error:
            return self._refused(request, edit, back, "This page was out of date", error.message)
        except (ConflictError, GlossaryError) as error:
            return self._refused(request, edit, back, "Edit refused", str(error),
                                 status_code=409 if isinstance(error, ConflictError) else 400)
        return self.page(request, "preview.html", title="Written" if write else "Review the change", edit=edit,
                         diff=outcome.diff, base=outcome.fingerprint if write else base, back=back,
                         written=[str(p) for p in outcome.written] if write else None)

    def _refused(self, request: Request, edit: Edit, back: str, heading: str, message: str, *,
                 status_code: int = 409) -> Response:
        concept = self.state.current().glossary.get(edit.concept)
        return self.error(request, status_code, heading, message, concept=concept, back=back,
                          back_label="Reload the current state")

    async def rerun(self, request: Request) -> Response:
        form = await self._write_form(request)
        if isinstance(form, Response):
            return form
        self.jobs.schedule(INDEX, VARIANCE, DISCOVERY)  # the index reads only files that changed
        return RedirectResponse(safe_back(form.get("back"), "/report"), status_code=303)

    # -- export ------------------------------------------------------------------------------
    def export_page(self, request: Request) -> Response:
        from glossary.exchange.base import registered_formats

        formats = [{"name": name, "description": fmt.description, "pairwise": fmt.pairwise, "tables": _tables(fmt)}
                   for name, fmt in registered_formats().items()]
        return self.page(request, "export.html", title="Export", nav="export", formats=formats)

    def export_download(self, request: Request) -> Response:
        from glossary.exchange.base import ExportOptions, registered_formats

        params = request.query_params
        formats = registered_formats()
        fmt = formats.get(params.get("format", ""))
        if fmt is None:
            return self.error(request, 404, "No such format",
                              f"formats: {', '.join(formats)}", back="/export")
        glossary = self.state.current().glossary
        source, target = params.get("source") or None, params.get("target") or None
        date = params.get("date") or None
        if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            return self.error(request, 400, "Export refused", f"the date must be YYYY-MM-DD, not {date[:40]!r}",
                              back="/export")
        table = params.get("table") or None
        if table is not None and table not in _tables(fmt):
            return self.error(request, 400, "Export refused",
                              f"{fmt.name} is written as {', '.join(_tables(fmt)) or 'one kind of file only'}",
                              back="/export")
        try:
            languages = [source, target] if fmt.pairwise and source and target else []
            options = ExportOptions(languages=languages, source_lang=source if fmt.pairwise else None, date=date,
                                    **({"table": table} if table else {}))
            files = fmt.export(glossary, options)
        except GlossaryError as error:
            return self.error(request, 400, "Export refused", str(error), back="/export")
        if len(files) == 1:
            name, data = _file_name(files[0].name), files[0].data
        else:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for item in files:
                    info = zipfile.ZipInfo(_file_name(item.name), date_time=(1980, 1, 1, 0, 0, 0))
                    archive.writestr(info, item.data, zipfile.ZIP_DEFLATED)
            name, data = f"glossary-{fmt.name}.zip", buffer.getvalue()
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return Response(data, media_type=kind,
                        headers={"content-disposition": f'attachment; filename="{name}"'})

    # -- machinery ---------------------------------------------------------------------------
    def status_api(self, request: Request) -> Response:
        return JSONResponse(self.jobs.status())

    def static_file(self, request: Request) -> Response:
        found = self.static.get(request.path_params["name"])
        if found is None:
            raise HTTPException(404)
        return Response(found[0], media_type=found[1], headers={"cache-control": "no-cache"})

    async def not_found(self, request: Request, exc: Exception) -> Response:
        code = getattr(exc, "status_code", 404)
        return self.error(request, code, "Not found" if code == 404 else "Refused",
                          "no page here" if code == 404 else str(getattr(exc, "detail", "")), back="/")


def _tables(fmt: Any) -> tuple[str, ...]:
    """The kinds of table a row format (memoq, trados, csv) is written as, where the exchange layer has them."""
    import dataclasses

    from glossary.exchange.base import ExportOptions

    if getattr(fmt, "tabular", False) and "table" in {f.name for f in dataclasses.fields(ExportOptions)}:
        return ("csv", "tsv", "xlsx")
    return ()


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _file_name(name: str) -> str:
    """An export's suggested name, as a plain file name (no folder, no quote)."""
    return _SAFE_NAME.sub("_", name.rsplit("/", 1)[-1]).strip("._") or "glossary"


def _int(raw: str | None, default: int) -> int:
    try:
        return max(1, min(1_000_000, int(raw))) if raw else default
    except ValueError:
        return default


def _url(request: Request, key: str, anchor: str = "") -> Callable[[int], str]:
    """The page's URL with ``key`` set to a value (for pagers)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != key]

    def url(value: int) -> str:
        return f"{request.url.path}?{urlencode([*params, (key, str(value))])}{anchor}"

    return url


def _status_in(glossary: Any, concept_id: str | None, text: str) -> str:
    """A rendering's status in a concept of the glossary (its exact text), or "unlisted"."""
    import unicodedata

    concept = glossary.get(concept_id) if concept_id else None
    if concept is None:
        return "unlisted"
    wanted = unicodedata.normalize("NFC", text)
    for term in concept.all_terms():
        if unicodedata.normalize("NFC", term.text) == wanted:
            return term.status.value
    return "unlisted"


def create_app(config: ServeConfig, *, start_jobs: bool = True) -> Starlette:
    """The application; with ``start_jobs`` the index, report and discovery run when it starts."""
    web = Web(config)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if start_jobs:
            web.jobs.start()
        try:
            yield
        finally:
            web.jobs.close()

    routes = [
        Route("/", web.lookup_page),
        Route("/lookup", web.lookup_part),
        Route("/concept", web.concept_page),
        Route("/concordance", web.concordance_page),
        Route("/report", web.report_page),
        Route("/report/concepts", web.report_concepts),
        Route("/review", web.review_page),
        Route("/edit/preview", web.edit, methods=["POST"]),
        Route("/edit/apply", web.edit, methods=["POST"]),
        Route("/jobs/rerun", web.rerun, methods=["POST"]),
        Route("/export", web.export_page),
        Route("/export/download", web.export_download),
        Route("/api/lookup", web.lookup_api),
        Route("/api/status", web.status_api),
        Route("/static/{name}", web.static_file),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(SafetyMiddleware, config=config)],
                    exception_handlers={404: web.not_found, 405: web.not_found})
    app.state.web = web
    return app

"""The review app factory: security headers, one authorisation dependency for every route, CSRF on
every POST, errors mapped to HTTP statuses in one place."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import sessionmaker
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from paxpipe.web.auth import PUBLIC_ROUTES, ROUTE_ROLES, Principal, load_session
from paxpipe.web.config import WebConfig
from paxpipe.web.db import make_engine, session_scope, utcnow
from paxpipe.web.lake import Lakehouse
from paxpipe.web.migrate import upgrade
from paxpipe.web.service import Conflict, NotFound, ReviewService

__all__ = ["LOGIN_CSRF_COOKIE", "SESSION_COOKIE", "create_app"]

HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "paxpipe_session"
LOGIN_CSRF_COOKIE = "paxpipe_login_csrf"

SECURITY_HEADERS = {
    # No inline script or style anywhere: everything static is served by the app itself.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class NeedsLogin(Exception):
    pass


class Forbidden(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SecurityHeaders(BaseHTTPMiddleware):
    def __init__(self, app: Any, *, secure: bool) -> None:
        super().__init__(app)
        self.secure = secure

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if self.secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")  # traveller data stays off disk caches
        return response


async def authorize(request: Request) -> Principal | None:
    """The one gate: public routes pass; others need a live session whose role the route allows; every
    POST must carry the session's CSRF token (the login form, a pre-session one)."""
    route = request.scope.get("route")
    name = getattr(route, "name", None) or ""
    app = request.app
    if name in PUBLIC_ROUTES:
        if request.method == "POST":
            form = await request.form()
            cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
            if not cookie or not secrets.compare_digest(str(form.get("csrf_token", "")), cookie):
                raise Forbidden("The form has expired or was not sent by this site. Reload the page and try again.")
        return None
    with session_scope(app.state.sessions) as db:
        principal = load_session(db, request.cookies.get(SESSION_COOKIE), now=app.state.clock())
    if principal is None:
        raise NeedsLogin()
    if principal.role not in ROUTE_ROLES.get(name, frozenset()):
        raise Forbidden("Your role does not give access to this page.")
    if request.method == "POST":
        form = await request.form()
        if not secrets.compare_digest(str(form.get("csrf_token", "")), principal.csrf_token):
            raise Forbidden("The form has expired or was not sent by this site. Reload the page and try again.")
    request.state.principal = principal
    return principal


def create_app(
    config: WebConfig, *, clock: Callable[[], datetime] = utcnow, migrate: bool = True, warm: bool = False
) -> FastAPI:
    """The app over `config.lakehouse`; `warm` loads the table snapshots in a background thread."""
    engine = make_engine(config.database_url)
    if migrate:
        upgrade(engine)
    app = FastAPI(title="paxpipe review", docs_url=None, redoc_url=None, openapi_url=None,
                  dependencies=[Depends(authorize)])
    app.state.config = config
    app.state.engine = engine
    app.state.sessions = sessionmaker(engine, expire_on_commit=False)
    app.state.clock = clock
    lake = Lakehouse(config.lakehouse, recheck_seconds=config.recheck_seconds,
                     background_refresh=config.background_refresh)
    service = ReviewService(lake)
    lake.on_refresh = service.warm  # after a table's new version is in, rebuild what depends on it
    app.state.lake = lake
    app.state.service = service
    if warm:
        threading.Thread(target=app.state.service.warm, name="paxpipe-warm", daemon=True).start()
    app.state.session_max_age = timedelta(seconds=config.session_max_age_seconds)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    from paxpipe.web import filters

    filters.install(templates.env)
    app.state.templates = templates
    app.add_middleware(SecurityHeaders, secure=config.secure_cookies)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    from paxpipe.web.routes import router

    app.include_router(router)

    @app.exception_handler(NeedsLogin)
    async def _needs_login(request: Request, _exc: NeedsLogin) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        nxt = quote(target, safe="") if request.method == "GET" else quote("/", safe="")
        return RedirectResponse(f"/login?next={nxt}", status_code=303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return _error_page(request, 403, exc.reason)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, _exc: NotFound) -> Response:
        return _error_page(request, 404, "No such hit.")

    @app.exception_handler(Conflict)
    async def _conflict(request: Request, exc: Conflict) -> Response:
        return _error_page(request, 409, str(exc))

    return app


def _error_page(request: Request, status: int, message: str) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    principal = getattr(request.state, "principal", None)
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message, "principal": principal, "csrf": ""},
        status_code=status,
    )

"""Every page and form action. Authorisation and CSRF are done before any of these run (app.authorize,
by route name); each handler records what the user saw or did in the audit trail."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote, urlencode

import pyarrow.compute as pc
import pyarrow.dataset as pads
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from paxpipe.web import audit
from paxpipe.web.app import LOGIN_CSRF_COOKIE, SESSION_COOKIE, Forbidden
from paxpipe.web.auth import AuthError, Principal, authenticate, create_user, end_session, start_session
from paxpipe.web.db import ROLES, User, session_scope
from paxpipe.web.review import OPEN_STATUSES, OUTCOME_LABELS, SCORE_BANDS, Outcome
from paxpipe.web.service import STATUS_FILTERS, BoardFilters, Conflict, HitFilters, ReviewService

__all__ = ["router"]

router = APIRouter()
HOME_BY_ROLE = {"analyst": "/board", "supervisor": "/board", "admin": "/admin/users", "airline": "/submissions"}


def _principal(request: Request) -> Principal:
    principal: Principal = request.state.principal
    return principal


def _render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    principal = getattr(request.state, "principal", None)
    base = {"principal": principal, "csrf": principal.csrf_token if principal else "", "now": request.app.state.clock(),
            "message": request.query_params.get("msg", "")}
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, template, {**base, **context}, status_code=status)
    return response


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


def _int(value: str | None, default: int, low: int = 1, high: int = 1_000_000) -> int:
    try:
        return min(max(int(value or default), low), high)
    except ValueError:
        return default


def _service(request: Request) -> ReviewService:
    service: ReviewService = request.app.state.service
    return service


def _safe_next(target: str | None) -> str:
    # Only local paths: an open redirect after sign-in would be a phishing aid.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


# --- public ---------------------------------------------------------------------------------------


@router.get("/healthz", name="health")
def health() -> JSONResponse:
    return JSONResponse({"status": "ok"})


@router.get("/login", name="login_form")
def login_form(request: Request) -> Response:
    token = secrets.token_urlsafe(32)
    response = _render(request, "login.html", {"login_csrf": token, "next": _safe_next(request.query_params.get("next")),
                                               "error": ""})
    _set_cookie(request, response, LOGIN_CSRF_COOKIE, token, max_age=3600)
    return response


def _set_cookie(request: Request, response: Response, name: str, value: str, *, max_age: int) -> None:
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="lax",
                        secure=request.app.state.config.secure_cookies, path="/")


@router.post("/login", name="login")
async def login(request: Request) -> Response:
    form = await request.form()
    username = str(form.get("username", "")).strip()[:64]
    password = str(form.get("password", ""))
    nxt = _safe_next(str(form.get("next", "/")))
    # argon2 is deliberately slow: verify in the thread pool, not on the event loop.
    outcome = await run_in_threadpool(_check_password, request, username, password)
    config = request.app.state.config
    if isinstance(outcome, tuple):
        token, role = outcome
        target = nxt if nxt != "/" else HOME_BY_ROLE.get(role, "/")
        response: Response = RedirectResponse(target, status_code=303)
        _set_cookie(request, response, SESSION_COOKIE, token, max_age=config.session_max_age_seconds)
        response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
        return response
    login_token = secrets.token_urlsafe(32)
    response = _render(request, "login.html", {"login_csrf": login_token, "next": nxt, "error": outcome}, status=401)
    _set_cookie(request, response, LOGIN_CSRF_COOKIE, login_token, max_age=3600)
    return response


def _check_password(request: Request, username: str, password: str) -> tuple[str, str] | str:
    """(session token, role) when signed in, else the error to show."""
    app = request.app
    now = app.state.clock()
    config = app.state.config
    with session_scope(app.state.sessions) as db:
        try:
            user = authenticate(db, username, password, now=now, max_failures=config.lockout_failures,
                                lockout=timedelta(minutes=config.lockout_minutes))
        except AuthError as exc:
            audit.record(db, None, "login_failed", now=now, target_type="user", target_id=username,
                         client=_client(request), username=username or None)
            return str(exc)
        token = start_session(db, user, now=now, max_age=app.state.session_max_age)
        audit.record(db, None, "login", now=now, target_type="user", target_id=user.username,
                     client=_client(request), username=user.username)
        return token, user.role


# --- everyone signed in ---------------------------------------------------------------------------


@router.get("/", name="home")
def home(request: Request) -> Response:
    return RedirectResponse(HOME_BY_ROLE.get(_principal(request).role, "/login"), status_code=303)


@router.post("/logout", name="logout")
async def logout(request: Request) -> Response:
    now = request.app.state.clock()
    with session_scope(request.app.state.sessions) as db:
        end_session(db, request.cookies.get(SESSION_COOKIE))
        audit.record(db, _principal(request), "logout", now=now, client=_client(request))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# --- analysts -------------------------------------------------------------------------------------


@router.get("/board", name="board")
def board(request: Request) -> Response:
    q = request.query_params
    day: date | None = None
    if q.get("date"):
        try:
            day = date.fromisoformat(q["date"])
        except ValueError:
            day = None
    filters = BoardFilters(airport=q.get("airport", "")[:4], carrier=q.get("carrier", "")[:3], day=day,
                           hours=_int(q.get("hours"), 72, 1, 24 * 14), page=_int(q.get("page"), 1))
    now = request.app.state.clock()
    with session_scope(request.app.state.sessions) as db:
        board_page = _service(request).board(db, filters, now)
        audit.record(db, _principal(request), "view_board", now=now, detail=str(request.url.query),
                     client=_client(request))
    params = {k: v for k, v in {"airport": filters.airport, "carrier": filters.carrier,
                                "date": filters.day.isoformat() if filters.day else "", "hours": str(filters.hours)}.items() if v}
    return _render(request, "board.html", {"flights": board_page["rows"], "board": board_page, "filters": filters,
                                           "query": urlencode(params)})


@router.get("/hits", name="hit_list")
def hit_list(request: Request) -> Response:
    q = request.query_params
    filters = HitFilters(flight=q.get("flight", "")[:64], list_name=q.get("list", "")[:64], band=q.get("band", ""),
                         status=q.get("status", "open") or "open", assignee=q.get("assignee", "")[:64],
                         page=_int(q.get("page"), 1))
    now = request.app.state.clock()
    with session_scope(request.app.state.sessions) as db:
        page = _service(request).hit_page(db, filters)
        audit.record(db, _principal(request), "view_hit_list", now=now, target_type="hits",
                     detail=f"{request.url.query} shown={len(page['rows'])}", client=_client(request))
    params = {k: v for k, v in {"flight": filters.flight, "list": filters.list_name, "band": filters.band,
                                "status": filters.status, "assignee": filters.assignee}.items() if v}
    return _render(request, "hits.html", {"page": page, "filters": filters, "statuses": STATUS_FILTERS,
                                          "bands": list(SCORE_BANDS), "query": urlencode(params)})


@router.get("/hits/{hit_id}", name="hit_detail")
def hit_detail(request: Request, hit_id: str) -> Response:
    now = request.app.state.clock()
    with session_scope(request.app.state.sessions) as db:
        detail = _service(request).hit_detail(db, hit_id)
        audit.record(db, _principal(request), "view_hit", now=now, target_type="hit", target_id=hit_id,
                     detail=f"traveller={detail['hit']['traveller_key']}", client=_client(request))
    return _render(request, "hit.html", {**detail, "outcomes": OUTCOME_LABELS, "error": request.query_params.get("error", ""),
                                         "open_statuses": OPEN_STATUSES})


def _back(hit_id: str, msg: str) -> RedirectResponse:
    return RedirectResponse(f"/hits/{quote(hit_id, safe='')}?msg={quote(msg)}", status_code=303)


@router.post("/hits/{hit_id}/claim", name="hit_claim")
async def hit_claim(request: Request, hit_id: str) -> Response:
    now = request.app.state.clock()
    who = _principal(request)
    with session_scope(request.app.state.sessions) as db:
        _service(request).claim(db, who, hit_id, now)
        audit.record(db, who, "claim", now=now, target_type="hit", target_id=hit_id, client=_client(request))
    return _back(hit_id, "You are working this hit.")


@router.post("/hits/{hit_id}/release", name="hit_release")
async def hit_release(request: Request, hit_id: str) -> Response:
    now = request.app.state.clock()
    who = _principal(request)
    with session_scope(request.app.state.sessions) as db:
        _service(request).release(db, who, hit_id, now)
        audit.record(db, who, "release", now=now, target_type="hit", target_id=hit_id, client=_client(request))
    return _back(hit_id, "Claim released.")


@router.post("/hits/{hit_id}/decide", name="hit_decide")
async def hit_decide(request: Request, hit_id: str) -> Response:
    form = await request.form()
    outcome = str(form.get("outcome", ""))
    note = str(form.get("note", ""))[:4000]
    now = request.app.state.clock()
    who = _principal(request)
    try:
        with session_scope(request.app.state.sessions) as db:
            _service(request).decide(db, who, hit_id, outcome, note, now)
            audit.record(db, who, "decide", now=now, target_type="hit", target_id=hit_id,
                         detail=f"outcome={outcome} note={note}", client=_client(request))
    except Conflict as exc:
        return RedirectResponse(f"/hits/{quote(hit_id, safe='')}?error={quote(str(exc))}", status_code=303)
    label = OUTCOME_LABELS.get(outcome, outcome)
    if outcome in (Outcome.CONFIRMED, Outcome.FALSE_POSITIVE):
        return RedirectResponse(f"/hits?msg={quote(f'Decision recorded: {label}.')}", status_code=303)
    return _back(hit_id, f"Decision recorded: {label}.")


@router.post("/hits/{hit_id}/reopen", name="hit_reopen")
async def hit_reopen(request: Request, hit_id: str) -> Response:
    form = await request.form()
    note = str(form.get("note", ""))[:4000]
    now = request.app.state.clock()
    who = _principal(request)
    with session_scope(request.app.state.sessions) as db:
        _service(request).reopen(db, who, hit_id, note, now)
        audit.record(db, who, "reopen", now=now, target_type="hit", target_id=hit_id, detail=f"note={note}",
                     client=_client(request))
    return _back(hit_id, "Hit reopened.")


# --- supervisors and admins -----------------------------------------------------------------------


@router.get("/audit", name="audit_log")
def audit_log(request: Request) -> Response:
    q = request.query_params
    now = request.app.state.clock()
    with session_scope(request.app.state.sessions) as db:
        page = audit.browse(db, username=q.get("user", "")[:64], action=q.get("action", "")[:32],
                            target=q.get("target", "")[:256], page=_int(q.get("page"), 1))
        audit.record(db, _principal(request), "view_audit", now=now, detail=str(request.url.query),
                     client=_client(request))
        db.expunge_all()
    params = {k: v for k, v in {"user": q.get("user", ""), "action": q.get("action", ""),
                                "target": q.get("target", "")}.items() if v}
    return _render(request, "audit.html", {"page": page, "q": params, "query": urlencode(params)})


@router.get("/admin/users", name="admin_users")
def admin_users(request: Request) -> Response:
    with session_scope(request.app.state.sessions) as db:
        users = list(db.scalars(select(User).order_by(User.username)))
        db.expunge_all()
    return _render(request, "users.html", {"users": users, "roles": ROLES, "error": request.query_params.get("error", "")})


@router.post("/admin/users", name="admin_user_create")
async def admin_user_create(request: Request) -> Response:
    form = await request.form()
    now = request.app.state.clock()
    who = _principal(request)
    username = str(form.get("username", "")).strip()[:64]
    role = str(form.get("role", ""))
    try:
        with session_scope(request.app.state.sessions) as db:
            create_user(db, username=username, password=str(form.get("password", "")), role=role,
                        carrier=str(form.get("carrier", "")).strip() or None, now=now)
            audit.record(db, who, "user_create", now=now, target_type="user", target_id=username, detail=f"role={role}",
                         client=_client(request))
    except ValueError as exc:
        return RedirectResponse(f"/admin/users?error={quote(str(exc))}", status_code=303)
    return RedirectResponse(f"/admin/users?msg={quote(f'User {username} created.')}", status_code=303)


def _user_or_404(db: Any, user_id: int) -> User:
    user: User | None = db.get(User, user_id)
    if user is None:
        raise Forbidden("No such user.")
    return user


@router.post("/admin/users/{user_id}/unlock", name="admin_user_unlock")
async def admin_user_unlock(request: Request, user_id: int) -> Response:
    now = request.app.state.clock()
    with session_scope(request.app.state.sessions) as db:
        user = _user_or_404(db, user_id)
        user.locked_until = None
        user.failed_logins = 0
        audit.record(db, _principal(request), "user_unlock", now=now, target_type="user", target_id=user.username,
                     client=_client(request))
    return RedirectResponse("/admin/users?msg=Unlocked.", status_code=303)


@router.post("/admin/users/{user_id}/active", name="admin_user_active")
async def admin_user_active(request: Request, user_id: int) -> Response:
    form = await request.form()
    active = str(form.get("active", "")) == "1"
    now = request.app.state.clock()
    who = _principal(request)
    with session_scope(request.app.state.sessions) as db:
        user = _user_or_404(db, user_id)
        if user.id == who.user_id and not active:
            return RedirectResponse(f"/admin/users?error={quote('You cannot disable your own account.')}", status_code=303)
        user.active = active
        audit.record(db, who, "user_active", now=now, target_type="user", target_id=user.username,
                     detail=f"active={active}", client=_client(request))
    return RedirectResponse("/admin/users?msg=Saved.", status_code=303)


# --- airlines -------------------------------------------------------------------------------------


@router.get("/submissions", name="submissions")
def submissions(request: Request) -> Response:
    who = _principal(request)
    q = request.query_params
    # An airline user sees only its own carrier, whatever the query says.
    carrier = (who.carrier or "") if who.role == "airline" else q.get("carrier", "").strip().upper()[:3]
    lake = request.app.state.lake
    messages: list[dict[str, Any]] = []
    issues: list[dict[str, Any]] = []
    selected = q.get("message_id", "")[:128]
    if carrier:
        table = lake.scan("raw_messages", pads.field("carrier") == carrier,
                          columns=["message_id", "file_name", "received_at", "message_type", "status",
                                   "error_count", "warning_count", "traveller_count"])
        if table is not None and table.num_rows:
            order = pc.sort_indices(table, sort_keys=[("received_at", "descending")])
            messages = table.take(order).slice(0, 200).to_pylist()
        if selected:
            found = lake.scan("message_issues", (pads.field("carrier") == carrier) & (pads.field("message_id") == selected))
            if found is not None and found.num_rows:
                issues = found.take(pc.sort_indices(found, sort_keys=[("issue_seq", "ascending")])).to_pylist()
    now = request.app.state.clock()
    with session_scope(request.app.state.sessions) as db:
        audit.record(db, who, "view_submissions", now=now, target_type="carrier", target_id=carrier or None,
                     detail=f"message_id={selected}" if selected else "", client=_client(request))
    return _render(request, "submissions.html", {"carrier": carrier, "messages": messages, "issues": issues,
                                                 "selected": selected})

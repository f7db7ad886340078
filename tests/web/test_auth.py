"""Sign-in, lockout, sessions, CSRF, cookies, security headers, and the users command."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI

from paxpipe.settings import load_settings
from paxpipe.web.config import WebConfig
from paxpipe.web.db import AuditEvent, User, session_scope

from .conftest import CSRF_RE, NOW, PASSWORDS, client_for, sign_in


def _login(client, username: str, password: str, next_: str = "/"):
    token = CSRF_RE.search(client.get("/login").text).group(1)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token, "next": next_})


def test_wrong_password_then_lockout_then_expiry(app: FastAPI) -> None:
    client = client_for(app)
    for _ in range(5):
        response = _login(client, "analyst", "wrong-password-123")
        assert response.status_code == 401 and "Wrong username or password" in response.text
    locked = _login(client, "analyst", PASSWORDS["analyst"])
    assert locked.status_code == 401 and "locked" in locked.text
    app.state.clock = lambda: NOW + timedelta(minutes=16)
    assert _login(client, "analyst", PASSWORDS["analyst"]).status_code == 303
    with session_scope(app.state.sessions) as db:
        failures = db.query(AuditEvent).filter(AuditEvent.action == "login_failed").count()
    assert failures == 6


def test_unknown_user_is_refused_like_a_wrong_password(app: FastAPI) -> None:
    response = _login(client_for(app), "nobody", "whatever-password")
    assert response.status_code == 401 and "Wrong username or password" in response.text


def test_admin_unlocks_a_locked_user(app: FastAPI) -> None:
    client = client_for(app)
    for _ in range(5):
        _login(client, "analyst2", "nope-nope-nope")
    admin, csrf = sign_in(app, "admin")
    with session_scope(app.state.sessions) as db:
        user_id = db.query(User).filter(User.username == "analyst2").one().id
    assert admin.post(f"/admin/users/{user_id}/unlock", data={"csrf_token": csrf}).status_code == 303
    assert _login(client_for(app), "analyst2", PASSWORDS["analyst2"]).status_code == 303


def test_disabled_user_cannot_sign_in_and_loses_sessions(app: FastAPI) -> None:
    victim, _ = sign_in(app, "analyst2")
    admin, csrf = sign_in(app, "admin")
    with session_scope(app.state.sessions) as db:
        user_id = db.query(User).filter(User.username == "analyst2").one().id
    admin.post(f"/admin/users/{user_id}/active", data={"csrf_token": csrf, "active": "0"})
    assert victim.get("/hits").headers["location"].startswith("/login")
    assert _login(client_for(app), "analyst2", PASSWORDS["analyst2"]).status_code == 401


def test_admin_creates_a_user(app: FastAPI) -> None:
    admin, csrf = sign_in(app, "admin")
    short = admin.post("/admin/users", data={"csrf_token": csrf, "username": "kim", "role": "analyst", "password": "short"})
    assert "error=" in short.headers["location"]
    made = admin.post("/admin/users", data={"csrf_token": csrf, "username": "kim", "role": "analyst",
                                             "password": "kims-long-password"})
    assert "msg=" in made.headers["location"]
    assert _login(client_for(app), "kim", "kims-long-password").status_code == 303
    no_carrier = admin.post("/admin/users", data={"csrf_token": csrf, "username": "air", "role": "airline",
                                                   "password": "a-long-password-1"})
    assert "carrier" in no_carrier.headers["location"]


def test_session_expires(app: FastAPI) -> None:
    client, _ = sign_in(app, "analyst")
    assert client.get("/hits").status_code == 200
    app.state.clock = lambda: NOW + timedelta(seconds=app.state.config.session_max_age_seconds + 1)
    response = client.get("/hits?flight=AF22")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fhits%3Fflight%3DAF22"


def test_sign_out_ends_the_session_server_side(app: FastAPI) -> None:
    client, csrf = sign_in(app, "analyst")
    cookie = client.cookies.get("paxpipe_session")
    client.post("/logout", data={"csrf_token": csrf})
    replay = client_for(app)
    replay.cookies.set("paxpipe_session", cookie)
    assert replay.get("/board").status_code == 303


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_post_without_the_sessions_csrf_token_is_refused(app: FastAPI, token: str | None) -> None:
    client, _ = sign_in(app, "analyst")
    data = {"outcome": "confirmed"} if token is None else {"outcome": "confirmed", "csrf_token": token}
    response = client.post("/hits/h-john/decide", data=data)
    assert response.status_code == 403
    assert "h-john" in client.get("/hits").text  # nothing was decided


def test_another_sessions_csrf_token_is_refused(app: FastAPI) -> None:
    mine, _ = sign_in(app, "analyst")
    _other, their_token = sign_in(app, "analyst2")
    assert mine.post("/hits/h-john/claim", data={"csrf_token": their_token}).status_code == 403


def test_login_form_needs_its_csrf_token(app: FastAPI) -> None:
    client = client_for(app)
    client.get("/login")
    response = client.post("/login", data={"username": "analyst", "password": PASSWORDS["analyst"], "csrf_token": "x"})
    assert response.status_code == 403 and "paxpipe_session" not in client.cookies


@pytest.mark.parametrize(("next_", "expected"), [("/hits?flight=AF22", "/hits?flight=AF22"), ("//evil.example", "/board"),
                                                 ("https://evil.example/", "/board"), ("/\\evil", "/board")])
def test_login_redirects_only_to_local_paths(app: FastAPI, next_: str, expected: str) -> None:
    response = _login(client_for(app), "analyst", PASSWORDS["analyst"], next_)
    assert response.headers["location"] == expected


@pytest.mark.parametrize("secure", [False, True])
def test_session_cookie_flags(make_app, secure: bool) -> None:
    from fastapi.testclient import TestClient

    app = make_app(secure_cookies=secure)
    client = TestClient(app, base_url="https://127.0.0.1" if secure else "http://127.0.0.1", follow_redirects=False)
    response = _login(client, "analyst", PASSWORDS["analyst"])
    cookie = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith("paxpipe_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Max-Age=28800" in cookie
    assert ("Secure" in cookie) is secure
    assert ("strict-transport-security" in response.headers) is secure


@pytest.mark.parametrize(("host", "secure"), [("127.0.0.1", False), ("localhost", False), ("0.0.0.0", True),
                                              ("review.piu.example", True)])
def test_secure_cookies_whenever_not_plain_localhost(host: str, secure: bool) -> None:
    assert WebConfig.from_settings(load_settings(environ={}), host=host).secure_cookies is secure


def test_web_config_from_settings_and_environment() -> None:
    settings = load_settings(environ={"PAXPIPE__WEB__LOCKOUT_FAILURES": "3", "PAXPIPE__WEB__SNAPSHOT_RECHECK_SECONDS": "30",
                                      "PAXPIPE__WEB__SECURE_COOKIES": "true", "PAXPIPE__WEB__PRODUCTION": "true"})
    config = WebConfig.from_settings(settings, host="127.0.0.1", lakehouse="/lake")
    assert (config.lockout_failures, config.lockout_minutes, config.recheck_seconds) == (3, 15, 30.0)
    assert config.secure_cookies and config.production and str(config.lakehouse) == "/lake"
    assert config.background_refresh  # paxpipe serve never makes an analyst wait for a reload
    assert config.database_url == "sqlite:///var/state/review.sqlite"


@pytest.mark.parametrize("path", ["/login", "/board", "/hits", "/hits/h-john", "/static/app.css", "/healthz"])
def test_security_headers(app: FastAPI, path: str) -> None:
    client, _ = sign_in(app, "analyst")
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


@pytest.mark.parametrize(("role", "paths"), [("analyst", ["/board", "/hits", "/hits/h-john"]),
                                             ("supervisor", ["/audit", "/submissions?carrier=LH&message_id=sha-lh400-paxlst"]),
                                             ("admin", ["/admin/users"]), ("airline", ["/submissions"])])
def test_pages_have_no_inline_script_or_style_and_nothing_external(app: FastAPI, role: str, paths: list[str]) -> None:
    client, _ = sign_in(app, role)
    for path in [*paths, "/login"]:
        html = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert " style=" not in html and "<style" not in html, path
        assert not re.search(r'(src|href)="(https?:)?//', html), path


def test_users_command_creates_admin_from_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from paxpipe.cli import main

    url = f"sqlite:///{tmp_path}/u.sqlite"
    monkeypatch.setattr("sys.stdin", io.StringIO("a-very-long-secret\n"))
    assert main(["users", "--database-url", url, "create-admin", "--username", "root"]) == 2  # no tty, no --password-stdin
    monkeypatch.setattr("sys.stdin", io.StringIO("a-very-long-secret\n"))
    assert main(["users", "--database-url", url, "create-admin", "--username", "root", "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["users", "--database-url", url, "create-admin", "--username", "root2", "--password-stdin"]) == 2
    assert main(["users", "--database-url", url, "list"]) == 0
    assert "root\tadmin" in capsys.readouterr().out


def test_users_migrate_creates_the_database(tmp_path: Path) -> None:
    from sqlalchemy import inspect

    from paxpipe.cli import main
    from paxpipe.web.db import make_engine

    url = f"sqlite:///{tmp_path}/state/review.sqlite"
    assert main(["users", "--database-url", url, "migrate"]) == 0
    assert main(["users", "--database-url", url, "migrate"]) == 0  # again: a no-op
    assert "users" in inspect(make_engine(url)).get_table_names()


def test_demo_users_refused_in_production(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from paxpipe.cli import main

    monkeypatch.setenv("PAXPIPE__WEB__PRODUCTION", "true")
    assert main(["users", "--database-url", f"sqlite:///{tmp_path}/p.sqlite", "create-demo"]) == 2
    monkeypatch.setenv("PAXPIPE__WEB__PRODUCTION", "false")
    assert main(["users", "--database-url", f"sqlite:///{tmp_path}/p.sqlite", "create-demo"]) == 0


def test_production_app_has_no_user_until_one_is_created(tmp_path: Path, small_lake) -> None:
    from paxpipe.web.app import create_app
    from paxpipe.web.users import has_admin

    app = create_app(WebConfig(lakehouse=small_lake[0], database_url=f"sqlite:///{tmp_path}/prod.sqlite", production=True))
    assert not has_admin(app.state.engine)
    with session_scope(app.state.sessions) as db:
        assert db.query(User).count() == 0
    for name, password in PASSWORDS.items():
        assert _login(client_for(app), name, password).status_code == 401

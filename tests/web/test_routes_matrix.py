"""Every route × every role, from the app's own route list: a route without a rule fails here, and
each rule is checked both ways (allowed roles get through, others get 403, signed-out users are sent
to sign-in). POSTs carry a valid CSRF token, so only the role decides."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from paxpipe.web.auth import PUBLIC_ROUTES, ROUTE_ROLES
from paxpipe.web.db import ROLES
from paxpipe.web.sample import write_small_lakehouse

from .conftest import NOW, client_for, sign_in

PATH_VALUES = {"hit_id": "h-ivan", "user_id": "2"}  # user 2 = analyst2, a throwaway account
FORM_VALUES = {"admin_user_active": {"active": "1"}}


def _build_app(tmp: Path) -> FastAPI:
    from paxpipe.web.app import create_app
    from paxpipe.web.config import WebConfig
    from paxpipe.web.users import create_demo_users

    write_small_lakehouse(tmp / "lake", NOW)
    app = create_app(WebConfig(lakehouse=tmp / "lake", database_url=f"sqlite:///{tmp}/review.sqlite", recheck_seconds=0),
                     clock=lambda: NOW)
    create_demo_users(app.state.engine, production=False)
    return app


def _routes() -> list[tuple[str, str, str]]:
    from paxpipe.web.routes import router

    out = []
    for route in router.routes:
        if isinstance(route, APIRoute):
            path = route.path
            for key, value in PATH_VALUES.items():
                path = path.replace("{" + key + "}", value)
            out.extend((route.name, method, path) for method in sorted(route.methods))
    return out


ROUTES = _routes()


@pytest.fixture(scope="module")
def matrix_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    app = _build_app(tmp_path_factory.mktemp("matrix"))
    yield app
    app.state.engine.dispose()


@pytest.fixture(scope="module")
def signed_in(matrix_app: FastAPI) -> dict[str, tuple[TestClient, str]]:
    return {role: sign_in(matrix_app, role) for role in ROLES}


def test_app_serves_exactly_the_router_routes(matrix_app: FastAPI) -> None:
    served = {r.name for r in matrix_app.routes if isinstance(r, APIRoute)}
    assert served == {name for name, _m, _p in ROUTES}


def test_every_route_has_a_rule() -> None:
    names = {name for name, _method, _path in ROUTES}
    assert names, "no routes found"
    missing = sorted(n for n in names if n not in ROUTE_ROLES and n not in PUBLIC_ROUTES)
    assert missing == [], f"routes without an authorisation rule: {missing}"
    assert sorted(set(ROUTE_ROLES) - names) == [], "rules for routes that do not exist"


@pytest.mark.parametrize(("name", "method", "path"), ROUTES, ids=[f"{m} {p}" for _n, m, p in ROUTES])
@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_route_access(matrix_app: FastAPI, signed_in: dict[str, tuple[TestClient, str]], role: str, name: str,
                      method: str, path: str) -> None:
    if role == "anonymous":
        client, csrf = client_for(matrix_app), ""
    elif name == "logout":
        client, csrf = sign_in(matrix_app, role)  # a session of its own: this one ends
    else:
        client, csrf = signed_in[role]
    if method == "GET":
        response = client.get(path)
    else:
        response = client.post(path, data={"csrf_token": csrf, **FORM_VALUES.get(name, {})})
    location = response.headers.get("location", "")
    if name in PUBLIC_ROUTES:
        assert response.status_code != 403 or method == "POST", response.text  # login POST: csrf is the login one
        return
    if role == "anonymous":
        assert response.status_code == 303 and location.startswith("/login"), (response.status_code, location)
    elif name == "logout":
        assert response.status_code == 303 and location == "/login"
        assert client.get("/").headers["location"].startswith("/login"), "session still alive after sign-out"
    elif role in ROUTE_ROLES[name]:
        assert response.status_code in (200, 303, 409), (response.status_code, response.text[:500])
        assert not location.startswith("/login")
    else:
        assert response.status_code == 403, (response.status_code, location)
        assert "does not give access" in response.text

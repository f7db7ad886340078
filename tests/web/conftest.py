"""Fixtures for the review app: a small lakehouse written with delta-rs, an app over a fresh SQLite
review database with the demo users, and a sign-in helper."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("deltalake")

from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient

from paxpipe.web import auth
from paxpipe.web.app import create_app
from paxpipe.web.config import WebConfig
from paxpipe.web.sample import write_small_lakehouse
from paxpipe.web.users import DEMO_USERS, create_demo_users

# argon2 with its production cost takes ~0.1-0.5 s per hash on a loaded CI machine; the tests create and
# sign in many users, so they use the same algorithm with the smallest cost.
auth._hasher = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
auth._DUMMY_HASH = auth._hasher.hash("paxpipe-no-such-user")

NOW = datetime.now(UTC).replace(second=0, microsecond=0)
PASSWORDS = {u.username: u.password for u in DEMO_USERS}
ROLE_USER = {"analyst": "analyst", "supervisor": "supervisor", "admin": "admin", "airline": "airline-lh"}
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def small_lake(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("lake")
    keys = write_small_lakehouse(root, NOW)
    return root, keys


@pytest.fixture()
def make_app(tmp_path: Path, small_lake: tuple[Path, dict[str, str]]) -> Callable[..., FastAPI]:
    def build(**overrides: object) -> FastAPI:
        options: dict[str, object] = {"lakehouse": small_lake[0], "database_url": f"sqlite:///{tmp_path}/review.sqlite",
                                      "recheck_seconds": 0.0}
        options.update(overrides)
        app = create_app(WebConfig(**options), clock=lambda: NOW)  # type: ignore[arg-type]
        create_demo_users(app.state.engine, production=False)
        return app

    return build


@pytest.fixture()
def app(make_app: Callable[..., FastAPI]) -> Iterator[FastAPI]:
    application = make_app()
    yield application
    application.state.engine.dispose()


def client_for(app: FastAPI) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)


def sign_in(app: FastAPI, role_or_user: str) -> tuple[TestClient, str]:
    """A client signed in as the demo user of that role (or that username), and its CSRF token."""
    username = ROLE_USER.get(role_or_user, role_or_user)
    client = client_for(app)
    page = client.get("/login")
    token = CSRF_RE.search(page.text).group(1)  # type: ignore[union-attr]
    response = client.post("/login", data={"username": username, "password": PASSWORDS[username], "csrf_token": token,
                                           "next": "/"})
    assert response.status_code == 303, response.text
    home = client.get(response.headers["location"])
    match = CSRF_RE.search(home.text)
    assert match, home.text
    return client, match.group(1)


SCHEMA_TABLES = {"users", "web_sessions", "hit_states", "decisions", "suppressions", "audit_events", "review_generation"}


def assert_schema_current(engine: Any) -> None:
    """Migrated twice (as at every start), the database matches the models at head, generation 0."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import inspect, text

    from paxpipe.web.db import Base
    from paxpipe.web.migrate import upgrade

    upgrade(engine)
    upgrade(engine)  # at every start: must not fail or duplicate
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == [], diff
        assert conn.execute(text("select version_num from alembic_version")).scalar() == "0001"
        assert conn.execute(text("select value from review_generation")).all() == [(0,)]
    assert set(inspect(engine).get_table_names()) >= SCHEMA_TABLES


def race_claims(app: FastAPI, hit_id: str, analysts: int = 6) -> tuple[list[str], list[BaseException]]:
    """``analysts`` threads claim ``hit_id`` at the same instant: each one's username, or "refused"; and
    any other error (a database error must fail the test, not vanish in a thread)."""
    import threading

    from paxpipe.web.auth import Principal
    from paxpipe.web.db import session_scope
    from paxpipe.web.service import Conflict

    service = app.state.service
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(analysts)

    def claim(n: int) -> None:
        who = Principal(100 + n, f"analyst-{n}", "analyst", None, "x")
        barrier.wait()
        try:
            with session_scope(app.state.sessions) as db:
                service.claim(db, who, hit_id, NOW)
            results.append(who.username)
        except Conflict:
            results.append("refused")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(analysts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors

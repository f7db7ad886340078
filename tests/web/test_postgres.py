"""The review app on a live PostgreSQL server: migrations, schema, the review flow through HTTP and
concurrent claims. A throw-away cluster (Debian's initdb/pg_ctl, installed by `make setup`) listens only
on 127.0.0.1 on a free port, with its unix socket in its own temporary directory; every test gets a
fresh database in it, and the cluster is stopped and removed at the end of the module."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import pytest

pytest.importorskip("psycopg")

from fastapi import FastAPI
from sqlalchemy import inspect, text

from paxpipe.web.db import AuditEvent, Decision, HitState, User, make_engine, session_scope
from paxpipe.web.migrate import downgrade, upgrade

from .conftest import assert_schema_current, client_for, race_claims, sign_in

pytestmark = pytest.mark.postgres

APP_USER = "review"
APP_PASSWORD = "review-test-password"  # scram over TCP, as in production; the cluster lives minutes


def _postgres_bin_dir() -> Path | None:
    """The newest Debian PostgreSQL server with both initdb and pg_ctl, or None."""
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb") if Path(p).with_name("pg_ctl").exists()]
    return max(found, key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0) if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True, slots=True)
class Cluster:
    bin_dir: Path
    root: Path
    port: int
    as_postgres: tuple[str, ...]  # command prefix that runs a server binary as the cluster's owner

    def run(self, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
        command = [*self.as_postgres, str(self.bin_dir / tool), *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=self.root)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}\n"
                               f"{self.log_tail()}")
        return done

    def psql(self, sql: str) -> str:
        # Superuser over the unix socket of this cluster only (peer/trust on the socket, never on TCP).
        return self.run("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", str(self.root / "sock"), "-p", str(self.port),
                        "-U", "postgres", "-d", "postgres", "-tA", "-c", sql).stdout

    def log_tail(self) -> str:
        log = self.root / "server.log"
        return log.read_text(errors="replace")[-3000:] if log.exists() else "(no server log)"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{APP_USER}:{APP_PASSWORD}@127.0.0.1:{self.port}/{database}"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    bin_dir = _postgres_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries absent (no /usr/lib/postgresql/*/bin/initdb and pg_ctl): "
                    "run `make postgres` (part of `make setup`) to install Debian's postgresql")
    as_postgres: tuple[str, ...] = ()
    owner: pwd.struct_passwd | None = None
    if os.geteuid() == 0:
        # The server refuses to run as root: run it as Debian's `postgres` system user.
        owner = pwd.getpwnam("postgres")
        as_postgres = ("runuser", "-u", "postgres", "--")
    root = Path(tempfile.mkdtemp(prefix="paxpipe-pg-"))  # in /tmp, reachable by the postgres user
    started = False
    try:
        (root / "sock").mkdir()
        pwfile = root / "pwfile"
        pwfile.write_text("postgres-superuser-" + os.urandom(8).hex() + "\n")
        if owner is not None:
            for path in (root, root / "sock", pwfile):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        root.chmod(0o700)
        cl = Cluster(bin_dir, root, _free_port(), as_postgres)
        cl.run("initdb", "-D", str(root / "data"), "-U", "postgres", "--pwfile", str(pwfile), "-E", "UTF8",
               "--no-locale", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync")
        # Only 127.0.0.1, our own socket directory, no durability (a test cluster), little memory.
        options = (f"-c listen_addresses=127.0.0.1 -p {cl.port} -k {root / 'sock'} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=16MB -c max_connections=40")
        started = True  # from here on teardown stops it even when start times out half-way
        cl.run("pg_ctl", "-D", str(root / "data"), "-l", str(root / "server.log"), "-w", "-t", "60", "-o", options,
               "start")
        cl.psql(f"CREATE ROLE {APP_USER} LOGIN PASSWORD '{APP_PASSWORD}'")
        yield cl
    finally:
        if started:
            subprocess.run([*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(root / "data"), "-m", "fast", "-w",
                            "-t", "60", "stop"], capture_output=True, timeout=120)
        shutil.rmtree(root, ignore_errors=True)


_numbers = count(1)


@pytest.fixture()
def pg_url(cluster: Cluster) -> str:
    """A fresh, empty database owned by the app's (non-superuser) role."""
    name = f"review_{next(_numbers)}"
    cluster.psql(f"CREATE DATABASE {name} OWNER {APP_USER}")
    return cluster.url(name)


@pytest.fixture()
def pg_app(make_app: Callable[..., FastAPI], pg_url: str) -> Iterator[FastAPI]:
    application = make_app(database_url=pg_url)  # create_app runs the migrations; demo users added
    yield application
    application.state.engine.dispose()


def test_cluster_is_postgresql_on_loopback_only(cluster: Cluster, pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        assert engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg"
        with engine.connect() as conn:
            assert conn.execute(text("select current_user")).scalar() == APP_USER
            assert conn.execute(text("show listen_addresses")).scalar() == "127.0.0.1"
    finally:
        engine.dispose()


def test_migrations_match_models_and_are_idempotent(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        assert_schema_current(engine)
        with engine.connect() as conn:
            # Timestamps keep their UTC offset on PostgreSQL.
            assert conn.execute(text("select data_type from information_schema.columns where table_name = 'decisions' "
                                     "and column_name = 'decided_at'")).scalar() == "timestamp with time zone"
        downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
        upgrade(engine)
        assert "users" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_review_flow_on_postgresql(pg_app: FastAPI) -> None:
    admin, csrf = sign_in(pg_app, "admin")
    made = admin.post("/admin/users", data={"csrf_token": csrf, "username": "kim", "role": "analyst",
                                             "password": "kims-long-password"})
    assert "msg=" in made.headers["location"], made.headers["location"]
    kim = client_for(pg_app)
    page = kim.get("/login")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    signed = kim.post("/login", data={"username": "kim", "password": "kims-long-password", "csrf_token": token,
                                      "next": "/hits"})
    assert signed.status_code == 303 and signed.headers["location"] == "/hits"
    hits_page = kim.get("/hits")
    assert hits_page.status_code == 200 and "h-ali" in hits_page.text
    kim_csrf = hits_page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]

    other, other_csrf = sign_in(pg_app, "analyst")
    assert kim.post("/hits/h-ali/claim", data={"csrf_token": kim_csrf}).status_code == 303
    assert other.post("/hits/h-ali/claim", data={"csrf_token": other_csrf}).status_code == 409
    assert 'claimed by <strong id="claimed-by">kim</strong>' in other.get("/hits/h-ali").text
    decided = kim.post("/hits/h-ali/decide", data={"csrf_token": kim_csrf, "outcome": "false_positive",
                                                   "note": "different date of birth"})
    assert decided.status_code == 303 and "error=" not in decided.headers["location"], decided.headers["location"]
    assert 'href="/hits/h-ali"' not in kim.get("/hits").text
    assert 'href="/hits/h-ali"' in kim.get("/hits?status=false_positive").text

    with session_scope(pg_app.state.sessions) as db:
        state = db.get(HitState, "h-ali")
        assert state is not None and state.status == "false_positive" and state.decided_by == "kim"
        assert state.decided_at is not None and state.decided_at.utcoffset() is not None  # aware from PostgreSQL
        decisions = [(d.outcome, d.note, d.username) for d in db.query(Decision).filter(Decision.hit_id == "h-ali")]
        assert decisions == [("false_positive", "different date of birth", "kim")]
        events = [(e.username, e.action, e.target_id) for e in db.query(AuditEvent).order_by(AuditEvent.id)]
        assert db.query(User).filter(User.username == "kim").one().role == "analyst"
    flow = [e for e in events if e[1] in {"user_create", "login", "claim", "decide"} and e[2] in {"kim", "h-ali"}]
    assert flow == [("admin", "user_create", "kim"), ("kim", "login", "kim"), ("kim", "claim", "h-ali"),
                    ("kim", "decide", "h-ali")], events

    sup, sup_csrf = sign_in(pg_app, "supervisor")
    audit_html = sup.get("/audit?action=decide").text
    assert "outcome=false_positive note=different date of birth" in audit_html
    assert sup.post("/hits/h-ali/reopen", data={"csrf_token": sup_csrf, "note": "new intel"}).status_code == 303
    assert 'href="/hits/h-ali"' in kim.get("/hits").text


def test_simultaneous_claims_have_one_winner_on_postgresql(pg_app: FastAPI) -> None:
    results, errors = race_claims(pg_app, "h-ana")
    assert errors == []
    winners = [r for r in results if r != "refused"]
    assert len(results) == 6 and len(winners) == 1, results
    with session_scope(pg_app.state.sessions) as db:
        assert db.get(HitState, "h-ana").claimed_by == winners[0]  # type: ignore[union-attr]
        assert db.execute(text("select count(*) from hit_states where hit_id = 'h-ana'")).scalar() == 1
        assert db.execute(text("select value from review_generation")).scalar() == 1  # bumped by the winner only

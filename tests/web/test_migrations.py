"""The Alembic migrations build exactly the schema the models declare, and rerunning them is a no-op."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from paxpipe.web.db import Base, make_engine
from paxpipe.web.migrate import downgrade, upgrade


def test_migrations_match_models_and_are_idempotent(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/m.sqlite")
    upgrade(engine)
    upgrade(engine)  # at every start: must not fail or duplicate
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == [], diff
        assert conn.execute(text("select version_num from alembic_version")).scalar() == "0001"
        assert conn.execute(text("select value from review_generation")).all() == [(0,)]
    assert set(inspect(engine).get_table_names()) >= {
        "users", "web_sessions", "hit_states", "decisions", "suppressions", "audit_events", "review_generation"}


def test_downgrade_removes_everything(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/d.sqlite")
    upgrade(engine)
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}


def test_migrations_render_for_postgresql() -> None:
    from paxpipe.web.migrate import upgrade_sql

    ddl = upgrade_sql("postgresql+psycopg://review@127.0.0.1/review")
    assert "CREATE TABLE users" in ddl and "CREATE TABLE audit_events" in ddl
    assert "TIMESTAMP WITH TIME ZONE" in ddl  # PostgreSQL keeps the UTC offset; SQLite does not
    assert "CONSTRAINT uq_suppression_key UNIQUE (identity_key, entry_id, entry_hash)" in ddl
    assert "INSERT INTO review_generation (id, value) VALUES (1, 0)" in ddl

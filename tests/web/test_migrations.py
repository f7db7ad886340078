"""The Alembic migrations build exactly the schema the models declare, and rerunning them is a no-op."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from paxpipe.web.db import make_engine
from paxpipe.web.migrate import downgrade, upgrade

from .conftest import assert_schema_current


def test_migrations_match_models_and_are_idempotent(tmp_path: Path) -> None:
    assert_schema_current(make_engine(f"sqlite:///{tmp_path}/m.sqlite"))


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

"""Alembic environment: run by paxpipe.web.migrate.upgrade() (and by `alembic` with -x url=...)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from paxpipe.web.db import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    if context.is_offline_mode():
        # `--sql`: print the DDL for a DBA instead of applying it (e.g. for PostgreSQL).
        context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                          literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL: pass -x url=... or set sqlalchemy.url")
    engine = create_engine(url)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()

"""Apply the Alembic migrations (paxpipe/web/migrations) to the review database."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

__all__ = ["MIGRATIONS_DIR", "alembic_config", "downgrade", "upgrade", "upgrade_sql"]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to `revision`; safe to call at every start (a no-op when current)."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def upgrade_sql(database_url: str, revision: str = "head") -> str:
    """The DDL the migrations would run on that database, without connecting (for review by a DBA)."""
    import contextlib
    import io

    config = Config(output_buffer=io.StringIO())
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url)
    with contextlib.redirect_stdout(io.StringIO()):
        command.upgrade(config, revision, sql=True)
    buffer = config.output_buffer
    return buffer.getvalue() if isinstance(buffer, io.StringIO) else ""


def downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)

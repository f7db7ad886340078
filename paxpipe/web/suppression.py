"""Cleared false positives do not alert again: the public surface the screening job and the hit list
share. A suppression is keyed on (traveller identity_key, watchlist entry_id, entry_hash): when the
traveller's screened data or the entry's content changes, its hash changes, the key no longer matches
and the hit alerts again.

Screening job usage (no web stack needed beyond SQLAlchemy)::

    from paxpipe.web.suppression import load_suppressions, suppression_key
    keys = load_suppressions(settings.get("web.database_url"))      # one query per run
    if suppression_key(identity_key, entry_id, entry_hash) in keys: ...  # skip or mark the hit

or, for one pair, ``is_suppressed(engine_or_session, identity_key, entry_id, entry_hash)``, or over Arrow
columns (mapInArrow), ``suppressed_mask(identity_keys, entry_ids, entry_hashes, keys)``.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from paxpipe.web.db import Suppression, make_engine

__all__ = ["is_suppressed", "load_suppressions", "suppressed_mask", "suppression_key", "suppression_keys_array"]

SEPARATOR = "\x1f"  # unit separator: cannot occur in keys or hashes


def suppression_key(identity_key: str, entry_id: str, entry_hash: str | None) -> str:
    return SEPARATOR.join((identity_key, entry_id, entry_hash or ""))


def is_suppressed(db: Session | Engine, identity_key: str, entry_id: str, entry_hash: str | None) -> bool:
    """True when this traveller identity was cleared as a false positive against this entry content."""
    query = (
        select(Suppression.id)
        .where(
            Suppression.identity_key == identity_key,
            Suppression.entry_id == entry_id,
            Suppression.entry_hash == (entry_hash or ""),
        )
        .limit(1)
    )
    if isinstance(db, Session):
        return db.scalar(query) is not None
    with db.connect() as conn:
        return conn.execute(query).first() is not None


def load_suppressions(db: str | Engine | Session) -> frozenset[str]:
    """Every suppression key, for screening a whole batch with one query."""
    query = select(Suppression.identity_key, Suppression.entry_id, Suppression.entry_hash)
    if isinstance(db, Session):
        rows = db.execute(query).all()
    else:
        engine = make_engine(db) if isinstance(db, str) else db
        with engine.connect() as conn:
            rows = conn.execute(query).all()
        if isinstance(db, str):
            engine.dispose()
    return frozenset(suppression_key(i, e, h) for i, e, h in rows)


def suppression_keys_array(identity_keys: pa.Array, entry_ids: pa.Array, entry_hashes: pa.Array) -> pa.Array:
    hashes = pc.fill_null(entry_hashes.cast(pa.string()), "")
    return pc.binary_join_element_wise(identity_keys.cast(pa.string()), entry_ids.cast(pa.string()), hashes, SEPARATOR)


def suppressed_mask(
    identity_keys: pa.Array, entry_ids: pa.Array, entry_hashes: pa.Array, keys: frozenset[str] | pa.Array
) -> pa.Array:
    """Boolean Arrow array: which rows are suppressed (vectorised; for mapInArrow or the web app)."""
    value_set = keys if isinstance(keys, pa.Array) else pa.array(sorted(keys), pa.string())
    return pc.fill_null(pc.is_in(suppression_keys_array(identity_keys, entry_ids, entry_hashes), value_set=value_set), False)

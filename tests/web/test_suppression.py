"""A cleared false positive does not alert again for the same identity and entry content; it does
when either changes. Checked through the public functions and through the hit list."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyarrow as pa
import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session

from paxpipe.web.db import make_engine
from paxpipe.web.migrate import upgrade
from paxpipe.web.sample import write_table
from paxpipe.web.suppression import is_suppressed, load_suppressions, suppressed_mask, suppression_key

from .conftest import sign_in

JOHN_ID = "id-doe-john-1980-01-01"


def _links(html: str) -> list[str]:
    return re.findall(r'class="hit-link" href="/hits/([^"]+)"', html)


def test_suppression_key_separates_fields() -> None:
    assert suppression_key("a", "b", "c") != suppression_key("a", "bc", "")
    assert suppression_key("a", "b", None) == suppression_key("a", "b", "")


def test_suppressed_mask_vectorised() -> None:
    keys = frozenset({suppression_key("i1", "e1", "h1")})
    mask = suppressed_mask(pa.array(["i1", "i1", "i2", "i1"]), pa.array(["e1", "e1", "e1", "e1"]),
                           pa.array(["h1", "h2", "h1", None]), keys)
    assert mask.to_pylist() == [True, False, False, False]


def test_functions_on_an_empty_database(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/s.sqlite")
    upgrade(engine)
    assert not is_suppressed(engine, "i", "e", "h")
    assert load_suppressions(f"sqlite:///{tmp_path}/s.sqlite") == frozenset()


@pytest.fixture()
def lake_with_repeat(small_lake, tmp_path: Path) -> Path:
    """The small lake plus John Doe's identity on the AF22 flight (a next trip) against the same entry."""
    root = tmp_path / "lake"
    shutil.copytree(small_lake[0], root)
    from deltalake import DeltaTable

    hits = DeltaTable(str(root / "hits")).to_pyarrow_dataset().to_table()
    rows = hits.to_pylist()
    john = next(r for r in rows if r["hit_id"] == "h-john")
    ana = next(r for r in rows if r["hit_id"] == "h-ana")
    repeat = {**john, "hit_id": "h-john-next", "traveller_key": "t-john-next", "flight_key": ana["flight_key"],
              "flight": ana["flight"], "arrival_utc": ana["arrival_utc"]}
    other_entry = {**john, "hit_id": "h-john-un", "entry_id": "un-7", "list_name": "un_sc", "list_release": "un_sc-2026-11",
                   "flight_key": ana["flight_key"], "flight": ana["flight"], "arrival_utc": ana["arrival_utc"]}
    changed_identity = {**repeat, "hit_id": "h-john-changed", "identity_key": JOHN_ID + "-new-passport"}
    write_table(root, "hits", pa.Table.from_pylist([repeat, other_entry, changed_identity], schema=hits.schema), mode="append")
    return root


def test_false_positive_suppresses_the_next_trip_until_something_changes(lake_with_repeat: Path, make_app) -> None:
    app: FastAPI = make_app(lakehouse=lake_with_repeat)
    client, csrf = sign_in(app, "analyst")
    before = _links(client.get("/hits").text)
    assert {"h-john", "h-john-next", "h-john-un", "h-john-changed"} <= set(before)

    client.post("/hits/h-john/decide", data={"csrf_token": csrf, "outcome": "false_positive", "note": "not him"})
    after = _links(client.get("/hits").text)
    assert "h-john" not in after  # decided
    assert "h-john-next" not in after  # same identity, same entry content: suppressed
    assert "h-john-un" in after  # another entry
    assert "h-john-changed" in after  # the traveller's screened data changed
    assert _links(client.get("/hits?status=suppressed").text) == ["h-john-next"]
    assert "Suppressed: this traveller identity was cleared" in client.get("/hits/h-john-next").text

    engine = app.state.engine
    assert is_suppressed(engine, JOHN_ID, "ofac-1", "eh-ofac-1-v1")
    with Session(engine) as db:
        assert is_suppressed(db, JOHN_ID, "ofac-1", "eh-ofac-1-v1")
        assert not is_suppressed(db, JOHN_ID, "ofac-1", "eh-ofac-1-v2")
    assert load_suppressions(engine) == frozenset({suppression_key(JOHN_ID, "ofac-1", "eh-ofac-1-v1")})

    # The list release changes the entry's content: its hash changes and the hit alerts again.
    from deltalake import DeltaTable

    entries = DeltaTable(str(lake_with_repeat / "watchlist_entries")).to_pyarrow_dataset().to_table().to_pylist()
    for entry in entries:
        if entry["entry_id"] == "ofac-1":
            entry.update(entry_hash="eh-ofac-1-v2", date_of_birth="1980-01-02", change="changed")
    write_table(lake_with_repeat, "watchlist_entries", entries)
    assert "h-john-next" in _links(client.get("/hits").text)


def test_reopen_lifts_the_suppression(lake_with_repeat: Path, make_app) -> None:
    app: FastAPI = make_app(lakehouse=lake_with_repeat)
    analyst, csrf = sign_in(app, "analyst")
    analyst.post("/hits/h-john/decide", data={"csrf_token": csrf, "outcome": "false_positive", "note": "not him"})
    assert "h-john-next" not in _links(analyst.get("/hits").text)
    sup, scsrf = sign_in(app, "supervisor")
    sup.post("/hits/h-john/reopen", data={"csrf_token": scsrf, "note": "new information"})
    links = _links(analyst.get("/hits").text)
    assert "h-john" in links and "h-john-next" in links
    assert not is_suppressed(app.state.engine, JOHN_ID, "ofac-1", "eh-ofac-1-v1")


def test_confirmed_match_does_not_suppress(lake_with_repeat: Path, make_app) -> None:
    app: FastAPI = make_app(lakehouse=lake_with_repeat)
    client, csrf = sign_in(app, "analyst")
    client.post("/hits/h-john/decide", data={"csrf_token": csrf, "outcome": "confirmed", "note": ""})
    assert "h-john-next" in _links(client.get("/hits").text)

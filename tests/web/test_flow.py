"""The analyst's day through the HTTP API: board, hit list, detail, claim, decide, reopen, audit, and
the airline's submissions page."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pyarrow as pa
import pytest
from fastapi import FastAPI

from paxpipe.web.db import AuditEvent, session_scope
from paxpipe.web.sample import write_table

from .conftest import NOW, race_claims, sign_in


def _hit_links(html: str) -> list[str]:
    return re.findall(r'class="hit-link" href="/hits/([^"]+)"', html)


def _audit(app: FastAPI) -> list[tuple[str | None, str, str | None]]:
    with session_scope(app.state.sessions) as db:
        return [(e.username, e.action, e.target_id) for e in db.query(AuditEvent).order_by(AuditEvent.id)]


def test_board_lists_upcoming_flights_with_counts(app: FastAPI, small_lake) -> None:
    client, _ = sign_in(app, "analyst")
    html = client.get("/board").text
    rows = re.findall(r"<tr class=\"[^\"]*\">(.*?)</tr>", html, re.S)
    assert len(rows) == 3, "the flight that landed 5 h ago is not on the board"
    first = rows[0]
    assert "LH400" in first and "in 3h 00m" in first
    cells = re.findall(r'<td class="num">(.*?)</td>', first, re.S)
    assert cells[:2] == ["3", "1"]  # API: John, Jane, Pat; PNR: John
    assert ">1</a>" in cells[2] and "0.97" in cells[3]
    assert "AF22" in rows[2] and ">2</a>" in rows[2]  # two open hits, top 0.93
    assert "0.93" in rows[2]


@pytest.mark.parametrize(
    ("query", "flights"),
    [("airport=LHR", ["BA117"]), ("carrier=af", ["AF22"]), ("hours=6", ["LH400", "BA117"]), ("airport=JFK", ["LH400", "BA117", "AF22"]),
     ("airport=XXX", [])],
)
def test_board_filters(app: FastAPI, query: str, flights: list[str]) -> None:
    client, _ = sign_in(app, "analyst")
    html = client.get(f"/board?{query}").text
    shown = re.findall(r"<td>([A-Z]{2}\d+)</td>", html)
    assert shown == flights


def test_board_date_filter(app: FastAPI, small_lake) -> None:
    client, _ = sign_in(app, "analyst")
    af_date = small_lake[1]["af"][-10:]
    html = client.get(f"/board?date={af_date}").text
    assert "AF22" in html


def test_hit_list_orders_by_arrival_then_score_and_hides_superseded(app: FastAPI) -> None:
    client, _ = sign_in(app, "analyst")
    html = client.get("/hits").text
    assert _hit_links(html) == ["h-john", "h-ivan", "h-ana", "h-ali"]
    assert "4 hits" in html
    assert html.count("<td>API</td>") == 4  # the record the hit is on: API (PAXLST) or PNR


@pytest.mark.parametrize(
    ("query", "expected"),
    [("flight=AF22", ["h-ana", "h-ali"]), ("flight=lh400", ["h-john"]), ("list=un_sc", ["h-ivan"]),
     ("band=high", ["h-john"]), ("band=medium", ["h-ivan", "h-ana", "h-ali"]), ("band=low", []),
     ("status=all", ["h-old", "h-john", "h-ivan", "h-ana", "h-ali"]), ("status=confirmed", []),
     ("status=bogus", ["h-john", "h-ivan", "h-ana", "h-ali"])],
)
def test_hit_list_filters(app: FastAPI, query: str, expected: list[str]) -> None:
    client, _ = sign_in(app, "analyst")
    assert _hit_links(client.get(f"/hits?{query}").text) == expected


def test_hit_list_paging(tmp_path: Path, make_app) -> None:
    from paxpipe.web.sample import write_synthetic_lakehouse

    write_synthetic_lakehouse(tmp_path / "big", travellers=2000, hits=120, now=NOW, flights=10)
    app = make_app(lakehouse=tmp_path / "big")
    client, _ = sign_in(app, "analyst")
    pages = [_hit_links(client.get(f"/hits?page={n}").text) for n in (1, 2, 3, 4)]
    assert [len(p) for p in pages] == [50, 50, 20, 20]  # page 4 does not exist: the last page is shown
    assert len(set(pages[0] + pages[1] + pages[2])) == 120
    assert "Page 1 of 3" in client.get("/hits").text


def test_hit_detail_shows_everything_side_by_side(app: FastAPI) -> None:
    client, _ = sign_in(app, "analyst")
    html = client.get("/hits/h-john").text
    compare = html[html.index('id="compare"'):html.index("</table>", html.index('id="compare"'))]
    assert re.search(r"<th>Given names</th><td>JOHN</td><td>JOHNNY</td>", compare)
    assert "Jaro-Winkler on given names" in compare
    assert "resembles JOHNNY DOE" in html  # hits.explanation
    assert "US-VISA-991" in html  # documents
    assert re.search(r'id="co-travellers".*DOE, JANE', html, re.S)  # same booking
    co = html[html.index('id="co-travellers"'):html.index('id="linked"')]
    assert "O&#39;BRIEN" not in co  # another booking
    assert "PNRGOV" not in co  # John's own PNR record is not a co-traveller
    assert re.search(r'id="linked".*PNRGOV', html, re.S)  # the PNR record of the same person
    versions = html[html.index('id="versions"'):]
    assert "contacts.phone" in versions and "+49 69 1234" in versions and "+49 69 9999" in versions
    assert "passengers[1].surname" in versions
    history = html[html.index('id="record-versions"'):html.index('id="versions"')]
    assert history.count("<tr>") == 5  # header + 2 API + 2 PNR versions of John, none of Jane
    assert re.search(r"<code>seat</code> <span class=\"before\">—</span> → <span class=\"after\">12A</span>", history)
    assert "2029-12-31" in history and "first version" in history and "JANE" not in history
    raw = html[html.index('id="raw"'):html.index("</pre>", html.index('id="raw"'))]
    highlighted = re.findall(r'<span class="seg hl" data-index="(\d+)">', raw)
    assert highlighted == [str(i) for i in range(11, 19)]
    assert "NAD+FL+++DOE:JOHN" in raw


def test_unknown_hit_is_404(app: FastAPI) -> None:
    client, _ = sign_in(app, "analyst")
    assert client.get("/hits/nope").status_code == 404


def test_decide_false_positive_leaves_open_list_and_is_audited(app: FastAPI) -> None:
    client, csrf = sign_in(app, "analyst")
    response = client.post("/hits/h-john/decide", data={"csrf_token": csrf, "outcome": "false_positive",
                                                        "note": "born elsewhere, different passport"})
    assert response.status_code == 303 and response.headers["location"].startswith("/hits?msg=")
    assert "h-john" not in _hit_links(client.get("/hits").text)
    assert _hit_links(client.get("/hits?status=false_positive").text) == ["h-john"]
    detail = client.get("/hits/h-john").text
    assert "born elsewhere, different passport" in detail and "False positive" in detail
    events = _audit(app)
    assert ("analyst", "view_hit", "h-john") in events
    assert ("analyst", "decide", "h-john") in events
    sup, _ = sign_in(app, "supervisor")
    audit_html = sup.get("/audit?action=decide").text
    assert "outcome=false_positive note=born elsewhere, different passport" in audit_html


@pytest.mark.parametrize(("outcome", "needs_note"), [("false_positive", True), ("escalated", True),
                                                     ("confirmed", False), ("needs_info", False)])
def test_note_is_mandatory_for_some_outcomes(app: FastAPI, outcome: str, needs_note: bool) -> None:
    client, csrf = sign_in(app, "analyst")
    response = client.post("/hits/h-ana/decide", data={"csrf_token": csrf, "outcome": outcome, "note": "  "})
    assert response.status_code == 303
    if needs_note:
        assert "error=" in response.headers["location"]
        assert "h-ana" in _hit_links(client.get("/hits").text)
    else:
        assert "error=" not in response.headers["location"]
        assert client.get(f"/hits?status={outcome}").text.count("h-ana") >= 1


def test_escalated_and_needs_info_stay_open(app: FastAPI) -> None:
    client, csrf = sign_in(app, "analyst")
    client.post("/hits/h-ivan/decide", data={"csrf_token": csrf, "outcome": "escalated", "note": "check with liaison"})
    assert "h-ivan" in _hit_links(client.get("/hits").text)
    assert _hit_links(client.get("/hits?status=escalated").text) == ["h-ivan"]


def test_claim_keeps_other_analysts_off(app: FastAPI) -> None:
    first, csrf1 = sign_in(app, "analyst")
    second, csrf2 = sign_in(app, "analyst2")
    assert first.post("/hits/h-ali/claim", data={"csrf_token": csrf1}).status_code == 303
    assert second.post("/hits/h-ali/claim", data={"csrf_token": csrf2}).status_code == 409
    refused = second.post("/hits/h-ali/decide", data={"csrf_token": csrf2, "outcome": "confirmed"})
    assert "claimed%20by%20analyst" in refused.headers["location"]
    assert second.post("/hits/h-ali/release", data={"csrf_token": csrf2}).status_code == 409
    assert _hit_links(second.get("/hits?status=claimed").text) == ["h-ali"]
    assert _hit_links(second.get("/hits?assignee=analyst").text) == ["h-ali"]
    assert "h-ali" not in _hit_links(second.get("/hits?status=new").text)
    ok = first.post("/hits/h-ali/decide", data={"csrf_token": csrf1, "outcome": "confirmed", "note": ""})
    assert "error=" not in ok.headers["location"]
    # decided: nobody decides it again until a supervisor reopens it
    again = first.post("/hits/h-ali/decide", data={"csrf_token": csrf1, "outcome": "needs_info"})
    assert "already%20decided" in again.headers["location"]


def test_supervisor_releases_and_reopens(app: FastAPI) -> None:
    analyst, csrf = sign_in(app, "analyst")
    analyst.post("/hits/h-ana/decide", data={"csrf_token": csrf, "outcome": "false_positive", "note": "different DOB"})
    assert "h-ana" not in _hit_links(analyst.get("/hits").text)
    assert analyst.post("/hits/h-ana/reopen", data={"csrf_token": csrf}).status_code == 403
    sup, scsrf = sign_in(app, "supervisor")
    assert sup.post("/hits/h-ana/reopen", data={"csrf_token": scsrf, "note": "new intel"}).status_code == 303
    assert "h-ana" in _hit_links(analyst.get("/hits").text)
    assert ("supervisor", "reopen", "h-ana") in _audit(app)
    analyst.post("/hits/h-ana/claim", data={"csrf_token": csrf})
    assert sup.post("/hits/h-ana/release", data={"csrf_token": scsrf}).status_code == 303
    assert _hit_links(sup.get("/hits?status=claimed").text) == []


def test_views_are_audited(app: FastAPI) -> None:
    client, _ = sign_in(app, "analyst")
    client.get("/board")
    client.get("/hits?flight=AF22")
    client.get("/hits/h-ivan")
    actions = [(u, a) for u, a, _t in _audit(app)]
    # sign_in itself opens the board once after signing in
    assert actions[-5:] == [("analyst", "login"), ("analyst", "view_board"), ("analyst", "view_board"),
                            ("analyst", "view_hit_list"), ("analyst", "view_hit")]


def test_airline_sees_only_its_carrier(app: FastAPI) -> None:
    client, _ = sign_in(app, "airline")
    html = client.get("/submissions").text
    assert "LH400_PAXLST.edi" in html and "BA117_PAXLST.edi" not in html
    issues = client.get("/submissions?message_id=sha-lh400-paxlst").text
    assert "PAX-W-DOC-EXPIRY" in issues
    foreign = client.get("/submissions?carrier=BA&message_id=sha-ba117").text
    assert "BA SECRET ISSUE" not in foreign and "BA117" not in foreign
    for path in ("/hits", "/board", "/hits/h-john", "/audit"):
        assert client.get(path).status_code == 403


def test_supervisor_sees_any_carrier(app: FastAPI) -> None:
    client, _ = sign_in(app, "supervisor")
    assert "BA SECRET ISSUE" in client.get("/submissions?carrier=BA&message_id=sha-ba117").text


def test_new_delta_version_is_picked_up(tmp_path: Path, make_app) -> None:
    from paxpipe.web.sample import write_small_lakehouse

    write_small_lakehouse(tmp_path / "lake2", NOW)
    app = make_app(lakehouse=tmp_path / "lake2")
    client, _ = sign_in(app, "analyst")
    assert len(_hit_links(client.get("/hits").text)) == 4
    lake = app.state.lake
    before = lake.snapshot("hits")
    assert lake.snapshot("hits") is before  # cached while the version stands
    extra = before.data.slice(0, 1).to_pylist()[0]
    extra.update(hit_id="h-new", arrival_utc=NOW + timedelta(minutes=30), score=0.9)
    write_table(tmp_path / "lake2", "hits", pa.Table.from_pylist([extra], schema=before.data.schema), mode="append")
    assert _hit_links(client.get("/hits").text)[0] == "h-new"
    assert lake.snapshot("hits").version == before.version + 1


def test_missing_tables_render_empty_pages(tmp_path: Path, make_app) -> None:
    app = make_app(lakehouse=tmp_path / "empty")
    client, _ = sign_in(app, "analyst")
    assert "No flights arriving" in client.get("/board").text
    assert "No hits match" in client.get("/hits").text
    assert client.get("/hits/x").status_code == 404


def test_board_paging(tmp_path: Path, make_app) -> None:
    from paxpipe.web.sample import write_synthetic_lakehouse

    write_synthetic_lakehouse(tmp_path / "many", travellers=2500, hits=50, now=NOW, flights=250)
    app = make_app(lakehouse=tmp_path / "many")
    client, _ = sign_in(app, "analyst")
    first = client.get("/board").text
    assert "250 flights" in first and "Page 1 of 3" in first
    counts = [len(re.findall(r'class="countdown"', client.get(f"/board?hours=72&page={n}").text)) for n in (1, 2, 3)]
    assert counts == [100, 100, 50]
    arrivals = [re.findall(r'data-arrival="([^"]+)"', client.get(f"/board?page={n}").text) for n in (1, 2)]
    assert arrivals[0] == sorted(arrivals[0]) and arrivals[0][-1] <= arrivals[1][0]  # soonest first, across pages


def test_warm_loads_what_the_pages_need(app: FastAPI) -> None:
    lake = app.state.lake
    assert lake._entries == {}
    app.state.service.warm()
    assert {"hits", "watchlist_entries", "travellers", "flights", "documents", "api_pnr_links", "pnr_versions"} <= set(lake._entries)
    assert all(lake._entries[t].snapshot is not None for t in ("hits", "travellers", "flights"))


def test_simultaneous_claims_have_one_winner(app: FastAPI) -> None:
    results, errors = race_claims(app, "h-ana")
    assert errors == []
    winners = [r for r in results if r != "refused"]
    assert len(results) == 6 and len(winners) == 1
    client, _ = sign_in(app, "analyst")
    assert f"claimed by <strong id=\"claimed-by\">{winners[0]}</strong>" in client.get("/hits/h-ana").text


def _wait_for(condition, seconds: float = 60.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_background_refresh_serves_the_old_snapshot_until_the_new_one_is_ready(tmp_path: Path, make_app) -> None:
    from paxpipe.web.sample import write_small_lakehouse

    write_small_lakehouse(tmp_path / "lake3", NOW)
    app = make_app(lakehouse=tmp_path / "lake3", background_refresh=True)
    client, _ = sign_in(app, "analyst")
    assert len(_hit_links(client.get("/hits").text)) == 4
    lake = app.state.lake
    hits = lake.snapshot("hits")
    travellers = lake.snapshot("travellers")
    app.state.service.warm()
    index_before = lake.derived("travellers", "by_flight", lambda s: None, register=False)
    # The pipeline writes a new traveller on LH400 and a hit on him.
    newcomer = travellers.data.slice(0, 1).to_pylist()[0]
    newcomer.update(traveller_key="t-new", identity_key="id-new", surname="NEWMAN", given_names="NED", booking_ref="NEW1")
    write_table(tmp_path / "lake3", "travellers", pa.Table.from_pylist([newcomer], schema=travellers.data.schema),
                mode="append")
    extra = hits.data.slice(0, 1).to_pylist()[0]
    extra.update(hit_id="h-new", traveller_key="t-new", identity_key="id-new", surname="NEWMAN", given_names="NED")
    write_table(tmp_path / "lake3", "hits", pa.Table.from_pylist([extra], schema=hits.data.schema), mode="append")

    first = _hit_links(client.get("/hits").text)  # served from the previous snapshot while the new loads
    assert "h-new" not in first and len(first) == 4
    _wait_for(lambda: lake.version("hits") == hits.version + 1 and lake.version("travellers") == travellers.version + 1
              and not lake._entries["hits"].refreshing and not lake._entries["travellers"].refreshing)
    assert "h-new" in _hit_links(client.get("/hits").text)
    # the per-flight index was rebuilt with the new rows, in the refresh thread, before the swap
    data, _perm, _spans = lake.derived("travellers", "by_flight", lambda s: None, register=False)
    assert "t-new" in data["traveller_key"].to_pylist() and data is not index_before[0]
    detail = client.get("/hits/h-new").text
    assert "NEWMAN" in detail and "Travels alone on this booking" in detail

"""The landing watch behind pax_ingest's event-driven runs: one event per batch of new files."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("airflow")

from paxpipe.orchestration.triggers import LandingFilesTrigger


def test_fires_once_per_new_batch(tmp_path: Path) -> None:
    landing, lakehouse = tmp_path / "landing", tmp_path / "lake"
    landing.mkdir()
    trigger = LandingFilesTrigger(landing=str(landing), lakehouse=str(lakehouse), poke_interval=0.05)

    async def scenario() -> list[dict[str, Any] | None]:
        events: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

        async def watch() -> None:  # as the triggerer does: iterate the trigger's stream
            async for event in trigger.run():
                await events.put(dict(event.payload))

        async def next_event(timeout: float) -> dict[str, Any] | None:
            try:
                return await asyncio.wait_for(events.get(), timeout)
            except TimeoutError:
                return None

        watcher = asyncio.create_task(watch())
        seen = [await next_event(0.3)]  # empty landing: nothing
        (landing / "LH400_PAXLST.edi").write_text("UNA:+.? '")
        (landing / ".LH401.tmp").write_text("being written")  # hidden: not a push yet
        (landing / "manifest.json").write_text("{}")  # sidecar: never a push
        seen.append(await next_event(2.0))
        seen.append(await next_event(0.3))  # same file still pending: no second event
        (landing / ".LH401.tmp").rename(landing / "LH401_PAXLST.edi")
        seen.append(await next_event(2.0))
        watcher.cancel()
        return seen

    first_quiet, first, repeat, second = asyncio.run(scenario())
    assert first_quiet is None
    assert first == {"landing": str(landing), "files": ["LH400_PAXLST.edi"], "count": 1}
    assert repeat is None
    assert second is not None and second["files"] == ["LH401_PAXLST.edi"]


def test_keeps_watching_when_a_listing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from paxpipe.orchestration import tasks, triggers

    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "LH400_PAXLST.edi").write_text("UNA:+.? '")
    failures = iter([OSError("lakehouse briefly unreadable")])

    def flaky_pending(*args: Any, **kwargs: Any) -> list[str]:
        error = next(failures, None)
        if error is not None:
            raise error
        return tasks.pending_files(*args, **kwargs)

    monkeypatch.setattr(triggers, "pending_files", flaky_pending)
    trigger = LandingFilesTrigger(landing=str(landing), lakehouse=str(tmp_path / "lake"), poke_interval=0.05)

    async def first_event() -> dict[str, Any]:
        stream = trigger.run()
        event = await asyncio.wait_for(stream.__anext__(), 5.0)
        await stream.aclose()
        return dict(event.payload)

    assert asyncio.run(first_event())["files"] == ["LH400_PAXLST.edi"]


def test_serializes_to_its_own_classpath(tmp_path: Path) -> None:
    trigger = LandingFilesTrigger(landing=str(tmp_path), lakehouse=str(tmp_path / "lake"), poke_interval=3)
    classpath, kwargs = trigger.serialize()
    assert classpath == "paxpipe.orchestration.triggers.LandingFilesTrigger"
    assert LandingFilesTrigger(**kwargs).serialize() == (classpath, kwargs)

"""Event-driven start of ``pax_ingest``: a triggerer-side watch on the landing folder.

:class:`LandingFilesTrigger` is an Airflow 3 event trigger (``BaseEventTrigger``) behind an
``AssetWatcher`` on the landing asset. It lists the landing folder every ``poke_interval`` seconds (names,
sizes, modification times: no bytes); when the listing changed, it asks the lakehouse which files are
still not taken (:func:`paxpipe.orchestration.tasks.pending_files`) and fires one event for every batch
of files it has not fired for yet. Each event queues one asset-triggered run of ``pax_ingest``; events
that arrive while a run is queued are folded into it by the scheduler.

The trigger never ends on its own (a listing that fails is logged and retried at the next poll) and keeps
no state outside memory: after a triggerer restart it fires once more for whatever is still pending, which
the run's first task turns into an ingest or a skip.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from airflow.triggers.base import BaseEventTrigger, TriggerEvent

from paxpipe.orchestration.tasks import LandingSnapshot, landing_snapshot, pending_files

__all__ = ["LandingFilesTrigger"]


class LandingFilesTrigger(BaseEventTrigger):
    """Fires when files land in ``landing`` that ``lakehouse`` has not taken yet."""

    def __init__(self, *, landing: str, lakehouse: str, poke_interval: float = 2.0) -> None:
        super().__init__()
        self.landing = landing
        self.lakehouse = lakehouse
        self.poke_interval = poke_interval

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (
            f"{type(self).__module__}.{type(self).__qualname__}",
            {"landing": self.landing, "lakehouse": self.lakehouse, "poke_interval": self.poke_interval},
        )

    async def run(self) -> AsyncIterator[TriggerEvent]:
        fired: set[str] = set()
        last_snapshot: LandingSnapshot | None = None
        while True:
            pending: list[str] | None = None  # None: nothing changed since the last look
            try:
                snapshot = await asyncio.to_thread(landing_snapshot, self.landing)
                if snapshot != last_snapshot:
                    pending = await asyncio.to_thread(pending_files, self.landing, self.lakehouse, snapshot=snapshot)
                    last_snapshot = snapshot
            except Exception:  # a folder or table briefly unreadable: look again next poll, keep watching
                self.log.exception("landing watch: could not list %s; retrying", self.landing)
            if pending is not None:
                fired &= set(pending)  # taken files leave the set; a file dropped again fires again
                new = [name for name in pending if name not in fired]
                if new:
                    fired.update(new)
                    self.log.info("%d new file(s) in %s, first %s", len(new), self.landing, new[0])
                    yield TriggerEvent({"landing": str(Path(self.landing)), "files": new[:100], "count": len(new)})
            await asyncio.sleep(self.poke_interval)

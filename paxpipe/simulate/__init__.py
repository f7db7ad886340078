"""`paxpipe simulate`: a realistic, seeded day of airline traffic as PAXLST and PNRGOV files.

Pure Python (no Spark). ``simulate_day(out_dir, ...)`` writes the files of every flight (five PNRGOV
pushes, the API passenger and crew lists, corrections and cancellations), injects the defects seen in
real traffic at a configurable rate, optionally plants listed persons from a watchlist, and writes a
ground-truth ``manifest.json`` beside the files. See docs/simulate.md.
"""

from __future__ import annotations

from paxpipe.simulate.day import MANIFEST_NAME, SimulationResult, resolve_now, simulate_day

__all__ = ["MANIFEST_NAME", "SimulationResult", "resolve_now", "simulate_day"]

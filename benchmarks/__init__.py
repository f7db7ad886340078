"""Side-by-side measurements against a baseline. Each ``benchmarks/*_bench.py`` module has ``main(argv)``;
``python -m benchmarks`` runs them all."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["shared_dir"]


def shared_dir(*parts: str) -> Path:
    """A path under the read-only ``../shared`` folder (``PAXPIPE_SHARED`` overrides where it is)."""
    root = Path(os.environ.get("PAXPIPE_SHARED", Path(__file__).resolve().parents[2] / "shared"))
    return root.joinpath(*parts)

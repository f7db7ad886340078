"""Run every benchmark: ``python -m benchmarks [--quick] [NAME...]``.

Each ``benchmarks/<name>_bench.py`` module defines ``main(argv) -> int`` and accepts ``--quick``. NAME
selects benchmarks by name (``parse``, ``screening``, ...); without one, all run in name order.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    flags = [a for a in args if a.startswith("-")]
    names = [a for a in args if not a.startswith("-")]
    found = sorted(p.stem for p in Path(__file__).parent.glob("*_bench.py"))
    selected = [m for m in found if not names or m.removesuffix("_bench") in names or m in names]
    if not selected:
        print(f"benchmarks: nothing matches {names}; available: {[m.removesuffix('_bench') for m in found]}")
        return 2
    status = 0
    for name in selected:
        print(f"===== {name} {' '.join(flags)}", flush=True)
        started = time.monotonic()
        module = importlib.import_module(f"benchmarks.{name}")
        code = int(module.main(flags))
        print(f"===== {name}: exit {code} in {time.monotonic() - started:.0f} s", flush=True)
        status = status or code
    return status


if __name__ == "__main__":
    raise SystemExit(main())

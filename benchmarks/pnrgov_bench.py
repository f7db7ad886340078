"""PNRGOV mapping benchmark: the cost of mapping beside the cost of tokenizing, on one core (CPU time).

    .venv/bin/python -m benchmarks.pnrgov_bench            # ~5 MB corpus
    .venv/bin/python -m benchmarks.pnrgov_bench --quick    # ~1 MB corpus

The corpus is the two large public GTAS PNRGOV samples (pnrgov_gtas_v13_bags_tbd.edi, 127 PNRs, and
pnrgov_gtas_v13_large_many_pnrs.edi, 47 PNRs) repeated; it needs ../shared (set PAXPIPE_SHARED).
Printed side by side on the same bytes: the baseline (the tokenizer alone,
parsers.edifact.tokenizer.read_interchanges), the mapper alone on pre-tokenized segments
(parsers.pnrgov.mapping.map_pnrgov), and the full parse (parsers.api.parse_bytes), in MB/s and
passengers/s. Goal: the full parse >= 5 MB/s per core.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from benchmarks import shared_dir
from parsers.api import message_date, parse_bytes
from parsers.edifact.tokenizer import read_interchanges
from parsers.model import PnrgovMessage
from parsers.pnrgov.mapping import map_pnrgov

__all__ = ["main"]

_FILES = ("pnrgov_gtas_v13_bags_tbd.edi", "pnrgov_gtas_v13_large_many_pnrs.edi")


def _corpus(target: int) -> bytes | None:
    public = shared_dir("data", "messages", "public")
    if not all((public / f).exists() for f in _FILES):
        return None
    unit = b"\n".join((public / f).read_bytes() for f in _FILES) + b"\n"
    return unit * max(1, target // len(unit))


def _best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="~1 MB instead of ~5 MB")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    data = _corpus(1_000_000 if args.quick else 5_000_000)
    if data is None:
        print("shared data not available: set PAXPIPE_SHARED to the folder holding data/messages/public")
        return 0
    mb = len(data) / 1e6
    raws = list(read_interchanges(data))
    passengers = sum(
        len(p.passengers) for ic in parse_bytes(data) for m in ic.messages if isinstance(m, PnrgovMessage) for p in m.pnrs
    )

    def mapper_only() -> None:
        for raw in raws:
            date = message_date(raw)
            for segments in raw.messages:
                map_pnrgov(segments, message_date=date)

    t_tok = _best(lambda: list(read_interchanges(data)), args.repeat)
    t_map = _best(mapper_only, args.repeat)
    t_all = _best(lambda: parse_bytes(data), args.repeat)
    print(f"corpus: {mb:.2f} MB, {passengers} passengers (CPU time, best of {args.repeat})")
    print(f"{'baseline: tokenizer alone':34} {mb / t_tok:7.2f} MB/s")
    print(f"{'mapper alone (map_pnrgov)':34} {mb / t_map:7.2f} MB/s  {passengers / t_map:10.0f} passengers/s")
    print(f"{'full parse (parse_bytes)':34} {mb / t_all:7.2f} MB/s  {passengers / t_all:10.0f} passengers/s")
    print(f"mapper share of the full parse: {t_map / t_all:.0%}; full parse / tokenizer: {t_tok / t_all:.2f}x speed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

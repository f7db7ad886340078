"""PAXLST mapping benchmark: the cost of mapping beside the cost of tokenizing, on one core.

    .venv/bin/python -m benchmarks.paxlst_bench            # ~30 MB corpus
    .venv/bin/python -m benchmarks.paxlst_bench --quick    # ~5 MB corpus

Generates a seeded corpus in-process (interchanges of PAXLST messages with 200 travellers each,
every traveller with two documents, bags and references) and prints, side by side on the same bytes:
the baseline (the tokenizer alone, parsers.edifact.tokenizer.read_interchanges), the full parse to
PaxlstMessage (parsers.api.parse_bytes: tokenizer + map_paxlst + assemble_parts) and the full parse to
canonical records, in MB/s and travellers/s, plus the mapper's own share. Goal: >= 5 MB/s per core.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from parsers.api import iter_travellers, parse_bytes
from parsers.edifact.tokenizer import read_interchanges
from parsers.model import canonical_record
from parsers.paxlst.mapping import map_paxlst

__all__ = ["generate", "main"]

_SURNAMES = ["SMITH", "MUELLER", "GARCIA", "NOVAK", "ROSSI", "IVANOV", "KOWALSKI", "DUBOIS", "SILVA", "KIM"]
_GIVEN = ["ANNA", "JOHN", "MARIA", "PETER", "LI", "AHMED", "SOFIA", "JAN", "EMMA", "LUCAS"]
_COUNTRIES = ["USA", "GBR", "DEU", "FRA", "CZE", "ESP", "ITA", "POL", "CAN", "CHN"]


def _traveller(rng: random.Random, n: int) -> str:
    nat = rng.choice(_COUNTRIES)
    gender = rng.choice("MF")
    return (
        f"NAD+FL+++{rng.choice(_SURNAMES)}:{rng.choice(_GIVEN)}:{rng.choice(_GIVEN)}'ATT+2++{gender}'"
        f"DTM+329:{rng.randint(40, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}'"
        f"MEA+CT++1'MEA+WT++KGM:{rng.randint(5, 30)}'FTX+BAG+++LH{rng.randint(100000, 999999)}'"
        f"LOC+178+FRA'LOC+179+JFK'LOC+174+{nat}'NAT+2+{nat}'RFF+AVF:{rng.randint(10**5, 10**6 - 1):X}'"
        f"RFF+SEA:{rng.randint(1, 40)}{rng.choice('ABCDEF')}'"
        f"DOC+P:110:111+X{n:08d}'DTM+36:{rng.randint(27, 34)}0101'LOC+91+{nat}'"
        f"DOC+V:110:111+V{n:08d}'DTM+36:{rng.randint(27, 30)}0601'LOC+91+USA'"
    )


def generate(target_bytes: int, *, travellers_per_message: int = 200, seed: int = 7) -> tuple[bytes, int]:
    """A file of UNB..UNZ interchanges, one PAXLST message each; returns (bytes, travellers)."""
    rng = random.Random(seed)
    chunks: list[str] = []
    size = total = 0
    n = 0
    while size < target_bytes:
        n += 1
        body = "".join(_traveller(rng, total + i) for i in range(travellers_per_message))
        total += travellers_per_message
        text = (
            f"UNA:+.? 'UNB+UNOA:4+LH:ZZ+APIS:ZZ+260101:0900+{n}++APIS'UNH+{n}+PAXLST:D:05B:UN:IATA'BGM+745'"
            f"NAD+MS+++OPS'COM+49691234:TE'TDT+20+LH{400 + n % 50}+++LH'LOC+125+FRA'DTM+189:2601011030:201'"
            f"LOC+87+JFK'DTM+232:2601011330:201'{body}CNT+42:{travellers_per_message}'UNT+9+{n}'UNZ+1+{n}'\n"
        )
        chunks.append(text)
        size += len(text)
    return "".join(chunks).encode("ascii"), total


def _best_of(runs: int, action: Callable[[], int]) -> tuple[float, int]:
    best, result = float("inf"), 0
    for _ in range(runs):
        start = time.process_time()  # CPU seconds: "per core", robust to a loaded machine
        result = action()
        best = min(best, time.process_time() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    data, travellers = generate(5_000_000 if args.quick else 30_000_000)
    mb = len(data) / 1e6

    def tokenize() -> int:
        return sum(len(ri.segments) for ri in read_interchanges(data))

    def parse() -> int:
        return sum(len(m.travellers) for ic in parse_bytes(data) for m in ic.messages)

    def records() -> int:
        return sum(1 for t, leg, _ in iter_travellers(parse_bytes(data)) if canonical_record(t, leg))

    groups = [g for ri in read_interchanges(data) for g in ri.messages]

    def map_only() -> int:
        return sum(len(map_paxlst(g, message_date=None).travellers) for g in groups)

    runs = 1 if args.quick else 3
    t_map, _ = _best_of(runs, map_only)
    t_tok, segments = _best_of(runs, tokenize)
    t_parse, mapped = _best_of(runs, parse)
    t_rec, emitted = _best_of(runs, records)
    assert mapped == emitted == travellers, (mapped, emitted, travellers)
    print(
        f"paxlst_bench: {mb:.1f} MB, {travellers} travellers, {segments} segments, best of {runs}, one core"
    )
    print(f"  {'stage':<48}{'MB/s':>8}{'trav/s':>12}{'cpu s':>9}")
    for name, seconds in (
        ("map_paxlst only (on pre-tokenized segments)", t_map),
        ("baseline: tokenizer only", t_tok),
        ("parse_bytes (tokenize + map_paxlst + assemble)", t_parse),
        ("parse_bytes + canonical_record", t_rec),
    ):
        print(f"  {name:<48}{mb / seconds:>8.1f}{travellers / seconds:>12,.0f}{seconds:>9.2f}")
    share = (t_parse - t_tok) / t_parse
    print(
        f"  mapping share of the full parse: {share:.0%}; full parse / tokenizer: {t_tok / t_parse:.2f}x speed"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""paxpipe's parsers: UN/EDIFACT PAXLST (API) and PNRGOV (PNR) bytes → the shared model + issues.

Pure Python (no Spark, Airflow or file I/O). The public surface is :mod:`parsers.api`, re-exported here.
"""

from __future__ import annotations

from parsers.api import (
    ParserError,
    iter_interchanges,
    iter_travellers,
    parse_bytes,
    validate_bytes,
)

__all__ = ["ParserError", "iter_interchanges", "iter_travellers", "parse_bytes", "validate_bytes"]

"""The one exception root of the watchlist loaders."""

from __future__ import annotations

__all__ = ["WatchlistFormatError"]


class WatchlistFormatError(ValueError):
    """The file is not a watchlist in a supported format, or is broken beyond use (exit code 2)."""

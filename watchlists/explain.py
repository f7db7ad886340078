"""The sentence an analyst reads for a match, assembled from the per-feature details.

One place builds it, so the CLI, the Spark job and the web app show the same words
("surname HASSAN = HASAN (transliteration), given names 2 of 3 aligned, DOB year matches, list has
no day/month, nationality differs").
"""

from __future__ import annotations

from collections.abc import Iterable

from watchlists.model import FeatureResult, Match

__all__ = ["explain_features", "explain_match"]

# Details that only say "nothing to compare" for evidence that is rarely present add noise; DOB
# absence stays because analysts ask for it first.
_SILENT_WHEN_ABSENT = ("no gender to compare", "no document to compare", "no nationality to compare")


def explain_features(features: Iterable[FeatureResult]) -> str:
    """Join the features' details into one sentence, skipping empty "nothing to compare" ones."""
    parts = [f.detail for f in features if f.detail and f.detail not in _SILENT_WHEN_ABSENT]
    return ", ".join(parts)


def explain_match(match: Match) -> str:
    """Multi-line explanation: score and algorithm, then one line per feature with its value."""
    lines = [
        f"{match.list_name} {match.entry_id} score {match.score:.3f} ({match.algorithm})"
        + (f" matched name {match.matched_name!r}" if match.matched_name else ""),
    ]
    lines.extend(f"  {f.name:<12} {f.score:+.3f}  {f.detail}" for f in match.features)
    return "\n".join(lines)

"""Character sets declared in UNB S001 (syntax identifier) and how paxpipe decodes them.

The declaration is routinely violated (edifact.md §9 #14): decoding never fails. Bytes that do not fit
the declared set are decoded as UTF-8 when the whole text is valid UTF-8, otherwise byte by byte with a
Windows-1252 fallback (Latin-1 for the five bytes cp1252 leaves undefined); each violation is reported.
"""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass

__all__ = [
    "DEFAULT_CODEC",
    "CharsetViolation",
    "Decoded",
    "codec_for",
    "decode",
    "repertoire_violations",
]

# Syntax identifier (UNB S001/0001) → Python codec. edifact.md §1.
_CODECS: dict[str, str] = {
    "UNOA": "ascii",
    "UNOB": "ascii",
    "UNOC": "latin-1",
    "UNOD": "iso8859-2",
    "UNOE": "iso8859-5",
    "UNOF": "iso8859-7",
    "UNOG": "iso8859-3",
    "UNOH": "iso8859-4",
    "UNOI": "iso8859-6",
    "UNOJ": "iso8859-8",
    "UNOK": "iso8859-9",
    "UNOL": "iso8859-15",
    "UNOW": "utf-8",
    "UNOY": "utf-8",
    "UNOX": "iso2022_jp_2",
    # Airline-specific identifiers: the IATA set is upper-case ASCII; Sirena's SIRE traffic to
    # foreign governments is Latin; KEY/ZZZ seen in bilateral traffic. All read as ASCII with the
    # same fallback, so a violation is reported rather than guessed silently.
    "IATA": "ascii",
    "IATB": "ascii",
    "SIRE": "ascii",
}

DEFAULT_CODEC = "ascii"

# UNOA level A repertoire: upper case, digits, space and . , - ( ) / = ' + : ? ! " % & * ; < >
_UNOA_CHARS = "A-Z0-9 .,\\-()/=\'+:?!\"%&*;<>\r\n\t"
# Level B adds lower case and the rest of printable ASCII.
_UNOB_CHARS = "\x20-\x7e\r\n\t"


def codec_for(syntax_id: str | None) -> tuple[str, bool]:
    """The codec for a syntax identifier and whether the identifier is known."""
    if syntax_id is None:
        return DEFAULT_CODEC, True
    codec = _CODECS.get(syntax_id.upper())
    if codec is None:
        return DEFAULT_CODEC, False
    return codec, True


@dataclass(frozen=True, slots=True)
class CharsetViolation:
    """A run of bytes that did not fit the declared set, at ``offset`` in the decoded text."""

    offset: int
    raw: bytes
    text: str
    guess: str = "cp1252"  # the encoding the bytes were read with


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    codec: str  # the codec that produced ``text`` ("utf-8" or "cp1252" when it fell back)
    fallback: bool
    violations: tuple[CharsetViolation, ...]


def _cp1252_or_latin1(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bad.decode("latin-1"), error.end


codecs.register_error("paxpipe-latin1", _cp1252_or_latin1)

_NON_ASCII_RUN = re.compile(rb"[\x80-\xff]+")


def _guess_single_byte(raw: bytes, before: bytes, after: bytes) -> tuple[str, str]:
    """Decode a run of non-ASCII bytes in ASCII text: Windows-1252 unless it yields a non-letter between
    letters where Mac Roman yields a letter (``Nov\\x87k`` → ``Novák``, edifact.md §9 #14)."""
    text = raw.decode("cp1252", errors="paxpipe-latin1")
    in_word = before[-1:].isalpha() or after[:1].isalpha()
    if in_word and not text.isalpha():
        mac = raw.decode("mac_roman")
        if mac.isalpha():
            return mac, "mac_roman"
    return text, "cp1252"


def decode(data: bytes, codec: str) -> Decoded:
    """Decode ``data`` with ``codec``; never raises. Violations carry their text offsets."""
    try:
        return Decoded(data.decode(codec), codec, False, ())
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    except LookupError:
        first_bad = 0
    # Which fallback: the whole input as UTF-8 (the usual case: curly quotes pasted from a PDF),
    # else a single-byte guess run by run (a Latin-1 or Mac name in a UNOA file).
    try:
        text: str | None = data.decode("utf-8")
        used = "utf-8"
    except UnicodeDecodeError:
        text = None
        used = "cp1252"
    violations: list[CharsetViolation] = []
    if codec == "ascii":
        # Only the ASCII family is checked run by run (what real traffic violates).
        parts: list[str] = []
        prefix_bytes = 0
        text_offset = 0
        for match in _NON_ASCII_RUN.finditer(data):
            plain = data[prefix_bytes : match.start()].decode("ascii")
            parts.append(plain)
            text_offset += len(plain)
            raw = match.group()
            if text is not None:
                chunk, guess = raw.decode("utf-8"), "utf-8"
            else:
                chunk, guess = _guess_single_byte(raw, data[max(0, match.start() - 1) : match.start()],
                                                  data[match.end() : match.end() + 1])
            parts.append(chunk)
            violations.append(CharsetViolation(text_offset, raw, chunk, guess))
            text_offset += len(chunk)
            prefix_bytes = match.end()
        parts.append(data[prefix_bytes:].decode("ascii"))
        if text is None:
            text = "".join(parts)
    else:
        if text is None:
            text = data.decode("cp1252", errors="paxpipe-latin1")
        offset = len(data[:first_bad].decode(used, errors="paxpipe-latin1"))
        violations.append(
            CharsetViolation(offset, data[first_bad : first_bad + 1], text[offset : offset + 1], used)
        )
    return Decoded(text, used, True, tuple(violations))


@functools.lru_cache(maxsize=64)
def _outside(syntax_id: str, delimiters: str) -> re.Pattern[str] | None:
    base = _UNOA_CHARS if syntax_id == "UNOA" else _UNOB_CHARS if syntax_id == "UNOB" else None
    if base is None:
        return None
    # The declared separators are allowed whatever the level ('#' or '$' as terminator, for instance).
    return re.compile("[^" + base + re.escape(delimiters) + "]")


def repertoire_violations(text: str, syntax_id: str | None, delimiters: str = "") -> tuple[int, int, str] | None:
    """(count, first offset, first character) of characters outside UNOA/UNOB's repertoire, or None.

    Non-ASCII characters are not counted here: decoding already reported them.
    """
    if syntax_id is None:
        return None
    pattern = _outside(syntax_id.upper(), delimiters)
    if pattern is None:
        return None
    first = pattern.search(text)
    if first is None:
        return None
    count = sum(1 for ch in pattern.findall(text) if ch < "\x80")
    if count == 0:
        return None
    for match in pattern.finditer(text):
        if match.group() < "\x80":
            return count, match.start(), match.group()
    return None

"""Byte-level defects seen in public samples, applied to finished files and recorded.

Each file is hit with probability ``rate`` by one defect (now and then two) chosen among those that
apply to it; the file's ground truth lists every injection with its code. ``affects_values`` tells a
round-trip check whether a robust parser can still recover every value (True only for the Latin-1
byte, which changes a name).
"""

from __future__ import annotations

import random
from typing import Any

from paxpipe.simulate.files import EdiFile

__all__ = ["BYTE_DEFECTS", "encode_file", "inject"]

BYTE_DEFECTS: dict[str, str] = {
    "unt_mismatch": "UNT segment count does not match the segments of the message",
    "crlf": "CR LF line ends",
    "wrapped": "text hard-wrapped at 64 columns, inside segments and tags",
    "typeb_envelope": "SITA Type-B address and origin lines before UNA",
    "bom": "UTF-8 byte order mark before UNA",
    "latin1_in_unoa": "one name letter sent as a Latin-1 byte although UNB declares UNOA",
    "trailing_junk": "an e-mail footer after UNZ",
    "no_final_terminator": "no segment terminator after UNZ",
}


def _applicable(file: EdiFile) -> list[str]:
    codes = ["unt_mismatch", "bom", "typeb_envelope", "trailing_junk", "no_final_terminator", "wrapped"]
    if "\n" in file.text:
        codes.append("crlf")
    if file.charset == "UNOA" and file.messages and file.messages[0].travellers:
        codes.append("latin1_in_unoa")
    return codes


def _record(file: EdiFile, code: str, detail: str, **extra: Any) -> None:
    file.defects.append({"code": code, "detail": detail, "affects_values": code == "latin1_in_unoa", **extra})


def _unt_mismatch(rng: random.Random, file: EdiFile) -> None:
    seps = file.separators
    elem, term = seps[1], seps[5]
    message = rng.choice(file.messages)
    right = f"UNT{elem}{message.segment_count}{elem}{message.ref}{term}"
    wrong_count = max(1, message.segment_count + rng.choice((-7, -2, -1, 1, 3, 40)))
    file.text = file.text.replace(right, f"UNT{elem}{wrong_count}{elem}{message.ref}{term}", 1)
    _record(file, "unt_mismatch", f"UNT says {wrong_count}, message {message.ref} has {message.segment_count}",
            message_ref=message.ref)


def _wrap(file: EdiFile) -> None:
    flat = file.text.replace("\n", "")
    file.text = "\n".join(flat[i:i + 64] for i in range(0, len(flat), 64)) + "\n"
    _record(file, "wrapped", "hard-wrapped at 64 columns")


def _latin1(rng: random.Random, file: EdiFile) -> None:
    candidates = []
    for message in file.messages:
        candidates += [t["id"] for t in message.travellers]
    # find a NAD (PAXLST) of a traveller whose surname has a vowel to accent
    for _ in range(10):
        pid = rng.choice(candidates)
        marker = _nad_for(file, pid)
        if marker is None:
            continue
        pos, surname = marker
        for i, ch in enumerate(surname):
            if ch in "AEOU":
                accented = {"A": "\xc1", "E": "\xc9", "O": "\xd3", "U": "\xda"}[ch]
                new = surname[:i] + accented + surname[i + 1:]
                file.text = file.text[:pos] + new + file.text[pos + len(surname):]
                _record(file, "latin1_in_unoa", f"surname {surname} sent as {new} in Latin-1", traveller=pid)
                for message in file.messages:
                    for entry in message.travellers:
                        if entry["id"] == pid:
                            entry.setdefault("defects", []).append("latin1_in_unoa")
                return


def _nad_for(file: EdiFile, pid: str) -> tuple[int, str] | None:
    """Position and text of the surname of traveller ``pid`` in a PAXLST file (by list order)."""
    elem, term = file.separators[1], file.separators[5]
    index = None
    for message in file.messages:
        for k, entry in enumerate(message.travellers):
            if entry["id"] == pid:
                index = (message.ref, k)
    if index is None:
        return None
    ref, k = index
    unh = file.text.find(f"UNH{elem}{ref}{elem}")
    pos = unh
    for _ in range(k + 1):
        pos = file.text.find(f"NAD{elem}F", pos + 1)
        if pos < 0:
            return None
    start = pos + len(f"NAD{elem}FL{elem}{elem}{elem}")
    end = start
    while end < len(file.text) and file.text[end] not in (file.separators[0], term, elem):
        end += 1
    return start, file.text[start:end]


def inject(rng: random.Random, file: EdiFile, rate: float, recipient: str) -> None:
    """Maybe damage ``file`` in place, recording what was done."""
    if rate <= 0 or rng.random() >= rate:
        return
    codes = _applicable(file)
    chosen = rng.sample(codes, 2 if rng.random() < 0.15 else 1)
    # order matters: value changes before layout changes, layout before prefixes
    order = ["latin1_in_unoa", "unt_mismatch", "no_final_terminator", "trailing_junk", "wrapped", "crlf",
             "typeb_envelope", "bom"]
    for code in sorted(chosen, key=order.index):
        if code == "unt_mismatch":
            _unt_mismatch(rng, file)
        elif code == "latin1_in_unoa":
            _latin1(rng, file)
        elif code == "no_final_terminator":
            file.text = file.text.rstrip("\n")
            if file.text.endswith(file.separators[5]):
                file.text = file.text[:-1] + "\n"
            _record(file, code, BYTE_DEFECTS[code])
        elif code == "trailing_junk":
            file.text += "\nEmail secured by Antivirus Gateway\n"
            _record(file, code, BYTE_DEFECTS[code])
        elif code == "wrapped":
            _wrap(file)
        elif code == "crlf":
            file.text = file.text.replace("\n", "\r\n")
            file.line_end = "\r\n"
            _record(file, code, BYTE_DEFECTS[code])
        elif code == "typeb_envelope":
            stamp = file.sent_at.strftime("%d%H%M")
            file.text = f"QU {recipient}\n.HDQRM{file.name[14:16]} {stamp}\n" + file.text
            _record(file, code, BYTE_DEFECTS[code])
        elif code == "bom":
            _record(file, code, BYTE_DEFECTS[code])  # added when encoding


def encode_file(file: EdiFile) -> bytes:
    """The bytes to write: Latin-1 (ASCII for UNOA/IATA files unless a defect put a Latin-1 byte in)."""
    data = file.text.encode("latin-1")
    if any(d["code"] == "bom" for d in file.defects):
        data = b"\xef\xbb\xbf" + data
    return data

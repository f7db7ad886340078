"""Envelope checks: group segments into UNH..UNT messages, check UNT/UNE/UNZ counts and references,
truncation, segments outside messages and unknown service segments. Collect, never stop."""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING

from parsers.edifact.codes import CODES
from parsers.edifact.segment import Segment
from parsers.issues import issue as make_issue
from parsers.model import Issue

if TYPE_CHECKING:
    from parsers.edifact.tokenizer import RawInterchange

__all__ = ["SERVICE_TAGS", "check_envelope", "message_ref", "message_type"]

SERVICE_TAGS = frozenset({"UNA", "UNB", "UNG", "UNH", "UNT", "UNE", "UNZ", "UNS"})
_TAG_OF = attrgetter("tag")


def _issue(code: str, message: str, segment: Segment | None, *, message_ref: str | None = None) -> Issue:
    return make_issue(code, CODES[code][0], message, segment, message_ref=message_ref)


def _ref(value: str | None) -> str | None:
    """A reference compared with whitespace removed (wrapped or space-broken references, §9 #11)."""
    if value is None:
        return None
    return "".join(value.split()) or None


def message_ref(unh: Segment) -> str | None:
    return _ref(unh.el(0))


def message_type(unh: Segment) -> str | None:
    """UNH S009 message type (PAXLST, PNRGOV, CUSRES, ...), upper-cased and trimmed."""
    value = unh.el(1, 0)
    return value.strip().upper() if value else None


def _count(value: str | None) -> int | None:
    if value is None:
        return None
    digits = "".join(value.split())
    return int(digits) if digits.isdecimal() else None


class _Walker:
    """Walks the segments once, keeping the open message and group."""

    def __init__(self, raw: RawInterchange) -> None:
        self.raw = raw
        self.issues = raw.issues
        self.message: list[Segment] | None = None
        self.group: Segment | None = None
        self.group_messages = 0
        self.groups = 0
        self.messages_total = 0
        self.outside: list[Segment] = []

    def close_message(self, unt: Segment | None, at: Segment | None) -> None:
        msg = self.message
        if msg is None:
            return
        unh = msg[0]
        ref = message_ref(unh)
        if unt is None:
            where = f"before {at.tag} at line {at.line}" if at is not None else "before the end of the input"
            self.issues.append(
                _issue(
                    "ENV003",
                    f"message {ref or '?'} starting here has no UNT {where}: it may be truncated; "
                    f"its {len(msg)} segment(s) were read",
                    unh,
                    message_ref=ref,
                )
            )
        else:
            msg.append(unt)
            declared = _count(unt.el(0))
            if declared != len(msg):
                self.issues.append(
                    _issue(
                        "ENV001",
                        f"UNT says the message has {unt.el(0) or 'no'} segment(s) but it has {len(msg)} "
                        "(counting UNH and UNT)",
                        unt,
                        message_ref=ref,
                    )
                )
            unt_ref = unt.el(1)
            if unt_ref is None:
                self.issues.append(
                    _issue(
                        "ENV002",
                        f"UNT has no message reference; it should repeat the UNH reference {ref}",
                        unt,
                        message_ref=ref,
                    )
                )
            elif _ref(unt_ref) != ref:
                self.issues.append(
                    _issue(
                        "ENV002",
                        f"UNT reference {unt_ref} differs from the UNH reference {unh.el(0)}",
                        unt,
                        message_ref=ref,
                    )
                )
            else:
                for seg, value in ((unh, unh.el(0) or ""), (unt, unt_ref)):
                    if value != "".join(value.split()):
                        self.issues.append(
                            _issue(
                                "ENV016",
                                f"the {seg.tag} message reference {value!r} contains spaces or a line "
                                "break; compared without them",
                                seg,
                                message_ref=ref,
                            )
                        )
        self.raw.messages.append(msg)
        self.message = None

    def close_group(self, une: Segment | None, at: Segment | None) -> None:
        ung = self.group
        if une is None:
            if ung is not None:
                self.issues.append(
                    _issue("ENV008", f"the functional group {ung.el(4) or ''} opened here has no UNE", ung)
                )
        elif ung is None:
            self.issues.append(_issue("ENV007", "UNE without a UNG opening a functional group; ignored", une))
        else:
            declared = _count(une.el(0))
            if declared != self.group_messages:
                self.issues.append(
                    _issue(
                        "ENV005",
                        f"UNE says the group has {une.el(0) or 'no'} message(s) but it has "
                        f"{self.group_messages}",
                        une,
                    )
                )
            if _ref(une.el(1)) != _ref(ung.el(4)):
                self.issues.append(
                    _issue(
                        "ENV006",
                        f"UNE reference {une.el(1)} differs from the UNG reference {ung.el(4)}",
                        une,
                    )
                )
        self.group = None
        self.group_messages = 0

    def walk(self, segments: list[Segment]) -> None:
        tags = "".join(map(_TAG_OF, segments))
        if len(tags) != 3 * len(segments):  # segments not from the tokenizer (whose tags have 3 letters)
            for seg in segments:
                self.step(seg)
        else:
            # Content segments (the hot case) are added run by run, at C speed: only the service
            # segments (tags starting with UN, found in the string of all tags) are looked at one by one.
            find, start, n = tags.find, 0, len(segments)
            while start < n:
                hit = find("UN", 3 * start)
                while hit >= 0 and hit % 3:
                    hit = find("UN", hit + 1)
                stop = hit // 3 if hit >= 0 else n
                if stop > start:
                    (self.message if self.message is not None else self.outside).extend(segments[start:stop])
                if stop < n:
                    self.step(segments[stop])
                start = stop + 1
        self.finish()

    def step(self, seg: Segment) -> None:
        """One segment: a content segment joins the open message; a service segment is checked."""
        tag = seg.tag
        if not tag.startswith("UN"):
            if self.message is not None:
                self.message.append(seg)
            else:
                self.outside.append(seg)
            return
        if tag == "UNH":
            if self.message is not None:
                self.close_message(None, seg)
            self.message = [seg]
            self.messages_total += 1
            if self.group is not None:
                self.group_messages += 1
            if message_ref(seg) is None or message_type(seg) is None:
                self.issues.append(
                    _issue("ENV015", "UNH must give a message reference and a message type", seg)
                )
        elif tag == "UNT":
            if self.message is None:
                self.issues.append(
                    _issue("ENV004", "UNT without an open message (no UNH before it)", seg)
                )
            else:
                self.close_message(seg, seg)
        elif self.message is not None and tag not in ("UNB", "UNG", "UNE", "UNZ", "UNA"):
            if tag not in SERVICE_TAGS:
                self.issues.append(_unknown_service(seg))
            self.message.append(seg)
        else:
            if self.message is not None:
                self.close_message(None, seg)
            self._service(seg)

    def finish(self) -> None:
        """After the last segment: close what is open, report truncation and stray segments."""
        raw = self.raw
        if self.message is not None:
            self.close_message(None, None)
        if self.group is not None:
            self.close_group(None, None)
        if raw.unb is not None and raw.unz is None:
            self.issues.append(
                _issue(
                    "ENV011",
                    "the interchange opened by this UNB has no UNZ: the transmission may be truncated",
                    raw.unb,
                )
            )
        if raw.unb is None and raw.messages:
            self.issues.append(
                _issue("ENV012", "the messages have no interchange envelope (UNB ... UNZ)", raw.messages[0][0])
            )
        if self.outside:
            first = self.outside[0]
            self.issues.append(
                _issue(
                    "ENV013",
                    f"{len(self.outside)} segment(s) outside any UNH..UNT message were ignored, the first here",
                    first,
                )
            )

    def _service(self, seg: Segment) -> None:
        raw = self.raw
        tag = seg.tag
        if tag == "UNA":
            return
        if tag == "UNB":
            if raw.unb is None:
                raw.unb = seg
                raw.syntax_version = seg.el(0, 1)
                if seg.el(1) is None or seg.el(2) is None or seg.el(4) is None:
                    self.issues.append(
                        _issue("ENV017", "UNB should give the sender, the recipient and a control reference", seg)
                    )
            else:
                self.outside.append(seg)
        elif tag == "UNG":
            if self.group is not None:
                self.close_group(None, seg)
            self.group = seg
            self.groups += 1
            raw.groups.append(seg)
        elif tag == "UNE":
            self.close_group(seg, seg)
        elif tag == "UNZ":
            raw.unz = seg
            if self.group is not None:
                self.close_group(None, seg)
            declared = _count(seg.el(0))
            actual = self.groups if self.groups else self.messages_total
            what = "functional group(s)" if self.groups else "message(s)"
            if declared != actual:
                self.issues.append(
                    _issue(
                        "ENV009",
                        f"UNZ says the interchange has {seg.el(0) or 'no'} {what} but it has {actual}",
                        seg,
                    )
                )
            if raw.unb is not None and _ref(seg.el(1)) != _ref(raw.unb.el(4)):
                self.issues.append(
                    _issue(
                        "ENV010",
                        f"UNZ reference {seg.el(1)} differs from the UNB control reference {raw.unb.el(4)}",
                        seg,
                    )
                )
        elif tag.startswith("UN"):
            self.issues.append(_unknown_service(seg))
        else:
            self.outside.append(seg)


def _unknown_service(seg: Segment) -> Issue:
    return _issue(
        "SYN016",
        f"{seg.tag} is not a service segment of the EDIFACT syntax (UNA, UNB, UNG, UNH, UNT, UNE, UNZ, UNS)",
        seg,
    )


def check_envelope(raw: RawInterchange) -> None:
    """Fill ``raw.unb/unz/groups/messages/syntax_version`` and append envelope issues."""
    _Walker(raw).walk(raw.segments)

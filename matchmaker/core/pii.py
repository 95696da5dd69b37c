"""Find phone and ID numbers in free text that someone other than its writer will read.

A published wish's story is public, and a reason staff type reaches a volunteer or a donor
(DESIGN §8): a mobile number, a landline or a resident ID number in it would reach them
too. The reviewer of a story sees each one highlighted; a form whose text goes to another
reader refuses it (``NoPhoneOrId``). Digits may be split by spaces or dashes. Words about
health or disability (``health_terms``) are marked too, as a warning rather than a block.
"""

import re
from dataclasses import dataclass

from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape
from wtforms.validators import ValidationError

_SEP = r"[\s\-－]?"
#: 18-digit (last may be X) and 15-digit resident IDs, not inside a longer run of digits.
_ID18 = r"[1-9]\d{5}" + _SEP + r"(?:19|20)\d{2}" + _SEP + r"\d{4}" + _SEP + r"\d{3}[\dXx]"
_ID15 = r"[1-9]\d{14}"
#: Mainland mobiles: 1[3-9] then nine digits, in groups such as 138 1234 5678.
_MOBILE = r"(?:\+?86" + _SEP + r")?1[3-9]\d" + _SEP + r"\d{4}" + _SEP + r"\d{4}"
#: Landlines: an area code 0xx or 0xxx, then 7 or 8 digits (0571-87654321, (0571) 8765 4321).
_LANDLINE = r"\(?0\d{2,3}\)?" + _SEP + r"\d{3,4}" + _SEP + r"\d{4}"

PATTERNS = (
    ("id", re.compile(rf"(?<![\dA-Za-z])(?:{_ID18}|{_ID15})(?![\dA-Za-z])")),
    ("mobile", re.compile(rf"(?<!\d)(?:{_MOBILE})(?!\d)")),
    ("landline", re.compile(rf"(?<!\d)(?:{_LANDLINE})(?!\d)")),
)


@dataclass(frozen=True)
class Finding:
    kind: str  # "id", "mobile", "landline"; "name", "address" (own details); "health"
    start: int
    end: int
    text: str


#: Between two groups of three digits or more, what people type to group a number: a space
#: (full-width too), a dash or a dot, once or twice. 1900 2009 034 and 190.0200.9034 are one
#: number; "sizes 13 14 15" are not.
_GROUPING = re.compile(r"[\s.\-·]{1,2}")
_DIGITS = re.compile(r"[0-9]+")


class _Reading:
    """``text`` as it reads: full-width digits and letters (a Chinese input method's default)
    as ASCII ones, and, as ``drop`` says, grouping characters taken out. ``origin[i]`` is the
    index in ``text`` of the character ``i`` of ``compact``, so that what is found in the
    reading can be shown where it stands in the text."""

    def __init__(self, text: str, drop) -> None:
        half = "".join(_half_width(c) for c in text)
        dropped = set(drop(half))
        kept = [i for i in range(len(half)) if i not in dropped]
        self.text, self.compact, self.origin = text, "".join(half[i] for i in kept), kept

    def finding(self, kind: str, start: int, end: int) -> Finding:
        first, last = self.origin[start], self.origin[end - 1] + 1
        return Finding(kind, first, last, self.text[first:last])


def _half_width(char: str) -> str:
    """One character for one (so positions stay): １ → 1, Ａ → A, － → -, a full-width space."""
    if "\uff01" <= char <= "\uff5e":
        return chr(ord(char) - 0xFEE0)
    return " " if char == "\u3000" else char


def _number_groupings(text: str):
    """The positions of the grouping characters between groups of three digits or more."""
    groups = list(_DIGITS.finditer(text))
    for left, right in zip(groups, groups[1:], strict=False):
        gap = text[left.end() : right.start()]
        if len(left.group()) >= 3 and len(right.group()) >= 3 and _GROUPING.fullmatch(gap):
            yield from range(left.end(), right.start())


def find_pii(text: str) -> list[Finding]:
    """Phone and ID numbers in ``text``, in order, none overlapping another (an ID number
    wins over a phone number read inside it, a mobile over a landline); typed in full-width
    digits or grouped by spaces, dashes or dots, they are found all the same."""
    reading = _Reading(text or "", _number_groupings)
    found: list[Finding] = []
    for kind, pattern in PATTERNS:
        matches = (
            reading.finding(kind, m.start(), m.end()) for m in pattern.finditer(reading.compact)
        )
        found = sorted(found + list(clear_of(found, matches)), key=lambda f: f.start)
    return found


def clear_of(kept, findings):
    """The ``findings`` overlapping none of ``kept``. Both are in order and free of overlaps
    among themselves, so one pass over each suffices: a long pasted text costs time in
    proportion to its length, not to its square."""
    kept = iter(kept)
    current = next(kept, None)
    for finding in findings:
        while current is not None and current.end <= finding.start:
            current = next(kept, None)
        if current is None or finding.end <= current.start:
            yield finding


#: A run of an address this long, with a digit in it (文三路9号), points at one home; a
#: shorter or digit-free one (杭州市西湖区) names only the area.
ADDRESS_RUN = 5


def _spaces(text: str):
    return (i for i, char in enumerate(text) if char.isspace())


def _without_spaces(value: str) -> str:
    return _Reading(value, _spaces).compact


def find_own_details(text: str, *, names=(), addresses=()) -> list[Finding]:
    """A person's own ``names`` (two characters or more) and runs of their ``addresses`` in
    ``text``: what the public masks (王**) but a story may spell out. In order, none
    overlapping another. Spaces and full-width digits count for nothing on either side:
    文三路 33 号 as stored is 文三路33号 as typed, and 文三路３３号."""
    reading = _Reading(text or "", _spaces)
    text = reading.compact
    found: list[Finding] = []
    for name in filter(lambda n: len(n) >= 2, (_without_spaces(n) for n in names if n)):
        for match in re.finditer(re.escape(name), text):
            found.append(reading.finding("name", match.start(), match.end()))
    for address in filter(None, (_without_spaces(a) for a in addresses if a)):
        start = 0
        while start < len(text):
            length = 0  # the longest run of the address starting here
            while start + length < len(text) and text[start : start + length + 1] in address:
                length += 1
            run = text[start : start + length]
            if length >= ADDRESS_RUN and any(c.isdigit() for c in run):
                found.append(reading.finding("address", start, start + length))
                start += length
            else:
                start += 1
    kept: list[Finding] = []
    for finding in sorted(found, key=lambda f: (f.start, -f.end)):
        # in order of start, a finding can only overlap the last one kept
        if not kept or kept[-1].end <= finding.start:
            kept.append(finding)
    return kept


def find_home_address(text: str, addresses) -> list[Finding]:
    """Runs of ``addresses`` in ``text``, found as ``find_own_details`` finds them, that reach
    the end of an address: its building, unit or room, so the home itself. A run stopping
    short of it (莫干山路 192 号 of 莫干山路 192 号 4 幢 4 单元 503 室) names the road or the
    compound, where a public service centre may stand too."""
    found: list[Finding] = []
    for address in filter(None, addresses):
        whole = _without_spaces(address)
        found += [
            finding
            for finding in find_own_details(text, addresses=(address,))
            if whole.endswith(_without_spaces(finding.text))
        ]
    return found


def highlight_pii(text: str, own=()) -> Markup:
    """``text`` escaped, for the reviewer: each phone or ID number, and each of ``own`` (the
    person's own name or address, from ``find_own_details``), in ``<mark>``; each health or
    disability word (``health_terms``) in ``<mark class="mark-health">`` with a hidden note
    for screen readers (a mark alone is seldom announced)."""
    from .health_terms import find_health_terms  # it builds on Finding, defined here

    text = text or ""
    numbers = find_pii(text)
    numbers = sorted(numbers + list(clear_of(numbers, own)), key=lambda f: f.start)
    words = list(clear_of(numbers, find_health_terms(text)))
    parts, last = [], 0
    for finding in sorted(numbers + words, key=lambda f: f.start):
        parts.append(escape(text[last : finding.start]))
        if finding.kind == "health":
            parts.append(
                Markup('<mark class="mark-health">%s<span class="visually-hidden">%s</span></mark>')
                % (finding.text, _("(health or disability detail)"))
            )
        else:
            parts.append(Markup("<mark>%s</mark>") % finding.text)
        last = finding.end
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


class NoPhoneOrId:
    """A form validator refusing a text that holds a phone or ID number.

    :param message: says who reads the text, with ``%(numbers)s`` for what was found, e.g.
        ``_l("The volunteer reads this: take out the phone or ID number (%(numbers)s).")``.
    """

    def __init__(self, message) -> None:
        self.message = message

    def __call__(self, form, field) -> None:
        found = find_pii(field.data or "")
        if found:
            numbers = format_list([f.text for f in found], locale=get_locale() or "zh_CN")
            raise ValidationError(self.message % {"numbers": numbers})

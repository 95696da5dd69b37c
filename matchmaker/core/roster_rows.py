"""Reading one roster row: typed getters that report each problem by row and column.

Places and catalogues are looked up by the names rosters write; see core.rosters for the
whole file.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.logins import LoginFormatError, normalise_login
from ..accounts.permissions import community_ids_visible_to
from ..accounts.place_services import LAT_RANGE, LON_RANGE
from ..accounts.places import Community, Street
from ..extensions import db
from . import availability as av
from .forms import TypedDateField
from .spreadsheets import cell_date, cell_text

#: What may separate several names in one cell ("手语、陪同出行").
NAME_SEPARATORS = ",，;；/／|"
#: Removed from a community name before lookup ("西湖街道 + 翠苑社区").
_PLACE_NOISE = str.maketrans("", "", " \u3000+＋·-—/／|")


@dataclass
class Problem:
    """One thing wrong with an upload: row 1 is the header, so data starts at row 2."""

    row: int
    column: str
    message: object  # a lazy string, rendered in the reader's language

    def __str__(self) -> str:
        return f"第 {self.row} 行 「{self.column}」: {self.message}"


@dataclass
class RosterCheck:
    """The result of reading and checking a file: its rows' values, or what is wrong."""

    filename: str
    rows: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class Places:
    """Communities by the names rosters use: 社区名, 街道名+社区名 or 区+街道+社区."""

    def __init__(self, visible: set[int] | None):
        self.visible = visible
        self._by_key: dict[str, list[Community]] = {}
        statement = select(Community).join(Community.street).join(Street.district)
        for community in db.session.scalars(statement):
            street = community.street
            for key in {
                community.name,
                street.name + community.name,
                street.district.name + street.name + community.name,
            }:
                self._by_key.setdefault(key.translate(_PLACE_NOISE), []).append(community)

    def find(self, text: str) -> list[Community]:
        return self._by_key.get(text.translate(_PLACE_NOISE), [])


class Context:
    """What rows are checked against: places, catalogues, the rows already read."""

    def __init__(self, by):
        from ..recruit.catalogue import Language, Skill

        self.by = by
        self.places = Places(community_ids_visible_to(by) if by is not None else None)
        self.skills = _catalogue(Skill)
        self.languages = _catalogue(Language)
        self._seen: dict[str, dict[str, int]] = {}

    def first_row_with(self, header: str, value: str, row: int) -> int | None:
        """The earlier row holding ``value`` in column ``header``, remembering this one."""
        seen = self._seen.setdefault(header, {})
        earlier = seen.get(value)
        if earlier is None:
            seen[value] = row
        return earlier

    def values_in(self, header: str) -> dict[str, int]:
        """Each distinct value read in column ``header``, with the first row holding it."""
        return self._seen.get(header, {})


def _catalogue(model) -> dict:
    entries = db.session.scalars(select(model).where(model.active.is_(True)))
    return {entry.name: entry for entry in entries}


class RowReader:
    """One row's cells by header; each getter reports a problem and returns a safe default."""

    def __init__(self, check: RosterCheck, context: Context, number: int, cells, positions):
        self.check, self.context, self.row, self.ok = check, context, number, True
        self.cells = {h: (cells[i] if i < len(cells) else None) for h, i in positions.items()}

    def problem(self, header: str, message) -> None:
        self.check.problems.append(Problem(self.row, header, message))
        self.ok = False

    def has(self, header: str) -> bool:
        return self.cells.get(header) is not None

    def text(self, header: str, *, required=False, max_length: int = 50) -> str:
        value = cell_text(self.cells.get(header))
        if not value and required:
            self.problem(header, _l("This column must be filled in."))
        elif len(value) > max_length:
            self.problem(header, _l("At most %(n)d characters.", n=max_length))
        return value

    def phone(self, header: str, *, required=False) -> str | None:
        value = self.text(header, required=required, max_length=30)
        if not value:
            return None
        try:
            kind, digits = normalise_login(value)
        except LoginFormatError:
            kind = digits = None
        if kind != "phone":
            self.problem(header, _l("%(value)s is not an 11-digit mobile number.", value=value))
            return None
        return digits

    def unique(self, header: str, value: str | None, shown: str | None = None) -> None:
        """Report ``value`` if an earlier row of the file holds it too (None: nothing to do)."""
        if value is None:
            return
        earlier = self.context.first_row_with(header, value, self.row)
        if earlier is not None:
            self.problem(
                header, _l("%(value)s is also on row %(row)d.", value=shown or value, row=earlier)
            )

    def date(self, header: str):
        if not self.has(header):
            return None
        try:
            day = cell_date(self.cells[header])
            if day is not None and day.year not in TypedDateField.YEARS:
                raise ValueError(day)  # year 1 or 9999: a slip, and it overflows later
            return day
        except (ValueError, OverflowError):
            value = cell_text(self.cells[header])
            self.problem(header, _l("%(value)s is not a date such as 1990-05-01.", value=value))
            return None

    def number(self, header: str, *, default, low, high, integer=False):
        value = self.cells.get(header)
        if value is None:
            return default
        try:
            number = float(cell_text(value))
        except ValueError:
            number = None
        if number is None or not low <= number <= high or (integer and not number.is_integer()):
            kind = _l("a whole number") if integer else _l("a number")
            self.problem(
                header,
                _l(
                    "Write %(kind)s from %(low)s to %(high)s.",
                    kind=kind,
                    low=f"{low:g}",
                    high=f"{high:g}",
                ),
            )
            return default
        return int(number) if integer else number

    def choice(self, header: str, choices: dict, *, default=None, required=False, aliases=None):
        """One of ``choices`` (text → value); ``aliases`` are other accepted spellings."""
        value = self.text(header, required=required)
        if not value:
            return default
        accepted = {**(aliases or {}), **choices}
        if value not in accepted:
            allowed = "、".join(choices)
            self.problem(header, _l("Write one of: %(allowed)s.", allowed=allowed))
            return default
        return accepted[value]

    def community(self, header: str, places: Places) -> Community | None:
        value = self.text(header, required=True)
        if not value:
            return None
        found = places.find(value)
        if not found:
            self.problem(header, _l("There is no community called %(name)s.", name=value))
            return None
        if len(found) > 1 and places.visible is not None:
            # A bare name shared by several communities: the one this person looks after.
            found = [c for c in found if c.id in places.visible] or found
        if len(found) > 1:
            example = found[0].street.name + found[0].name
            self.problem(
                header,
                _l(
                    "Several communities are called %(name)s; add the street, e.g. %(example)s.",
                    name=value,
                    example=example,
                ),
            )
            return None
        community = found[0]
        if places.visible is not None and community.id not in places.visible:
            self.problem(
                header, _l("You do not look after the community %(name)s.", name=community.name)
            )
            return None
        return community

    def names(self, header: str, catalogue: dict, *, required=False) -> list:
        """Several catalogue names in one cell, separated by 、 , or ；."""
        value = self.text(header, required=required, max_length=500)
        for separator in NAME_SEPARATORS:
            value = value.replace(separator, "、")
        chosen = []
        for name in filter(None, (part.strip() for part in value.split("、"))):
            if name not in catalogue:
                self.problem(header, _l("%(name)s is not in the list of choices.", name=name))
            elif catalogue[name] not in chosen:
                chosen.append(catalogue[name])
        return chosen

    def availability(self, header: str) -> int:
        value = self.text(header, max_length=200)
        if not value:
            return 0
        try:
            return av.parse_zh(value)
        except ValueError as exc:
            self.problem(
                header,
                _l(
                    "Could not read %(part)s; write times such as 周二上午、周末全天.",
                    part=str(exc),
                ),
            )
            return 0

    def position(self, lat_header: str = "纬度", lon_header: str = "经度"):
        """Own latitude and longitude: both or neither, within mainland China."""
        if not self.has(lat_header) and not self.has(lon_header):
            return None, None
        lat = self.number(lat_header, default=None, low=LAT_RANGE[0], high=LAT_RANGE[1])
        lon = self.number(lon_header, default=None, low=LON_RANGE[0], high=LON_RANGE[1])
        for header, value in ((lat_header, lat), (lon_header, lon)):
            if value is None and not self.has(header):
                self.problem(header, _l("Give both latitude and longitude, or neither."))
        return (lat, lon) if lat is not None and lon is not None else (None, None)

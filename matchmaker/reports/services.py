"""The public figures of the transparency page (DESIGN §7): wishes fulfilled, verified
service hours and pairings in place, by month and by area.

Counts and sums only: nothing here names a person, and the smallest area is a street
(the same level the public wish pages show). Each figure belongs to the *resident's*
community, where the help arrived; approved volunteers count in their own community.
Months are the federation's calendar months (Asia/Shanghai, as the rest of the site).
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sqlalchemy import extract, func, or_, select

from ..accounts.places import Community, District, Street
from ..core.i18n import local_zone
from ..extensions import db
from ..match.models import Pairing
from ..recruit.models import Volunteer, VolunteerStatus
from ..registry.models import Need, Resident
from ..supervise.models import COUNTED, ServiceLog
from ..wishes.models import ClaimStatus, MicroWish, WishClaim

#: how far back the month table may reach, and what it shows unless asked
MONTH_CHOICES = (6, 12, 24)
DEFAULT_MONTHS = 12


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}"

    def next(self) -> "Month":
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def first_day(self) -> date:
        return date(self.year, self.month, 1)


@dataclass
class Figures:
    """One row of a table: a month's or an area's figures."""

    label: str
    wishes_fulfilled: int = 0
    wish_value_yuan: int = 0
    service_minutes: int = 0
    pairings_in_place: int = 0
    volunteers: int = 0
    #: the area's district, for the area table (empty for a month)
    district: str = ""

    @property
    def service_hours(self) -> float:
        return round(self.service_minutes / 60, 1)


@dataclass
class Transparency:
    totals: Figures
    by_month: list[Figures] = field(default_factory=list)
    by_area: list[Figures] = field(default_factory=list)


def last_months(today: date, n: int) -> list[Month]:
    """The ``n`` calendar months up to and including ``today``'s, oldest first."""
    index = today.year * 12 + today.month - 1 - (n - 1)
    return [Month(i // 12, i % 12 + 1) for i in range(index, index + n)]


def _start_utc(month: Month) -> datetime:
    local = datetime.combine(month.first_day(), time(), tzinfo=local_zone())
    return local.astimezone(UTC)


def districts() -> list[District]:
    return list(db.session.scalars(select(District).order_by(District.id)))


class _Areas:
    """Communities of the chosen district (or all) and the street each belongs to."""

    def __init__(self, district_id: int | None):
        statement = select(Community.id, Street.id, Street.name, District.name).join(
            Street, Community.street_id == Street.id
        )
        statement = statement.join(District, Street.district_id == District.id)
        if district_id is not None:
            statement = statement.where(District.id == district_id)
        rows = db.session.execute(statement.order_by(District.id, Street.id)).all()
        self.street_of = {community: street for community, street, _n, _d in rows}
        self.streets = {street: (name, district) for _c, street, name, district in rows}

    def community_ids(self) -> list[int]:
        return sorted(self.street_of) or [-1]


def transparency(*, district_id: int | None, months: int, now: datetime) -> Transparency:
    """Totals (to date), the last ``months`` months and each street, for one district or all."""
    areas = _Areas(district_id)
    span = last_months(now.astimezone(local_zone()).date(), months)
    totals = Figures(label="")
    by_month = {m: Figures(label=m.label) for m in span}
    by_area = {
        street: Figures(label=name, district=district)
        for street, (name, district) in areas.streets.items()
    }

    def add(community_id, month, name, value):
        for row in (totals, by_area[areas.street_of[community_id]], by_month.get(month)):
            if row is not None:
                setattr(row, name, getattr(row, name) + value)

    for community_id, confirmed_at, cost in _fulfilled_wishes(areas):
        local = confirmed_at.astimezone(local_zone())
        month = Month(local.year, local.month)
        add(community_id, month, "wishes_fulfilled", 1)
        add(community_id, month, "wish_value_yuan", cost)
    for community_id, year, month_no, minutes in _verified_minutes(areas):
        add(community_id, Month(int(year), int(month_no)), "service_minutes", int(minutes))
    for community_id, count in _in_place(areas, now):
        add(community_id, None, "pairings_in_place", count)
    for month in span:
        end = min(_start_utc(month.next()), now)
        by_month[month].pairings_in_place = sum(count for _c, count in _in_place(areas, end))
    for community_id, count in _approved_volunteers(areas):
        add(community_id, None, "volunteers", count)
    return Transparency(totals, list(by_month.values()), list(by_area.values()))


def _fulfilled_wishes(areas: _Areas):
    """(resident's community, confirmed at, cost) of each wish whose delivery was confirmed."""
    statement = (
        select(Resident.community_id, WishClaim.confirmed_at, MicroWish.cost_yuan)
        .join(MicroWish, WishClaim.wish_id == MicroWish.id)
        .join(Resident, MicroWish.resident_id == Resident.id)
        .where(WishClaim.status == ClaimStatus.CONFIRMED, WishClaim.confirmed_at.is_not(None))
        .where(Resident.community_id.in_(areas.community_ids()))
    )
    return db.session.execute(statement).all()


def _verified_minutes(areas: _Areas):
    """(community, year, month, minutes) of verified service, summed in the database."""
    day = ServiceLog.service_date
    year, month = extract("year", day), extract("month", day)
    statement = (
        select(Resident.community_id, year, month, func.sum(ServiceLog.minutes))
        .join(Pairing, ServiceLog.pairing_id == Pairing.id)
        .join(Need, Pairing.need_id == Need.id)
        .join(Resident, Need.resident_id == Resident.id)
        .where(ServiceLog.status.in_(COUNTED))
        .where(Resident.community_id.in_(areas.community_ids()))
        .group_by(Resident.community_id, year, month)
    )
    return db.session.execute(statement).all()


def _in_place(areas: _Areas, moment: datetime):
    """(community, pairings) active at ``moment``: begun (training done) and not yet ended.
    A pairing suspended for a while counts as in place: it has not ended."""
    statement = (
        select(Resident.community_id, func.count(Pairing.id))
        .join(Need, Pairing.need_id == Need.id)
        .join(Resident, Need.resident_id == Resident.id)
        .where(Pairing.activated_at.is_not(None), Pairing.activated_at <= moment)
        .where(or_(Pairing.ended_at.is_(None), Pairing.ended_at > moment))
        .where(Resident.community_id.in_(areas.community_ids()))
        .group_by(Resident.community_id)
    )
    return db.session.execute(statement).all()


def _approved_volunteers(areas: _Areas):
    statement = (
        select(Volunteer.community_id, func.count(Volunteer.id))
        .where(Volunteer.status == VolunteerStatus.APPROVED)
        .where(Volunteer.community_id.in_(areas.community_ids()))
        .group_by(Volunteer.community_id)
    )
    return db.session.execute(statement).all()

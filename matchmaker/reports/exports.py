"""The federation's .xlsx exports (DESIGN §7): volunteer roster, service hours, pairings,
wishes — each limited to the communities the staff member looks after (DESIGN §8).

Residents appear only by masked name (王**) and community: an export travels further
than a page, so it carries no resident's full name, address, phone, ID or disability.
Text is written as text, never as a formula, whatever it starts with.
"""

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy import or_, select

from ..accounts.models import User
from ..accounts.permissions import community_ids_visible_to
from ..core.audit import audit
from ..core.audit_details import detail_pattern
from ..core.i18n import current_locale, local_zone
from ..extensions import db
from ..match.models import Pairing
from ..recruit.forms import CHECK_LABELS, STATUS_LABELS
from ..recruit.models import Volunteer
from ..recruit.services import volunteers_visible_to
from ..registry.labels import SERVICE_LABELS
from ..registry.models import Need, Resident
from ..reward.models import RewardProfile
from ..supervise.labels import ACTIVITY_LABELS, PAIRING_STATUS_LABELS
from ..supervise.models import COUNTED, ServiceLog
from ..wishes.labels import CATEGORY_LABELS, WISH_STATUS_LABELS
from ..wishes.models import ClaimStatus, MicroWish, WishClaim
from ..wishes.services import wishes_visible_to


@dataclass(frozen=True)
class Export:
    key: str
    label: object  # a lazy string
    description: object
    #: whether the chosen dates narrow it (the roster is as of today)
    dated: bool
    rows: Callable  # (user, start, end) -> (headers, rows)


def _local_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The UTC instants of local midnight at ``start`` and after ``end`` (inclusive dates)."""
    zone = local_zone()
    first = datetime.combine(start, time(), tzinfo=zone)
    after = datetime.combine(end + timedelta(days=1), time(), tzinfo=zone)
    return first.astimezone(UTC), after.astimezone(UTC)


def _day(moment: datetime | None) -> date | None:
    return moment.astimezone(local_zone()).date() if moment else None


def _in_scope(user: User, column):
    ids = community_ids_visible_to(user)
    return None if ids is None else column.in_(sorted(ids) or [-1])


def _scoped(statement, user: User, column):
    condition = _in_scope(user, column)
    return statement if condition is None else statement.where(condition)


def _volunteer_rows(user: User, _start: date, _end: date):
    locale = current_locale()
    # one cell holds several names: the reader's list separator, not a comma-looking column
    separator = "、" if locale.startswith("zh") else "; "
    headers = [
        _l("Name"),
        _l("Phone"),
        _l("Community"),
        _l("Street"),
        _l("Status"),
        _l("Skills"),
        _l("Languages"),
        _l("Background check"),
        _l("Verified hours"),
        _l("Star level"),
        _l("Applied on"),
    ]
    statement = (
        volunteers_visible_to(user)
        .add_columns(RewardProfile.verified_minutes, RewardProfile.star_level)
        .outerjoin(RewardProfile, RewardProfile.volunteer_id == Volunteer.id)
        .order_by(Volunteer.community_id, Volunteer.id)
    )
    rows = (
        [
            v.user.name,
            v.user.phone or "",
            v.community.name,
            v.community.street.name,
            STATUS_LABELS[v.status],
            separator.join(s.label(locale) for s in v.skills),
            separator.join(lang.label(locale) for lang in v.languages),
            CHECK_LABELS[v.background_check],
            round((minutes or 0) / 60, 1),
            stars or 0,
            _day(v.created_at),
        ]
        for v, minutes, stars in db.session.execute(statement)
    )
    return headers, rows


def _hours_rows(user: User, start: date, end: date):
    headers = [
        _l("Service date"),
        _l("Volunteer"),
        _l("Resident"),
        _l("Resident’s community"),
        _l("Activity"),
        _l("Hours"),
        _l("Verified on"),
    ]
    statement = (
        select(ServiceLog, Volunteer, Resident)
        .join(Volunteer, ServiceLog.volunteer_id == Volunteer.id)
        .join(Pairing, ServiceLog.pairing_id == Pairing.id)
        .join(Need, Pairing.need_id == Need.id)
        .join(Resident, Need.resident_id == Resident.id)
        .where(ServiceLog.status.in_(COUNTED))
        .where(ServiceLog.service_date >= start, ServiceLog.service_date <= end)
        .order_by(ServiceLog.service_date, ServiceLog.id)
    )
    statement = _scoped(statement, user, Resident.community_id)
    rows = (
        [
            log.service_date,
            volunteer.user.name,
            resident.masked_name,
            resident.community.name,
            ACTIVITY_LABELS[log.activity],
            round(log.minutes / 60, 2),
            _day(log.verified_at),
        ]
        for log, volunteer, resident in db.session.execute(statement)
    )
    return headers, rows


def _pairing_rows(user: User, start: date, end: date):
    headers = [
        _l("Pairing"),
        _l("Volunteer"),
        _l("Resident"),
        _l("Resident’s community"),
        _l("Service"),
        _l("Status"),
        _l("Confirmed on"),
        _l("Active since"),
        _l("Ended on"),
    ]
    first, after = _local_bounds(start, end)
    statement = (
        select(Pairing, Need, Resident)
        .join(Need, Pairing.need_id == Need.id)
        .join(Resident, Need.resident_id == Resident.id)
        .where(Pairing.confirmed_at < after)
        .where(or_(Pairing.ended_at.is_(None), Pairing.ended_at >= first))
        .order_by(Pairing.confirmed_at, Pairing.id)
    )
    statement = _scoped(statement, user, Resident.community_id)
    rows = (
        [
            pairing.id,
            pairing.volunteer.user.name,
            resident.masked_name,
            resident.community.name,
            SERVICE_LABELS[need.service_type],
            PAIRING_STATUS_LABELS[pairing.status],
            _day(pairing.confirmed_at),
            _day(pairing.activated_at),
            _day(pairing.ended_at),
        ]
        for pairing, need, resident in db.session.execute(statement)
    )
    return headers, rows


def _wish_rows(user: User, start: date, end: date):
    headers = [
        _l("Wish"),
        _l("Title"),
        _l("Category"),
        _l("Resident"),
        _l("Resident’s community"),
        _l("Status"),
        _l("Cost (yuan)"),
        _l("Entered on"),
        _l("Donor"),
        _l("Claimed on"),
        _l("Fulfilled on"),
    ]
    first, after = _local_bounds(start, end)
    latest = (
        select(WishClaim.id)
        .where(WishClaim.wish_id == MicroWish.id)
        .order_by(WishClaim.id.desc())
        .limit(1)
        .correlate(MicroWish)
        .scalar_subquery()
    )
    statement = (
        wishes_visible_to(user)
        .add_columns(WishClaim)
        .outerjoin(WishClaim, WishClaim.id == latest)
        .where(MicroWish.created_at < after)
        .where(
            or_(
                WishClaim.status.is_(None),
                WishClaim.status != ClaimStatus.CONFIRMED,
                WishClaim.confirmed_at >= first,
            )
        )
        .order_by(MicroWish.created_at, MicroWish.id)
    )
    rows = (
        [
            wish.id,
            wish.title,
            CATEGORY_LABELS[wish.category],
            wish.resident.masked_name,
            wish.resident.community.name,
            WISH_STATUS_LABELS[wish.status],
            wish.cost_yuan,
            _day(wish.created_at),
            claim.donor.name if claim else "",
            _day(claim.claimed_at) if claim else None,
            _day(claim.confirmed_at) if claim else None,
        ]
        for wish, claim in db.session.execute(statement)
    )
    return headers, rows


EXPORTS = {
    export.key: export
    for export in (
        Export(
            "volunteers",
            _l("Volunteer roster"),
            _l(
                "Every volunteer with status, skills, languages, check and verified hours, "
                "as of today."
            ),
            False,
            _volunteer_rows,
        ),
        Export(
            "hours",
            _l("Service hours"),
            _l("Each verified service record in the period: date, volunteer, activity, hours."),
            True,
            _hours_rows,
        ),
        Export(
            "pairings",
            _l("Pairings"),
            _l("Pairings in place at any time in the period, with their dates and status."),
            True,
            _pairing_rows,
        ),
        Export(
            "wishes",
            _l("Micro-wishes"),
            _l("Wishes entered by the end of the period and not fulfilled before it."),
            True,
            _wish_rows,
        ),
    )
}


def export_workbook(key: str, user: User, start: date, end: date) -> tuple[bytes, int]:
    """The export ``key`` as an .xlsx, and its number of data rows; audited (DESIGN §8)."""
    export = EXPORTS[key]
    headers, rows = export.rows(user, start, end)
    data, count = _write(str(export.label), headers, rows)
    period = f"{start.isoformat()}..{end.isoformat()}" if export.dated else "today"
    audit(user, "export", detail=f"{key} {period}: {count} rows")
    return data, count


def _export_name(key: str) -> object:
    if key not in EXPORTS:
        raise ValueError(key)
    return EXPORTS[key].label


detail_pattern(
    "export",
    r"(?P<export>[a-z_]+) (?P<start>[\d-]{10})\.\.(?P<end>[\d-]{10}): (?P<rows>\d+) rows",
    lambda parts: ngettext(
        "%(export)s, %(start)s to %(end)s: %(num)d row",
        "%(export)s, %(start)s to %(end)s: %(num)d rows",
        int(parts["rows"]),
        **parts,
    ),
    export=_export_name,
)
detail_pattern(
    "export",
    r"(?P<export>[a-z_]+) today: (?P<rows>\d+) rows",
    lambda parts: ngettext(
        "%(export)s, as of that day: %(num)d row",
        "%(export)s, as of that day: %(num)d rows",
        int(parts["rows"]),
        **parts,
    ),
    export=_export_name,
)


def _write(title: str, headers: list, rows: Iterable[list]) -> tuple[bytes, int]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    for index, header in enumerate(headers):
        sheet.column_dimensions[chr(ord("A") + index)].width = max(12, 2 * len(str(header)) + 4)
    sheet.append([_cell(sheet, str(header), font=bold) for header in headers])
    count = 0
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count


def _cell(sheet, value, *, font=None) -> WriteOnlyCell:
    if value is not None and not isinstance(value, int | float | date | str):
        value = str(value)  # a lazy label
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # "=…" stays text: no formula runs when the file is opened
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    if font is not None:
        cell.font = font
    return cell

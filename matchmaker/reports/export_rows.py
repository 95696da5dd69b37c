"""What each export's sheet holds (DESIGN §7): the headers and the rows of the volunteer
roster, service hours, pairings and wishes, built for the staff member reading them.

Privacy (DESIGN §8): every sheet keeps to the reader's scope (``community_ids_visible_to``:
the resident's community for hours, pairings and wishes, the volunteer's for the roster), and
residents appear only by masked name (王**) and community: an export travels further than a
page, so it carries no resident's full name, address, phone, ID or disability.

A row builder takes ``(user, start, end)`` and returns ``(headers, rows)``: lazy labels and
an iterable of plain values (text, numbers, dates, None) that ``workbook`` writes.
"""

from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from ..accounts.models import User
from ..accounts.permissions import community_ids_visible_to
from ..accounts.places import Community, Street
from ..core.i18n import current_locale, day_starts_at, local_zone
from ..extensions import db
from ..match.models import Pairing
from ..recruit.catalogue import Language, Skill, label_in
from ..recruit.forms import CHECK_LABELS, STATUS_LABELS
from ..recruit.models import Volunteer, volunteer_language, volunteer_skill
from ..recruit.services import volunteers_visible_to
from ..registry.labels import SERVICE_LABELS
from ..registry.models import Need, Resident, mask_name
from ..reward.models import RewardProfile
from ..supervise.labels import ACTIVITY_LABELS, PAIRING_STATUS_LABELS
from ..supervise.models import COUNTED, ServiceLog
from ..wishes.labels import CATEGORY_LABELS, WISH_STATUS_LABELS
from ..wishes.models import ClaimStatus, MicroWish, WishClaim
from ..wishes.services import wishes_visible_to


def _local_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The UTC instants of local midnight at ``start`` and after ``end`` (inclusive dates)."""
    return day_starts_at(start), day_starts_at(end + timedelta(days=1))


def _day(moment: datetime | None) -> date | None:
    return moment.astimezone(local_zone()).date() if moment else None


def _in_scope(user: User, column):
    ids = community_ids_visible_to(user)
    return None if ids is None else column.in_(sorted(ids) or [-1])


def _scoped(statement, user: User, column):
    condition = _in_scope(user, column)
    return statement if condition is None else statement.where(condition)


def _texts(labels: dict) -> dict:
    """The lazy labels of an enum as plain text, looked up once an export, not once a row."""
    return {key: str(label) for key, label in labels.items()}


def _names_by_volunteer(table, entry, visible, locale: str) -> dict[int, list[str]]:
    """Volunteer id → the catalogue entries (skills or languages) through ``table``, in the
    catalogue's order, for the volunteers of the ``visible`` statement: one query."""
    rows = db.session.execute(
        select(table.c.volunteer_id, entry.name, entry.name_en)
        .join(entry, entry.id == table.c[f"{entry.__tablename__}_id"])
        .where(table.c.volunteer_id.in_(visible))
        .order_by(table.c.volunteer_id, entry.position, entry.id)
    )
    names: dict[int, list[str]] = {}
    for volunteer_id, name, name_en in rows:
        names.setdefault(volunteer_id, []).append(label_in(locale, name, name_en))
    return names


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
    visible = volunteers_visible_to(user)
    ids = visible.with_only_columns(Volunteer.id).scalar_subquery()
    skills = _names_by_volunteer(volunteer_skill, Skill, ids, locale)
    languages = _names_by_volunteer(volunteer_language, Language, ids, locale)
    statement = (
        visible.with_only_columns(
            Volunteer.id,
            User.name,
            User.phone,
            Community.name,
            Street.name,
            Volunteer.status,
            Volunteer.background_check,
            RewardProfile.verified_minutes,
            RewardProfile.star_level,
            Volunteer.created_at,
        )
        .join(User, User.id == Volunteer.user_id)
        .join(Community, Community.id == Volunteer.community_id)
        .join(Street, Street.id == Community.street_id)
        .outerjoin(RewardProfile, RewardProfile.volunteer_id == Volunteer.id)
        .order_by(Volunteer.community_id, Volunteer.id)
    )
    status, check = _texts(STATUS_LABELS), _texts(CHECK_LABELS)
    rows = (
        [
            name,
            phone or "",
            community,
            street,
            status[state],
            separator.join(skills.get(id_, ())),
            separator.join(languages.get(id_, ())),
            check[checked],
            round((minutes or 0) / 60, 1),
            stars or 0,
            _day(created_at),
        ]
        for (
            id_,
            name,
            phone,
            community,
            street,
            state,
            checked,
            minutes,
            stars,
            created_at,
        ) in db.session.execute(statement)
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
        select(
            ServiceLog.service_date,
            User.name,
            Resident.name,
            Community.name,
            ServiceLog.activity,
            ServiceLog.minutes,
            ServiceLog.verified_at,
        )
        .join(Volunteer, ServiceLog.volunteer_id == Volunteer.id)
        .join(User, User.id == Volunteer.user_id)
        .join(Pairing, ServiceLog.pairing_id == Pairing.id)
        .join(Need, Pairing.need_id == Need.id)
        .join(Resident, Need.resident_id == Resident.id)
        .join(Community, Community.id == Resident.community_id)
        .where(ServiceLog.status.in_(COUNTED))
        .where(ServiceLog.service_date >= start, ServiceLog.service_date <= end)
        .order_by(ServiceLog.service_date, ServiceLog.id)
    )
    statement = _scoped(statement, user, Resident.community_id)
    activities = _texts(ACTIVITY_LABELS)
    rows = (
        [
            service_date,
            volunteer,
            mask_name(resident),
            community,
            activities[activity],
            round(minutes / 60, 2),
            _day(verified_at),
        ]
        for service_date, volunteer, resident, community, activity, minutes, verified_at in (
            db.session.execute(statement)
        )
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
        select(
            Pairing.id,
            User.name,
            Resident.name,
            Community.name,
            Need.service_type,
            Pairing.status,
            Pairing.confirmed_at,
            Pairing.activated_at,
            Pairing.ended_at,
        )
        .join(Volunteer, Pairing.volunteer_id == Volunteer.id)
        .join(User, User.id == Volunteer.user_id)
        .join(Need, Pairing.need_id == Need.id)
        .join(Resident, Need.resident_id == Resident.id)
        .join(Community, Community.id == Resident.community_id)
        .where(Pairing.confirmed_at < after)
        .where(or_(Pairing.ended_at.is_(None), Pairing.ended_at >= first))
        .order_by(Pairing.confirmed_at, Pairing.id)
    )
    statement = _scoped(statement, user, Resident.community_id)
    services, statuses = _texts(SERVICE_LABELS), _texts(PAIRING_STATUS_LABELS)
    rows = (
        [
            pairing_id,
            volunteer,
            mask_name(resident),
            community,
            services[service],
            statuses[status],
            _day(confirmed_at),
            _day(activated_at),
            _day(ended_at),
        ]
        for (
            pairing_id,
            volunteer,
            resident,
            community,
            service,
            status,
            confirmed_at,
            activated_at,
            ended_at,
        ) in db.session.execute(statement)
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
    donor = aliased(User)
    statement = (
        wishes_visible_to(user)  # joins the wish's resident, and keeps to the user's scope
        .with_only_columns(
            MicroWish.id,
            MicroWish.title,
            MicroWish.category,
            Resident.name,
            Community.name,
            MicroWish.status,
            MicroWish.cost_yuan,
            MicroWish.created_at,
            WishClaim.id,
            donor.name,
            WishClaim.claimed_at,
            WishClaim.confirmed_at,
        )
        .join(Community, Community.id == Resident.community_id)
        .outerjoin(WishClaim, WishClaim.id == latest)
        .outerjoin(donor, donor.id == WishClaim.donor_id)
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
    categories, statuses = _texts(CATEGORY_LABELS), _texts(WISH_STATUS_LABELS)
    rows = (
        [
            wish_id,
            title,
            categories[category],
            mask_name(resident),
            community,
            statuses[status],
            cost,
            _day(created_at),
            (donor_name if claim_id is not None else ""),
            _day(claimed_at) if claim_id is not None else None,
            _day(confirmed_at) if claim_id is not None else None,
        ]
        for (
            wish_id,
            title,
            category,
            resident,
            community,
            status,
            cost,
            created_at,
            claim_id,
            donor_name,
            claimed_at,
            confirmed_at,
        ) in db.session.execute(statement)
    )
    return headers, rows

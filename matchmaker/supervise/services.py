"""Who sees which pairing, and what the supervision dashboard lists (DESIGN §8)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as clock

from flask import abort
from sqlalchemy import Select, and_, false, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, lazyload

from ..accounts.models import Role, User
from ..accounts.permissions import community_ids_visible_to
from ..core.i18n import local_zone
from ..core.models import Event
from ..core.types import id_in_range, utcnow
from ..extensions import db
from ..match.models import Pairing, PairingStatus
from ..recruit.models import Volunteer, VolunteerStatus
from ..recruit.services import volunteer_of
from ..registry.models import Need, Resident
from .models import Incident, IncidentStatus, LogStatus, ReviewStatus, ServiceLog
from .models import SupervisionReview as Review
from .pairings import local_date
from .review_schedule import mark_overdue_reviews, schedule_reviews

#: An active pairing with no visit logged for this long raises an alert.
NO_VISIT_DAYS = 30
#: Reviews due within this many days are listed as coming up.
REVIEW_LOOKAHEAD_DAYS = 7
#: Each section of the dashboard lists at most this many rows, the most urgent first, and
#: says how many it has in all: a whole district's backlog is too long a page to read.
SECTION_CAP = 50


def _in_scope(user: User, statement: Select) -> Select:
    """Limit a statement joined to Resident to ``user``'s communities."""
    ids = community_ids_visible_to(user)
    if ids is None:
        return statement
    return statement.where(Resident.community_id.in_(sorted(ids)) if ids else false())


def staff_pairings(user: User) -> Select:
    """``select(Pairing)`` of the communities a staff member looks after."""
    return _in_scope(user, select(Pairing).join(Pairing.need).join(Need.resident))


def is_staff_for(user: User, pairing: Pairing) -> bool:
    if not user.has_role(Role.SOCIAL_WORKER, Role.ADMIN):
        return False
    ids = community_ids_visible_to(user)
    return ids is None or pairing.need.resident.community_id in ids


def is_volunteer_of(user: User, pairing: Pairing) -> bool:
    return pairing.volunteer.user_id == user.id


def is_resident_of(user: User, pairing: Pairing) -> bool:
    return pairing.need.resident.user_id == user.id


def pairing_or_404(user: User, pairing_id: int) -> Pairing:
    """The pairing if ``user`` is its volunteer, its resident or staff of its community."""
    pairing = db.session.get(Pairing, pairing_id) if id_in_range(pairing_id) else None
    if pairing is None or not (
        is_staff_for(user, pairing)
        or is_volunteer_of(user, pairing)
        or is_resident_of(user, pairing)
    ):
        abort(404)
    return pairing


def volunteer_sees_contact(pairing: Pairing) -> bool:
    """Whether the pairing's volunteer may see the resident's contact details and full name
    now (§8): while the pairing is active, the volunteer approved (not suspended) and their
    account active. Every page showing them to a volunteer asks this."""
    volunteer = pairing.volunteer
    return (
        pairing.status is PairingStatus.ACTIVE
        and volunteer.status is VolunteerStatus.APPROVED
        and volunteer.user.is_active
    )


def can_see_contact(user: User, pairing: Pairing) -> bool:
    """Staff of the community always; the volunteer only as ``volunteer_sees_contact`` says."""
    if is_staff_for(user, pairing):
        return True
    return is_volunteer_of(user, pairing) and volunteer_sees_contact(pairing)


def sees_resident_name(user: User, pairing: Pairing) -> bool:
    """The resident's full name: staff, the resident themselves, and a volunteer who sees the
    contact details; anyone else reads the masked name."""
    return is_resident_of(user, pairing) or can_see_contact(user, pairing)


def incidents_shown_to(user: User, pairing: Pairing) -> list[Incident]:
    """The pairing's incidents ``user`` may read: all of them for its staff, else only those
    ``user`` reported. A report names the other person in the pairing and may tell of their
    health or of a complaint about them, so it never reaches them (§8)."""
    incidents = incidents_of(pairing)
    if is_staff_for(user, pairing):
        return incidents
    return [incident for incident in incidents if incident.reporter_id == user.id]


def my_pairings(user: User) -> list[Pairing]:
    """A volunteer's own pairings, or a linked resident's (newest first). Staff list theirs
    filtered and paged (``pairing_list``)."""
    volunteer = volunteer_of(user)
    statement = (
        select(Pairing)
        .join(Pairing.need)
        .join(Need.resident)
        .where(
            or_(
                Pairing.volunteer_id == (volunteer.id if volunteer else 0),
                Resident.user_id == user.id,
            )
        )
    )
    return list(db.session.scalars(statement.order_by(Pairing.id.desc()).limit(200)))


def refresh_reviews(now: datetime) -> None:
    """Schedule missing reviews and mark late ones (what the nightly job also does)."""
    schedule_reviews(now)
    mark_overdue_reviews(now)


def _names_only() -> tuple:
    """Loader options, from a Pairing, for what the dashboard shows of it: its volunteer's and
    its resident's names, read with the rows (Need and Resident from the joins the scope
    already makes). The collections those models load eagerly elsewhere (skills, languages,
    roles, communities) are left unloaded: the dashboard shows none of them."""
    return (
        contains_eager(Pairing.need).options(
            lazyload(Need.skills),
            contains_eager(Need.resident).options(
                lazyload(Resident.languages), lazyload(Resident.community)
            ),
        ),
        joinedload(Pairing.volunteer).options(
            lazyload(Volunteer.skills),
            lazyload(Volunteer.languages),
            lazyload(Volunteer.community),
            joinedload(Volunteer.user).options(
                lazyload(User.role_rows), lazyload(User.communities)
            ),
        ),
    )


def _first(statement: Select, count: Select | None, *options) -> tuple[list, int]:
    """The first ``SECTION_CAP`` rows of ``statement`` (loaded with ``options``) and how many
    rows it has in all: ``count`` is asked only when the cap is reached. Without ``count``,
    every row."""
    if count is None:
        rows = db.session.execute(statement.options(*options)).all()
    else:
        rows = db.session.execute(statement.options(*options).limit(SECTION_CAP)).all()
    total = len(rows) if count is None or len(rows) < SECTION_CAP else db.session.scalar(count)
    return [tuple(row) if len(row) > 1 else row[0] for row in rows], total


def _counted(statement: Select, column) -> Select:
    """``statement``'s rows counted by ``column`` (same joins and conditions, no order)."""
    return statement.with_only_columns(func.count(column)).order_by(None)


def _logs(user: User, *states: LogStatus) -> tuple[list[ServiceLog], int]:
    """Logs in ``states``, earliest visit first (the first ``SECTION_CAP``), and how many."""
    statement = _in_scope(
        user,
        select(ServiceLog)
        .join(ServiceLog.pairing)
        .join(Pairing.need)
        .join(Need.resident)
        .where(ServiceLog.status.in_(states)),
    )
    return _first(
        statement.order_by(ServiceLog.service_date, ServiceLog.id),
        _counted(statement, ServiceLog.id),
        contains_eager(ServiceLog.pairing).options(*_names_only()),
        lazyload(ServiceLog.volunteer),
    )


@dataclass
class Dashboard:
    """What waits for a staff member: each list holds at most ``SECTION_CAP`` rows, the most
    urgent first; ``totals`` says how many each has in all (by the list's name)."""

    to_verify: list[ServiceLog]
    changes: list[ServiceLog]
    overdue: list[Review]
    due: list[Review]
    quiet: list[tuple[Pairing, object]]
    incidents: list[Incident]
    paused: list[tuple[Pairing, datetime | None]]
    totals: dict[str, int]

    @property
    def names_shown(self) -> int:
        """How many pairings the dashboard names (each with its resident's name)."""
        pairings = (
            [log.pairing for log in self.to_verify + self.changes]
            + [review.pairing for review in self.overdue + self.due]
            + [pairing for pairing, _last in self.quiet + self.paused]
            + [incident.pairing for incident in self.incidents]
        )
        return len({pairing.id for pairing in pairings})


def dashboard(user: User, now: datetime) -> Dashboard:
    """Everything waiting for ``user``'s supervision, in their communities: each section's
    ``SECTION_CAP`` most urgent rows, and how many it has in all."""
    today = local_date(now)
    sections = {
        "to_verify": _logs(user, LogStatus.SUBMITTED),
        "changes": _logs(user, LogStatus.CHANGE_REQUESTED),
    }
    reviews = _in_scope(
        user, select(Review).join(Review.pairing).join(Pairing.need).join(Need.resident)
    )
    for name, statement in (
        ("overdue", reviews.where(Review.status == ReviewStatus.OVERDUE)),
        (
            "due",
            reviews.where(
                Review.status == ReviewStatus.DUE,
                Review.due_on <= today + timedelta(days=REVIEW_LOOKAHEAD_DAYS),
            ),
        ),
    ):
        sections[name] = _first(
            statement.order_by(Review.due_on, Review.id),
            _counted(statement, Review.id),
            contains_eager(Review.pairing).options(*_names_only()),
        )
    incidents = select(Incident).join(Incident.pairing).join(Pairing.need).join(Need.resident)
    incidents = _in_scope(user, incidents).where(Incident.status == IncidentStatus.OPEN)
    # every open incident is listed: one may be someone's safety, and no other list has them
    sections["incidents"] = _first(
        incidents.order_by(Incident.reported_at, Incident.id),
        None,
        contains_eager(Incident.pairing).options(*_names_only()),
        lazyload(Incident.reporter),
    )
    quiet, longest_first = _quiet(user, now)
    sections["quiet"] = _first(
        quiet.order_by(*longest_first), _counted(quiet, Pairing.id), *_names_only()
    )
    paused, since = _paused_since(user)
    sections["paused"] = _first(
        paused.order_by(since, Pairing.id), _counted(paused, Pairing.id), *_names_only()
    )
    return Dashboard(
        **{name: rows for name, (rows, _total) in sections.items()},
        totals={name: total for name, (_rows, total) in sections.items()},
    )


def count_paused_pairings(user: User) -> int:
    """Pairings paused at a review, with no incident open (home-page queue)."""
    return db.session.scalar(_paused(user, select(func.count(Pairing.id)).select_from(Pairing)))


def _paused(user: User, statement: Select) -> Select:
    """``statement`` limited to ``user``'s suspended pairings with no incident open."""
    incident_open = (
        select(Incident.id)
        .where(Incident.pairing_id == Pairing.id, Incident.status == IncidentStatus.OPEN)
        .exists()
    )
    return _in_scope(
        user,
        statement.join(Pairing.need)
        .join(Need.resident)
        .where(Pairing.status == PairingStatus.SUSPENDED, ~incident_open),
    )


def _paused_since(user: User) -> tuple[Select, object]:
    """``select(Pairing, since)`` of ``user``'s paused pairings, and ``since``: when each was
    suspended."""
    since = (
        select(func.max(Event.at))
        .where(
            Event.subject_type == Pairing.__tablename__,
            Event.subject_id == Pairing.id,
            Event.to_state == PairingStatus.SUSPENDED.value,
        )
        .scalar_subquery()
    )
    return _paused(user, select(Pairing, since)), since


def paused_pairings(user: User) -> list[tuple[Pairing, datetime | None]]:
    """Suspended pairings with no incident open (paused at a review), with when they were
    suspended: no queue or review brings them back to a social worker, who resumes or ends
    them when the reason for the pause is settled."""
    statement, since = _paused_since(user)
    return [tuple(row) for row in db.session.execute(statement.order_by(since, Pairing.id))]


def _last_visits():
    """pairing id → the day of its last visit logged (rejected logs aside), as a subquery."""
    return (
        select(ServiceLog.pairing_id, func.max(ServiceLog.service_date).label("last"))
        .where(ServiceLog.status != LogStatus.REJECTED)
        .group_by(ServiceLog.pairing_id)
        .subquery("last_visit")
    )


def _quiet(user: User, now: datetime) -> tuple[Select, tuple]:
    """``select(Pairing, last visit or None)`` of ``user``'s active pairings with no visit
    logged in the last ``NO_VISIT_DAYS`` days: the last visit, or if none the day it became
    active (confirmed, for older rows), is before the cut-off day. With it, the order that
    puts the longest without a visit first."""
    cutoff = local_date(now) - timedelta(days=NO_VISIT_DAYS)
    #: a moment falls on a local day before the cut-off day if it is before its midnight
    cutoff_start = datetime.combine(cutoff, clock(0), tzinfo=local_zone()).astimezone(UTC)
    last = _last_visits()
    started = func.coalesce(Pairing.activated_at, Pairing.confirmed_at)
    statement = _in_scope(
        user,
        select(Pairing, last.c.last)
        .join(Pairing.need)
        .join(Need.resident)
        .outerjoin(last, last.c.pairing_id == Pairing.id)
        .where(
            Pairing.status == PairingStatus.ACTIVE,
            or_(
                last.c.last < cutoff,
                and_(last.c.last.is_(None), started < cutoff_start),
            ),
        ),
    )
    return statement, (func.coalesce(last.c.last, started), Pairing.id)


def quiet_pairings(user: User, now: datetime) -> list[tuple[Pairing, object]]:
    """Active pairings with no visit logged in the last 30 days: (pairing, last visit or None)."""
    statement, _longest_first = _quiet(user, now)
    return [tuple(row) for row in db.session.execute(statement.order_by(Pairing.id))]


def count_logs_to_verify(user: User) -> int:
    """Logs and change requests waiting for ``user``'s verification (home-page queue)."""
    statement = (
        select(func.count(ServiceLog.id))
        .join(ServiceLog.pairing)
        .join(Pairing.need)
        .join(Need.resident)
        .where(ServiceLog.status.in_((LogStatus.SUBMITTED, LogStatus.CHANGE_REQUESTED)))
    )
    return db.session.scalar(_in_scope(user, statement))


def count_open_incidents(user: User) -> int:
    """Open incidents in ``user``'s communities (home-page queue)."""
    statement = (
        select(func.count(Incident.id))
        .join(Incident.pairing)
        .join(Pairing.need)
        .join(Need.resident)
        .where(Incident.status == IncidentStatus.OPEN)
    )
    return db.session.scalar(_in_scope(user, statement))


def count_overdue_reviews(user: User, now: datetime | None = None) -> int:
    """Supervision reviews past their due date in ``user``'s communities (home-page queue):
    those marked overdue, and those still due whose day has passed before the job marked them."""
    today = local_date(now or utcnow())
    statement = (
        select(func.count(Review.id))
        .join(Review.pairing)
        .join(Pairing.need)
        .join(Need.resident)
        .where(
            or_(
                Review.status == ReviewStatus.OVERDUE,
                and_(Review.status == ReviewStatus.DUE, Review.due_on < today),
            )
        )
    )
    return db.session.scalar(_in_scope(user, statement))


def reviews_of(pairing: Pairing) -> list[Review]:
    return list(
        db.session.scalars(
            select(Review).where(Review.pairing_id == pairing.id).order_by(Review.due_on)
        )
    )


def incidents_of(pairing: Pairing) -> list[Incident]:
    return list(
        db.session.scalars(
            select(Incident).where(Incident.pairing_id == pairing.id).order_by(Incident.id)
        )
    )


def service_history(volunteer_ids: list[int]) -> dict[int, tuple[float, float]]:
    """volunteer id → (verified hours, mean visit rating or 0), for the matcher's features."""
    if not volunteer_ids:
        return {}
    counted = (LogStatus.VERIFIED, LogStatus.CHANGE_REQUESTED)
    rows = db.session.execute(
        select(
            ServiceLog.volunteer_id,
            func.sum(ServiceLog.minutes).filter(ServiceLog.status.in_(counted)),
            func.avg(ServiceLog.rating),
        )
        .where(ServiceLog.volunteer_id.in_(volunteer_ids), ServiceLog.status != LogStatus.REJECTED)
        .group_by(ServiceLog.volunteer_id)
    )
    return {vid: ((minutes or 0) / 60, float(rating or 0)) for vid, minutes, rating in rows}

"""What the supervision dashboard lists: each section's most urgent rows, and how many in all."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, lazyload

from ..accounts.models import User
from ..core.i18n import day_starts_at
from ..core.models import Event
from ..extensions import db
from ..match.models import Pairing, PairingStatus
from ..recruit.models import Volunteer
from ..registry.models import Need, Resident
from .models import Incident, IncidentStatus, LogStatus, ReviewStatus, ServiceLog
from .models import SupervisionReview as Review
from .pairings import local_date
from .review_schedule import mark_overdue_reviews, schedule_reviews
from .services import _in_scope, _paused

#: An active pairing with no visit logged for this long raises an alert.
NO_VISIT_DAYS = 30
#: Reviews due within this many days are listed as coming up.
REVIEW_LOOKAHEAD_DAYS = 7
#: Each section of the dashboard lists at most this many rows, the most urgent first, and
#: says how many it has in all: a whole district's backlog is too long a page to read.
SECTION_CAP = 50


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


def _paused_since(user: User) -> tuple[Select, object]:
    """``select(Pairing, since)`` of ``user``'s pairings paused at a review (suspended, no
    incident open), and ``since``: when each was suspended. No queue or review brings them
    back to a social worker, who resumes or ends them when the reason for the pause is
    settled: the dashboard lists them."""
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
    cutoff_start = day_starts_at(cutoff)
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

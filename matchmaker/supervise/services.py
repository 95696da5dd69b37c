"""Who sees which pairing, and how many of each kind wait in the home-page queues (DESIGN §8)."""

from datetime import datetime

from flask import abort
from sqlalchemy import Select, and_, false, func, or_, select

from ..accounts.models import Role, User
from ..accounts.permissions import community_ids_visible_to
from ..core.types import id_in_range, utcnow
from ..extensions import db
from ..match.models import Pairing, PairingStatus
from ..recruit.models import VolunteerStatus
from ..recruit.services import volunteer_of
from ..registry.models import Need, Resident
from .models import Incident, IncidentStatus, LogStatus, ReviewStatus, ServiceLog
from .models import SupervisionReview as Review
from .pairings import local_date


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

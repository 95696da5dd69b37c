"""Recruit rules: applying, editing a profile, and the social worker's review (DESIGN §3.1)."""

from datetime import datetime

from sqlalchemy import Select, func, select

from ..accounts.models import Role, User
from ..accounts.permissions import community_ids_visible_to
from ..accounts.places import Community
from ..core import availability as av
from ..core.events import record_change, record_creation, transition
from ..core.types import Gender, utcnow
from ..extensions import db
from ..notify.services import notify, notify_staff
from .catalogue import Language, Skill
from .models import BackgroundCheck, Volunteer, VolunteerStatus

#: The privacy terms a volunteer agrees to; bump when templates/core/privacy.html changes.
PRIVACY_TERMS_VERSION = "2026-11"

#: Profile fields whose change alters matching; changing them on an approved profile is an event.
MATCHING_FIELDS = (
    "community",
    "skills",
    "languages",
    "availability",
    "radius_km",
    "gender",
    "capacity",
)


class NotReviewable(Exception):
    """The reviewer does not look after this volunteer's community."""


def volunteer_of(user: User) -> Volunteer | None:
    return db.session.scalar(select(Volunteer).where(Volunteer.user_id == user.id))


def apply(user: User, *, consent_at: datetime | None = None, **profile) -> Volunteer:
    """Create ``user``'s application (state ``applied``) and grant the volunteer role.

    :param profile: community, skills, languages, availability (mask), radius_km, gender,
        capacity, background_check_consent.
    """
    volunteer = Volunteer(
        user=user,
        privacy_terms_version=PRIVACY_TERMS_VERSION,
        privacy_consented_at=consent_at or utcnow(),
        **profile,
    )
    user.grant(Role.VOLUNTEER)
    db.session.add(volunteer)
    db.session.flush()
    record_creation(volunteer, by=user, why="application submitted")
    return volunteer


def update_profile(volunteer: Volunteer, *, by: User, **profile) -> list[str]:
    """Change a profile; returns the names of the matching fields that changed.

    On an approved profile each such change is recorded as an event (the history shows what
    matching used before); a profile waiting for more information goes back to the queue.
    """
    before = describe_matching_fields(volunteer)
    for name, value in profile.items():
        setattr(volunteer, name, value)
    if volunteer.privacy_consented_at is None:  # imported: the form's consent is the first
        volunteer.privacy_terms_version = PRIVACY_TERMS_VERSION
        volunteer.privacy_consented_at = utcnow()
    db.session.flush()
    after = describe_matching_fields(volunteer)
    changed = [name for name in MATCHING_FIELDS if before[name] != after[name]]
    if changed and volunteer.status is VolunteerStatus.APPROVED:
        why = "; ".join(f"{name}: {before[name]} → {after[name]}" for name in changed)
        record_change(volunteer, by=by, why=f"profile changed: {why}")
    if volunteer.status is VolunteerStatus.MORE_INFO:
        transition(volunteer, VolunteerStatus.APPLIED, by=by, why="profile updated")
    return changed


def describe_matching_fields(volunteer: Volunteer) -> dict[str, str]:
    """The matching fields as plain text, for comparing and for the event's reason."""
    return {
        "community": volunteer.community.full_name if volunteer.community else "",
        "skills": "、".join(s.name for s in volunteer.skills),
        "languages": "、".join(lang.name for lang in volunteer.languages),
        "availability": av.describe_zh(volunteer.availability or 0),
        "radius_km": f"{volunteer.radius_km:g} km",
        "gender": volunteer.gender.value if volunteer.gender else "",
        "capacity": str(volunteer.capacity),
    }


def volunteers_visible_to(user: User) -> Select:
    """Volunteers whose records ``user`` may see as staff (scope of DESIGN §8)."""
    statement = select(Volunteer)
    scope = community_ids_visible_to(user)
    if scope is not None:
        statement = statement.where(Volunteer.community_id.in_(scope))
    return statement


def community_in_scope(user: User, community_id: int) -> bool:
    scope = community_ids_visible_to(user)
    return scope is None or community_id in scope


def count_waiting_applications(user: User) -> int:
    """Applications in ``user``'s communities waiting for a decision."""
    statement = volunteers_visible_to(user).where(Volunteer.status == VolunteerStatus.APPLIED)
    return db.session.scalar(select(func.count()).select_from(statement.subquery()))


def can_review(user: User, volunteer: Volunteer) -> bool:
    """Social workers review volunteers of their communities; admins review all."""
    return user.has_role(Role.SOCIAL_WORKER, Role.ADMIN) and community_in_scope(
        user, volunteer.community_id
    )


def decide(volunteer: Volunteer, decision: VolunteerStatus, *, by: User, reason: str = "") -> None:
    """Approve, reject or ask for more information (a reason is required for the last two).

    :raises NotReviewable: if ``by`` does not look after the volunteer's community.
    :raises ValueError: if rejecting or asking for information without a reason.
    :raises InvalidTransition: if the application is not waiting for a decision.
    """
    if not can_review(by, volunteer):
        raise NotReviewable(volunteer.id)
    if decision is not VolunteerStatus.APPROVED and not reason.strip():
        raise ValueError("a reason is required")
    transition(volunteer, decision, by=by, why=reason.strip())
    volunteer.status_reason = reason.strip()
    notify(volunteer.user, f"application_{decision.value}", link="/volunteers/me", reason=reason)
    db.session.flush()


def set_background_check(volunteer: Volunteer, result: BackgroundCheck, *, by: User) -> None:
    """Record the background check; only a passed check allows home visits."""
    if not can_review(by, volunteer):
        raise NotReviewable(volunteer.id)
    if volunteer.background_check is result:
        return
    previous = volunteer.background_check
    volunteer.background_check = result
    db.session.flush()
    record_change(volunteer, by=by, why=f"background check: {previous.value} → {result.value}")


#: Why a suspended volunteer's waiting proposals were withdrawn (translated at display).
SUSPENDED_PROPOSALS_REASON = "volunteer suspended"


def _staff_reason(by: User, volunteer: Volunteer, reason: str) -> str:
    if not can_review(by, volunteer):
        raise NotReviewable(volunteer.id)
    if not reason.strip():
        raise ValueError("a reason is required")
    return reason.strip()


def suspend(volunteer: Volunteer, *, by: User, reason: str) -> int:
    """Suspend an approved volunteer: no longer matched, and cannot offer help on the board.

    Their proposals still waiting for a decision are withdrawn; their open pairings stay
    for the social workers to end or keep on /supervise, and the social workers of each
    pairing's resident are told. The volunteer is told why; while suspended they no longer
    see a resident's contact details (supervise.services.volunteer_sees_contact).

    :returns: how many proposals were withdrawn.
    :raises NotReviewable: if ``by`` does not look after the volunteer's community.
    :raises ValueError: without a reason.
    :raises InvalidTransition: unless approved (:class:`StaleTransition` when a colleague
        changed the state first).
    """
    from ..match.withdrawals import withdraw_volunteer_proposals  # match builds on recruit

    reason = _staff_reason(by, volunteer, reason)
    transition(volunteer, VolunteerStatus.SUSPENDED, by=by, why=reason)
    volunteer.status_reason = reason
    withdrawn = withdraw_volunteer_proposals(volunteer.id, by=by, why=SUSPENDED_PROPOSALS_REASON)
    notify(volunteer.user, "volunteer_suspended", link="/volunteers/me", reason=reason)
    notify_staff_of_open_pairings(volunteer, "volunteer_suspended_in_pairing", by=by)
    db.session.flush()
    return withdrawn


def notify_staff_of_open_pairings(volunteer: Volunteer, kind: str, *, by: User) -> None:
    """Tell the social workers of the resident's community of each of ``volunteer``'s open
    pairings (but ``by``, who knows): they may not be those of the volunteer's community. The
    text names the pairing only, never the resident (notify.kinds)."""
    from ..match.models import OPEN_PAIRING_STATES, Pairing  # match builds on recruit

    pairings = db.session.scalars(
        select(Pairing)
        .where(Pairing.volunteer_id == volunteer.id, Pairing.status.in_(OPEN_PAIRING_STATES))
        .order_by(Pairing.id)
    )
    for pairing in pairings:
        notify_staff(
            pairing.need.resident.community_id,
            kind,
            link=f"/supervise/pairings/{pairing.id}",
            besides=by,
            pairing=pairing.id,
        )


def reinstate(volunteer: Volunteer, *, by: User, reason: str) -> None:
    """Approve a suspended volunteer again (matched from the next run on); they are told why.

    :raises NotReviewable: if ``by`` does not look after the volunteer's community.
    :raises ValueError: without a reason.
    :raises InvalidTransition: unless suspended (or a colleague changed the state first).
    """
    reason = _staff_reason(by, volunteer, reason)
    transition(volunteer, VolunteerStatus.APPROVED, by=by, why=reason)
    volunteer.status_reason = reason
    notify(volunteer.user, "volunteer_reinstated", link="/volunteers/me", reason=reason)
    db.session.flush()


def open_pairings_count(volunteer: Volunteer) -> int:
    """The volunteer's pairings not yet ended (waiting for training, in progress, suspended)."""
    from ..match.models import OPEN_PAIRING_STATES, Pairing  # match builds on recruit

    return db.session.scalar(
        select(func.count(Pairing.id)).where(
            Pairing.volunteer_id == volunteer.id, Pairing.status.in_(OPEN_PAIRING_STATES)
        )
    )


def is_matchable(volunteer: Volunteer) -> bool:
    """Only approved volunteers are matched (DESIGN §12)."""
    return volunteer.status is VolunteerStatus.APPROVED


def active_skills() -> list[Skill]:
    return list(
        db.session.scalars(select(Skill).where(Skill.active).order_by(Skill.position, Skill.id))
    )


def active_languages() -> list[Language]:
    return list(
        db.session.scalars(
            select(Language).where(Language.active).order_by(Language.position, Language.id)
        )
    )


def all_communities() -> list[Community]:
    return list(db.session.scalars(select(Community).order_by(Community.street_id, Community.id)))


GENDERS = (Gender.FEMALE, Gender.MALE)

"""From the database to the engine's plain records, and the scorer in force."""

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import Select, select

from ..accounts.models import User, UserStatus
from ..core.types import utcnow
from ..extensions import db
from ..recruit.models import Volunteer, VolunteerStatus
from ..registry.models import Need, NeedStatus, Resident, ResidentStatus, Urgency
from .features import FEATURES
from .models import Pairing, PairingStatus, Proposal, ProposalStatus, ScorerModel, ScorerStatus
from .records import NeedRecord, VolunteerRecord

URGENCY_LEVEL = {Urgency.NORMAL: 0, Urgency.HIGH: 1, Urgency.URGENT: 2}


def open_needs(community_ids: set[int] | None) -> list[Need]:
    """Open needs of active residents, in ``community_ids`` (None: everywhere)."""
    statement = (
        select(Need)
        .join(Need.resident)
        .where(Need.status == NeedStatus.OPEN, Resident.status == ResidentStatus.ACTIVE)
    )
    if community_ids is not None:
        statement = statement.where(Resident.community_id.in_(sorted(community_ids)))
    return list(db.session.scalars(statement.order_by(Need.id)))


def with_room(statement: Select) -> Select:
    """``statement`` (over Volunteer) limited to approved volunteers with room for another
    pairing (they may serve any community), whose account is not disabled."""
    return statement.join(User, User.id == Volunteer.user_id).where(
        Volunteer.status == VolunteerStatus.APPROVED,
        Volunteer.open_pairings < Volunteer.capacity,
        User.status == UserStatus.ACTIVE,
    )


def available_volunteers() -> list[Volunteer]:
    """The volunteers matching may propose (``with_room``)."""
    return list(db.session.scalars(with_room(select(Volunteer)).order_by(Volunteer.id)))


def need_record(need: Need, now=None) -> NeedRecord:
    now = now or utcnow()
    resident = need.resident
    lat, lon = resident.location
    opened = need.opened_at or need.created_at
    return NeedRecord(
        id=need.id,
        lat=lat,
        lon=lon,
        community_id=resident.community_id,
        skills=frozenset(s.id for s in need.skills),
        availability=need.availability,
        home_visit=need.home_visit,
        gender_preference=need.gender_preference.value if need.gender_preference else None,
        urgency=URGENCY_LEVEL[need.urgency],
        waiting_days=max(0.0, (now - opened).total_seconds() / 86400),
        disability_category=resident.disability_category.value,
        languages=frozenset(lang.id for lang in resident.languages),
    )


def volunteer_record(volunteer: Volunteer) -> VolunteerRecord:
    """Hours, ratings, past outcomes, courses and interest are filled in by the ``with_…``
    functions below."""
    lat, lon = volunteer.location
    return VolunteerRecord(
        id=volunteer.id,
        lat=lat,
        lon=lon,
        community_id=volunteer.community_id,
        radius_km=volunteer.radius_km,
        skills=frozenset(s.id for s in volunteer.skills),
        availability=volunteer.availability,
        gender=volunteer.gender.value if volunteer.gender else None,
        free_capacity=max(0, volunteer.capacity - volunteer.open_pairings),
        background_checked=volunteer.can_take_home_visits,
        languages=frozenset(lang.id for lang in volunteer.languages),
    )


def current_scorer():
    """The promoted model if it was trained on today's feature list, else the prior (§12)."""
    from .scoring import LearnedScorer, PriorScorer, is_compatible

    model = db.session.scalar(
        select(ScorerModel)
        .where(ScorerModel.status == ScorerStatus.PROMOTED)
        .order_by(ScorerModel.trained_at.desc(), ScorerModel.id.desc())
    )
    if model is not None and is_compatible(model.feature_names):
        return LearnedScorer.from_bytes(model.blob, version=model.version)
    return PriorScorer()


__all__ = [
    "FEATURES",
    "available_volunteers",
    "with_room",
    "current_scorer",
    "need_record",
    "open_needs",
    "volunteer_record",
]


def with_interest(records: dict[int, VolunteerRecord]) -> dict[int, VolunteerRecord]:
    """The records with the open needs each volunteer offered to help on (the needs board)."""
    from ..board.services import interest_by_volunteer

    interest = interest_by_volunteer(list(records))
    return _filled(records, {vid: {"interest": needs} for vid, needs in interest.items()})


def with_service_history(records: dict[int, VolunteerRecord]) -> dict[int, VolunteerRecord]:
    """The records with verified hours and mean visit rating filled in (DESIGN §4)."""
    from ..supervise.services import service_history

    history = service_history(list(records))
    return _filled(
        records,
        {
            vid: {"verified_hours": hours, "mean_rating": rating}
            for vid, (hours, rating) in history.items()
        },
    )


def with_required_courses(
    needs: list[Need], records: dict[int, NeedRecord]
) -> dict[int, NeedRecord]:
    """The need records with the courses a pairing on each requires (DESIGN §3 step 4)."""
    from ..train.services import required_course_ids

    required = required_course_ids(needs)
    return _filled(records, {nid: {"courses": courses} for nid, courses in required.items()})


def with_declined(records: dict[int, NeedRecord]) -> dict[int, NeedRecord]:
    """The need records with the volunteers not to propose for them again: rejected for the
    need by a social worker, or paired with it before (that pairing ended)."""
    rejected = select(Proposal.need_id, Proposal.volunteer_id).where(
        Proposal.status == ProposalStatus.REJECTED
    )
    ended = select(Pairing.need_id, Pairing.volunteer_id).where(
        Pairing.status == PairingStatus.ENDED
    )
    declined: dict[int, set[int]] = {}
    for statement in (rejected, ended):
        open_only = statement.join(Need).where(Need.status == NeedStatus.OPEN)
        if len(records) <= 100:  # a page asking about a few needs reads only theirs
            open_only = open_only.where(Need.id.in_(sorted(records)))
        for need_id, volunteer_id in db.session.execute(open_only):
            if need_id in records:
                declined.setdefault(need_id, set()).add(volunteer_id)
    return _filled(records, {nid: {"declined": frozenset(v)} for nid, v in declined.items()})


def with_courses_done(records: dict[int, VolunteerRecord]) -> dict[int, VolunteerRecord]:
    """The volunteer records with the courses each has completed."""
    from ..train.services import completions_of

    done = completions_of(list(records))
    return _filled(records, {vid: {"courses_done": courses} for vid, courses in done.items()})


#: a pairing that has held this long counts as a success (``category_success``, training)
LASTED = timedelta(days=90)


def lasted(confirmed_at: datetime | None, ended_at: datetime | None, now: datetime) -> bool | None:
    """Whether a pairing held for ``LASTED`` from its confirmation: True or False, or None
    while it is open and younger than that (or there is no pairing)."""
    if confirmed_at is None:
        return None
    if (ended_at or now) - confirmed_at >= LASTED:
        return True
    return False if ended_at is not None else None


def past_outcomes(volunteer_ids: list[int], now: datetime) -> dict[int, dict[str, float]]:
    """volunteer id → {disability category: share of their pairings with it that lasted}.

    A pairing lasted when it held for ``LASTED`` from its confirmation (ended later, or still
    open); one that ended sooner did not; one younger than that has no outcome yet and is
    not counted. Volunteers without an outcome in any category are left out.
    """
    rows = db.session.execute(
        select(
            Pairing.volunteer_id,
            Resident.disability_category,
            Pairing.confirmed_at,
            Pairing.ended_at,
        )
        .join(Need, Pairing.need_id == Need.id)
        .join(Resident, Need.resident_id == Resident.id)
        .where(Pairing.volunteer_id.in_(volunteer_ids))
    )
    counts: dict[int, dict[str, list[int]]] = {}
    for volunteer_id, category, confirmed_at, ended_at in rows:
        outcome = lasted(confirmed_at, ended_at, now)
        if outcome is None:
            continue
        tally = counts.setdefault(volunteer_id, {}).setdefault(category.value, [0, 0])
        tally[0] += outcome
        tally[1] += 1
    return {
        vid: {category: held / known for category, (held, known) in by_category.items()}
        for vid, by_category in counts.items()
    }


def with_past_outcomes(
    records: dict[int, VolunteerRecord], now: datetime | None = None
) -> dict[int, VolunteerRecord]:
    """The volunteer records with their pairings' outcomes per disability category."""
    outcomes = past_outcomes(list(records), now or utcnow())
    return _filled(records, {vid: {"category_success": shares} for vid, shares in outcomes.items()})


def _filled(records: dict, fields: dict[int, dict]) -> dict:
    """The records with ``fields[id]`` set on those whose id it holds (the rest unchanged)."""
    return {i: replace(r, **fields[i]) if i in fields else r for i, r in records.items()}

"""A pairing in any state, with its resident, volunteer and social worker, for these tests."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from matchmaker.core.events import record_creation
from matchmaker.core.types import utcnow
from matchmaker.extensions import db
from matchmaker.match.models import Pairing, PairingStatus
from matchmaker.registry.models import NeedStatus
from matchmaker.supervise.logs import LogValues, create_log, verify_log
from matchmaker.supervise.models import Activity
from tests.factories import (
    CommunityFactory,
    NeedFactory,
    ResidentFactory,
    UserFactory,
    VolunteerFactory,
)

#: "Now" for these tests; the web pages use the real clock, so the dates here follow it.
NOW = utcnow()
#: Today where the federation is (Config.BABEL_DEFAULT_TIMEZONE). Pages read the real clock,
#: which may pass midnight during a run: page tests put "future" dates two days ahead.
TODAY = NOW.astimezone(ZoneInfo("Asia/Shanghai")).date()


def make_pairing(
    status: PairingStatus = PairingStatus.ACTIVE,
    *,
    activated: datetime | None = None,
    community=None,
    volunteer=None,
    **resident_fields,
):
    """A pairing of a fresh resident (with a linked account) and volunteer in ``community``."""
    community = community or CommunityFactory(name="文三社区")
    resident_user = UserFactory(roles=["resident"], name="王秀英")
    resident = ResidentFactory(community=community, user_id=resident_user.id, **resident_fields)
    need = NeedFactory(resident=resident, status=NeedStatus.MATCHED)
    volunteer = volunteer or VolunteerFactory(
        approved=True, community=community, user__name="李志愿"
    )
    volunteer.open_pairings += 1
    pairing = Pairing(
        need_id=need.id,
        volunteer_id=volunteer.id,
        status=status,
        confirmed_at=(activated or NOW) - timedelta(days=3),
        activated_at=None
        if status is PairingStatus.CONFIRMED
        else (activated or NOW - timedelta(days=90)),
    )
    db.session.add(pairing)
    db.session.flush()
    record_creation(pairing)
    db.session.commit()
    return pairing


def log_visit(pairing, day: date, start="09:00", end="11:00", *, verified_by=None, now=NOW):
    values = LogValues(day, time.fromisoformat(start), time.fromisoformat(end), Activity.VISIT)
    log = create_log(pairing, values, by=pairing.volunteer.user, now=now)
    if verified_by is not None:
        verify_log(log, by=verified_by, now=now)
    db.session.commit()
    return log


def pause_at_review(pairing, by, *, risks="时间冲突", actions="", satisfaction=2):
    """The pairing's supervision review, recorded with the outcome "pause": it is suspended."""
    from matchmaker.supervise.models import Outcome
    from matchmaker.supervise.reviews import record_review

    return record_review(
        pairing,
        by=by,
        satisfaction=satisfaction,
        risks=risks,
        actions=actions,
        outcome=Outcome.PAUSE,
        now=NOW,
    )

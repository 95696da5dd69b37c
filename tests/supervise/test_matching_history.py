"""Verified hours and residents' ratings feed the matcher's experience and rating features."""

import math
from datetime import timedelta

import pytest

from matchmaker.core import availability as av
from matchmaker.match.models import PairingStatus
from matchmaker.match.services import run_matching
from matchmaker.registry.models import DisabilityCategory
from matchmaker.supervise.logs import rate_log
from tests.factories import (
    CommunityFactory,
    NeedFactory,
    ResidentFactory,
    SkillFactory,
    UserFactory,
    VolunteerFactory,
)
from tests.supervise.builders import NOW, TODAY, log_visit, make_pairing


def _neighbourhood(capacity: int):
    """(community, skill, free slots, its social worker, a volunteer with that skill)."""
    home = CommunityFactory(name="文三社区", lat=30.279, lon=120.141)
    escort = SkillFactory(name="陪同出行", name_en="Escorting")
    slots = av.mask_from_slots([3, 9])
    worker = UserFactory(roles=["social_worker"], communities=[home])
    volunteer = VolunteerFactory(
        approved=True, community=home, skills=[escort], capacity=capacity, availability=slots
    )
    return home, escort, slots, worker, volunteer


def test_experience_and_past_rating_come_from_service_logs(db):
    home, escort, slots, worker, volunteer = _neighbourhood(capacity=2)
    pairing = make_pairing(community=home, volunteer=volunteer)
    first = log_visit(pairing, TODAY - timedelta(days=9), "09:00", "11:00", verified_by=worker)
    log_visit(pairing, TODAY - timedelta(days=2), "09:00", "11:00", verified_by=worker)
    log_visit(pairing, TODAY - timedelta(days=1), "09:00", "12:00")  # not verified: no hours
    rate_log(first, 4, by=worker, now=NOW)
    need = NeedFactory(
        resident=ResidentFactory(community=home), open=True, skills=[escort], availability=slots
    )
    _run, proposals = run_matching(community_ids=None, by=worker, dry_run=True)
    mine = next(p for p in proposals if p.need_id == need.id and p.volunteer_id == volunteer.id)
    assert mine.features["experience"] == pytest.approx(math.log1p(4) / math.log1p(1500))
    assert mine.features["past_rating"] == pytest.approx(0.8)


def _pairing_held(volunteer, home, category, *, days, ended=True):
    """A pairing of ``volunteer`` with a resident of ``category``, confirmed ``days`` before
    NOW and ended at NOW (or still active)."""
    pairing = make_pairing(
        PairingStatus.ENDED if ended else PairingStatus.ACTIVE,
        community=home,
        volunteer=volunteer,
        disability_category=category,
    )
    pairing.confirmed_at = NOW - timedelta(days=days)
    pairing.ended_at = NOW if ended else None
    return pairing


def test_category_success_is_the_share_of_past_pairings_with_that_disability_that_lasted(db):
    home, escort, slots, worker, volunteer = _neighbourhood(capacity=9)
    hearing, visual = DisabilityCategory.HEARING, DisabilityCategory.VISUAL
    _pairing_held(volunteer, home, hearing, days=200)  # lasted, then ended
    _pairing_held(volunteer, home, hearing, days=120, ended=False)  # still going: lasted
    _pairing_held(volunteer, home, hearing, days=30)  # ended within a month
    _pairing_held(volunteer, home, hearing, days=10, ended=False)  # too young to tell
    _pairing_held(volunteer, home, visual, days=40)
    db.session.commit()
    asks = {
        category: NeedFactory(
            resident=ResidentFactory(community=home, disability_category=category),
            open=True,
            skills=[escort],
            availability=slots,
        )
        for category in (hearing, visual, DisabilityCategory.PHYSICAL)
    }
    _run, proposals = run_matching(community_ids=None, by=worker, dry_run=True)
    success = {
        category: next(p for p in proposals if p.need_id == need.id).features["category_success"]
        for category, need in asks.items()
    }
    assert success[hearing] == pytest.approx(2 / 3)
    assert success[visual] == 0  # its one pairing ended after 40 days
    assert success[DisabilityCategory.PHYSICAL] == 0  # no past pairing with it
    # The explanation says it in words.
    hearing_proposal = next(p for p in proposals if p.need_id == asks[hearing].id)
    assert "以往服务同类残疾人的结对 67% 持续 90 天以上" in hearing_proposal.explanation_zh

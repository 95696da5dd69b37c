"""Verified hours and residents' ratings feed the matcher's experience and rating features."""

import math
from datetime import timedelta

import pytest

from matchmaker.core import availability as av
from matchmaker.match.services import run_matching
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


def test_experience_and_past_rating_come_from_service_logs(db):
    home = CommunityFactory(name="文三社区", lat=30.279, lon=120.141)
    escort = SkillFactory(name="陪同出行", name_en="Escorting")
    slots = av.mask_from_slots([3, 9])
    worker = UserFactory(roles=["social_worker"], communities=[home])
    volunteer = VolunteerFactory(
        approved=True, community=home, skills=[escort], capacity=2, availability=slots
    )
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

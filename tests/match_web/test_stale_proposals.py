"""Closing or changing a need withdraws the proposals still waiting for it (recorded), so a
social worker no longer sees a volunteer proposed for what the need asked before; the
proposals of other needs are left as they are."""

import pytest
from sqlalchemy import select

from matchmaker.core import availability as av
from matchmaker.core.events import history
from matchmaker.match.models import Proposal, ProposalStatus
from matchmaker.registry.models import Need
from matchmaker.registry.need_edits import edit_need
from matchmaker.registry.services import save_resident
from tests.conftest import csrf_from
from tests.factories import CommunityFactory, NeedFactory, ResidentFactory
from tests.match_web.test_proposals import run_matching
from tests.registry.test_needs import need_form


@pytest.fixture
def two_needs(client, auth, db, city):
    """The city's need and a second one in the same community, both with proposals."""
    other = NeedFactory(
        resident=ResidentFactory(community=city["home"], name="赵桂兰"),
        open=True,
        skills=[city["escort"]],
        availability=av.mask_from_slots([3]),
    )
    auth.login(city["worker"].email)
    run_matching(client)
    need = city["need"]
    assert _waiting(db, need) and _waiting(db, other)
    return need, other


def _waiting(db, need) -> list[int]:
    return db.session.scalars(
        select(Proposal.id)
        .where(Proposal.need_id == need.id, Proposal.status == ProposalStatus.PROPOSED)
        .order_by(Proposal.id)
    ).all()


def _on_the_proposals_page(client, proposal_ids) -> set[int]:
    page = client.get("/match/proposals").get_data(as_text=True)
    return {p for p in proposal_ids if f"/match/proposals/{p}/confirm" in page}


def _post(client, url, data, page_url):
    return client.post(url, data={**data, "csrf_token": csrf_from(client.get(page_url))})


def test_closing_a_need_withdraws_its_waiting_proposals(client, db, city, two_needs):
    need, other = two_needs
    stale, kept = _waiting(db, need), _waiting(db, other)
    assert _on_the_proposals_page(client, stale + kept) == set(stale + kept)
    response = _post(
        client, f"/needs/{need.id}/close", {"reason": "已由家属照顾"}, f"/needs/{need.id}"
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert _on_the_proposals_page(client, stale + kept) == set(kept)
    for proposal_id in stale:
        proposal = db.session.get(Proposal, proposal_id)
        assert proposal.status is ProposalStatus.WITHDRAWN
        last = history(proposal)[-1]
        assert (last.from_state, last.to_state, last.reason, last.actor_id) == (
            "proposed",
            "withdrawn",
            "need closed",
            city["worker"].id,
        )
    assert _waiting(db, other) == kept  # another need's proposals are untouched


def test_changing_what_matching_reads_withdraws_them(client, db, city, two_needs):
    need, other = two_needs
    stale, kept = _waiting(db, need), _waiting(db, other)
    response = _post(
        client,
        f"/needs/{need.id}/edit",
        need_form(skills=[str(city["escort"].id)], availability=["sat-morning"]),
        f"/needs/{need.id}/edit",
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert _on_the_proposals_page(client, stale + kept) == set(kept)
    reasons = {history(db.session.get(Proposal, p))[-1].reason for p in stale}
    assert reasons == {"need edited: availability, gender_preference, home_visit, urgency"}
    assert _waiting(db, other) == kept
    # The next run proposes afresh for the need as it is now.
    run_matching(client)
    assert _waiting(db, db.session.get(Need, need.id)) != stale


def test_changing_only_the_notes_leaves_them(db, city, two_needs):
    need, other = two_needs
    before = _waiting(db, need)
    assert edit_need(need, by=city["worker"], notes="请带伞") == ["notes"]
    assert _waiting(db, need) == before


def test_a_resident_made_inactive_has_their_needs_proposals_withdrawn(client, db, city, two_needs):
    need, other = two_needs
    stale, kept = _waiting(db, need), _waiting(db, other)
    resident = need.resident
    response = _post(
        client,
        f"/residents/{resident.id}/inactive",
        {"reason": "moved", "note": ""},
        f"/residents/{resident.id}",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    assert _on_the_proposals_page(client, stale + kept) == set(kept)
    assert {history(db.session.get(Proposal, p))[-1].reason for p in stale} == {"resident inactive"}


def test_moving_a_resident_to_another_community_withdraws_them(db, city, two_needs):
    need, other = two_needs
    resident = need.resident
    save_resident(
        resident,
        by=city["worker"],
        community=CommunityFactory(),
        languages=list(resident.languages),
        consented=True,
    )
    assert _waiting(db, need) == []
    assert _waiting(db, other)

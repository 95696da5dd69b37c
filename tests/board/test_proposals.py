"""Interest feeds the scorer and shows on the proposals page; it never confirms anything."""

from sqlalchemy import select

from matchmaker.board import services
from matchmaker.match.models import Pairing, Proposal
from matchmaker.match.services import run_matching
from matchmaker.registry.models import NeedStatus
from tests.factories import VolunteerFactory


def test_proposals_page_marks_volunteers_who_offered_help(client, auth, board, db):
    volunteer, need = board["volunteer"], board["escort_1"]
    silent = VolunteerFactory(
        approved=True,
        community=board["home"],
        skills=[board["escort"]],
        user__name="周安静",
        availability=volunteer.availability,
    )
    services.offer_help(need, volunteer, by=volunteer.user)
    db.session.commit()
    run_matching(community_ids=None, by=board["worker"])
    db.session.commit()
    proposals = db.session.scalars(select(Proposal).where(Proposal.need_id == need.id)).all()
    by_volunteer = {p.volunteer_id: p for p in proposals}
    assert by_volunteer[volunteer.id].features["interest"] == 1
    assert by_volunteer[silent.id].features["interest"] == 0
    # Otherwise equal, the volunteer who offered is proposed first.
    assert by_volunteer[volunteer.id].rank == 0
    assert by_volunteer[volunteer.id].score > by_volunteer[silent.id].score

    auth.login(board["worker"].email)
    html = client.get("/match/proposals").get_data(as_text=True)
    assert "在需求公示板上主动报名的志愿者：" in html and "李志愿" in html
    section = html[html.index(f'id="proposal-{by_volunteer[volunteer.id].id}"') :]
    assert "志愿者主动报名" in section[: section.index("</h3>")]
    # Interest decided nothing: no pairing, the need is still open.
    assert db.session.scalar(select(Pairing)) is None
    assert db.session.get(type(need), need.id).status is NeedStatus.OPEN


def test_a_suspended_volunteers_offers_of_help_are_not_listed_to_staff(board, db):
    from matchmaker.recruit.services import suspend

    volunteer, need = board["volunteer"], board["escort_1"]
    services.offer_help(need, volunteer, by=volunteer.user)
    db.session.commit()
    assert services.interested_volunteers([need.id]) == {need.id: [volunteer]}
    suspend(volunteer, by=board["worker"], reason="投诉待查")
    db.session.commit()
    assert services.interested_volunteers([need.id]) == {}

"""A disabled account's volunteer is never proposed, and loses the proposals waiting for
them; the social workers of their open pairings are told (accounts' effect on matching)."""

from sqlalchemy import select

from matchmaker.accounts.services import set_active
from matchmaker.core.events import history
from matchmaker.match.loading import available_volunteers
from matchmaker.match.models import Proposal, ProposalStatus
from tests.conftest import csrf_from
from tests.factories import (
    CommunityFactory,
    NeedFactory,
    ResidentFactory,
    SkillFactory,
    UserFactory,
    VolunteerFactory,
    propose,
)
from tests.notify.helpers import kinds_of, only_notice, text_in
from tests.supervise.builders import make_pairing


def test_a_disabled_accounts_volunteer_is_not_a_candidate(db):
    kept = VolunteerFactory(approved=True)
    gone = VolunteerFactory(approved=True)
    set_active(gone.user, False, by=UserFactory(roles=["admin"]), why="本人申请注销")
    db.session.commit()
    assert [v.id for v in available_volunteers()] == [kept.id]


def test_disabled_then_re_enabled_the_volunteer_is_proposed_again(client, auth, db):
    home = CommunityFactory(name="文三社区")
    escort = SkillFactory(name="陪同出行")
    NeedFactory(resident=ResidentFactory(community=home), open=True, skills=[escort])
    volunteer = VolunteerFactory(approved=True, community=home, skills=[escort])
    worker = UserFactory(roles=["social_worker"], communities=[home])
    admin = UserFactory(roles=["admin"])
    set_active(volunteer.user, False, by=admin, why="本人申请注销")
    db.session.commit()
    auth.login(worker.email)
    client.set_cookie("mm_locale", "en")

    def run():
        token = csrf_from(client.get("/match/proposals"))
        return client.post("/match/run", data={"csrf_token": token}, follow_redirects=True)

    page = run().get_data(as_text=True)
    assert "No approved volunteer has room for another pairing right now." in page
    set_active(volunteer.user, True, by=admin)
    db.session.commit()
    run()
    assert db.session.scalars(select(Proposal.volunteer_id)).all() == [volunteer.id]


def test_disabling_withdraws_waiting_proposals_and_tells_the_staff_of_open_pairings(db):
    pairing = make_pairing()
    volunteer = pairing.volunteer
    home = pairing.need.resident.community
    worker = UserFactory(roles=["social_worker"], communities=[home])
    elsewhere = UserFactory(roles=["social_worker"], communities=[CommunityFactory()])
    other_need = NeedFactory(resident=ResidentFactory(community=home), open=True)
    volunteer.capacity = 3
    proposal = propose(other_need, volunteer)
    admin = UserFactory(roles=["admin"])

    set_active(volunteer.user, False, by=admin, why="本人申请注销")
    db.session.commit()
    assert proposal.status is ProposalStatus.WITHDRAWN
    assert history(proposal)[-1].reason == "volunteer's account disabled"
    notice = only_notice("volunteer_account_disabled")
    assert notice.user_id == worker.id and notice.link == f"/supervise/pairings/{pairing.id}"
    assert f"结对 {pairing.id} 的志愿者账号已被管理员停用" in text_in(notice, "zh")
    assert kinds_of(elsewhere) == [] and kinds_of(admin) == []

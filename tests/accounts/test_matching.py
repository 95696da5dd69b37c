"""A disabled account's volunteer is never proposed (accounts' effect on matching)."""

from sqlalchemy import select

from matchmaker.accounts.services import set_active
from matchmaker.match.loading import available_volunteers
from matchmaker.match.models import Proposal
from tests.conftest import csrf_from
from tests.factories import (
    CommunityFactory,
    NeedFactory,
    ResidentFactory,
    SkillFactory,
    UserFactory,
    VolunteerFactory,
)


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

"""A suspended volunteer no longer sees the contact details of the residents they are paired
with, on any page, until reinstated (DESIGN §8); the social workers of each resident are told
of the suspension, though another social worker decided it."""

import pytest

from matchmaker.accounts.models import UserStatus
from matchmaker.match.models import PairingStatus
from matchmaker.recruit.models import VolunteerStatus
from matchmaker.supervise.services import can_see_contact, volunteer_sees_contact
from tests.conftest import csrf_from
from tests.factories import CommunityFactory, UserFactory, VolunteerFactory
from tests.notify.helpers import assert_names_no_resident, kinds_of, only_notice, text_in
from tests.supervise.builders import make_pairing

NAME, PHONE, ADDRESS = "王秀英", "13612345678", "文三路99号3单元502室"
GUARDIAN_PHONE = "13987654321"


@pytest.fixture
def setting(db):
    """A volunteer of one community paired with a resident of another: the social worker who
    reviews the volunteer is not the resident's."""
    own = CommunityFactory(name="古荡社区")
    home = CommunityFactory(name="文三社区")
    volunteer = VolunteerFactory(approved=True, community=own, user__name="李志愿")
    pairing = make_pairing(
        community=home,
        volunteer=volunteer,
        name=NAME,
        phone=PHONE,
        address=ADDRESS,
        guardian_name="王建国",
        guardian_phone=GUARDIAN_PHONE,
    )
    reviewer = UserFactory(roles=["social_worker"], communities=[own], name="周社工")
    residents_worker = UserFactory(roles=["social_worker"], communities=[home], name="陈社工")
    return {
        "pairing": pairing,
        "volunteer": volunteer,
        "reviewer": reviewer,
        "residents_worker": residents_worker,
    }


def _change(client, auth, setting, action: str, reason: str):
    auth.login(setting["reviewer"].email)
    url = f"/recruit/volunteers/{setting['volunteer'].id}"
    token = csrf_from(client.get(url))
    response = client.post(f"{url}/{action}", data={"reason": reason, "csrf_token": token})
    assert response.status_code == 302
    auth.logout()


def _volunteers_pages(client, auth, setting) -> dict[str, str]:
    auth.login(setting["volunteer"].user.email)
    pages = {
        address: client.get(address).get_data(as_text=True)
        for address in (
            f"/supervise/pairings/{setting['pairing'].id}",
            "/train/me",
            "/supervise/pairings",
        )
    }
    auth.logout()
    return pages


def _shown(page: str) -> set[str]:
    return {secret for secret in (NAME, PHONE, ADDRESS, GUARDIAN_PHONE) if secret in page}


def test_suspended_the_volunteer_sees_no_contact_details_until_reinstated(
    client, auth, db, setting
):
    pairing_page, me, listing = _volunteers_pages(client, auth, setting).values()
    assert _shown(pairing_page) == _shown(me) == {NAME, PHONE, ADDRESS, GUARDIAN_PHONE}
    assert NAME in listing

    _change(client, auth, setting, "suspend", "督导回访期间暂停")
    pairing_page, me, listing = _volunteers_pages(client, auth, setting).values()
    assert _shown(pairing_page) == _shown(me) == _shown(listing) == set()
    assert "王**" in pairing_page and "王**" in me and "王**" in listing
    notice = "您的志愿者资格已被暂停：在社工恢复您的资格之前，服务对象的电话和住址不再显示。"
    assert notice in pairing_page and notice in me

    _change(client, auth, setting, "reinstate", "回访完成")
    pairing_page, me, listing = _volunteers_pages(client, auth, setting).values()
    assert _shown(pairing_page) == _shown(me) == {NAME, PHONE, ADDRESS, GUARDIAN_PHONE}
    assert NAME in listing and notice not in pairing_page


def test_the_suspension_in_english(client, auth, db, setting):
    _change(client, auth, setting, "suspend", "暂停服务")
    auth.login(setting["volunteer"].user.email)
    client.set_cookie("mm_locale", "en")
    page = client.get(f"/supervise/pairings/{setting['pairing'].id}").get_data(as_text=True)
    assert "Your volunteer status is suspended: the resident’s phone and address are hidden" in page
    assert PHONE not in page


def test_the_residents_social_workers_are_told_of_the_suspension(client, auth, db, setting):
    pairing, residents_worker = setting["pairing"], setting["residents_worker"]
    ended = make_pairing(community=pairing.need.resident.community, volunteer=setting["volunteer"])
    ended.status = PairingStatus.ENDED
    db.session.commit()
    _change(client, auth, setting, "suspend", "督导回访期间暂停")

    notice = only_notice("volunteer_suspended_in_pairing")  # the ended pairing: no notice
    assert notice.user_id == residents_worker.id
    assert notice.link == f"/supervise/pairings/{pairing.id}"
    assert f"社工暂停了结对 {pairing.id} 的志愿者的资格" in text_in(notice, "zh")
    assert f"suspended the volunteer of pairing {pairing.id}" in text_in(notice, "en")
    assert_names_no_resident(notice, pairing.need.resident)
    assert "督导回访期间暂停" not in text_in(notice, "zh")  # the reason is the volunteer's
    assert kinds_of(setting["reviewer"]) == []  # who suspended knows already

    auth.login(residents_worker.email)
    inbox = client.get("/inbox").get_data(as_text=True)
    assert f"社工暂停了结对 {pairing.id} 的志愿者的资格" in inbox


def test_the_deciding_social_worker_is_not_told_twice(client, auth, db, setting):
    setting["reviewer"].communities.append(setting["pairing"].need.resident.community)
    db.session.commit()
    _change(client, auth, setting, "suspend", "督导回访期间暂停")
    assert kinds_of(setting["reviewer"]) == []
    assert kinds_of(setting["residents_worker"]) == ["volunteer_suspended_in_pairing"]


def test_the_rule_itself(db, setting):
    pairing, volunteer = setting["pairing"], setting["volunteer"]
    user, staff = volunteer.user, setting["residents_worker"]
    assert volunteer_sees_contact(pairing) and can_see_contact(user, pairing)
    volunteer.status = VolunteerStatus.SUSPENDED
    assert not volunteer_sees_contact(pairing) and not can_see_contact(user, pairing)
    assert can_see_contact(staff, pairing)
    volunteer.status = VolunteerStatus.APPROVED
    user.status = UserStatus.DISABLED  # an account disabled: its sessions end, and so does this
    assert not volunteer_sees_contact(pairing) and not can_see_contact(user, pairing)

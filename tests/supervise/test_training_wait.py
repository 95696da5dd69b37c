"""A pairing waiting for training tells its volunteer when they are booked on the course it
waits for, instead of sending them to enrol again."""

from zoneinfo import ZoneInfo

from matchmaker.core.types import utcnow
from matchmaker.extensions import db as _db
from matchmaker.match.models import PairingStatus
from matchmaker.train import enrolment
from tests.factories import VolunteerFactory
from tests.supervise.builders import make_pairing
from tests.train import helpers

ENROL_LINK = '<a href="/train/me">到“我的培训”报名培训场次</a>'


def local(session) -> str:
    return session.starts_at.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")


def test_a_booked_volunteer_is_told_when_not_sent_to_enrol(db, client, auth):
    etiquette = helpers.course("助残服务礼仪", title_en="Basic etiquette")
    pairing = make_pairing(PairingStatus.CONFIRMED)
    sitting = helpers.session(etiquette, pairing.need.resident.community)
    auth.login(pairing.volunteer.user.email)
    page = client.get(f"/supervise/pairings/{pairing.id}").get_data(as_text=True)
    assert ENROL_LINK in page  # not booked yet: go and enrol

    enrolment.enrol(pairing.volunteer, sitting, now=utcnow())
    _db.session.commit()
    page = client.get(f"/supervise/pairings/{pairing.id}").get_data(as_text=True)
    assert "志愿者完成助残服务礼仪后，结对即开始服务。" in page
    assert f"您已报名助残服务礼仪，场次时间为 {local(sitting)}。" in page
    assert ENROL_LINK not in page
    client.set_cookie("mm_locale", "en")
    english = client.get(f"/supervise/pairings/{pairing.id}").get_data(as_text=True)
    assert f"You are enrolled for Basic etiquette, on {local(sitting)}." in english

    # The resident is not told about the volunteer's training.
    auth.logout()
    client.set_cookie("mm_locale", "zh_CN")
    auth.login(pairing.need.resident.user.email)
    page = client.get(f"/supervise/pairings/{pairing.id}").get_data(as_text=True)
    assert "志愿者完成助残服务礼仪后" in page and "您已报名" not in page


def test_a_waiting_list_place_and_a_course_still_to_book(db, client, auth):
    etiquette = helpers.course("助残服务礼仪", title_en="Basic etiquette")
    helpers.course("急救常识", title_en="First aid")
    pairing = make_pairing(PairingStatus.CONFIRMED)
    full = helpers.session(etiquette, pairing.need.resident.community, capacity=1)
    enrolment.enrol(VolunteerFactory(approved=True), full, now=utcnow())
    place = enrolment.enrol(pairing.volunteer, full, now=utcnow())
    _db.session.commit()
    assert place.status.value == "waitlisted"
    auth.login(pairing.volunteer.user.email)
    page = client.get(f"/supervise/pairings/{pairing.id}").get_data(as_text=True)
    assert f"您在助残服务礼仪的候补名单上，场次时间为 {local(full)}。" in page
    assert ENROL_LINK in page  # first aid is not booked: the link stays

"""A volunteer sees the resident's phone and address only while their pairing is active."""

from matchmaker.core.events import transition
from matchmaker.core.types import utcnow
from matchmaker.match.models import PairingStatus
from matchmaker.train.models import CompletionMethod
from matchmaker.train.services import record_completion
from tests.factories import VolunteerFactory
from tests.train import helpers

PHONE, ADDRESS = "13612345678", "文三路158号3幢402室"


def _my_page(client, auth, volunteer):
    auth.login(volunteer.user.email)
    return client.get("/train/me").get_data(as_text=True)


def test_before_activation_the_missing_course_shows_and_contacts_do_not(client, auth, db, world):
    basic = helpers.course()
    helpers.session(basic, world["home"])
    helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    page = _my_page(client, auth, world["volunteer"])
    assert "完成以下课程后结对即生效" in page and "助残服务礼仪" in page
    assert "报名" in page  # a session to enrol in, right there
    assert "王**" in page
    assert "王秀英" not in page and PHONE not in page and ADDRESS not in page


def test_while_active_the_volunteer_sees_name_phone_and_address(client, auth, db, world):
    basic = helpers.course()
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    record_completion(world["volunteer"], basic, CompletionMethod.IMPORT, by=None, now=utcnow())
    db.session.commit()
    db.session.refresh(pairing)
    assert pairing.status is PairingStatus.ACTIVE
    page = _my_page(client, auth, world["volunteer"])
    assert "已生效" in page
    assert "王秀英" in page and PHONE in page and ADDRESS in page


def test_after_the_pairing_ends_the_contacts_are_gone(client, auth, db, world):
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    assert pairing.status is PairingStatus.ACTIVE  # no course required
    assert PHONE in _my_page(client, auth, world["volunteer"])
    transition(pairing, PairingStatus.ENDED, by=world["worker"], why="moved away")
    db.session.commit()
    page = client.get("/train/me").get_data(as_text=True)
    assert PHONE not in page and ADDRESS not in page and "王秀英" not in page


def test_another_volunteer_never_sees_them(client, auth, db, world):
    helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    page = _my_page(client, auth, VolunteerFactory(approved=True))
    assert PHONE not in page and "王秀英" not in page and "您还没有结对" in page


def test_the_catalogue_and_course_pages_show_no_resident(client, auth, db, world):
    basic = helpers.course()
    helpers.session(basic, world["home"])
    helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    for address in ("/train/courses", f"/train/courses/{basic.id}"):
        page = client.get(address).get_data(as_text=True)
        assert "王秀英" not in page and "王**" not in page
        assert PHONE not in page and ADDRESS not in page

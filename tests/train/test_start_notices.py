"""The resident's account hears when a volunteer is found and when visits can start; the
volunteer gets one notice when the pairing is active at once, not "confirmed" then "active"."""

from matchmaker.core.types import utcnow
from matchmaker.extensions import db
from matchmaker.match.models import PairingStatus
from matchmaker.train.models import CompletionMethod
from matchmaker.train.services import record_completion
from tests.factories import UserFactory
from tests.notify.helpers import assert_names_no_resident, kinds_of, only_notice, text_in
from tests.train import helpers


def _linked(world):
    resident = world["resident"]
    resident.user_id = UserFactory(roles=["resident"]).id
    db.session.commit()
    return resident.user


def test_a_trained_volunteers_pairing_starts_at_once_and_both_are_told_once(world):
    account = _linked(world)
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    assert pairing.status is PairingStatus.ACTIVE
    assert kinds_of(world["volunteer"].user) == ["pairing_activated"]
    assert kinds_of(account) == ["resident_pairing_activated"]
    notice = only_notice("resident_pairing_activated")
    assert notice.link == f"/supervise/pairings/{pairing.id}"
    assert "志愿者现在可以看到您的电话和地址" in text_in(notice, "zh")
    assert_names_no_resident(notice, world["resident"])


def test_the_resident_hears_when_the_volunteer_is_found_then_when_visits_start(world):
    account = _linked(world)
    etiquette = helpers.course()
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    assert pairing.status is PairingStatus.CONFIRMED
    assert kinds_of(world["volunteer"].user) == ["pairing_confirmed"]
    assert kinds_of(account) == ["resident_pairing_confirmed"]
    assert "完成您的求助所需的培训后即开始服务" in text_in(
        only_notice("resident_pairing_confirmed"), "zh"
    )

    record_completion(world["volunteer"], etiquette, CompletionMethod.QUIZ, by=None, now=utcnow())
    db.session.commit()
    assert pairing.status is PairingStatus.ACTIVE
    assert kinds_of(account) == ["resident_pairing_confirmed", "resident_pairing_activated"]
    assert kinds_of(world["volunteer"].user) == ["pairing_confirmed", "pairing_activated"]


def test_a_resident_without_an_account_is_simply_not_told(world):
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    assert pairing.need.resident.user is None
    assert kinds_of(world["volunteer"].user) == ["pairing_activated"]


def test_a_suspended_volunteers_pairing_starts_without_telling_anyone_visits_can_start(world):
    from matchmaker.recruit.services import suspend

    account = _linked(world)
    etiquette = helpers.course()
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    suspend(world["volunteer"], by=world["worker"], reason="等待核实投诉")
    record_completion(world["volunteer"], etiquette, CompletionMethod.QUIZ, by=None, now=utcnow())
    db.session.commit()
    assert pairing.status is PairingStatus.ACTIVE
    assert "pairing_activated" not in kinds_of(world["volunteer"].user)
    assert kinds_of(account) == ["resident_pairing_confirmed"]

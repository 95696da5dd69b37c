"""People are told when what they wait for is decided: a resident's own request for help and
micro-wish, a donor's delivery and offer. Only the winner of a decision tells anyone."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from matchmaker.accounts.models import User
from matchmaker.core.events import StaleTransition
from matchmaker.extensions import db
from matchmaker.offers import services as offers
from matchmaker.offers.models import OfferStatus
from matchmaker.registry import services as registry
from matchmaker.registry.models import NeedStatus, ServiceType
from matchmaker.registry.status import mark_inactive
from matchmaker.wishes import claims
from matchmaker.wishes import services as wishes
from matchmaker.wishes.models import ClaimStatus, WishClaim, WishStatus
from tests.conftest import csrf_from
from tests.factories import CommunityFactory, ResidentFactory, UserFactory
from tests.notify.helpers import (
    assert_names_no_resident,
    decided_meanwhile,
    inbox_seen_by,
    kinds_of,
    notices,
    only_notice,
    text_in,
)
from tests.offers.conftest import make_offer
from tests.wishes.conftest import make_wish


@pytest.fixture
def place(db):
    """A community, its social worker, and a resident whose own account is linked."""
    community = CommunityFactory()
    worker = UserFactory(roles=["social_worker"], communities=[community], name="陈社工")
    account = UserFactory(roles=["resident"], name="王秀英")
    resident = ResidentFactory(community=community, user=account, name="王秀英")
    return {"community": community, "worker": worker, "resident": resident, "account": account}


def _request(place):
    need = registry.submit_need(
        place["resident"], by=place["account"], service_type=ServiceType.ESCORT, notes="复诊"
    )
    db.session.commit()
    return need


# -- a resident's own request for help -------------------------------------------------------


def test_a_resident_is_told_their_request_was_accepted(client, auth, place):
    need = _request(place)
    registry.open_need(need, by=place["worker"])
    db.session.commit()
    notice = only_notice("request_opened")
    assert notice.user_id == place["account"].id and notice.link == "/needs/mine"
    inbox = inbox_seen_by(client, auth, place["account"])
    assert "提交的求助申请已受理，社工将为您寻找志愿者" in inbox
    assert 'href="/needs/mine"' in inbox and client.get("/needs/mine").status_code == 200
    assert_names_no_resident(notice, place["resident"])
    assert kinds_of(place["worker"]) == []


def test_a_resident_reads_why_their_request_was_turned_down(client, auth, place):
    need = _request(place)
    auth.login(place["worker"].email)
    staff_page = client.get(f"/needs/{need.id}")
    response = client.post(
        f"/needs/{need.id}/reject",
        data={"csrf_token": csrf_from(staff_page), "reason": "本社区暂无此项服务"},
    )
    assert response.status_code == 302
    again = client.post(
        f"/needs/{need.id}/reject",
        data={"csrf_token": csrf_from(staff_page), "reason": "重复"},
    )
    assert again.status_code == 409  # refused: nothing more is sent
    notice = only_notice("request_turned_down")
    assert notice.user_id == place["account"].id
    inbox = inbox_seen_by(client, auth, place["account"])
    assert "提交的求助申请未被受理：本社区暂无此项服务" in inbox
    assert "重复" not in inbox
    assert_names_no_resident(notice, place["resident"])


def test_opening_a_need_staff_entered_tells_nobody(place):
    need = registry.create_need(
        place["resident"], by=place["worker"], open_now=False, service_type=ServiceType.ESCORT
    )
    registry.open_need(need, by=place["worker"])
    db.session.commit()
    assert notices() == []


def test_a_review_that_lost_the_race_tells_nobody(place):
    need = _request(place)
    decided_meanwhile(need, NeedStatus.CLOSED)
    with pytest.raises(StaleTransition):
        registry.open_need(need, by=place["worker"])
    assert notices() == []
    db.session.rollback()


# -- a resident's own micro-wish --------------------------------------------------------------


def test_a_resident_is_told_their_wish_was_published_in_their_language(client, auth, place):
    place["account"].locale = "en"
    wish = make_wish("submitted", resident=place["resident"], title="收音机")
    wishes.publish_wish(wish, by=place["worker"])
    db.session.commit()
    notice = only_notice("wish_published")
    assert notice.user_id == place["account"].id
    inbox = inbox_seen_by(client, auth, place["account"])
    assert "Your micro-wish “收音机” was published: donors can now see it and claim it." in inbox
    assert client.get(notice.link).status_code == 200
    assert text_in(notice, "zh") == "您的微心愿“收音机”已发布，爱心人士现在可以看到并认领。"
    assert_names_no_resident(notice, place["resident"])


def test_a_resident_reads_why_their_wish_was_turned_down(client, auth, place):
    wish = make_wish("submitted", resident=place["resident"], title="收音机")
    wishes.reject_wish(wish, by=place["worker"], why="已有其他渠道解决")
    db.session.commit()
    notice = only_notice("wish_rejected")
    assert notice.user_id == place["account"].id and notice.link == f"/wishes/mine#wish-{wish.id}"
    inbox = inbox_seen_by(client, auth, place["account"])
    assert "您的微心愿“收音机”未通过审核，暂不发布：已有其他渠道解决" in inbox
    assert_names_no_resident(notice, place["resident"])


def test_a_wish_staff_drafted_has_nobody_to_tell(place):
    wish = make_wish("draft", resident=place["resident"], worker=place["worker"])
    wishes.publish_wish(wish, by=place["worker"])
    db.session.commit()
    assert notices() == []


def test_wishes_turned_down_with_an_inactive_record_tell_nobody(place):
    make_wish("submitted", resident=place["resident"])
    mark_inactive(place["resident"], by=place["worker"], why="迁出本区")
    db.session.commit()
    assert notices() == []


def test_a_wish_review_that_lost_the_race_tells_nobody(place):
    wish = make_wish("submitted", resident=place["resident"])
    decided_meanwhile(wish, WishStatus.REJECTED)
    with pytest.raises(StaleTransition):
        wishes.publish_wish(wish, by=place["worker"])
    assert notices() == []
    db.session.rollback()


# -- the donor's delivery, confirmed ----------------------------------------------------------


def test_the_donor_is_told_their_delivery_was_confirmed(client, auth, place):
    donor = UserFactory(roles=["donor"])
    make_wish("fulfilled", resident=place["resident"], worker=place["worker"], donor=donor)
    claim = db.session.scalar(select(WishClaim))
    notice = only_notice("wish_fulfilled")
    assert notice.user_id == donor.id
    inbox = inbox_seen_by(client, auth, donor)
    assert "社工已确认您送达的微心愿“轮椅减压坐垫”，该心愿已实现。感谢您的爱心！" in inbox
    # straight to that claim's card, among all the donor's claims
    assert notice.link == f"/wishes/mine#claim-{claim.id}"
    assert f'id="claim-{claim.id}"' in client.get(notice.link).get_data(as_text=True)
    assert_names_no_resident(notice, place["resident"])
    assert "wish_fulfilled" not in kinds_of(place["account"])  # theirs says something else


def test_a_confirmation_that_lost_the_race_tells_nobody(place):
    donor = UserFactory(roles=["donor"])
    make_wish("delivered", resident=place["resident"], worker=place["worker"], donor=donor)
    claim = db.session.scalar(select(WishClaim))
    decided_meanwhile(claim, ClaimStatus.HELD)  # a colleague found it not received
    with pytest.raises(StaleTransition):
        claims.confirm_delivery(claim, by=place["worker"], note="已送达")
    assert "wish_fulfilled" not in kinds_of(donor)
    db.session.rollback()


# -- the resident's wish, claimed, fulfilled or open again ------------------------------------


def test_a_resident_hears_their_wish_was_claimed_then_fulfilled_and_is_asked_to_thank(
    client, auth, place
):
    wish = make_wish(
        "fulfilled", resident=place["resident"], worker=place["worker"], title="收音机"
    )
    assert kinds_of(place["account"]) == ["wish_taken_up", "wish_fulfilled_for_you"]
    inbox = inbox_seen_by(client, auth, place["account"])
    assert "有爱心人士认领了您的微心愿“收音机”，社工会与您约定送达事宜。" in inbox
    assert "您的微心愿“收音机”已确认送达。您可以在“我的微心愿”页面给爱心人士留言致谢。" in inbox
    fulfilled = only_notice("wish_fulfilled_for_you")
    assert fulfilled.link == f"/wishes/mine#wish-{wish.id}"  # that wish's card, with its form
    mine = client.get(fulfilled.link).get_data(as_text=True)
    assert f'id="wish-{wish.id}"' in mine
    assert "发送感谢" in mine  # the thanks form of the fulfilled wish
    for notice in (only_notice("wish_taken_up"), fulfilled):
        assert notice.user_id == place["account"].id
        assert_names_no_resident(notice, place["resident"])
    assert text_in(fulfilled, "en") == (
        "The delivery of your micro-wish “收音机” is confirmed. You can thank the donor on "
        "your micro-wishes page."
    )


def test_a_released_and_a_lapsed_claim_tell_the_resident_the_wish_is_open_again(place):
    wish = make_wish("claimed", resident=place["resident"], worker=place["worker"])
    [claim] = wish.claims
    claims.release_claim(claim, by=db.session.get(User, claim.donor_id))
    db.session.commit()
    assert kinds_of(place["account"]) == ["wish_taken_up", "wish_open_again"]

    claims.claim_wish(wish, donor=UserFactory(roles=["donor"]))
    db.session.commit()
    later = datetime.now(UTC) + timedelta(days=60)
    assert claims.lapse_overdue_claims(later) == 1
    assert claims.lapse_overdue_claims(later) == 0  # the job ran twice: told once
    db.session.commit()
    assert kinds_of(place["account"]) == ["wish_taken_up", "wish_open_again"] * 2
    assert text_in(notices()[-1], "zh") == (
        "认领您微心愿“轮椅减压坐垫”的爱心人士未能完成；该心愿已重新开放给其他爱心人士认领。"
    )


def test_a_claim_that_lost_the_race_tells_the_resident_nothing(place):
    wish = make_wish("published", resident=place["resident"], worker=place["worker"])
    donor = UserFactory(roles=["donor"])
    assert wish.status is WishStatus.PUBLISHED  # as this donor's page showed it
    decided_meanwhile(wish, WishStatus.CLAIMED)  # another donor's click landed first
    with pytest.raises(StaleTransition):
        claims.claim_wish(wish, donor=donor)
    assert kinds_of(place["account"]) == []
    db.session.rollback()


def test_a_resident_without_an_account_has_nobody_to_tell(place):
    unlinked = ResidentFactory(community=place["community"], user=None)
    make_wish("fulfilled", resident=unlinked, worker=place["worker"])
    assert not [n for n in notices() if n.kind.startswith(("wish_taken", "wish_fulfilled_for"))]


# -- a donor's offer ---------------------------------------------------------------------------


def test_a_donor_is_told_their_offer_was_approved(client, auth, place):
    donor = UserFactory(roles=["donor"])
    offer = make_offer(donor, title="助行器")
    offers.approve_offer(offer, by=place["worker"])
    db.session.commit()
    notice = only_notice("offer_approved")
    assert notice.user_id == donor.id and notice.link == f"/offers/{offer.id}"
    inbox = inbox_seen_by(client, auth, donor)
    assert "您的爱心供给“助行器”已通过审核，已在爱心供给页面展示。" in inbox
    assert client.get(notice.link).status_code == 200


def test_a_donor_reads_why_their_offer_was_turned_down_and_may_open_it(client, auth, place):
    donor = UserFactory(roles=["donor"])
    offer = make_offer(donor, title="旧轮椅")
    auth.login(place["worker"].email)
    page = client.get(f"/offers/{offer.id}")
    data = {"csrf_token": csrf_from(page), "reason": "物品已无法正常使用"}
    assert client.post(f"/offers/{offer.id}/reject", data=data).status_code == 302
    assert client.post(f"/offers/{offer.id}/approve", data=data).status_code == 409
    notice = only_notice("offer_rejected")
    assert [n.kind for n in notices()] == ["offer_rejected"]
    inbox = inbox_seen_by(client, auth, donor)
    assert "您的爱心供给“旧轮椅”未通过审核：物品已无法正常使用" in inbox
    assert client.get(notice.link).status_code == 200  # a rejected offer is still theirs


def test_an_offer_review_that_lost_the_race_tells_nobody(place):
    offer = make_offer(title="助行器")
    decided_meanwhile(offer, OfferStatus.REJECTED)
    with pytest.raises(StaleTransition):
        offers.approve_offer(offer, by=place["worker"])
    assert notices() == []
    db.session.rollback()

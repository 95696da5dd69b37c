"""Texts a donor reads (thanks, why a delivery went back) never carry the resident's numbers."""

from sqlalchemy import select

from matchmaker.extensions import db as _db
from matchmaker.notify.models import Notification
from matchmaker.wishes.models import ClaimStatus, WishClaim
from tests.factories import ResidentFactory, UserFactory
from tests.wishes.conftest import make_wish


def _body(response) -> str:
    return response.get_data(as_text=True)


def _told_donor(claim: WishClaim, kind: str) -> int:
    return len(
        _db.session.scalars(
            select(Notification).where(
                Notification.user_id == claim.donor_id, Notification.kind == kind
            )
        ).all()
    )


def test_a_resident_cannot_send_the_donor_their_phone_number(client, auth, post):
    resident = ResidentFactory(user=UserFactory(roles=["resident"]))
    claim = make_wish("fulfilled", resident=resident).current_claim
    auth.login(resident.user.email)
    mine = _body(client.get("/wishes/mine"))
    assert "爱心人士会读到这段话" in mine  # said before anything is typed
    typed = "谢谢您！有事打我电话 138 1234 5678"
    refused = post(
        f"/wishes/claims/{claim.id}/thanks",
        {f"t{claim.id}-message": typed},
        page_url="/wishes/mine",
    )
    body = _body(refused)
    assert refused.status_code == 422
    assert "请删去其中的电话或身份证号（138 1234 5678）" in body
    assert typed in body  # what was typed is kept, to be edited
    _db.session.expire_all()
    assert not _db.session.get(WishClaim, claim.id).thanks
    assert _told_donor(claim, "wish_thanked") == 0
    sent = post(
        f"/wishes/claims/{claim.id}/thanks",
        {f"t{claim.id}-message": "谢谢您！坐垫很好用。"},
        page_url="/wishes/mine",
    )
    assert sent.status_code == 302
    assert _told_donor(claim, "wish_thanked") == 1
    thanked = _db.session.scalars(select(Notification).where(Notification.kind == "wish_thanked"))
    assert thanked.one().link == f"/wishes/mine#claim-{claim.id}"  # the card showing the thanks


def test_staff_cannot_put_an_id_number_in_the_thanks_they_pass_on(client, login_as, post):
    wish = make_wish("fulfilled")
    claim = wish.current_claim
    login_as("social_worker", communities=[wish.resident.community])
    client.set_cookie("mm_locale", "en")
    manage = f"/wishes/{wish.id}/manage"
    refused = post(
        f"/wishes/claims/{claim.id}/thanks",
        {"message": "Thanks from Wang, ID 330106198001011234"},
        page_url=manage,
    )
    assert refused.status_code == 422
    assert "take out the phone or ID number (330106198001011234)" in _body(refused)
    _db.session.expire_all()
    assert not _db.session.get(WishClaim, claim.id).thanks


def test_a_delivery_sent_back_names_no_number_of_the_resident(client, login_as, post):
    wish = make_wish("delivered")
    claim = wish.current_claim
    login_as("social_worker", communities=[wish.resident.community])
    page = f"/wishes/{wish.id}/manage"
    assert "爱心人士会读到这段话" in _body(client.get(page))
    url = f"/wishes/claims/{claim.id}/not-received"
    refused = post(url, {"not-received-reason": "请打 0571-8765 4321 与家属联系"}, page_url=page)
    assert refused.status_code == 422
    assert "（0571-8765 4321）" in _body(refused)
    _db.session.expire_all()
    assert _db.session.get(WishClaim, claim.id).status is ClaimStatus.DELIVERED
    assert _told_donor(claim, "delivery_not_received") == 0
    sent = post(url, {"not-received-reason": "家属说还没收到"}, page_url=page)
    assert sent.status_code == 302
    assert _told_donor(claim, "delivery_not_received") == 1

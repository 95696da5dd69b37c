"""Fifty donors claim one wish at the same moment: one claim, forty-nine clear answers; thanks
sent twice at once are left, and told, once."""

from sqlalchemy import func, select

from matchmaker.notify.models import Notification
from matchmaker.wishes.models import MicroWish, WishClaim, WishStatus
from tests.factories import ResidentFactory, UserFactory
from tests.live import logged_in_opener, post_at_once
from tests.wishes.conftest import make_wish

DONORS = 50


def donor_session(base: str, login: str, wish_id: int):
    opener, page, token = logged_in_opener(base, login, f"/wishes/{wish_id}")
    assert f'action="/wishes/{wish_id}/claim"' in page
    return opener, token


def test_fifty_simultaneous_claims_leave_one(live_server, db):
    wish = make_wish("published")
    donors = [UserFactory(roles=["donor"]) for _ in range(DONORS)]
    sessions = [donor_session(live_server, d.email, wish.id) for d in donors]
    outcomes = post_at_once(
        f"{live_server}/wishes/{wish.id}/claim",
        [(opener, {"csrf_token": token}) for opener, token in sessions],
    )
    codes = sorted(code for code, _ in outcomes)
    assert codes == [302] + [409] * (DONORS - 1), codes
    assert all("该心愿已被认领" in text for code, text in outcomes if code == 409)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(WishClaim.id))) == 1
    assert db.session.get(MicroWish, wish.id).status is WishStatus.CLAIMED


def test_thanks_sent_twice_at_once_reach_the_donor_once(live_server, db):
    account = UserFactory(roles=["resident"])
    wish = make_wish("fulfilled", resident=ResidentFactory(user=account))
    claim = wish.current_claim
    opener, page, token = logged_in_opener(live_server, account.email, "/wishes/mine")
    address = f"{live_server}/wishes/claims/{claim.id}/thanks"
    assert f'action="/wishes/claims/{claim.id}/thanks"' in page
    form = {"csrf_token": token, f"t{claim.id}-message": "谢谢您的帮助"}

    outcomes = post_at_once(address, [(opener, form), (opener, form)])

    assert sorted(code for code, _ in outcomes) == [302, 409], outcomes
    assert all("感谢已发送给爱心人士" in text for code, text in outcomes if code == 409)
    db.session.expire_all()
    told = select(func.count(Notification.id)).where(
        Notification.user_id == claim.donor_id, Notification.kind == "wish_thanked"
    )
    assert db.session.scalar(told) == 1
    assert db.session.get(WishClaim, claim.id).thanks == "谢谢您的帮助"

"""Two social workers link the last unit of one offer at the same moment: one link, one 409."""

from sqlalchemy import func, select

from matchmaker.offers.models import Offer, OfferLink, OfferStatus
from tests.factories import UserFactory
from tests.live import logged_in_opener, post_at_once
from tests.offers.conftest import make_offer
from tests.wishes.conftest import make_wish


def worker_session(base: str, login: str, offer_id: int):
    opener, page, token = logged_in_opener(base, login, f"/offers/{offer_id}")
    assert f'action="/offers/{offer_id}/link"' in page
    return opener, token


def test_two_workers_linking_the_last_unit_leave_one_link(live_server, db, place):
    colleague = UserFactory(roles=["social_worker"], communities=[place["community"]])
    offer = make_offer(approve_by=place["worker"], quantity=1)
    other = make_wish("published", resident=place["wish"].resident, worker=place["worker"])
    plans = [
        (worker_session(live_server, place["worker"].email, offer.id), place["wish"].id),
        (worker_session(live_server, colleague.email, offer.id), other.id),
    ]
    outcomes = post_at_once(
        f"{live_server}/offers/{offer.id}/link",
        [
            (opener, {"csrf_token": token, "target": f"wish-{wish_id}", "units": "1"})
            for (opener, token), wish_id in plans
        ],
    )
    assert sorted(code for code, _ in outcomes) == [302, 409], outcomes
    assert all("剩余不足" in text for code, text in outcomes if code == 409)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(OfferLink.id))) == 1
    stored = db.session.get(Offer, offer.id)
    assert stored.remaining == 0 and stored.status is OfferStatus.CLOSED

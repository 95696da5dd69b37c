"""Two social workers review one offer at the same moment, one approving and one turning it
down: one decision stands, and the donor is told that one only."""

import threading
import urllib.error
import urllib.parse

from sqlalchemy import select

from matchmaker.notify.models import Notification
from matchmaker.offers.models import Offer, OfferStatus
from tests.factories import CommunityFactory, UserFactory
from tests.live import logged_in_opener
from tests.offers.conftest import make_offer


def test_of_two_simultaneous_reviews_only_the_winner_tells_the_donor(live_server, db):
    community = CommunityFactory()
    first, second = (
        UserFactory(roles=["social_worker"], communities=[community]) for _ in range(2)
    )
    donor = UserFactory(roles=["donor"])
    offer = make_offer(donor, title="助行器")
    plans = [
        (first, "approve", {}),
        (second, "reject", {"reason": "物品已无法正常使用"}),
    ]
    sessions = [
        (logged_in_opener(live_server, worker.email, f"/offers/{offer.id}"), action, data)
        for worker, action, data in plans
    ]
    barrier = threading.Barrier(2)
    outcomes, lock = {}, threading.Lock()

    def decide(session, action, data):
        opener, _, token = session
        body = urllib.parse.urlencode({"csrf_token": token, **data}).encode()
        barrier.wait()
        try:
            code = opener.open(f"{live_server}/offers/{offer.id}/{action}", data=body).status
        except urllib.error.HTTPError as error:
            code = error.code
        with lock:
            outcomes[action] = code

    threads = [threading.Thread(target=decide, args=plan) for plan in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(outcomes.values()) == [302, 409], outcomes
    winner = next(action for action, code in outcomes.items() if code == 302)
    db.session.expire_all()
    stored = db.session.get(Offer, offer.id).status
    assert stored is (OfferStatus.APPROVED if winner == "approve" else OfferStatus.REJECTED)
    told = db.session.scalars(select(Notification).where(Notification.user_id == donor.id)).all()
    assert [n.kind for n in told] == [f"offer_{stored.value}"]

"""A claim held through an offer, moved by its donor or the lapse job while a social worker
links more of the offer: the paths take the claim, the wish and the offer in one order, so
one waits for the other (never a deadlock, a 500 on PostgreSQL) and the units add up.

Each test pins the interleaving that deadlocked: the first action holds its rows until the
second waits for one of them (tests.lock_waits).
"""

from datetime import timedelta

from sqlalchemy import func, select, update

from matchmaker.core.types import utcnow
from matchmaker.extensions import db as _db
from matchmaker.offers import linking
from matchmaker.offers.models import Offer, OfferLink
from matchmaker.scheduler.models import JobOutcome
from matchmaker.scheduler.runner import run_job
from matchmaker.wishes import claims
from matchmaker.wishes.models import ClaimStatus, MicroWish, WishClaim, WishStatus
from tests.live import logged_in_opener, post_at_once
from tests.lock_waits import Interleaving, in_background
from tests.offers.conftest import make_offer
from tests.wishes.conftest import make_wish

TAKEN = "该心愿刚刚被认领或已有变化"
CLAIM_MOVED = "该认领已不能这样更改"


def claimed_through(offer, wish, worker) -> WishClaim:
    """One unit of ``offer`` linked to ``wish``, which is claimed for the offer's donor."""
    linking.link_offer(offer, by=worker, wish=wish, units=1)
    _db.session.commit()
    return wish.current_claim


def overdue(*claim_rows) -> None:
    _db.session.execute(
        update(WishClaim)
        .where(WishClaim.id.in_([c.id for c in claim_rows]))
        .values(deadline=utcnow() - timedelta(days=1))
    )
    _db.session.commit()


def link_more(base, worker, offer, wish):
    """(opener, fields, address) of the worker's post linking one more unit to ``wish``."""
    opener, _, token = logged_in_opener(base, worker.email, f"/offers/{offer.id}")
    fields = {"csrf_token": token, "target": f"wish-{wish.id}", "units": "1"}
    return opener, fields, f"{base}/offers/{offer.id}/link"


def release(base, claim):
    """(opener, fields, address) of the donor's post giving ``claim`` back."""
    page = f"/wishes/claims/{claim.id}/release"
    opener, _, token = logged_in_opener(base, claim.donor.email, page)
    return opener, {"csrf_token": token}, f"{base}{page}"


def lapse_job(app):
    def run():
        with app.app_context():
            run = run_job("lapse_claims", utcnow())
            return run.outcome, run.counts

    return run


def stored(model, row_id):
    _db.session.expire_all()
    return _db.session.get(model, row_id)


def test_a_link_waits_for_the_donors_release_then_is_refused(live_server, db, place, monkeypatch):
    offer = make_offer(approve_by=place["worker"], quantity=3)
    claim = claimed_through(offer, place["wish"], place["worker"])
    linker = link_more(live_server, place["worker"], offer, place["wish"])
    giver = release(live_server, claim)
    pinned = Interleaving()
    pinned.first(monkeypatch, claims, "_return_offer_units")  # claim and wish moved
    pinned.second(monkeypatch, linking, "link_offer")

    thread, released = in_background(lambda: post_at_once(None, [giver]))
    assert pinned.holding.wait(10)
    [linked] = post_at_once(None, [linker])
    thread.join(60)

    assert [code for code, _ in released[0]] == [302]
    assert linked[0] == 409 and TAKEN in linked[1], linked
    assert stored(WishClaim, claim.id).status is ClaimStatus.RELEASED
    assert stored(MicroWish, place["wish"].id).status is WishStatus.PUBLISHED
    assert stored(Offer, offer.id).remaining == 3  # the released unit back, none taken
    assert db.session.scalar(select(func.count(OfferLink.id))) == 0


def test_a_link_waits_for_the_lapse_job_then_is_refused(app, live_server, db, place, monkeypatch):
    offer = make_offer(approve_by=place["worker"], quantity=3)
    claim = claimed_through(offer, place["wish"], place["worker"])
    overdue(claim)
    linker = link_more(live_server, place["worker"], offer, place["wish"])
    pinned = Interleaving()
    pinned.first(monkeypatch, claims, "_return_offer_units")
    pinned.second(monkeypatch, linking, "link_offer")

    thread, job = in_background(lapse_job(app))
    assert pinned.holding.wait(10)
    [linked] = post_at_once(None, [linker])
    thread.join(60)

    assert job == [(JobOutcome.OK, {"lapsed": 1})]
    assert linked[0] == 409 and TAKEN in linked[1], linked
    assert stored(WishClaim, claim.id).status is ClaimStatus.LAPSED
    assert stored(Offer, offer.id).remaining == 3
    assert db.session.scalar(select(func.count(OfferLink.id))) == 0


def test_a_release_waits_for_the_lapse_job_holding_its_offer(
    app, live_server, db, place, monkeypatch
):
    """One offer supports two of its donor's overdue claims; the donor releases the second
    while the job, done with the first, holds the offer: the job lapses both."""
    offer = make_offer(approve_by=place["worker"], quantity=3)
    other = make_wish("published", resident=place["wish"].resident, worker=place["worker"])
    first = claimed_through(offer, place["wish"], place["worker"])
    second = claimed_through(offer, other, place["worker"])
    overdue(first, second)
    giver = release(live_server, second)
    pinned = Interleaving()
    pinned.first(monkeypatch, claims, "tell_donor")  # the first claim's units given back
    pinned.second(monkeypatch, claims, "release_claim")

    thread, job = in_background(lapse_job(app))
    assert pinned.holding.wait(10)
    [released] = post_at_once(None, [giver])
    thread.join(60)

    assert job == [(JobOutcome.OK, {"lapsed": 2})]
    assert released[0] == 409 and CLAIM_MOVED in released[1], released
    assert stored(WishClaim, second.id).status is ClaimStatus.LAPSED
    assert stored(Offer, offer.id).remaining == 3
    assert db.session.scalar(select(func.count(OfferLink.id))) == 0

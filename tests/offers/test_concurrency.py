"""Races on links: two social workers link the last unit of one offer (one link, one 409); a
link and a donor's click claim one wish, or two offers are linked to it (one claim)."""

from sqlalchemy import func, select

from matchmaker.offers.models import Offer, OfferLink, OfferStatus
from matchmaker.wishes.models import ClaimStatus, MicroWish, WishClaim, WishStatus
from tests.factories import NeedFactory, UserFactory
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


def test_one_link_form_sent_twice_at_once_links_once(live_server, db, place):
    need = NeedFactory(resident=place["wish"].resident, open=True)
    offer = make_offer(approve_by=place["worker"], quantity=5)
    opener, token = worker_session(live_server, place["worker"].email, offer.id)
    form = {"csrf_token": token, "target": f"need-{need.id}", "units": "2"}
    outcomes = post_at_once(f"{live_server}/offers/{offer.id}/link", [(opener, form)] * 2)
    assert sorted(code for code, _ in outcomes) == [302, 409], outcomes
    assert all("没有重复对接" in text for code, text in outcomes if code == 409)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(OfferLink.id))) == 1
    assert db.session.get(Offer, offer.id).remaining == 3


TAKEN = "该心愿刚刚被认领或已有变化"


def test_a_link_and_a_donors_click_on_one_wish_leave_one_claim(live_server, db, place):
    """The link claims the wish for the offer's donor with the same conditional UPDATE as the
    click: one claim. If the click wins, the link fails whole (409, the offer's units kept)
    or, reading the wish after the click, supports that donor's claim."""
    offer = make_offer(approve_by=place["worker"], quantity=2)
    clicker = UserFactory(roles=["donor"])
    wish_id = place["wish"].id
    worker, worker_token = worker_session(live_server, place["worker"].email, offer.id)
    donor, page, donor_token = logged_in_opener(live_server, clicker.email, f"/wishes/{wish_id}")
    assert f'action="/wishes/{wish_id}/claim"' in page
    outcomes = post_at_once(
        None,
        [
            (
                worker,
                {"csrf_token": worker_token, "target": f"wish-{wish_id}", "units": "1"},
                f"{live_server}/offers/{offer.id}/link",
            ),
            (donor, {"csrf_token": donor_token}, f"{live_server}/wishes/{wish_id}/claim"),
        ],
    )
    codes = sorted(code for code, _ in outcomes)
    db.session.expire_all()
    [claim] = db.session.scalars(select(WishClaim)).all()
    assert claim.status is ClaimStatus.HELD
    assert db.session.get(MicroWish, wish_id).status is WishStatus.CLAIMED
    stored = db.session.get(Offer, offer.id)
    links = db.session.scalar(select(func.count(OfferLink.id)))
    if claim.donor_id == offer.donor_id:  # the link won: the click is refused
        assert codes == [302, 409], outcomes
        assert all("该心愿已被认领" in text for code, text in outcomes if code == 409)
        assert (stored.remaining, links) == (1, 1)
    elif 409 in codes:  # the click won while the link claimed: nothing of the link stays
        assert claim.donor_id == clicker.id and codes == [302, 409], outcomes
        assert all(TAKEN in text for code, text in outcomes if code == 409)
        assert (stored.remaining, links) == (2, 0)
    else:  # the click won before the link read the wish: it supports the click's claim
        assert claim.donor_id == clicker.id and codes == [302, 302], outcomes
        assert (stored.remaining, links) == (1, 1)


def test_two_offers_linked_to_one_wish_at_once_leave_one_claim(live_server, db, place):
    colleague = UserFactory(roles=["social_worker"], communities=[place["community"]])
    first = make_offer(approve_by=place["worker"], quantity=1)
    second = make_offer(approve_by=place["worker"], quantity=1)
    wish_id = place["wish"].id
    sessions = [
        (worker_session(live_server, place["worker"].email, first.id), first),
        (worker_session(live_server, colleague.email, second.id), second),
    ]
    outcomes = post_at_once(
        None,
        [
            (
                opener,
                {"csrf_token": token, "target": f"wish-{wish_id}", "units": "1"},
                f"{live_server}/offers/{offer.id}/link",
            )
            for (opener, token), offer in sessions
        ],
    )
    db.session.expire_all()
    [claim] = db.session.scalars(select(WishClaim)).all()
    winner = next(o for o in (first, second) if o.donor_id == claim.donor_id)
    loser = db.session.get(Offer, (second if winner is first else first).id)
    loser_links = db.session.scalars(select(OfferLink).where(OfferLink.offer_id == loser.id))
    if 409 in (code for code, _ in outcomes):  # the loser claimed too late: kept whole
        assert all(TAKEN in text for code, text in outcomes if code == 409), outcomes
        assert loser.remaining == 1 and loser.status is OfferStatus.APPROVED
        assert loser_links.all() == []
    else:  # the loser read the wish claimed already: it supports the winner's claim
        assert loser.remaining == 0 and len(loser_links.all()) == 1
    assert db.session.get(Offer, winner.id).remaining == 0

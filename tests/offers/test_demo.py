"""The demo's offers go where a social worker would send them: goods to a wish for that item,
funds to wishes of their category, services to needs of their type, in the offer's street."""

from collections import Counter

from sqlalchemy import select

from matchmaker.demo import DEMO_PASSWORD
from matchmaker.offers.models import OfferKind, OfferLink, OfferStatus


def test_demo_links_pair_matching_offers_and_wishes(client, auth, db, demo):
    links = db.session.scalars(select(OfferLink)).all()
    wish_links = [link for link in links if link.wish_id]
    need_links = [link for link in links if link.need_id]
    assert len(wish_links) >= 3 and need_links
    kinds = {link.offer.kind for link in wish_links}
    assert {OfferKind.GOODS, OfferKind.FUNDS} <= kinds
    for link in wish_links:
        offer, wish = link.offer, link.wish
        assert offer.category == wish.category.value, (offer.title, wish.title)
        if offer.kind is OfferKind.GOODS:
            assert wish.title in offer.title, (offer.title, wish.title)  # the very item
        if offer.street_id is not None:
            assert wish.resident.community.street_id == offer.street_id, (offer.title, wish.title)
    for link in need_links:
        offer, need = link.offer, link.need
        assert offer.category == need.service_type.value, (offer.title, need.id)
        if offer.street_id is not None:
            assert need.resident.community.street_id == offer.street_id, (offer.title, need.id)
    # no wish or need is supported by two offers
    assert max(Counter(link.wish_id for link in wish_links).values()) == 1
    assert max(Counter(link.need_id for link in need_links).values()) == 1
    used_up = [link.offer for link in links if link.offer.status is OfferStatus.CLOSED]
    assert used_up and all(o.quantity == len(o.links) for o in used_up)

    auth.login("donor@example.org", DEMO_PASSWORD)
    page = client.get("/offers/mine").get_data(as_text=True)
    for link in wish_links:
        assert link.wish.title in page

"""Demo data: interests, offers of every kind (jobs too), links, gaps; every public page of
the board, the pool and the offers, rendered for all demo data, leaks no resident's details."""

import re
from collections import Counter

from flask_babel import force_locale
from sqlalchemy import select

from matchmaker.board.models import InterestStatus, NeedInterest
from matchmaker.extensions import db as _db
from matchmaker.offers.models import Offer, OfferKind, OfferLink, OfferStatus
from matchmaker.registry.labels import CATEGORY_LABELS
from matchmaker.registry.models import Resident


def _public_pages(client):
    """Every page of the board (all pages of the list), the pool, the offers and each offer."""
    pages = {}
    url = "/needs/board"
    while url:
        html = client.get(url).get_data(as_text=True)
        pages[url] = html
        found = re.search(r'href="([^"]*page=\d+)">(?:下一页|Next page)', html)
        url = found.group(1).replace("&amp;", "&") if found else None
    pages["/volunteers/pool"] = client.get("/volunteers/pool").get_data(as_text=True)
    pages["/offers"] = client.get("/offers").get_data(as_text=True)
    listed = set(re.findall(r'href="/offers/(\d+)"', pages["/offers"]))
    # and those that went to a wish or a need, which a visitor may reach from their pages
    linked = {str(i) for i in _db.session.scalars(select(OfferLink.offer_id))}
    for offer_id in listed | linked:
        response = client.get(f"/offers/{offer_id}")
        assert response.status_code in (200, 404), f"/offers/{offer_id}"
        pages[f"/offers/{offer_id}"] = response.get_data(as_text=True)
    return pages


def test_demo_has_interests_offers_of_every_kind_links_and_gaps(client, db, demo):
    interests = db.session.scalars(select(NeedInterest)).all()
    assert len(interests) >= 10
    assert {i.status for i in interests} == set(InterestStatus)
    offers = db.session.scalars(select(Offer)).all()
    assert set(Counter(o.kind for o in offers)) == set(OfferKind)
    assert sum(o.kind is OfferKind.JOB and o.status is OfferStatus.APPROVED for o in offers) >= 2
    assert {OfferStatus.SUBMITTED, OfferStatus.APPROVED, OfferStatus.CLOSED} <= {
        o.status for o in offers
    }
    links = db.session.scalars(select(OfferLink)).all()
    assert any(link.wish_id for link in links) and any(link.need_id for link in links)
    pool = client.get("/volunteers/pool").get_data(as_text=True)
    assert "缺口" in pool
    board = client.get("/needs/board").get_data(as_text=True)
    assert "个开放的需求" in board or "open needs" in board


def test_public_pages_show_no_residents_personal_details(app, client, db, demo):
    pages = _public_pages(client)
    assert len(pages) > 5
    residents = db.session.scalars(select(Resident)).all()
    with app.test_request_context(), force_locale("zh_CN"):
        categories = [str(label) for label in CATEGORY_LABELS.values()]
    assert "视力残疾" in categories or any("视力" in c for c in categories)
    for url, html in pages.items():
        for r in residents:
            assert r.name not in html, (url, r.name)
            assert r.address not in html, url
            if r.phone:
                assert r.phone not in html, url
            if r.id_number:
                assert r.id_number not in html and r.id_number[-6:] not in html, url
            if r.guardian_phone:
                assert r.guardian_phone not in html, url
        for label in categories:
            assert label not in html, (url, label)

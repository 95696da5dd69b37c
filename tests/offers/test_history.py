"""An offer's page tells its donor and staff what became of it, in the reader's language;
the public reads the offer, not its history."""

import re

from matchmaker.offers import linking, services
from matchmaker.offers.models import OfferKind
from tests.factories import UserFactory
from tests.offers.conftest import make_offer


def _history(page: str) -> str:
    """The history section's text, tags dropped and spaces collapsed."""
    start = page.index('id="history-heading"')
    text = re.sub(r"<[^>]+>", " ", page[start : page.index("</ol>", start)])
    return " ".join(text.split())


def test_the_donor_reads_who_reviewed_and_used_the_offer(client, auth, db, place):
    donor = UserFactory(roles=["donor"])
    offer = make_offer(donor, approve_by=place["worker"], quantity=2)
    linking.link_offer(offer, by=place["worker"], wish=place["wish"], units=2)
    db.session.commit()
    auth.login(donor.email)
    zh = _history(client.get(f"/offers/{offer.id}").get_data(as_text=True))
    assert "创建为待审核（登记：物资）" in zh
    assert "待审核 → 已发布（已审核） — 陈社工" in zh
    assert f"2 份用于微心愿 #{place['wish'].id}；剩余 0" in zh
    assert "已发布 → 已用完（已用完）" in zh
    assert not re.search(r"[A-Za-z]{3,}", zh.split(">", 1)[1]), zh

    client.set_cookie("mm_locale", "en")
    en = _history(client.get(f"/offers/{offer.id}").get_data(as_text=True))
    assert "Awaiting review → Published (reviewed)" in en
    assert f"2 for micro-wish #{place['wish'].id}; 0 left" in en


def test_a_turned_down_offer_shows_the_reason_to_its_donor_only(client, auth, db, place):
    donor = UserFactory(roles=["donor"])
    offer = make_offer(donor, kind=OfferKind.SERVICE, title="上门理发", category=None)
    services.reject_offer(offer, by=place["worker"], why="本月名额已满")
    db.session.commit()
    auth.login(donor.email)
    page = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert "待审核 → 未通过（本月名额已满） — 陈社工" in _history(page)
    auth.logout()
    auth.login(UserFactory(roles=["donor"]).email)
    assert client.get(f"/offers/{offer.id}").status_code == 404  # not public while turned down


def test_the_public_sees_an_offer_without_its_history(client, db, place):
    offer = make_offer(approve_by=place["worker"])
    page = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert "轮椅减压坐垫" in page
    assert 'id="history-heading"' not in page and "陈社工" not in page

"""The demo has wishes in every state, the demo donor has claims and thanks to read."""

from collections import Counter

from sqlalchemy import select

from matchmaker.core.events import history
from matchmaker.demo import DEMO_PASSWORD
from matchmaker.wishes import services
from matchmaker.wishes.models import ClaimStatus, MicroWish, WishClaim, WishStatus


def test_demo_wishes(client, auth, db, demo):
    wishes = db.session.scalars(select(MicroWish)).all()
    assert 35 <= len(wishes) <= 45
    assert set(Counter(w.status for w in wishes)) == set(WishStatus)
    claims = db.session.scalars(select(WishClaim)).all()
    assert set(Counter(c.status for c in claims)) == set(ClaimStatus)
    assert len({w.resident.community_id for w in wishes}) >= 8
    assert all(history(w) for w in wishes)
    lapsed = next(c for c in claims if c.status is ClaimStatus.LAPSED)
    assert lapsed.wish.status is WishStatus.PUBLISHED
    assert [e.at for e in history(lapsed.wish)] == sorted(e.at for e in history(lapsed.wish))

    auth.login("donor@example.org", DEMO_PASSWORD)
    page = client.get("/wishes/mine").get_data(as_text=True)
    assert any(c.thanks and c.thanks in page for c in claims)
    assert "标记“" in page  # a held claim to mark delivered

    auth.logout()
    auth.login("resident@example.org", DEMO_PASSWORD)
    page = client.get("/wishes/mine").get_data(as_text=True)
    assert 'name="t' in page  # a fulfilled wish waiting for the resident's thanks


def test_no_demo_wish_ever_published_names_a_health_condition(client, auth, db, demo):
    """What a published story says is public beside the masked name and street (§8)."""
    wishes = db.session.scalars(select(MicroWish)).all()
    published = [w for w in wishes if w.published_at is not None]
    assert len(published) >= 25
    for wish in published:
        assert not services.health_details_in(wish), (wish.title, wish.story)
    # one waiting for review shows the reviewer the warning
    waiting = [w for w in wishes if w.status in services.REVIEW_STATES]
    assert any(services.health_details_in(w) for w in waiting)
    auth.login("sw.beishan@example.org", DEMO_PASSWORD)
    client.set_cookie("mm_locale", "en")
    queue = client.get("/wishes/review").get_data(as_text=True)
    assert "Mentions health or disability details" in queue

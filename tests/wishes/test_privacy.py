"""Public wish pages never show a resident's name, phone, address, ID or disability (§8)."""

from flask_babel import force_locale
from sqlalchemy import select

from matchmaker.demo import DEMO_PASSWORD
from matchmaker.registry.labels import CATEGORY_LABELS, GRADE_LABELS
from matchmaker.wishes import services
from matchmaker.wishes.models import MicroWish


def _secrets(resident) -> list[str]:
    """Everything about a resident that a public page must not show."""
    values = [
        resident.name,
        resident.address,
        resident.id_number,
        resident.id_number[:6] + resident.id_number[6:14],
        resident.masked_id_number,
        resident.phone,
        resident.guardian_name,
        resident.guardian_phone,
        resident.community.name,  # street level only
    ]
    for locale in ("zh_CN", "en"):
        with force_locale(locale):
            values.append(str(CATEGORY_LABELS[resident.disability_category]))
            values.append(str(GRADE_LABELS[resident.disability_grade]))
    return [v for v in values if v]


def test_public_pages_of_every_demo_wish(app, client, auth, db, demo):
    wishes = db.session.scalars(select(MicroWish).order_by(MicroWish.id)).all()
    public = [w for w in wishes if w.status in services.PUBLIC_STATES]
    hidden = [w for w in wishes if w.status not in services.PUBLIC_STATES]
    assert len(public) >= 25 and hidden

    pages = []
    for locale in ("zh_CN", "en"):
        client.set_cookie("mm_locale", locale)
        for wish in public:
            response = client.get(f"/wishes/{wish.id}")
            assert response.status_code == 200
            body = response.get_data(as_text=True)
            assert wish.resident.masked_name in body
            assert wish.resident.community.street.name in body
            for secret in _secrets(wish.resident):
                assert secret not in body, (wish.id, secret)
        for page in range(1, 4):
            pages.append(client.get(f"/wishes?page={page}&sort=waiting").get_data(as_text=True))
        for wish in hidden:
            assert client.get(f"/wishes/{wish.id}").status_code == 404
    listed = "".join(pages)
    for wish in public:
        for secret in _secrets(wish.resident):
            assert secret not in listed, (wish.id, secret)

    # The demo donor's own page shows the same masked form only.
    auth.login("donor@example.org", DEMO_PASSWORD)
    mine = client.get("/wishes/mine").get_data(as_text=True)
    for wish in wishes:
        if wish.current_claim or wish.claims:
            for secret in _secrets(wish.resident):
                assert secret not in mine, (wish.id, secret)


def test_the_demo_donors_offers_lead_to_no_residents_details(client, auth, db, demo):
    """The demo donor follows their offers to the wishes (claimed in their name) and the
    needs they went to, and reads the notices about them: no resident's details (§8)."""
    from matchmaker.offers.models import OfferLink

    links = db.session.scalars(select(OfferLink)).all()
    assert any(link.wish_id for link in links) and any(link.need_id for link in links)
    auth.login("donor@example.org", DEMO_PASSWORD)
    urls = ["/offers/mine", "/wishes/mine", "/inbox"]
    urls += [f"/offers/{offer_id}" for offer_id in sorted({link.offer_id for link in links})]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.get_data(as_text=True)
    assert "data-offer-use" in pages["/offers/mine"]
    for link in links:
        resident = (link.wish or link.need).resident
        for url, body in pages.items():
            for secret in _secrets(resident):
                assert secret not in body, (url, secret)

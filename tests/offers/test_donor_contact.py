"""Staff arranging a gift reach its donor, who was told the social worker would contact them;
nobody else reads the donor's phone or e-mail."""

from matchmaker.extensions import db
from matchmaker.offers import linking
from tests.factories import CommunityFactory, ResidentFactory, StreetFactory, UserFactory
from tests.offers.conftest import make_offer
from tests.wishes.conftest import make_wish

PHONE, EMAIL = "13912345678", "giver@example.org"


def _donor():
    return UserFactory(roles=["donor"], name="赵爱心", email=EMAIL, phone=PHONE)


def _as(auth, user) -> None:
    auth.logout()
    auth.login(user.email)


def _shows_contact(client, url) -> bool:
    body = client.get(url).get_data(as_text=True)
    return f'href="tel:{PHONE}"' in body and f'href="mailto:{EMAIL}"' in body


def test_the_social_worker_of_a_claimed_wish_reaches_its_donor(client, auth, place):
    donor = _donor()
    resident = ResidentFactory(community=place["community"])
    wish = make_wish("claimed", resident=resident, worker=place["worker"], donor=donor)
    auth.login(place["worker"].email)
    assert _shows_contact(client, f"/wishes/{wish.id}/manage")
    _as(auth, UserFactory(roles=["donor"]))
    body = client.get(f"/wishes/{wish.id}").get_data(as_text=True)
    assert PHONE not in body and EMAIL not in body


def test_a_fulfilled_wish_no_longer_shows_the_donors_contact(client, auth, place):
    resident = ResidentFactory(community=place["community"])
    wish = make_wish("fulfilled", resident=resident, worker=place["worker"], donor=_donor())
    auth.login(place["worker"].email)
    body = client.get(f"/wishes/{wish.id}/manage").get_data(as_text=True)
    assert "赵爱心" in body and PHONE not in body and EMAIL not in body


def test_staff_arranging_an_offer_reach_its_donor_and_no_one_else(client, auth, place):
    offer = make_offer(_donor(), approve_by=place["worker"], street_id=place["street"].id)
    elsewhere = CommunityFactory(street=StreetFactory(name="西溪街道"), name="古荡社区")
    other_worker = UserFactory(roles=["social_worker"], communities=[elsewhere])
    url = f"/offers/{offer.id}"

    auth.login(place["worker"].email)  # reviews the offers of its street
    assert _shows_contact(client, url)
    _as(auth, other_worker)  # another street's, with nothing to arrange
    assert client.get(url).status_code == 200 and not _shows_contact(client, url)
    for user in (UserFactory(roles=["donor"]), UserFactory(roles=["volunteer"])):
        _as(auth, user)
        assert not _shows_contact(client, url)
    auth.logout()
    assert not _shows_contact(client, url)

    # once the offer goes to a wish of their community, its social worker arranges it
    theirs = make_wish("published", resident=ResidentFactory(community=elsewhere))
    linking.link_offer(offer, by=other_worker, wish=theirs)
    db.session.commit()
    _as(auth, other_worker)
    assert _shows_contact(client, url)
    # an offer that went somewhere still opens for everyone else, without the contact
    for user in (UserFactory(roles=["donor"]), UserFactory(roles=["volunteer"]), None):
        if user is None:
            auth.logout()  # a visitor, from the public list of offers
        else:
            _as(auth, user)
        response = client.get(url)
        assert response.status_code == 200 and not _shows_contact(client, url)

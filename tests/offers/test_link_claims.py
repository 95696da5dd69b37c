"""Linking an offer to a published wish claims it for the offer's donor (the ordinary claim:
held, with its deadline); the donor is told what to do next and sees what became of it."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from matchmaker.core.events import history
from matchmaker.notify.kinds import render
from matchmaker.notify.models import Notification
from matchmaker.offers import linking
from matchmaker.offers.models import Offer, OfferKind, OfferLink, OfferStatus
from matchmaker.registry.models import ServiceType
from matchmaker.wishes import claims
from matchmaker.wishes.models import ClaimStatus, MicroWish, WishClaim, WishStatus
from tests.conftest import csrf_from
from tests.factories import NeedFactory, UserFactory
from tests.offers.conftest import make_offer
from tests.wishes.conftest import make_wish


def link(client, offer, target, units="1"):
    page = client.get(f"/offers/{offer.id}")
    return client.post(
        f"/offers/{offer.id}/link",
        data={"csrf_token": csrf_from(page), "target": target, "units": units},
    )


def notices(db, user, kind=None) -> list[Notification]:
    statement = select(Notification).where(Notification.user_id == user.id)
    if kind:
        statement = statement.where(Notification.kind == kind)
    return list(db.session.scalars(statement.order_by(Notification.id)))


def test_linking_a_published_wish_claims_it_for_the_offers_donor(app, db, place):
    colleague = UserFactory(roles=["social_worker"], communities=[place["community"]])
    donor = UserFactory(roles=["donor"], name="张爱心")
    offer = make_offer(donor, approve_by=place["worker"], quantity=3)
    wish = place["wish"]
    made = linking.link_offer(offer, by=place["worker"], wish=wish, units=2)
    db.session.commit()

    db.session.expire_all()
    wish = db.session.get(MicroWish, wish.id)
    claim = wish.current_claim
    assert wish.status is WishStatus.CLAIMED
    assert claim.donor_id == donor.id and claim.status is ClaimStatus.HELD
    assert claim.deadline - claim.claimed_at == timedelta(days=app.config["WISH_CLAIM_DAYS"])
    assert linking.live_claim(made) == claim
    assert db.session.get(Offer, offer.id).remaining == 1
    # The ordinary transitions, recorded as the social worker's, saying where they came from.
    moved = history(wish)[-1]
    assert (moved.from_state, moved.to_state) == ("published", "claimed")
    assert moved.actor_id == place["worker"].id
    assert moved.reason == f"claimed for the donor of offer {offer.id}"
    created = history(claim)[0]
    assert created.to_state == "held" and created.actor_id == place["worker"].id
    assert created.reason == f"wish {wish.id}, through offer {offer.id}"
    # The donor is told where to look; the colleague hears of the claim, not the linker.
    [told] = notices(db, donor, "offer_used_for_wish")
    assert told.link == f"/wishes/mine#claim-{claim.id}"
    assert told.params == {"title": offer.title, "wish": wish.id, "wish_title": wish.title}
    with app.test_request_context():
        text = render(told)
        # a notice from before the title was stored still reads, by the wish's number
        told.params = {"title": offer.title, "wish": wish.id}
        older = render(told)
    assert f"“{wish.title}”" in text and "我的微心愿" in text and "王秀英" not in text
    assert f"#{wish.id}" not in text and f"#{wish.id}" in older
    assert [n.kind for n in notices(db, colleague)] == ["wish_claimed"]
    assert notices(db, place["worker"], "wish_claimed") == []


def test_the_ordinary_wish_flow_follows_and_the_offer_page_says_so(client, auth, db, place):
    place["street"].handover_place = "北山街道残疾人之家（文三路 100 号）"
    place["street"].handover_phone = "0571-87001234"
    donor = UserFactory(roles=["donor"])
    offer = make_offer(donor, approve_by=place["worker"])
    linking.link_offer(offer, by=place["worker"], wish=place["wish"])
    db.session.commit()
    claim = db.session.scalar(select(WishClaim))

    auth.login(donor.email)
    mine = client.get("/wishes/mine").get_data(as_text=True)
    assert f'id="claim-{claim.id}"' in mine and "残疾人之家" in mine and "0571-87001234" in mine
    page = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert f'href="/wishes/mine#claim-{claim.id}"' in page and "已认领" in page
    assert f'href="/wishes/mine#claim-{claim.id}"' in client.get("/offers/mine").get_data(
        as_text=True
    )
    token = csrf_from(client.get("/wishes/mine"))
    response = client.post(
        f"/wishes/claims/{claim.id}/delivered",
        data={"csrf_token": token, f"c{claim.id}-note": "已送到"},
    )
    assert response.status_code == 302
    assert "已送达，待确认" in client.get(f"/offers/{offer.id}").get_data(as_text=True)
    db.session.expire_all()
    claim = db.session.get(WishClaim, claim.id)
    claims.confirm_delivery(claim, by=place["worker"], note="已交给居民")
    db.session.commit()
    page = client.get("/offers/mine").get_data(as_text=True)
    assert "已实现" in page and "王秀英" not in page


def test_a_wish_another_donor_holds_is_supported_and_the_worker_is_told(client, auth, db, place):
    holder = UserFactory(roles=["donor"])
    held = make_wish(
        "claimed", resident=place["wish"].resident, worker=place["worker"], donor=holder
    )
    donor = UserFactory(roles=["donor"])
    offer = make_offer(donor, approve_by=place["worker"])
    auth.login(place["worker"].email)
    response = link(client, offer, f"wish-{held.id}")
    assert response.status_code == 302
    html = client.get(response.location).get_data(as_text=True)
    assert "已对接。此供给还剩 2。" in html and "该心愿已由另一位爱心人士认领" in html
    assert db.session.scalar(select(func.count(WishClaim.id))) == 1  # no second claim
    assert db.session.get(MicroWish, held.id).current_claim.donor_id == holder.id
    assert "已由另一位爱心人士认领，而非提供此供给的爱心人士" in html  # the staff view of the use
    [told] = notices(db, donor, "offer_used_for_claimed_wish")
    assert told.link == f"/offers/{offer.id}"
    auth.logout()
    auth.login(donor.email)
    page = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert "由另一位爱心人士认领；社工会与您联系" in page
    assert "/wishes/mine#claim-" not in page  # no claim of theirs to follow


def test_a_wish_the_offers_donor_holds_already_gets_no_second_claim(client, auth, db, place):
    donor = UserFactory(roles=["donor"])
    held = make_wish(
        "claimed", resident=place["wish"].resident, worker=place["worker"], donor=donor
    )
    offer = make_offer(donor, approve_by=place["worker"])
    auth.login(place["worker"].email)
    response = link(client, offer, f"wish-{held.id}")
    assert response.status_code == 302
    told = client.get(response.location).get_data(as_text=True)
    assert "已为提供此供给的爱心人士认领该心愿" in told
    assert db.session.scalar(select(func.count(WishClaim.id))) == 1
    assert [n.kind for n in notices(db, donor, "offer_used_for_wish")] == ["offer_used_for_wish"]


def claimed_behind_its_back(wish_id: int) -> None:
    """A donor's claim committed after the wish was read: the stored state moves, the object
    in hand still says published (what a concurrent request sees)."""
    from matchmaker.extensions import db

    db.session.execute(
        update(MicroWish)
        .where(MicroWish.id == wish_id)
        .values(status=WishStatus.CLAIMED)
        .execution_options(synchronize_session=False)
    )


def test_a_wish_claimed_meanwhile_fails_the_link_and_nothing_is_half_saved(db, place):
    offer = make_offer(approve_by=place["worker"], quantity=2)
    wish = place["wish"]
    claimed_behind_its_back(wish.id)
    with pytest.raises(linking.WishTaken):
        linking.link_offer(offer, by=place["worker"], wish=wish)
    db.session.rollback()
    assert db.session.get(Offer, offer.id).remaining == 2
    assert db.session.scalar(select(OfferLink)) is None
    assert db.session.scalar(select(WishClaim)) is None
    assert [n.kind for n in notices(db, offer.donor)] == ["offer_approved"]


def test_the_409_keeps_what_the_social_worker_chose(client, auth, db, place, monkeypatch):
    offer = make_offer(approve_by=place["worker"], quantity=3)
    wish_id = place["wish"].id
    real = claims.claim_wish

    def raced(wish, **kwargs):
        claimed_behind_its_back(wish.id)
        return real(wish, **kwargs)

    monkeypatch.setattr(claims, "claim_wish", raced)
    auth.login(place["worker"].email)
    response = link(client, offer, f"wish-{wish_id}", units="2")
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "该心愿刚刚被认领或已有变化，因此未对接，此供给的数量保持不变" in html
    assert f'selected value="wish-{wish_id}"' in html or f'value="wish-{wish_id}" selected' in html
    assert 'id="units"' in html and 'value="2"' in html
    assert db.session.get(Offer, offer.id).remaining == 3
    assert db.session.scalar(select(OfferLink)) is None


def test_an_offer_cannot_claim_its_own_donors_wish(client, auth, db, place):
    donor = UserFactory(roles=["donor", "resident"])
    place["wish"].resident.user_id = donor.id
    db.session.commit()
    offer = make_offer(donor, approve_by=place["worker"])
    auth.login(place["worker"].email)
    response = link(client, offer, f"wish-{place['wish'].id}")
    assert response.status_code == 409
    assert "提供此供给的爱心人士就是该心愿的服务对象本人" in response.get_data(as_text=True)
    assert db.session.get(Offer, offer.id).remaining == 3
    assert db.session.get(MicroWish, place["wish"].id).status is WishStatus.PUBLISHED


def test_a_need_linked_tells_the_donor_the_social_worker_will_call(app, client, auth, db, place):
    need = NeedFactory(resident=place["wish"].resident, open=True, service_type=ServiceType.HAIRCUT)
    donor = UserFactory(roles=["donor"])
    offer = make_offer(
        donor,
        approve_by=place["worker"],
        kind=OfferKind.SERVICE,
        title="每月免费理发",
        category=ServiceType.HAIRCUT.value,
        condition=None,
        availability=1 << 15,
    )
    linking.link_offer(offer, by=place["worker"], need=need, units=2)
    db.session.commit()
    [told] = notices(db, donor, "offer_used_for_need")
    assert told.link == f"/offers/{offer.id}"
    assert told.params == {"title": "每月免费理发", "need": need.id}
    with app.test_request_context():
        assert "社区社工会与您联系" in render(told)
    auth.login(donor.email)
    page = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert "待配对，正在寻找志愿者" in page and "使用 2 份" in page
    assert f"/needs/{need.id}" not in page  # a staff page


def test_a_link_sent_twice_spends_the_units_once(client, auth, db, place):
    need = NeedFactory(resident=place["wish"].resident, open=True)
    offer = make_offer(approve_by=place["worker"], quantity=9)
    auth.login(place["worker"].email)
    for target in (f"wish-{place['wish'].id}", f"need-{need.id}"):
        assert link(client, offer, target, units="2").status_code == 302
        again = link(client, offer, target, units="2")
        assert again.status_code == 409
        assert "此供给已在支持该心愿或需求，因此没有重复对接" in again.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Offer, offer.id).remaining == 5
    assert db.session.scalar(select(func.count(OfferLink.id))) == 2


def test_donor_pages_name_no_resident(client, auth, db, place):
    """The donor follows their offer to the wish and the need: masked at most, never the
    resident's name, phone, address or disability (DESIGN §8)."""
    resident = place["wish"].resident
    need = NeedFactory(resident=resident, open=True, service_type=ServiceType.HAIRCUT)
    donor = UserFactory(roles=["donor"])
    goods = make_offer(donor, approve_by=place["worker"])
    service = make_offer(
        donor,
        approve_by=place["worker"],
        kind=OfferKind.SERVICE,
        category=ServiceType.HAIRCUT.value,
        condition=None,
        availability=1 << 15,
    )
    linking.link_offer(goods, by=place["worker"], wish=place["wish"])
    linking.link_offer(service, by=place["worker"], need=need)
    db.session.commit()
    auth.login(donor.email)
    secrets = [resident.name, resident.phone, resident.address, resident.guardian_name]
    secrets += [resident.guardian_phone, resident.id_number, "视力残疾", need.notes]
    for url in (f"/offers/{goods.id}", f"/offers/{service.id}", "/offers/mine", "/wishes/mine",
                "/inbox"):  # fmt: skip
        html = client.get(url).get_data(as_text=True)
        assert "data-offer-use" in html or url in ("/wishes/mine", "/inbox"), url
        for secret in secrets:
            assert secret not in html, (url, secret)


@pytest.mark.parametrize("ending", ["lapsed", "released"])
def test_a_linked_claim_not_delivered_gives_the_units_back(app, client, auth, db, place, ending):
    """The donor never brought it: the wish is open again, and so is what the offer holds."""
    donor = UserFactory(roles=["donor"])
    offer = make_offer(donor, approve_by=place["worker"], quantity=2)
    other = make_offer(UserFactory(roles=["donor"]), approve_by=place["worker"], quantity=1)
    linking.link_offer(offer, by=place["worker"], wish=place["wish"], units=2)
    db.session.commit()
    assert offer.status is OfferStatus.CLOSED  # used up
    claim = place["wish"].current_claim
    linking.link_offer(other, by=place["worker"], wish=place["wish"])  # another donor's
    db.session.commit()

    if ending == "lapsed":
        assert claims.lapse_overdue_claims(claim.deadline + timedelta(hours=1)) == 1
    else:
        claims.release_claim(claim, by=donor)
    db.session.commit()
    db.session.expire_all()
    offer = db.session.get(Offer, offer.id)
    assert (offer.status, offer.remaining) == (OfferStatus.APPROVED, 2)
    assert db.session.get(MicroWish, place["wish"].id).status is WishStatus.PUBLISHED
    remaining = db.session.scalars(select(OfferLink.offer_id)).all()
    assert remaining == [other.id]  # the other donor's support was not this claim's
    assert db.session.get(Offer, other.id).remaining == 0
    how = "认领已失效" if ending == "lapsed" else "认领已放弃"
    auth.login(donor.email)
    page = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert f"2 份退回自微心愿 #{place['wish'].id}（{how}）；剩余 2 份" in page

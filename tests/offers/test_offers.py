"""Donors register offers; social workers review and link them; remaining drops and closes."""

import re

import pytest
from sqlalchemy import select

from matchmaker.accounts.services import set_active
from matchmaker.core.events import history
from matchmaker.offers import linking, services
from matchmaker.offers.models import Offer, OfferKind, OfferLink, OfferStatus
from matchmaker.wishes.models import WishCategory
from tests.conftest import csrf_from
from tests.factories import CommunityFactory, ResidentFactory, StreetFactory, UserFactory
from tests.offers.conftest import make_offer
from tests.wishes.conftest import make_wish

GOODS = {
    "kind": "goods",
    "title": "轮椅减压坐垫 10 个",
    "quantity": "10",
    "category": "assistive",
    "condition": "new",
    "street": "",
}


def post_offer(client, data):
    page = client.get("/offers/new")
    return client.post("/offers/new", data={**data, "csrf_token": csrf_from(page)})


def test_donor_registers_each_kind_and_it_waits_for_review(client, login_as, db):
    donor = login_as("donor")
    kinds = [
        GOODS,
        {
            "kind": "service",
            "title": "免费理发",
            "quantity": "12",
            "service_type": "haircut",
            "availability": ["sat-morning"],
        },
        {
            "kind": "funds",
            "title": "助学金",
            "quantity": "3",
            "category": "study",
            "amount_band": "500to2000",
        },
        {
            "kind": "job",
            "title": "超市理货员",
            "quantity": "2",
            "employer": "惠民超市",
            "job_role": "理货员",
            "place": "北山街道",
            "hours_per_week": "30",
            "accommodations": "无障碍入口",
        },
    ]
    for data in kinds:
        response = post_offer(client, data)
        assert response.status_code == 302, response.get_data(as_text=True)
    offers = db.session.scalars(select(Offer).order_by(Offer.id)).all()
    assert [o.kind for o in offers] == list(OfferKind)
    assert all(o.status is OfferStatus.SUBMITTED and o.donor_id == donor.id for o in offers)
    assert offers[1].availability == 1 << 15
    assert offers[3].employer == "惠民超市" and offers[3].hours_per_week == 30
    assert all(history(o)[0].to_state == "submitted" for o in offers)
    # Not public before review.
    assert "超市理货员" not in client.get("/offers").get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"quantity": "-3"}, "请输入不小于 1 的整数"),
        ({"quantity": "0"}, "请输入不小于 1 的整数"),
        ({"quantity": "abc"}, "请输入不小于 1 的整数"),
        ({"condition": ""}, "请选择物资的新旧程度"),
        ({"kind": "funds", "amount_band": "lots"}, "金额"),
        ({"kind": "job"}, "请填写用人单位"),
        ({"kind": "service", "service_type": "haircut"}, "请至少勾选一个"),
    ],
)
def test_bad_offers_get_a_clear_message_and_nothing_is_saved(
    client, login_as, db, changes, message
):
    login_as("donor")
    response = post_offer(client, {**GOODS, **changes})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and 'class="field-error"' in html and "data-error-summary" in html
    assert db.session.scalar(select(Offer)) is None


def test_a_job_offers_title_is_asked_for_by_the_name_its_field_has(client, login_as, db):
    login_as("donor")
    html = post_offer(client, {**GOODS, "kind": "job"}).get_data(as_text=True)
    assert '<label class="field__label" for="job_role">岗位名称</label>' in html
    assert ">岗位名称：请填写岗位名称。</a>" in html
    client.set_cookie("mm_locale", "en")
    english = post_offer(client, {**GOODS, "kind": "job"}).get_data(as_text=True)
    assert ">Job title: Enter the job title.</a>" in english


def test_the_kind_question_says_the_form_then_asks_only_for_that_kind(client, login_as, db):
    # the parts for other kinds are hidden once a kind is chosen; a screen reader user hears
    # so with the question, as the group is entered, not only by reading past it
    login_as("donor")
    page = client.get("/offers/new").get_data(as_text=True)
    group = re.search(
        r'<fieldset[^>]*aria-describedby="([^"]+)"[^>]*>\s*<legend[^>]*>(.*?)</legend>', page
    )
    assert group and group.group(2) == "您提供什么？"
    hint = re.search(rf'id="{group.group(1)}">([^<]+)<', page)
    assert hint and hint.group(1) == "选择后，表单只询问这类提供需要填写的内容。"
    client.set_cookie("mm_locale", "en")
    page = client.get("/offers/new").get_data(as_text=True)
    assert 'id="kind-hint">Once you choose, the form asks only what that kind' in page


def test_negative_quantity_is_refused_by_the_service_too(db):
    with pytest.raises(services.BadOffer):
        make_offer(quantity=-1)


def test_review_queue_publish_and_turn_down(client, login_as, db):
    make_offer(title="好坐垫")
    bad = make_offer(title="坏电视")
    worker = login_as("social_worker")
    page = client.get("/offers/review")
    assert page.status_code == 200 and "好坐垫" in page.get_data(as_text=True)
    home = client.get("/").get_data(as_text=True)
    assert "/offers/review" in home
    offer_id = db.session.scalar(select(Offer.id).where(Offer.title == "好坐垫"))
    response = client.post(f"/offers/{offer_id}/approve", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302
    detail = client.get(f"/offers/{bad.id}")
    response = client.post(
        f"/offers/{bad.id}/reject", data={"csrf_token": csrf_from(detail), "reason": ""}
    )
    assert response.status_code == 422 and "请说明" in response.get_data(as_text=True)
    numbered = client.post(
        f"/offers/{bad.id}/reject",
        data={"csrf_token": csrf_from(detail), "reason": "请联系受助人 0571-87654321"},
    )
    assert numbered.status_code == 422  # the donor would read the resident's number
    assert "爱心人士会读到这段话：请删去其中的电话或身份证号（0571-87654321）" in (
        numbered.get_data(as_text=True)
    )
    assert db.session.get(Offer, bad.id).status is OfferStatus.SUBMITTED
    response = client.post(
        f"/offers/{bad.id}/reject", data={"csrf_token": csrf_from(detail), "reason": "已损坏"}
    )
    assert response.status_code == 302
    response = client.post(f"/offers/{offer_id}/approve", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 409
    statuses = dict(db.session.execute(select(Offer.title, Offer.status)).all())
    assert statuses == {"好坐垫": OfferStatus.APPROVED, "坏电视": OfferStatus.REJECTED}
    assert history(db.session.get(Offer, offer_id))[-1].actor_id == worker.id
    public = client.get("/offers").get_data(as_text=True)
    assert "好坐垫" in public and "坏电视" not in public


def test_public_list_honours_anonymous_display(client, db, place):
    donor = UserFactory(roles=["donor"], name="张爱心")
    make_offer(donor, approve_by=place["worker"], title="匿名的坐垫", anonymous=True)
    make_offer(donor, approve_by=place["worker"], title="具名的坐垫")
    html = client.get("/offers").get_data(as_text=True)
    assert html.count("张爱心") == 1 and "匿名爱心人士" in html
    assert "提供者 张爱心" in html  # who offers it, not a "start date"


def link(client, offer, target, units="1"):
    page = client.get(f"/offers/{offer.id}")
    return client.post(
        f"/offers/{offer.id}/link",
        data={"csrf_token": csrf_from(page), "target": target, "units": units},
    )


def test_linking_uses_units_closes_the_offer_and_marks_the_wish(client, auth, db, place):
    offer = make_offer(approve_by=place["worker"], quantity=2)
    other = make_wish("published", resident=place["wish"].resident, worker=place["worker"])
    auth.login(place["worker"].email)
    assert link(client, offer, f"wish-{place['wish'].id}").status_code == 302
    db.session.refresh(offer)
    assert offer.remaining == 1 and offer.status is OfferStatus.APPROVED
    assert "有爱心供给支持" in client.get(f"/wishes/{place['wish'].id}").get_data(as_text=True)
    assert "有爱心供给支持" not in client.get(f"/wishes/{other.id}").get_data(as_text=True)
    response = link(client, offer, f"wish-{other.id}", units="2")
    assert response.status_code == 409
    assert "剩余不足 2" in response.get_data(as_text=True)
    assert link(client, offer, f"wish-{other.id}").status_code == 302
    db.session.refresh(offer)
    assert offer.remaining == 0 and offer.status is OfferStatus.CLOSED
    assert [e.to_state for e in history(offer)][-1] == "closed"
    # A used-up offer: a clear refusal, no third link.
    response = link(client, offer, f"wish-{other.id}")
    assert response.status_code == 409
    assert "剩余不足" in response.get_data(as_text=True)
    assert len(db.session.scalars(select(OfferLink)).all()) == 2
    assert offer.title not in client.get("/offers").get_data(as_text=True)  # used up


def test_one_offer_and_one_unit_read_in_the_singular(client, auth, db, place):
    make_offer(title="待审的棉被")
    offer = make_offer(approve_by=place["worker"], quantity=1)
    auth.login(place["worker"].email)
    listed = client.get("/offers").get_data(as_text=True)
    assert "共 1 项爱心供给。" in listed and "剩余 1 / 共 1 件" in listed
    assert "1 项供给等待审核。" in client.get("/offers/review").get_data(as_text=True)
    client.set_cookie("mm_locale", "en")
    listed = client.get("/offers").get_data(as_text=True)
    assert "1 offer available." in listed and "1 of 1 item" in listed and "items" not in listed
    assert "<dd>1 of 1 item</dd>" in client.get(f"/offers/{offer.id}").get_data(as_text=True)
    queue = client.get("/offers/review").get_data(as_text=True)
    assert "1 offer waiting for review." in queue
    assert link(client, offer, f"wish-{place['wish'].id}").status_code == 302
    late = link(client, offer, f"wish-{place['wish'].id}")  # used up meanwhile
    assert late.status_code == 409
    assert "This offer does not have 1 unit left (someone may have used it just now)." in (
        late.get_data(as_text=True)
    )


def test_link_refusals(client, auth, db, place, login_as):
    offer = make_offer(approve_by=place["worker"])
    auth.login(place["worker"].email)
    assert link(client, offer, "").status_code == 422
    assert link(client, offer, f"wish-{place['wish'].id}", units="-1").status_code == 422
    assert link(client, offer, f"wish-{place['wish'].id}", units="9" * 15).status_code == 422
    # A wish of another social worker's community is not offered, so not accepted.
    elsewhere = make_wish("published")
    assert link(client, offer, f"wish-{elsewhere.id}").status_code == 422
    fulfilled = make_wish("fulfilled", resident=place["wish"].resident, worker=place["worker"])
    assert link(client, offer, f"wish-{fulfilled.id}").status_code == 422
    with pytest.raises(linking.NotLinkable):
        linking.link_offer(offer, by=place["worker"], wish=fulfilled)
    auth.logout()
    login_as("donor")
    assert link(client, offer, f"wish-{place['wish'].id}").status_code == 403
    assert db.session.scalar(select(OfferLink)) is None


def test_wishes_in_the_offers_category_and_area_are_suggested_best_first(client, auth, db, place):
    street = place["street"]
    far_street = StreetFactory(district=street.district)
    far = make_wish(
        "published",
        resident=ResidentFactory(community=CommunityFactory(street=far_street)),
    )
    near_later = make_wish("published", resident=place["wish"].resident, title="助行器")
    make_wish("published", resident=place["wish"].resident, category=WishCategory.STUDY)
    donor = UserFactory(roles=["donor"])
    offer = make_offer(donor, approve_by=place["worker"], street_id=street.id)
    assert linking.suggested_wishes(offer) == [place["wish"], near_later, far]
    auth.login(donor.email)
    html = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert html.index(place["wish"].title) < html.index("助行器")
    assert "王**" in html and "王秀英" not in html


def test_a_social_worker_is_suggested_only_wishes_they_can_link(client, auth, db, place):
    elsewhere = make_wish(
        "published", resident=ResidentFactory(community=CommunityFactory(street=place["street"]))
    )
    offer = make_offer(approve_by=place["worker"], street_id=place["street"].id)
    assert linking.suggested_wishes(offer) == [place["wish"], elsewhere]
    auth.login(place["worker"].email)
    html = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    suggested = html[html.index('id="suggest-heading"') : html.index("</ol>")]
    assert f'href="/wishes/{place["wish"].id}"' in suggested
    assert f'href="/wishes/{elsewhere.id}"' not in suggested  # not hers to link
    assert f'value="wish-{place["wish"].id}"' in html  # and what is suggested can be linked


def test_a_service_offer_supports_a_need(client, auth, db, place):
    from matchmaker.registry.models import ServiceType
    from tests.factories import NeedFactory

    need = NeedFactory(resident=place["wish"].resident, open=True, service_type=ServiceType.HAIRCUT)
    offer = make_offer(
        approve_by=place["worker"],
        kind=OfferKind.SERVICE,
        title="每月免费理发",
        category=ServiceType.HAIRCUT.value,
        condition=None,
        availability=1 << 15,
        quantity=12,
    )
    auth.login(place["worker"].email)
    page = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert f'value="need-{need.id}"' in page and "王秀英" not in page
    assert link(client, offer, f"need-{need.id}", units="3").status_code == 302
    db.session.refresh(offer)
    assert offer.remaining == 9
    html = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "有爱心供给支持" in html and "每月免费理发" in html
    assert linking.links_of_need(need.id)[0].units == 3


def test_disabling_a_donors_account_withdraws_their_open_offers(client, db, place):
    """Else a social worker could link one and claim a wish for someone who cannot log in."""
    donor = UserFactory(roles=["donor"])
    approved = make_offer(donor, approve_by=place["worker"], title="助行器")
    waiting = make_offer(donor, title="盲杖")
    used = make_offer(donor, approve_by=place["worker"], quantity=1, title="坐垫")
    linking.link_offer(used, by=place["worker"], wish=place["wish"])
    db.session.commit()
    set_active(donor, False, by=UserFactory(roles=["admin"]), why="冒用他人信息")
    db.session.commit()
    assert approved.status is OfferStatus.WITHDRAWN and waiting.status is OfferStatus.WITHDRAWN
    assert used.status is OfferStatus.CLOSED  # used up before: its record stands
    assert history(approved)[-1].reason == "donor's account disabled"
    assert "助行器" not in client.get("/offers").get_data(as_text=True)


def test_the_review_queue_holds_the_offers_for_the_social_workers_streets(client, auth, db, place):
    """An offer for another street waits for that street's social workers, not on this home
    page; one for anywhere waits for everyone's review."""
    make_offer(title="本街道的坐垫", street_id=place["street"].id)
    make_offer(title="哪里都行的棉被")
    make_offer(title="别的街道的助行器", street_id=StreetFactory(name="翠苑街道").id)
    auth.login(place["worker"].email)
    queue = client.get("/offers/review").get_data(as_text=True)
    assert "本街道的坐垫" in queue and "哪里都行的棉被" in queue
    assert "别的街道的助行器" not in queue
    assert "待审核的爱心供给：2" in client.get("/").get_data(as_text=True)
    assert services.count_to_review(UserFactory(roles=["admin"])) == 3


def test_another_streets_offer_is_not_reviewed_here(client, auth, db, place):
    elsewhere = make_offer(title="别的街道的助行器", street_id=StreetFactory(name="翠苑街道").id)
    auth.login(place["worker"].email)
    page = client.get(f"/offers/{elsewhere.id}")
    assert page.status_code == 200 and f"/offers/{elsewhere.id}/approve" not in page.get_data(
        as_text=True
    )
    token = csrf_from(client.get("/offers/review"))
    assert (
        client.post(f"/offers/{elsewhere.id}/approve", data={"csrf_token": token}).status_code
        == 404
    )
    refused = client.post(
        f"/offers/{elsewhere.id}/reject", data={"csrf_token": token, "reason": "不合适"}
    )
    assert refused.status_code == 404
    db.session.expire_all()
    assert db.session.get(Offer, elsewhere.id).status is OfferStatus.SUBMITTED


def test_an_offer_form_sent_twice_makes_one_offer(client, login_as, db):
    login_as("donor")
    first, again = post_offer(client, GOODS), post_offer(client, GOODS)
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert len(db.session.scalars(select(Offer)).all()) == 1
    assert post_offer(client, {**GOODS, "quantity": "20"}).status_code == 302
    assert len(db.session.scalars(select(Offer)).all()) == 2

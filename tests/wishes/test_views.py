"""The wish pages: browsing with filters, claiming, the donor's page, drafting and review."""

from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from matchmaker.core.events import history
from matchmaker.core.models import AuditEntry
from matchmaker.extensions import db as _db
from matchmaker.wishes.models import ClaimStatus, MicroWish, WishCategory, WishClaim, WishStatus
from tests.factories import CommunityFactory, ResidentFactory, StreetFactory, UserFactory
from tests.wishes.conftest import big_jpeg, image_bytes, jpeg_with_gps, make_wish


def _body(response) -> str:
    return response.get_data(as_text=True)


def test_browse_filters_sort_and_pages(client):
    north, south = StreetFactory(name="北山街道"), StreetFactory(name="西溪街道")
    near = ResidentFactory(community=CommunityFactory(street=north))
    far = ResidentFactory(community=CommunityFactory(street=south))
    cheap = make_wish(resident=near, title="象棋", category=WishCategory.RECREATION, cost_yuan=60)
    dear = make_wish(resident=far, title="助行器", cost_yuan=350)
    make_wish("draft", resident=near, title="草稿心愿")
    make_wish("claimed", resident=near, title="已认领心愿")

    body = _body(client.get("/wishes"))
    assert "象棋" in body and "助行器" in body
    assert "草稿心愿" not in body and "已认领心愿" not in body
    assert body.index("助行器") < body.index("象棋")  # newest first
    waiting = _body(client.get("/wishes?sort=waiting"))
    assert waiting.index("象棋") < waiting.index("助行器")
    assert "助行器" not in _body(client.get("/wishes?category=recreation"))
    assert "象棋" not in _body(client.get(f"/wishes?street={south.id}"))
    assert "助行器" in _body(client.get(f"/wishes?street={south.id}"))
    assert "助行器" not in _body(client.get("/wishes?cost=upto100"))
    assert "象棋" not in _body(client.get("/wishes?cost=over300"))
    for junk in ("?category=x", "?street=abc", "?street=99999999999", "?cost=9", "?page=-4"):
        assert client.get("/wishes" + junk).status_code == 200, junk
    for _ in range(12):
        make_wish(resident=near, title="更多心愿")
    first, second = _body(client.get("/wishes")), _body(client.get("/wishes?page=2"))
    assert "第 1 页，共 2 页" in first
    assert ("象棋" in first) != ("象棋" in second)
    assert cheap.id and dear.id


def test_detail_shows_a_masked_name_and_street_only(client):
    resident = ResidentFactory(name="王秀英", address="文三路158号", phone="13812340000")
    wish = make_wish(resident=resident)
    body = _body(client.get(f"/wishes/{wish.id}"))
    assert "王**" in body and resident.community.street.name in body
    for secret in ("王秀英", "文三路158号", "13812340000", resident.community.name):
        assert secret not in body
    assert client.get(f"/wishes/{make_wish('draft').id}").status_code == 404
    assert client.get("/wishes/999999").status_code == 404


def test_a_donor_claims_and_sees_the_deadline(client, login_as, post):
    wish = make_wish()
    donor = login_as("donor")
    response = post(f"/wishes/{wish.id}/claim", page_url=f"/wishes/{wish.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/wishes/mine")
    _db.session.expire_all()
    claim = _db.session.scalar(select(WishClaim))
    assert claim.donor_id == donor.id and claim.status is ClaimStatus.HELD
    page = _body(client.get("/wishes/mine"))
    local = claim.deadline.astimezone(ZoneInfo("Asia/Shanghai"))  # the site's time zone
    assert wish.title in page and local.strftime("%Y-%m-%d") in page
    # the thank-you names the day as every other date on the site is written
    assert f"请在 {local:%Y-%m-%d} 前送达" in page


def test_the_donor_who_claimed_a_wish_reads_it_is_theirs_on_its_page(client, auth):
    mine, theirs = UserFactory(roles=["donor"]), UserFactory(roles=["donor"])
    claimed = make_wish("claimed", donor=mine)
    fulfilled = make_wish("fulfilled", donor=mine)
    claim_id = claimed.current_claim.id
    auth.login(mine.email)
    page = _body(client.get(f"/wishes/{claimed.id}"))
    assert "这是您认领的心愿。" in page and "已有爱心人士认领" not in page
    assert f'href="/wishes/mine#claim-{claim_id}"' in page
    assert "您已实现这个心愿，谢谢您！" in _body(client.get(f"/wishes/{fulfilled.id}"))
    auth.logout()
    auth.login(theirs.email)
    page = _body(client.get(f"/wishes/{claimed.id}"))
    assert "已有爱心人士认领了这个心愿" in page and "/wishes/mine#claim" not in page
    assert "这个心愿已由爱心人士帮助实现" in _body(client.get(f"/wishes/{fulfilled.id}"))


def test_a_second_claim_is_told_it_was_claimed(client, login_as, post):
    wish = make_wish("claimed")
    login_as("donor")
    response = post(f"/wishes/{wish.id}/claim", page_url=f"/wishes/{wish.id}")
    assert response.status_code == 409
    assert "该心愿已被认领" in _body(response)
    assert _db.session.scalar(select(func.count(WishClaim.id))) == 1


def test_claiming_a_fulfilled_or_closed_wish(client, login_as, post):
    fulfilled = make_wish("fulfilled")
    withdrawn = make_wish("published")
    from matchmaker.wishes import services

    services.withdraw_wish(withdrawn, by=UserFactory(roles=["admin"]), why="x")
    _db.session.commit()
    login_as("donor")
    client.set_cookie("mm_locale", "en")
    response = post(f"/wishes/{fulfilled.id}/claim", page_url="/wishes")
    assert response.status_code == 409
    assert "already been fulfilled" in _body(response)
    assert post(f"/wishes/{withdrawn.id}/claim", page_url="/wishes").status_code == 404


def test_a_donor_cannot_claim_their_own_wish(client, auth, post):
    account = UserFactory(roles=["donor", "resident"])
    wish = make_wish(resident=ResidentFactory(user=account))
    auth.login(account.email)
    client.set_cookie("mm_locale", "en")
    response = post(f"/wishes/{wish.id}/claim", page_url="/wishes")
    assert response.status_code == 403
    assert "your own wish" in _body(response)
    assert _db.session.scalar(select(func.count(WishClaim.id))) == 0


def test_only_donors_claim(client, login_as, post):
    wish = make_wish()
    response = post(f"/wishes/{wish.id}/claim")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login_as("volunteer")
    assert post(f"/wishes/{wish.id}/claim").status_code == 403


def test_release_and_deliver_from_my_page(client, auth, post):
    wish = make_wish("claimed")
    claim = wish.current_claim
    auth.login(claim.donor.email)
    response = post(f"/wishes/claims/{claim.id}/delivered", {f"c{claim.id}-note": "已送到"})
    assert response.status_code == 302
    _db.session.expire_all()
    assert _db.session.get(MicroWish, wish.id).status is WishStatus.DELIVERED
    assert post(f"/wishes/claims/{claim.id}/release").status_code == 409  # too late
    other = UserFactory(roles=["donor"])
    auth.logout()
    auth.login(other.email)
    assert post(f"/wishes/claims/{claim.id}/delivered").status_code == 404


def _wish_form(**overrides):
    data = {
        "title": "收音机",
        "story": "想听新闻",
        "category": "daily",
        "cost_yuan": "120",
    }
    data.update(overrides)
    return data


def test_resident_sends_a_wish_for_review(client, login_as, post):
    account = login_as("resident")
    resident = ResidentFactory(user=account)
    response = post("/wishes/new", _wish_form(), page_url="/wishes/new")
    assert response.status_code == 302
    wish = _db.session.scalar(select(MicroWish))
    assert wish.status is WishStatus.SUBMITTED and wish.resident_id == resident.id
    assert "收音机" in _body(client.get("/wishes/mine"))


def test_an_unlinked_resident_cannot_send_a_wish(client, login_as, post):
    login_as("resident")
    page = client.get("/wishes/new")
    assert page.status_code == 200 and 'name="title"' not in _body(page)
    assert post("/wishes/new", _wish_form(), page_url="/wishes").status_code == 403


def test_form_errors_are_clear(client, login_as, post):
    account = login_as("resident")
    ResidentFactory(user=account)
    client.set_cookie("mm_locale", "en")
    cases = [
        (_wish_form(cost_yuan="1200"), "Enter a cost from ¥1 to ¥1000."),
        (_wish_form(title="  "), "Enter what is wished for."),
        (_wish_form(cost_yuan="12.5"), 'id="cost_yuan-error"'),
        (_wish_form(category="jewellery"), 'id="category-error"'),
    ]
    for data, message in cases:
        response = post("/wishes/new", data, page_url="/wishes/new")
        assert response.status_code == 422 and message in _body(response), message
    for upload, message in (
        ((BytesIO(b"hello"), "wish.jpg"), "Upload a photo in JPEG, PNG or WebP format."),
        ((BytesIO(big_jpeg()), "big.jpg"), "The photo is larger than 5 MB."),
    ):
        data = _wish_form(photo=upload)
        response = post(
            "/wishes/new", data, page_url="/wishes/new", content_type="multipart/form-data"
        )
        assert response.status_code == 422 and message in _body(response)
        assert 'aria-describedby="photo-hint photo-error"' in _body(response)
    assert _db.session.scalar(select(func.count(MicroWish.id))) == 0


def test_a_photo_lost_to_another_mistake_is_asked_for_again(client, login_as, post, community):
    resident = ResidentFactory(community=community)
    login_as("social_worker", communities=[community])
    data = _wish_form(
        resident=str(resident.id), cost_yuan="99999", photo=(BytesIO(image_bytes()), "p.png")
    )
    response = post("/wishes/new", data, page_url="/wishes/new", content_type="multipart/form-data")
    assert response.status_code == 422
    assert "请重新选择照片" in _body(response)  # the browser shows no file chosen any more
    assert _db.session.scalar(select(func.count(MicroWish.id))) == 0


def test_staff_draft_with_a_photo_then_publish(client, login_as, post, community):
    resident = ResidentFactory(community=community)
    login_as("social_worker", communities=[community])
    data = _wish_form(resident=str(resident.id), photo=(BytesIO(jpeg_with_gps()), "p.jpg"))
    response = post("/wishes/new", data, page_url="/wishes/new", content_type="multipart/form-data")
    assert response.status_code == 302
    wish = _db.session.scalar(select(MicroWish))
    assert wish.status is WishStatus.DRAFT and wish.photo
    assert client.get(f"/wishes/{wish.id}/photo").status_code == 200  # staff: before publishing
    anonymous = client.application.test_client()
    assert anonymous.get(f"/wishes/{wish.id}/photo").status_code == 404
    response = post(f"/wishes/{wish.id}/publish", page_url=f"/wishes/{wish.id}/manage")
    assert response.status_code == 302
    photo = anonymous.get(f"/wishes/{wish.id}/photo")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    assert b"Exif" not in photo.data


def test_the_reviewer_sees_a_phone_number_flagged_and_cannot_publish(client, login_as, post):
    wish = make_wish("submitted", story="有事打我电话 138 1234 5678")
    login_as("social_worker", communities=[wish.resident.community])
    queue = _body(client.get("/wishes/review"))
    assert wish.title in queue and "含有个人信息" in queue
    assert "<title>微心愿管理" in queue  # not the public list's title
    page = _body(client.get(f"/wishes/{wish.id}/manage"))
    assert "<mark>138 1234 5678</mark>" in page
    viewed = _db.session.scalars(select(AuditEntry).where(AuditEntry.action == "view_resident"))
    assert [(e.subject_id, e.detail) for e in viewed] == [(wish.resident_id, f"wish {wish.id}")]
    response = post(f"/wishes/{wish.id}/publish", page_url=f"/wishes/{wish.id}/manage")
    assert response.status_code == 422
    _db.session.expire_all()
    assert _db.session.get(MicroWish, wish.id).status is WishStatus.SUBMITTED
    edit = post(
        f"/wishes/{wish.id}/edit",
        _wish_form(title=wish.title, story="请通过社工联系", cost_yuan="280", category="assistive"),
        page_url=f"/wishes/{wish.id}/edit",
    )
    assert edit.status_code == 302
    assert post(f"/wishes/{wish.id}/publish", page_url="/wishes/review").status_code == 302
    assert wish.title in _body(client.get("/wishes"))


def test_other_communities_are_out_of_reach(client, auth, login_as, post):
    wish = make_wish("submitted")
    login_as("social_worker", communities=[CommunityFactory()])
    assert wish.title not in _body(client.get("/wishes/review"))
    for url in (f"/wishes/{wish.id}/manage", f"/wishes/{wish.id}/edit"):
        assert client.get(url).status_code == 404
    assert post(f"/wishes/{wish.id}/publish").status_code == 404
    assert post(f"/wishes/{wish.id}/reject", {"reason": "x"}).status_code == 404
    for role in ("donor", "volunteer"):
        auth.logout()
        login_as(role)
        assert client.get("/wishes/review").status_code == 403


def test_confirm_with_a_photo_and_the_donor_reads_the_thanks(client, auth, login_as, post):
    wish = make_wish("delivered", resident=ResidentFactory(user=UserFactory(roles=["resident"])))
    claim = wish.current_claim
    worker = login_as("social_worker", communities=[wish.resident.community])
    client.set_cookie("mm_locale", "en")
    empty = post(f"/wishes/claims/{claim.id}/confirm", {"note": ""}, page_url="/wishes/review")
    assert empty.status_code == 422 and "Add a photo or a note" in _body(empty)
    data = {"photo": (BytesIO(image_bytes("PNG")), "proof.png"), "note": "已交付"}
    response = post(
        f"/wishes/claims/{claim.id}/confirm",
        data,
        page_url="/wishes/review",
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    _db.session.expire_all()
    claim = _db.session.get(WishClaim, claim.id)
    assert claim.status is ClaimStatus.CONFIRMED and claim.evidence_photo.endswith(".png")
    assert claim.confirmed_by_id == worker.id
    evidence = f"/wishes/claims/{claim.id}/evidence"
    assert client.get(evidence).status_code == 200
    auth.logout()
    assert client.get(evidence).status_code == 404  # the public
    login_as("donor")
    assert client.get(evidence).status_code == 404  # another donor
    auth.logout()

    auth.login(wish.resident.user.email)
    thanks = post(
        f"/wishes/claims/{claim.id}/thanks", {f"t{claim.id}-message": ""}, page_url="/wishes/mine"
    )
    assert thanks.status_code == 422
    thanks = post(
        f"/wishes/claims/{claim.id}/thanks",
        {f"t{claim.id}-message": "谢谢您，坐垫很舒服！"},
        page_url="/wishes/mine",
    )
    assert thanks.status_code == 302
    auth.logout()
    auth.login(claim.donor.email)
    page = _body(client.get("/wishes/mine"))
    assert "谢谢您，坐垫很舒服！" in page
    assert client.get(evidence).status_code == 200
    assert [e.to_state for e in history(claim)][-1] == "confirmed"


def test_the_home_page_counts_what_waits(client, login_as):
    submitted = make_wish("submitted")
    make_wish("delivered", resident=ResidentFactory(community=submitted.resident.community))
    login_as("social_worker", communities=[submitted.resident.community])
    home = _body(client.get("/"))
    assert "待审核的微心愿：1" in home and "待确认送达的心愿：1" in home
    assert 'href="/wishes/review#deliveries"' in home


def test_a_published_wish_cannot_be_edited(client, login_as, post):
    wish = make_wish("published")
    login_as("admin")
    response = post(f"/wishes/{wish.id}/edit", _wish_form(), page_url=f"/wishes/{wish.id}/manage")
    assert response.status_code == 409
    _db.session.expire_all()
    assert _db.session.get(MicroWish, wish.id).title == "轮椅减压坐垫"


def test_turning_down_a_wish_needs_a_reason_the_resident_reads(client, auth, login_as, post):
    wish = make_wish("submitted")
    login_as("social_worker", communities=[wish.resident.community])
    manage = f"/wishes/{wish.id}/manage"
    empty = post(f"/wishes/{wish.id}/reject", {"reason": " "}, page_url=manage)
    assert empty.status_code == 422 and 'id="reason-error"' in _body(empty)
    assert (
        post(f"/wishes/{wish.id}/reject", {"reason": "已由社区解决"}, page_url=manage).status_code
        == 302
    )
    auth.logout()
    auth.login(wish.resident.user.email)
    assert "已由社区解决" in _body(client.get("/wishes/mine"))


def test_staff_thank_the_donor_on_the_residents_behalf(client, auth, login_as, post):
    wish = make_wish("fulfilled")
    claim = wish.current_claim
    login_as("social_worker", communities=[wish.resident.community])
    manage = f"/wishes/{wish.id}/manage"
    assert f'action="/wishes/claims/{claim.id}/thanks"' in _body(client.get(manage))
    response = post(
        f"/wishes/claims/{claim.id}/thanks", {"message": "居民托我转达谢意"}, page_url=manage
    )
    assert response.status_code == 302
    auth.logout()
    auth.login(claim.donor.email)
    assert "居民托我转达谢意" in _body(client.get("/wishes/mine"))
    other = make_wish("claimed")
    early = post(
        f"/wishes/claims/{other.current_claim.id}/thanks", {"message": "谢谢"}, page_url="/wishes"
    )
    assert early.status_code == 403  # a donor cannot leave thanks at all


def test_visitors_find_the_wishes_from_the_home_page(client):
    assert 'href="/wishes"' in _body(client.get("/"))


def test_a_delivery_not_received_goes_back_to_the_donor_and_can_still_lapse(
    client, auth, login_as, post
):
    from datetime import timedelta

    from matchmaker.core.types import utcnow
    from matchmaker.notify.models import Notification
    from matchmaker.wishes.claims import lapse_overdue_claims

    wish = make_wish("delivered")
    claim = wish.current_claim
    login_as("social_worker", communities=[wish.resident.community])
    url = f"/wishes/claims/{claim.id}/not-received"
    page = f"/wishes/{wish.id}/manage"
    empty = post(url, {"not-received-reason": " "}, page_url=page)
    assert empty.status_code == 422 and "请填写原因" in _body(empty)
    assert _db.session.get(WishClaim, claim.id).status is ClaimStatus.DELIVERED  # unchanged
    sent = post(url, {"not-received-reason": "老人说还没收到"}, page_url=page)
    assert sent.status_code == 302
    _db.session.expire_all()
    claim = _db.session.get(WishClaim, claim.id)
    assert (claim.status, claim.wish.status) == (ClaimStatus.HELD, WishStatus.CLAIMED)
    assert claim.delivered_at is None and claim.deadline >= utcnow() + timedelta(days=6)
    told = _db.session.scalars(
        select(Notification).where(Notification.kind == "delivery_not_received")
    ).one()
    assert told.user_id == claim.donor_id and told.params["reason"] == "老人说还没收到"
    assert told.link == f"/wishes/mine#claim-{claim.id}"  # where they mark it delivered again
    again = post(url, {"not-received-reason": "再次"}, page_url=page)
    assert again.status_code == 409  # no longer marked delivered
    assert lapse_overdue_claims(claim.deadline + timedelta(minutes=1)) == 1
    _db.session.expire_all()
    assert _db.session.get(MicroWish, wish.id).status is WishStatus.PUBLISHED


def test_the_staffs_history_of_a_claim_does_not_address_them_as_the_donor(client, login_as):
    wish = make_wish("claimed")
    login_as("social_worker", communities=[wish.resident.community])
    page = _body(client.get(f"/wishes/{wish.id}/manage"))
    assert "爱心人士已认领，待送达" in page and "您已认领" not in page


def test_a_lapsed_claims_history_gives_the_reason_once(client, login_as):
    from datetime import timedelta

    from matchmaker.wishes.claims import lapse_overdue_claims

    wish = make_wish("claimed")
    lapse_overdue_claims(wish.current_claim.deadline + timedelta(minutes=1))
    _db.session.commit()
    login_as("social_worker", communities=[wish.resident.community])
    page = _body(client.get(f"/wishes/{wish.id}/manage"))
    assert "已失效（超过期限）" in page and "超过期限）（超过期限" not in page


def test_the_residents_own_name_or_address_in_a_story_stops_publishing(client, login_as, post):
    resident = ResidentFactory(name="王秀英", address="杭州市西湖区文三路9号3单元502室")
    wish = make_wish("submitted", resident=resident, story="秀英奶奶住在文三路9号，想要坐垫")
    login_as("social_worker", communities=[resident.community])
    assert "含有个人信息" in _body(client.get("/wishes/review"))
    page = _body(client.get(f"/wishes/{wish.id}/manage"))
    assert "<mark>秀英</mark>奶奶住在<mark>文三路9号</mark>" in page
    response = post(f"/wishes/{wish.id}/publish", page_url=f"/wishes/{wish.id}/manage")
    assert response.status_code == 422 and "服务对象本人的姓名、住址" in _body(response)
    _db.session.expire_all()
    assert _db.session.get(MicroWish, wish.id).status is WishStatus.SUBMITTED
    edit = post(
        f"/wishes/{wish.id}/edit",
        _wish_form(
            title=wish.title, story="王奶奶想要一个坐垫", cost_yuan="280", category="assistive"
        ),
        page_url=f"/wishes/{wish.id}/edit",
    )
    assert edit.status_code == 302
    assert post(f"/wishes/{wish.id}/publish", page_url="/wishes/review").status_code == 302


@pytest.mark.parametrize(
    "story",
    [
        "请送到文三路33号11幢2单元402室",  # the record holds it with spaces
        "家里电话１９００２００９０３４",  # full-width digits, as a Chinese input method types
        "家里电话 1900 2009 034",
    ],
    ids=["address typed without spaces", "full-width phone", "phone grouped 4-4-3"],
)
def test_an_address_or_phone_however_typed_stops_publishing(client, login_as, post, story):
    resident = ResidentFactory(address="文三路 33 号 11 幢 2 单元 402 室")
    wish = make_wish("submitted", resident=resident, story=story)
    login_as("social_worker", communities=[resident.community])
    response = post(f"/wishes/{wish.id}/publish", page_url=f"/wishes/{wish.id}/manage")
    assert response.status_code == 422
    _db.session.expire_all()
    assert _db.session.get(MicroWish, wish.id).status is WishStatus.SUBMITTED
    assert client.get(f"/wishes/{wish.id}").status_code == 404  # not public


def test_a_phone_number_in_the_delivery_note_is_refused(client, login_as, post):
    wish = make_wish("delivered")
    claim = wish.current_claim
    login_as("social_worker", communities=[wish.resident.community])
    note = "已送到，家属电话 138 1234 5678"
    refused = post(f"/wishes/claims/{claim.id}/confirm", {"note": note}, page_url="/wishes/review")
    body = _body(refused)
    assert refused.status_code == 422 and "爱心人士会读到这段话：请删去其中的电话或身份证号" in body
    assert note in body  # kept to correct
    _db.session.expire_all()
    assert _db.session.get(WishClaim, claim.id).status is ClaimStatus.DELIVERED


def test_an_unlinked_resident_is_told_about_micro_wishes_and_whom_to_ask(client, login_as):
    home = CommunityFactory(name="宝石社区", street=StreetFactory(name="北山街道"))
    account = login_as("resident", home_community=home)
    page = _body(client.get("/wishes/mine"))
    assert "关联之前，您无法在此提交微心愿。" in page and "求助申请" not in page
    assert "请联系您所在社区的社工" in page and account.login in page
    assert "您的账号正在等待北山街道 · 宝石社区的社工关联。" in page
    assert 'href="/account/community"' in page[page.index("<main") :]
    client.set_cookie("mm_locale", "en")
    page = _body(client.get("/wishes/mine"))
    assert "Until then you cannot make a micro-wish here." in page
    assert "Please contact the social worker of your community" in page
    assert 'href="/account/community"' in page[page.index("<main") :]


def test_a_wish_form_sent_twice_makes_one_wish(client, login_as, post):
    account = login_as("resident")
    ResidentFactory(user=account)
    first = post("/wishes/new", _wish_form(), page_url="/wishes/new")
    again = post("/wishes/new", _wish_form(), page_url="/wishes/new")
    assert first.status_code == again.status_code == 302
    assert len(_db.session.scalars(select(MicroWish)).all()) == 1
    assert (
        post("/wishes/new", _wish_form(title="助听器电池"), page_url="/wishes/new").status_code
        == 302
    )
    assert len(_db.session.scalars(select(MicroWish)).all()) == 2

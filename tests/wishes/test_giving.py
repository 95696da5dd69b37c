"""A donor's page puts what waits for them first, and says what their giving came to."""

from datetime import timedelta

from sqlalchemy import select

from matchmaker.core.models import AuditEntry
from matchmaker.core.types import utcnow
from matchmaker.extensions import db as _db
from matchmaker.wishes import claims
from matchmaker.wishes.models import ClaimStatus, WishClaim
from tests.factories import CommunityFactory, ResidentFactory, StreetFactory, UserFactory
from tests.wishes.conftest import make_wish


def test_the_wishes_to_deliver_come_first_nearest_deadline_first(client, auth):
    donor = UserFactory(roles=["donor"])
    fulfilled = make_wish("fulfilled", donor=donor, title="收音机", cost_yuan=880)
    later = make_wish("published", title="放大镜台灯")
    sooner = make_wish("published", title="助听器电池")
    # claimed in this order, so the newer claim has the nearer deadline
    claims.claim_wish(later, donor=donor)
    claims.claim_wish(sooner, donor=donor, now=utcnow() - timedelta(days=5))
    delivered = make_wish("delivered", donor=donor, title="盲杖")
    _db.session.commit()
    auth.login(donor.email)
    page = client.get("/wishes/mine").get_data(as_text=True)
    titles = [sooner.title, later.title, delivered.title, fulfilled.title]
    places = [page.index(f">{title}</a>") for title in titles]
    assert places == sorted(places), titles
    summary = page[page.index('id="giving"') :]
    assert "待送达</dt><dd>2</dd>" in summary
    assert "已送达，等待社工确认</dt><dd>1</dd>" in summary
    assert "您帮助实现的心愿</dt>" in summary and "1 个（约 ¥880）" in summary
    client.set_cookie("mm_locale", "en")
    english = client.get("/wishes/mine").get_data(as_text=True)
    assert "Wishes you helped fulfil</dt>" in english and "1 (about ¥880)" in english


def test_a_donor_without_claims_is_shown_the_wishes_instead(client, auth):
    donor = UserFactory(roles=["donor"])
    auth.login(donor.email)
    page = client.get("/wishes/mine").get_data(as_text=True)
    assert "您还没有认领心愿" in page and 'id="giving"' not in page


def test_the_home_page_counts_what_waits_for_a_donor_and_a_resident(client, auth):
    donor = UserFactory(roles=["donor"])
    resident = ResidentFactory(user=UserFactory(roles=["resident"]))
    make_wish("claimed", donor=donor, title="收音机")
    make_wish("fulfilled", donor=donor, resident=resident, title="助听器电池")
    auth.login(donor.email)
    assert "待送达的微心愿：1" in client.get("/").get_data(as_text=True)
    auth.logout()
    auth.login(resident.user.email)
    home = client.get("/").get_data(as_text=True)
    assert "待感谢的爱心人士：1" in home and 'href="/wishes/mine#own-heading"' in home
    claim = _db.session.scalar(select(WishClaim).where(WishClaim.status == ClaimStatus.CONFIRMED))
    claims.leave_thanks(claim, by=resident.user, message="谢谢您！")
    _db.session.commit()
    assert "待感谢的爱心人士：0" in client.get("/").get_data(as_text=True)


def handover_of(page: str, title: str) -> str:
    """What the donor's page says under "hand it over at" for the wish of ``title``."""
    rest = page[page.index(f">{title}</a>") :]
    rest = rest[rest.index("data-handover>") :]
    return rest[: rest.index("</dd>")]


def test_a_donor_holding_a_claim_is_told_where_to_hand_it_over(client, auth):
    office = CommunityFactory(
        name="文三社区",
        street=StreetFactory(
            name="北山街道",
            handover_place="北山街道残疾人之家一楼（工作日 9:00–17:00）",
            handover_phone="0571-87900001",
        ),
    )
    donor = UserFactory(roles=["donor"])
    here = make_wish("published", resident=ResidentFactory(community=office), title="助行器")
    unknown = make_wish(
        "published",
        resident=ResidentFactory(community=CommunityFactory(name="白乐桥社区")),
        title="收音机",
    )
    claims.claim_wish(here, donor=donor)
    claims.claim_wish(unknown, donor=donor)
    _db.session.commit()
    auth.login(donor.email)
    page = client.get("/wishes/mine").get_data(as_text=True)
    place = handover_of(page, "助行器")
    assert "北山街道残疾人之家一楼（工作日 9:00–17:00）" in place
    assert 'href="tel:0571-87900001"' in place
    missing = handover_of(page, "收音机")
    assert "社工会告诉您交付地点" in missing and "白乐桥社区" not in page  # street level only

    # only the donor holding the claim reads it: not the wish's public page
    auth.logout()
    assert "残疾人之家" not in client.get(f"/wishes/{here.id}").get_data(as_text=True)


def test_one_wish_waiting_reads_in_the_singular(client):
    make_wish(title="象棋")
    assert "1 个心愿等待认领。" in client.get("/wishes").get_data(as_text=True)
    client.set_cookie("mm_locale", "en")
    assert "1 wish waiting for a donor." in client.get("/wishes").get_data(as_text=True)


def test_a_streets_social_worker_keeps_where_donors_hand_over_gifts(client, auth, post):
    street = StreetFactory(name="北山街道")
    community = CommunityFactory(street=street, name="宝石社区")
    worker = UserFactory(roles=["social_worker"], communities=[community])
    elsewhere = StreetFactory(name="西溪街道", district=street.district)
    CommunityFactory(street=elsewhere)
    auth.login(worker.email)
    review = client.get("/wishes/review").get_data(as_text=True)
    assert f'href="/wishes/handover/{street.id}"' in review
    assert "北山街道：尚未填写" in review  # in the reader's punctuation
    assert '修改<span class="visually-hidden">（北山街道）</span>' in review  # the link's name
    assert f'href="/wishes/handover/{elsewhere.id}"' not in review  # not one of hers
    assert client.get(f"/wishes/handover/{elsewhere.id}").status_code == 404

    address = f"/wishes/handover/{street.id}"
    for not_a_phone in ("王阿姨", "2026-02-30", "99999999999999999999"):
        bad = post(address, {"handover_place": "北山街道残疾人之家", "handover_phone": not_a_phone})
        assert bad.status_code == 422
        assert "请填写服务中心的电话号码" in bad.get_data(as_text=True)
        assert "北山街道残疾人之家" in bad.get_data(as_text=True)  # kept
    done = post(address, {"handover_place": "北山街道残疾人之家", "handover_phone": "87901234"})
    assert done.status_code == 302
    _db.session.expire_all()
    assert (street.handover_place, street.handover_phone) == ("北山街道残疾人之家", "87901234")
    entry = _db.session.scalar(select(AuditEntry).where(AuditEntry.action == "save_place"))
    assert (entry.actor_id, entry.subject_id) == (worker.id, street.id)
    assert entry.subject_type == "street"

    ResidentFactory(community=community, address="保俶路 8 号 2 幢 301 室")
    home = post(address, {"handover_place": "保俶路8号2幢301室", "handover_phone": "87901234"})
    assert home.status_code == 422
    assert "这是一位服务对象的住址。" in home.get_data(as_text=True)
    assert 'value="保俶路8号2幢301室"' in home.get_data(as_text=True)  # kept
    _db.session.expire_all()
    assert street.handover_place == "北山街道残疾人之家"  # unchanged

    auth.logout()
    auth.login(UserFactory(roles=["volunteer"]).email)
    assert client.get(address).status_code == 403

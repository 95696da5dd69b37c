"""Giving a claim back asks first (a page that works without JavaScript), and the hint over a
resident's thanks speaks to the resident, not about them."""

from matchmaker.extensions import db as _db
from matchmaker.wishes.models import ClaimStatus, MicroWish, WishClaim, WishStatus
from tests.factories import ResidentFactory, UserFactory
from tests.wishes.conftest import make_wish

THIRD_PERSON = "请不要写服务对象的全名、住址、电话、身份证号和健康情况。"
SECOND_PERSON = "请不要写您的全名、住址、电话、身份证号和健康情况。"


def _body(response) -> str:
    return response.get_data(as_text=True)


def test_giving_a_claim_back_asks_first(client, auth, post):
    wish = make_wish("claimed", title="助行器")
    claim = wish.current_claim
    auth.login(claim.donor.email)
    mine = _body(client.get("/wishes/mine"))
    release = f"/wishes/claims/{claim.id}/release"
    assert f'action="{release}"' not in mine  # no one-tap release on the list
    assert f'href="{release}"' in mine

    ask = client.get(release)
    assert ask.status_code == 200
    page = _body(ask)
    assert "<h1>放弃认领“助行器”？</h1>" in page
    assert "其他爱心人士就可以认领这个心愿" in page
    assert f'<form method="post" action="{release}">' in page and 'name="csrf_token"' in page
    assert f'href="/wishes/mine#claim-{claim.id}">继续认领</a>' in page
    _db.session.expire_all()
    assert _db.session.get(WishClaim, claim.id).status is ClaimStatus.HELD  # a GET changes nothing

    assert client.post(release).status_code == 400  # no CSRF token: refused
    response = post(release, page_url=release)
    assert response.status_code == 302 and response.headers["Location"].endswith("/wishes/mine")
    _db.session.expire_all()
    assert _db.session.get(WishClaim, claim.id).status is ClaimStatus.RELEASED
    assert _db.session.get(MicroWish, wish.id).status is WishStatus.PUBLISHED

    # Asked again once it is no longer held: back to the list, told why.
    again = client.get(release)
    assert again.status_code == 302
    assert again.headers["Location"].endswith(f"/wishes/mine#claim-{claim.id}")
    assert "该认领已不能这样更改，请查看其当前状态。" in _body(client.get("/wishes/mine"))
    assert post(release, page_url="/wishes/mine").status_code == 409


def test_only_the_donor_is_asked(client, auth):
    claim = make_wish("claimed").current_claim
    auth.login(UserFactory(roles=["donor"]).email)
    assert client.get(f"/wishes/claims/{claim.id}/release").status_code == 404


def test_the_thanks_hint_speaks_to_the_resident(client, auth, post):
    account = UserFactory(roles=["resident"])
    wish = make_wish("fulfilled", resident=ResidentFactory(user=account))
    claim = wish.current_claim
    auth.login(account.email)
    page = _body(client.get("/wishes/mine"))
    assert SECOND_PERSON in page and THIRD_PERSON not in page
    # the form sent back with an error keeps the resident's wording
    response = post(
        f"/wishes/claims/{claim.id}/thanks", {f"t{claim.id}-message": ""}, page_url="/wishes/mine"
    )
    assert response.status_code == 422 and SECOND_PERSON in _body(response)
    client.set_cookie("mm_locale", "en")
    english = _body(client.get("/wishes/mine"))
    assert "Leave out your full name, address, phone, ID number and health." in english
    # a social worker recording thanks for the resident reads the third-person hint
    auth.logout()
    client.set_cookie("mm_locale", "zh_CN")
    worker = UserFactory(roles=["social_worker"], communities=[wish.resident.community])
    auth.login(worker.email)
    manage = _body(client.get(f"/wishes/{wish.id}/manage"))
    assert THIRD_PERSON in manage and SECOND_PERSON not in manage

"""Administrators keep the place list; bad coordinates and duplicate names are field errors."""

import pytest
from sqlalchemy import func, select

from matchmaker.accounts.places import Community, District, Street
from matchmaker.core.models import AuditEntry
from matchmaker.registry.models import ResidentStatus
from tests.conftest import csrf_from
from tests.factories import CommunityFactory, ResidentFactory, StreetFactory


def post(client, path, data):
    token = csrf_from(client.get("/admin/places/"))
    return client.post(path, data={**data, "csrf_token": token})


def test_admin_builds_district_street_community(client, login_as, db):
    login_as("admin")
    assert post(client, "/admin/places/districts", {"district_name": "拱墅区"}).status_code == 302
    district = db.session.scalar(select(District))
    response = post(
        client, "/admin/places/streets", {"district": district.id, "street_name": "米市巷街道"}
    )
    assert response.status_code == 302
    street = db.session.scalar(select(Street))
    response = post(
        client,
        "/admin/places/communities",
        {
            "street": street.id,
            "community_name": "左家新村社区",
            "lat": "30.2900",
            "lon": "120.1650",
        },
    )
    assert response.status_code == 302
    community = db.session.scalar(select(Community))
    assert (community.full_name, community.lat, community.lon) == (
        "拱墅区米市巷街道左家新村社区",
        30.29,
        120.165,
    )
    page = client.get("/admin/places/").get_data(as_text=True)
    assert "左家新村社区" in page and "30.2900" in page
    # each new place is audited as added, the community too (it read "changed a place")
    logged = db.session.execute(select(AuditEntry.action, AuditEntry.subject_type)).all()
    assert sorted(logged) == [
        ("add_place", "community"),
        ("add_place", "district"),
        ("add_place", "street"),
    ]
    assert "新增地点" in client.get("/admin/audit?action=add_place").get_data(as_text=True)


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [
        ("120.1650", "30.2900", "Latitude must be between 3.0 and 54.0."),
        ("abc", "120.1", "Not a valid float value."),
        ("", "120.1", "Enter a latitude as a number"),
    ],
)
def test_bad_coordinates_are_field_errors(client, login_as, db, lat, lon, message):
    login_as("admin")
    street = StreetFactory()
    client.set_cookie("mm_locale", "en")
    response = post(
        client,
        "/admin/places/communities",
        {"street": street.id, "community_name": "新社区", "lat": lat, "lon": lon},
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Community.id))) == 0


def test_duplicate_names_under_one_parent_are_refused(client, login_as, db):
    login_as("admin")
    existing = CommunityFactory(name="文三社区")
    client.set_cookie("mm_locale", "en")
    response = post(
        client,
        "/admin/places/communities",
        {
            "street": existing.street_id,
            "community_name": "文三社区",
            "lat": "30.28",
            "lon": "120.14",
        },
    )
    assert response.status_code == 422
    assert "That name is already used here." in response.get_data(as_text=True)
    other_street = StreetFactory()
    response = post(
        client,
        "/admin/places/communities",
        {"street": other_street.id, "community_name": "文三社区", "lat": "30.28", "lon": "120.14"},
    )
    assert response.status_code == 302


def test_edit_a_community_centre(client, login_as, db):
    login_as("admin")
    community = CommunityFactory()
    url = f"/admin/places/communities/{community.id}"
    token = csrf_from(client.get(url))
    response = client.post(
        url,
        data={
            "street": community.street_id,
            "community_name": "改名社区",
            "lat": "31.2",
            "lon": "121.4",
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    changed = db.session.get(Community, community.id)
    assert (changed.name, changed.lat, changed.lon) == ("改名社区", 31.2, 121.4)
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.action, entry.subject_id) == ("save_place", community.id)


def test_where_donors_hand_over_gifts_is_kept_with_the_street(client, login_as, db):
    login_as("admin")
    street = StreetFactory(name="北山街道")
    url = f"/admin/places/streets/{street.id}"
    assert 'href="/admin/places/streets/' in client.get("/admin/places/").get_data(as_text=True)
    fields = {
        "district": street.district_id,
        "street_name": "北山街道",
        "handover_place": " 北山街道残疾人之家（工作日 9:00–17:00） ",
        "csrf_token": csrf_from(client.get(url)),
    }
    bad = client.post(url, data={**fields, "handover_phone": "请打电话给王阿姨"})
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    assert "请填写服务中心的电话号码，例如 0571-87654321。" in page
    assert "北山街道残疾人之家（工作日 9:00–17:00）" in page  # what was typed is kept
    assert client.post(url, data={**fields, "handover_phone": "0571-8790 0001"}).status_code == 302
    db.session.expire_all()
    saved = db.session.get(Street, street.id)
    assert saved.handover_place == "北山街道残疾人之家（工作日 9:00–17:00）"
    assert saved.handover_phone == "0571-8790 0001"
    listing = client.get("/admin/places/").get_data(as_text=True)
    assert "北山街道残疾人之家（工作日 9:00–17:00） · 0571-8790 0001" in listing


HOME = "莫干山路 192 号 4 幢 4 单元 503 室"
REFUSED = "这是一位服务对象的住址。请填写街道或社区服务中心等公开的交付地点。"


@pytest.mark.parametrize(
    "typed",
    [
        HOME,
        "莫干山路192号4幢4单元503室",  # typed without the spaces
        "莫干山路１９２号４幢４单元５０３室（工作日 9:00–17:00）",  # full-width, with hours
        "4幢4单元503室",  # the home within the compound
    ],
)
def test_a_residents_home_is_refused_as_the_handover_place(client, login_as, db, typed):
    """DESIGN §8: every donor with a claim in the street reads the handover place."""
    login_as("admin")
    street = StreetFactory(name="西溪街道")
    ResidentFactory(
        community=CommunityFactory(street=street),
        name="陈居民",
        address=HOME,
        status=ResidentStatus.INACTIVE,  # a record made inactive counts too
    )
    url = f"/admin/places/streets/{street.id}"
    fields = {"district": street.district_id, "street_name": "西溪街道", "handover_phone": ""}
    response = client.post(
        url, data={**fields, "handover_place": typed, "csrf_token": csrf_from(client.get(url))}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert REFUSED in page
    assert "陈居民" not in page  # it says nothing of whose home it is
    assert f'value="{typed}"' in page  # what was typed is kept
    db.session.expire_all()
    assert db.session.get(Street, street.id).handover_place == ""


def test_a_public_desk_saves_beside_residents_homes(client, login_as, db):
    login_as("admin")
    street = StreetFactory(name="西溪街道")
    ResidentFactory(community=CommunityFactory(street=street), address=HOME)
    url = f"/admin/places/streets/{street.id}"
    fields = {"district": street.district_id, "street_name": "西溪街道", "handover_phone": ""}
    for desk in ("西溪街道社区服务中心一楼", "莫干山路 192 号残疾人之家（工作日 9:00–17:00）"):
        token = csrf_from(client.get(url))
        response = client.post(url, data={**fields, "handover_place": desk, "csrf_token": token})
        assert response.status_code == 302, desk
        db.session.expire_all()
        assert db.session.get(Street, street.id).handover_place == desk


def test_a_home_in_another_street_is_not_this_streets_business(client, login_as, db):
    login_as("admin")
    street = StreetFactory(name="西溪街道")
    ResidentFactory(community=CommunityFactory(), address=HOME)  # lives in another street
    url = f"/admin/places/streets/{street.id}"
    data = {"district": street.district_id, "street_name": "西溪街道", "handover_place": HOME}
    response = client.post(url, data={**data, "csrf_token": csrf_from(client.get(url))})
    assert response.status_code == 302


def test_a_street_cannot_be_renamed_onto_another(client, login_as, db):
    login_as("admin")
    street = StreetFactory(name="北山街道")
    StreetFactory(name="西溪街道", district=street.district)
    url = f"/admin/places/streets/{street.id}"
    data = {"district": street.district_id, "street_name": "西溪街道"}
    response = client.post(url, data={**data, "csrf_token": csrf_from(client.get(url))})
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Street, street.id).name == "北山街道"


def test_unknown_parent_is_a_400_not_a_500(client, login_as, db):
    login_as("admin")
    StreetFactory()
    response = post(
        client,
        "/admin/places/communities",
        {"street": "99999", "community_name": "x", "lat": "30", "lon": "120"},
    )
    assert response.status_code in (400, 422)


@pytest.mark.parametrize("role", ["social_worker", "volunteer", "donor", "resident"])
def test_only_admins_keep_places(client, login_as, db, role):
    login_as(role)
    assert client.get("/admin/places/").status_code == 403
    token = csrf_from(client.get("/"))
    response = client.post(
        "/admin/places/districts", data={"district_name": "x", "csrf_token": token}
    )
    assert response.status_code == 403
    assert db.session.scalar(select(func.count(District.id))) == 0

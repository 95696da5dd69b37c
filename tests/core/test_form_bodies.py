"""What a form reads from a request: text from the form's fields, an upload only in a file
field. A crafted request (a text field sent as a file, a JSON body) gets the form back with
its errors, never a 500, and changes nothing."""

import json
from io import BytesIO

from sqlalchemy import func, select

from matchmaker.wishes.models import MicroWish
from tests.conftest import PASSWORD, csrf_from
from tests.factories import CommunityFactory, ResidentFactory, UserFactory


def _signed_in(client) -> bool:
    return client.get("/me/settings").status_code == 200


def test_a_login_sent_as_a_file_is_asked_for_again(client):
    user = UserFactory(roles=["donor"])
    token = csrf_from(client.get("/login"))
    response = client.post(
        "/login",
        data={
            "login": (BytesIO(user.email.encode()), "login.txt"),
            "password": PASSWORD,
            "csrf_token": token,
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "请输入您的手机号或电子邮箱" in response.get_data(as_text=True)
    assert not _signed_in(client)


def test_a_json_body_is_not_read_as_a_form(client):
    user = UserFactory(roles=["donor"])
    token = csrf_from(client.get("/login"))
    for login in (user.email, 123, {"a": 1}, ["a", "b"]):
        response = client.post(
            "/login",
            data=json.dumps({"login": login, "password": PASSWORD}),
            content_type="application/json",
            headers={"X-CSRFToken": token},
        )
        assert response.status_code == 422, login
        assert not _signed_in(client)


def test_a_wish_title_sent_as_a_file_is_refused_and_nothing_is_saved(client, login_as, db):
    community = CommunityFactory()
    resident = ResidentFactory(community=community)
    login_as("social_worker", communities=[community])
    token = csrf_from(client.get("/wishes/new"))
    response = client.post(
        "/wishes/new",
        data={
            "resident": str(resident.id),
            "title": (BytesIO("收音机".encode()), "title.txt"),
            "story": "想听新闻",
            "category": "daily",
            "cost_yuan": "120",
            "csrf_token": token,
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert 'id="title-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(MicroWish.id))) == 0

"""Admins edit the skill and language catalogues; retired skills are no longer offered."""

import pytest
from sqlalchemy import select

from matchmaker.recruit.catalogue import Language, Skill
from tests.conftest import csrf_from
from tests.factories import SkillFactory


def token(client):
    return csrf_from(client.get("/admin/catalogues/"))


def test_admin_adds_a_skill_and_a_language(client, login_as, db):
    login_as("admin")
    response = client.post(
        "/admin/catalogues/skills/new",
        data={
            "skills-name": "手语",
            "skills-name_en": "Sign language",
            "skills-active": "y",
            "csrf_token": token(client),
        },
    )
    assert response.status_code == 302
    client.post(
        "/admin/catalogues/languages/new",
        data={
            "languages-name": "温州话",
            "languages-name_en": "Wenzhou dialect",
            "languages-active": "y",
            "csrf_token": token(client),
        },
    )
    assert [s.name for s in db.session.scalars(select(Skill))] == ["手语"]
    assert [lang.name for lang in db.session.scalars(select(Language))] == ["温州话"]


def test_duplicate_and_empty_names_are_field_errors(client, login_as, db):
    login_as("admin")
    SkillFactory(name="理发")
    client.set_cookie("mm_locale", "en")
    response = client.post(
        "/admin/catalogues/skills/new",
        data={"skills-name": "理发", "skills-name_en": "Haircuts", "csrf_token": token(client)},
    )
    assert response.status_code == 422
    assert "That name is already in the catalogue." in response.get_data(as_text=True)
    response = client.post(
        "/admin/catalogues/skills/new",
        data={"skills-name": "", "skills-name_en": "", "csrf_token": token(client)},
    )
    assert "Enter the Chinese name." in response.get_data(as_text=True)


def test_retired_skill_is_not_offered_to_new_volunteers(client, login_as, auth, db):
    skill = SkillFactory(name="盲文", name_en="Braille")
    login_as("admin")
    url = f"/admin/catalogues/skills/{skill.id}"
    response = client.post(
        url, data={"name": "盲文", "name_en": "Braille", "csrf_token": csrf_from(client.get(url))}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Skill, skill.id).active is False
    auth.logout()
    login_as("volunteer")
    assert "盲文" not in client.get("/volunteers/signup").get_data(as_text=True)


def test_unknown_catalogue_is_404(client, login_as):
    login_as("admin")
    assert client.get("/admin/catalogues/colours/1").status_code == 404


@pytest.mark.parametrize("role", ["social_worker", "volunteer"])
def test_only_admins_edit_catalogues(client, login_as, role):
    login_as(role)
    assert client.get("/admin/catalogues/").status_code == 403


@pytest.mark.parametrize(
    "locale, heading, saved",
    [("zh_CN", "技能：盲文", "盲文已保存"), ("en", "Skills: Braille", "Braille saved.")],
)
def test_an_entry_is_named_in_the_readers_language(client, login_as, db, locale, heading, saved):
    skill = SkillFactory(name="盲文", name_en="Braille")
    login_as("admin")
    client.set_cookie("mm_locale", locale)
    url = f"/admin/catalogues/skills/{skill.id}"
    form = client.get(url)
    assert f"<h1>{heading}</h1>" in form.get_data(as_text=True)
    data = {"name": "盲文", "name_en": "Braille", "active": "y", "csrf_token": csrf_from(form)}
    assert saved in client.post(url, data=data, follow_redirects=True).get_data(as_text=True)

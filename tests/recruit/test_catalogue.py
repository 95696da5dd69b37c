"""Admins edit the skill and language catalogues; retired skills are no longer offered."""

import pytest
from sqlalchemy import select

from matchmaker.recruit.catalogue import Language, Skill
from matchmaker.registry.models import NeedStatus
from tests.conftest import csrf_from
from tests.factories import (
    LanguageFactory,
    NeedFactory,
    ResidentFactory,
    SkillFactory,
    VolunteerFactory,
)


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


def test_retiring_a_skill_says_who_still_uses_it_and_keeps_it(client, login_as, db):
    braille = SkillFactory(name="盲文", name_en="Braille")
    other = SkillFactory(name="理发", name_en="Haircuts")
    for _ in range(3):
        VolunteerFactory(skills=[braille, other])
    VolunteerFactory(skills=[other])
    NeedFactory(open=True, skills=[braille])
    NeedFactory(submitted=True, skills=[braille])
    NeedFactory(status=NeedStatus.MATCHED, skills=[braille])
    NeedFactory(status=NeedStatus.CLOSED, skills=[braille])  # done: not counted
    NeedFactory(open=True, skills=[other])
    login_as("admin")
    url = f"/admin/catalogues/skills/{braille.id}"
    response = client.post(
        url,
        data={"name": "盲文", "name_en": "Braille", "csrf_token": csrf_from(client.get(url))},
        follow_redirects=True,
    )
    assert (
        "已停用“盲文”：仍有 3 名志愿者、3 个未完成的需求使用它，"
        "这些记录保留该技能，新的需求和报名不能再选。"
    ) in response.get_data(as_text=True)
    # saved again while already retired: an ordinary save
    token = csrf_from(client.get(url))
    again = client.post(
        url, data={"name": "盲文", "name_en": "Braille", "csrf_token": token}, follow_redirects=True
    )
    assert "盲文已保存。" in again.get_data(as_text=True)
    assert "仍有" not in again.get_data(as_text=True)


def test_retiring_a_language_counts_volunteers_and_residents_in_english(client, login_as, db):
    cantonese = LanguageFactory(name="粤语", name_en="Cantonese")
    VolunteerFactory().languages = [cantonese]
    for _ in range(2):
        ResidentFactory().languages = [cantonese]
    db.session.commit()
    login_as("admin")
    client.set_cookie("mm_locale", "en")
    url = f"/admin/catalogues/languages/{cantonese.id}"
    response = client.post(
        url,
        data={"name": "粤语", "name_en": "Cantonese", "csrf_token": csrf_from(client.get(url))},
        follow_redirects=True,
    )
    assert (
        "Retired Cantonese: 1 volunteer and 2 residents still use it. Their records keep it; "
        "new applications and resident records can no longer choose it."
    ) in response.get_data(as_text=True).replace("&#39;", "'")


def test_retiring_an_unused_skill_says_no_record_uses_it(client, login_as, db):
    skill = SkillFactory(name="盲文", name_en="Braille")
    login_as("admin")
    url = f"/admin/catalogues/skills/{skill.id}"
    response = client.post(
        url,
        data={"name": "盲文", "name_en": "Braille", "csrf_token": csrf_from(client.get(url))},
        follow_redirects=True,
    )
    assert "已停用“盲文”：目前没有记录使用它，新的记录也不能再选。" in response.get_data(
        as_text=True
    )


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

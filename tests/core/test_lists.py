"""Names listed in a sentence or a cell read as a list in the reader's language: "手语、读报和
陪同出行", "Sign language, Reading, and Escorting" — never English names joined with "、"."""

from markupsafe import Markup

from matchmaker.core.templating import join_list
from tests.factories import (
    LanguageFactory,
    NeedFactory,
    SkillFactory,
    UserFactory,
    VolunteerFactory,
)


def test_join_list_follows_the_language_and_keeps_links_markup(app):
    with app.test_request_context("/"):
        assert join_list(["手语", "读报", "陪同出行"]) == "手语、读报和陪同出行"
        assert join_list([]) == ""
    with app.test_request_context("/", headers={"Cookie": "mm_locale=en"}):
        assert join_list(["Sign language", "Reading"]) == "Sign language and Reading"
        links = [Markup('<a href="/offers/1">%s</a>') % "<b>", Markup('<a href="/o/2">x</a>')]
        joined = join_list(links)
        assert isinstance(joined, Markup)
        assert joined == '<a href="/offers/1">&lt;b&gt;</a> and <a href="/o/2">x</a>'


def _skills():
    return [
        SkillFactory(name="手语", name_en="Sign language"),
        SkillFactory(name="情绪疏导", name_en="Emotional support"),
    ]


def test_a_volunteers_skills_and_languages_in_english(client, auth, db):
    user = UserFactory(roles=["volunteer"])
    VolunteerFactory(
        user=user,
        approved=True,
        skills=_skills(),
        languages=[
            LanguageFactory(name="普通话", name_en="Mandarin"),
            LanguageFactory(name="杭州话", name_en="Hangzhou dialect"),
        ],
    )
    auth.login(user.email)
    client.set_cookie("mm_locale", "en")
    page = client.get("/volunteers/me").get_data(as_text=True)
    assert "Sign language and Emotional support" in page
    assert "Mandarin and Hangzhou dialect" in page
    assert "、" not in page
    client.set_cookie("mm_locale", "zh_CN")
    assert "手语和情绪疏导" in client.get("/volunteers/me").get_data(as_text=True)


def test_the_skills_a_need_wants_on_the_board_in_english(client, db):
    NeedFactory(open=True, skills=_skills())
    client.set_cookie("mm_locale", "en")
    page = client.get("/needs/board").get_data(as_text=True)
    assert "Sign language and Emotional support" in page and "、" not in page

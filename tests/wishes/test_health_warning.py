"""A story naming a health condition or disability is flagged for the reviewer, who may still
publish it once they say the resident agreed (DESIGN §8: recorded in the wish's history),
unlike a phone or ID number, which blocks."""

from sqlalchemy import select

from matchmaker.core.models import Event
from matchmaker.extensions import db as _db
from matchmaker.wishes import services
from matchmaker.wishes.models import MicroWish, WishStatus
from tests.wishes.conftest import make_wish


def _body(response) -> str:
    return response.get_data(as_text=True)


def test_the_service_finds_health_words_in_title_and_story(db):
    wish = make_wish("draft", title="视力训练卡", story="有高血压，想在家每天量一量。")
    assert [f.text for f in services.health_details_in(wish)] == ["视力", "高血压"]
    assert services.personal_data_in(wish) == []
    aid = make_wish("draft", title="轮椅减压坐垫", story="每天坐轮椅的时间长，想要一个减压坐垫。")
    assert services.health_details_in(aid) == []


def test_the_reviewer_is_warned_and_may_still_publish(client, login_as, post):
    wish = make_wish("submitted", title="血压计", story="有高血压，想在家每天量一量。")
    plain = make_wish("submitted", resident=wish.resident, title="象棋", story="想和邻居下棋。")
    login_as("social_worker", communities=[wish.resident.community])

    client.set_cookie("mm_locale", "en")
    queue = _body(client.get("/wishes/review"))
    assert queue.count("Mentions health or disability details") == 1
    row = queue[queue.index(f"/wishes/{wish.id}/manage") :]
    assert row.index("Mentions health or disability details") < row.index("</tr>")
    assert "Holds personal data" not in queue
    assert plain.title in queue

    page = _body(client.get(f"/wishes/{wish.id}/manage"))
    assert (
        '有<mark class="mark-health">高血压<span class="visually-hidden">'
        "(health or disability detail)</span></mark>" in page
    )
    assert "The public page shows the story to anyone: rephrase it unless" in page
    assert "publish it as it is only if the resident agreed" in page
    assert 'role="alert"' not in page  # not the number's error box
    assert "Mentions health" not in _body(client.get(f"/wishes/{plain.id}/manage"))

    client.set_cookie("mm_locale", "zh_CN")
    assert "提及健康或残疾情况" in _body(client.get(f"/wishes/{wish.id}/manage"))
    # not without the resident's agreement
    refused = post(f"/wishes/{wish.id}/publish", page_url=f"/wishes/{wish.id}/manage")
    assert refused.status_code == 422
    assert "请勾选服务对象已同意公开这些健康或残疾信息" in _body(refused)
    _db.session.expire_all()
    assert _db.session.get(MicroWish, wish.id).status is WishStatus.SUBMITTED
    response = post(
        f"/wishes/{wish.id}/publish",
        {"health_agreed": "y"},
        page_url=f"/wishes/{wish.id}/manage",
    )
    assert response.status_code == 302
    _db.session.expire_all()
    assert _db.session.get(MicroWish, wish.id).status is WishStatus.PUBLISHED
    published = _db.session.scalars(
        select(Event).where(
            Event.subject_type == "micro_wish",
            Event.subject_id == wish.id,
            Event.to_state == "published",
        )
    ).all()
    assert [e.reason for e in published] == [services.HEALTH_AGREED]
    assert "已审核；服务对象同意公开其中的健康信息" in _body(
        client.get(f"/wishes/{wish.id}/manage")
    )
    # a story without such words needs no tick
    assert post(f"/wishes/{plain.id}/publish", page_url="/wishes/review").status_code == 302


def test_a_number_still_blocks_beside_a_health_word(client, login_as, post):
    wish = make_wish("submitted", story="有高血压，请打 138 1234 5678")
    login_as("social_worker", communities=[wish.resident.community])
    page = _body(client.get(f"/wishes/{wish.id}/manage"))
    assert "<mark>138 1234 5678</mark>" in page and 'class="mark-health">高血压' in page
    response = post(f"/wishes/{wish.id}/publish", page_url=f"/wishes/{wish.id}/manage")
    assert response.status_code == 422

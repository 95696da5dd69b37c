"""A session's times are typed, as a visit log's are: what a phone's number pad can type
("1400"), or hours:minutes; never the browser's time picker (a 12-hour dial on many
phones, and on some browsers a box a screen reader user cannot type into)."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from matchmaker.train.models import TrainingSession
from tests.conftest import csrf_from
from tests.train import helpers


def _schedule(client, auth, world, **fields):
    course = helpers.course()
    auth.login(world["worker"].email)
    address = f"/train/courses/{course.id}/sessions/new"
    token = csrf_from(client.get(address))
    data = {**helpers.session_form(world["home"], **fields), "csrf_token": token}
    return client.post(address, data=data)


def _input(page: str, name: str) -> str:
    return re.search(rf'<input[^>]*\bname="{name}"[^>]*>', page).group(0)


def test_the_time_boxes_are_typed_text_with_the_pattern_as_hint(client, auth, db, world):
    course = helpers.course()
    auth.login(world["worker"].email)
    page = client.get(f"/train/courses/{course.id}/sessions/new").get_data(as_text=True)
    for name in ("starts", "ends"):
        box = _input(page, name)
        assert 'type="text"' in box and 'inputmode="numeric"' in box, box
        assert 'placeholder="时:分"' in box and 'autocomplete="off"' in box, box
    assert 'type="time"' not in page


@pytest.mark.parametrize(
    ("starts", "ends"),
    [("1400", "1630"), ("14:00", "16:30"), ("14", "16.30")],
    ids=["digits only", "hours:minutes", "hour only and a dot"],
)
def test_a_session_is_scheduled_with_times_as_people_type_them(
    client, auth, db, world, starts, ends
):
    response = _schedule(client, auth, world, starts=starts, ends=ends)
    assert response.status_code == 302
    sitting = db.session.scalar(select(TrainingSession))
    assert (sitting.starts_at.hour, sitting.starts_at.minute) == (6, 0)  # 14:00 in Shanghai
    assert sitting.ends_at - sitting.starts_at == timedelta(hours=2, minutes=30)


@pytest.mark.parametrize(
    ("fields", "box"),
    [
        ({"starts": "1.5"}, "starts"),
        ({"starts": "25:00"}, "starts"),
        ({"ends": "1.5"}, "ends"),
        ({"ends": "25:00"}, "ends"),
    ],
    ids=["start 1.5", "start 25:00", "end 1.5", "end 25:00"],
)
def test_a_time_that_cannot_be_read_is_refused_keeping_the_rest(
    client, auth, db, world, fields, box
):
    response = _schedule(client, auth, world, **fields)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'<p class="field-error" id="{box}-error">' in page
    error = page[page.index(f'id="{box}-error"') :]
    assert "请按“时:分”填写时间" in error[: error.index("</p>")]
    typed = _input(page, box)
    assert 'aria-invalid="true"' in typed and f'value="{fields[box]}"' in typed
    # everything else typed is still there, to be corrected rather than typed again
    sent = helpers.session_form(world["home"], **fields)
    for name in ("day", "starts", "ends", "place", "capacity", "trainer"):
        assert f'value="{sent[name]}"' in _input(page, name), name
    assert re.search(rf'<option selected value="{world["home"].id}">', page) or re.search(
        rf'<option value="{world["home"].id}" selected', page
    )
    assert db.session.scalar(select(func.count(TrainingSession.id))) == 0


def test_a_missing_time_is_asked_for_in_the_sessions_words(client, auth, db, world):
    response = _schedule(client, auth, world, starts="", ends="")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "请输入培训开始时间，例如 14:00。" in page
    assert "请输入培训结束时间，例如 16:00。" in page


def test_a_session_still_ends_after_it_starts(client, auth, db, world):
    response = _schedule(client, auth, world, starts="1600", ends="1400")
    assert response.status_code == 422
    assert "结束时间必须晚于开始时间" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(TrainingSession.id))) == 0


def test_a_session_form_sent_twice_schedules_one_session(client, auth, db, world):
    course = helpers.course()
    auth.login(world["worker"].email)
    address = f"/train/courses/{course.id}/sessions/new"

    def send(**fields):
        token = csrf_from(client.get(address))
        data = {**helpers.session_form(world["home"], **fields), "csrf_token": token}
        return client.post(address, data=data)

    first, again = send(), send()
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert db.session.scalar(select(func.count(TrainingSession.id))) == 1
    assert send(place="社区活动室二楼").status_code == 302  # another room at the same hours
    assert db.session.scalar(select(func.count(TrainingSession.id))) == 2

"""The roll's "Mark absent instead": a page that says what changes and asks why (422 when the
reason is missing or holds a number, the text kept), a 409 once it is no longer attended, and
nothing for a volunteer or a social worker of another community."""

import pytest
from sqlalchemy import select

from matchmaker.core.types import utcnow
from matchmaker.extensions import db
from matchmaker.match.models import PairingStatus
from matchmaker.train import enrolment
from matchmaker.train.models import CourseCompletion, EnrolmentStatus
from tests.conftest import csrf_from
from tests.notify.helpers import kinds_of
from tests.train import helpers


@pytest.fixture
def attended(db, world):
    """The volunteer marked attended, which made their pairing active."""
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    sitting, place = helpers.marked_attended(world)
    db.session.refresh(pairing)
    assert pairing.status is PairingStatus.ACTIVE
    return {"sitting": sitting, "place": place, "pairing": pairing}


def _address(attended) -> str:
    sitting, place = attended["sitting"], attended["place"]
    return f"/train/sessions/{sitting.id}/attendance/{place.id}/correct"


def _post(client, attended, reason):
    token = csrf_from(client.get(f"/train/sessions/{attended['sitting'].id}"))
    return client.post(_address(attended), data={"csrf_token": token, "reason": reason})


def _body(response) -> str:
    return response.get_data(as_text=True)


def _state(attended):
    db.session.expire_all()
    completions = db.session.scalars(select(CourseCompletion)).all()
    return attended["place"].status, attended["pairing"].status, len(completions)


UNCHANGED = (EnrolmentStatus.COMPLETED, PairingStatus.ACTIVE, 1)


def test_the_roll_links_a_completed_row_to_its_correction(client, auth, world, attended):
    auth.login(world["worker"].email)
    client.set_cookie("mm_locale", "en")
    roll = _body(client.get(f"/train/sessions/{attended['sitting'].id}"))
    assert f'href="{_address(attended)}"' in roll
    assert 'Mark absent instead<span class="visually-hidden"> (李志愿)</span>' in roll
    page = client.get(_address(attended))
    assert page.status_code == 200
    text = _body(page)
    assert "Correct the attendance of 李志愿" in text
    assert "1 pairing of 李志愿 goes back to waiting for training" in text
    assert "The volunteer reads this" in text  # said before anything is typed
    assert 'Mark absent instead<span class="visually-hidden"> (李志愿)</span></button>' in text
    client.set_cookie("mm_locale", "zh_CN")
    hidden = '改为缺勤<span class="visually-hidden">（李志愿）</span>'
    assert hidden in _body(client.get(f"/train/sessions/{attended['sitting'].id}"))
    assert hidden + "</button>" in _body(client.get(_address(attended)))
    assert _state(attended) == UNCHANGED


def test_a_correction_with_its_reason(client, auth, world, attended):
    auth.login(world["worker"].email)
    client.set_cookie("mm_locale", "en")
    response = _post(client, attended, "  看错了行，本人当天请假  ")
    assert response.status_code == 302
    assert response.location.endswith(f"/train/sessions/{attended['sitting'].id}")
    roll = _body(client.get(response.location))
    assert (
        "李志愿 is now marked absent and the course completion removed; 1 pairing went back to "
        "waiting for training." in roll
    )
    assert _state(attended) == (EnrolmentStatus.ABSENT, PairingStatus.CONFIRMED, 0)
    assert kinds_of(world["volunteer"].user)[-1] == "pairing_awaiting_training"
    assert 'value="attended"' in roll  # and it can be corrected back


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("   ", "Give a reason."),
        (
            "家属说他那天在医院，电话 139 1234 5678",
            "The volunteer reads this: take out the phone or ID number (139 1234 5678).",
        ),
    ],
)
def test_a_bad_reason_is_shown_beside_the_field_and_kept(
    client, auth, world, attended, typed, message
):
    auth.login(world["worker"].email)
    client.set_cookie("mm_locale", "en")
    response = _post(client, attended, typed)
    assert response.status_code == 422
    text = _body(response)
    assert f'id="reason-error"><span class="visually-hidden">Error:</span> {message}</p>' in text
    assert 'aria-invalid="true"' in text
    assert f"\n{typed.strip()}</textarea>" in text  # kept, to be edited
    assert _state(attended) == UNCHANGED


def test_a_second_correction_is_a_conflict(client, auth, world, attended):
    auth.login(world["worker"].email)
    client.set_cookie("mm_locale", "en")
    assert _post(client, attended, "看错了行").status_code == 302
    again = _post(client, attended, "看错了行")
    assert again.status_code == 409
    assert "李志愿 is not marked as attended (any more), so there is nothing to correct." in _body(
        again
    )
    assert client.get(_address(attended)).status_code == 409
    assert kinds_of(world["volunteer"].user).count("pairing_awaiting_training") == 1


def test_a_volunteer_cannot_correct(client, auth, world, attended):
    auth.login(world["volunteer"].user.email)
    assert client.get(_address(attended)).status_code == 403
    token = csrf_from(client.get("/train/me"))
    response = client.post(_address(attended), data={"csrf_token": token, "reason": "不是我"})
    assert response.status_code == 403
    assert _state(attended) == UNCHANGED


def test_a_social_worker_of_another_community_sees_nothing(client, auth, world, attended):
    auth.login(world["stranger"].email)
    assert client.get(_address(attended)).status_code == 404
    token = csrf_from(client.get("/train/sessions"))
    response = client.post(_address(attended), data={"csrf_token": token, "reason": "看错了行"})
    assert response.status_code == 404
    assert _state(attended) == UNCHANGED


def test_an_enrolment_of_another_session_is_not_found(client, auth, world, attended):
    other = helpers.session(attended["sitting"].course, world["home"])
    auth.login(world["worker"].email)
    address = f"/train/sessions/{other.id}/attendance/{attended['place'].id}/correct"
    assert client.get(address).status_code == 404


def test_an_unmarked_row_has_no_correction(client, auth, world):
    sitting = helpers.session(helpers.course(), world["home"])
    place = enrolment.enrol(world["volunteer"], sitting, now=utcnow())
    db.session.commit()
    helpers.move_to_past(sitting)
    auth.login(world["worker"].email)
    assert "/correct" not in _body(client.get(f"/train/sessions/{sitting.id}"))
    response = client.get(f"/train/sessions/{sitting.id}/attendance/{place.id}/correct")
    assert response.status_code == 409

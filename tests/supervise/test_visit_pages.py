"""The pairing page shows its visits 20 a page, newest first; acting on a visit (rating,
verifying, rejecting, deciding a change) comes back to the page showing it, at its heading,
and a form error or a lost race shows that page too."""

import re
from datetime import time, timedelta

import pytest

from matchmaker.supervise.log_changes import request_change
from matchmaker.supervise.logs import LogValues, reject_log, verify_log
from matchmaker.supervise.models import Activity, LogStatus, ServiceLog
from tests.conftest import csrf_from
from tests.supervise.builders import NOW, TODAY, log_visit

FIRST_DAY = TODAY - timedelta(days=3)


@pytest.fixture
def logs(db, pairing):
    """45 visits, one a day, newest first: pages of 20, 20 and 5."""
    return [log_visit(pairing, FIRST_DAY - timedelta(days=i)) for i in range(45)]


def shown(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<h3 id="log-(\d+)"', html)]


def back_at(pairing, log, page: int = 1) -> str:
    """Where an action on ``log`` returns: its page of visits, at it, saying it is done."""
    at_page = f"page={page}&" if page > 1 else ""
    return f"/supervise/pairings/{pairing.id}?{at_page}done={log.id}#log-{log.id}"


def rate(client, log, token: str, rating: int | None = None, **options):
    """The resident's rating form for ``log``, sent (without a rating: the error state)."""
    data = {f"rate{log.id}-csrf_token": token}
    if rating is not None:
        data[f"rate{log.id}-rating"] = str(rating)
    return client.post(f"/supervise/logs/{log.id}/rate", data=data, **options)


def test_visits_come_a_page_at_a_time_newest_first(client, auth, pairing, logs):
    auth.login(pairing.need.resident.user.email)
    first = client.get(f"/supervise/pairings/{pairing.id}").get_data(as_text=True)
    assert shown(first) == [log.id for log in logs[:20]]
    assert "服务记录（45）" in first  # the section link counts them all
    assert "显示第 1–20 条服务记录，共 45 条，最新的在前。" in first
    assert "第 1 页，共 3 页" in first
    assert f'href="/supervise/pairings/{pairing.id}?page=2#logs-heading"' in first
    assert 'href="#incident-heading"' in first  # the forms below stay a link away
    last = client.get(f"/supervise/pairings/{pairing.id}?page=3").get_data(as_text=True)
    assert shown(last) == [log.id for log in logs[40:]]
    assert "显示第 41–45 条服务记录，共 45 条" in last
    assert f'href="/supervise/pairings/{pairing.id}?page=2#logs-heading"' in last
    assert 'id="incident-heading"' in last
    for junk in ("0", "-3", "99", "x"):
        assert client.get(f"/supervise/pairings/{pairing.id}?page={junk}").status_code == 200


def test_a_pairing_with_few_visits_has_no_page_links(client, auth, pairing):
    log = log_visit(pairing, FIRST_DAY)
    auth.login(pairing.need.resident.user.email)
    html = client.get(f"/supervise/pairings/{pairing.id}").get_data(as_text=True)
    assert shown(html) == [log.id] and "服务记录（1）" in html
    assert "共 1 页" not in html and "最新的在前" not in html


def test_a_rating_comes_back_to_the_visit_rated(db, client, auth, pairing, logs):
    auth.login(pairing.need.resident.user.email)
    token = csrf_from(client.get(f"/supervise/pairings/{pairing.id}?page=2"))
    log = logs[27]
    response = rate(client, log, token, 4)
    assert response.status_code == 302
    assert response.headers["Location"] == back_at(pairing, log, page=2)
    newest = logs[0]
    response = rate(client, newest, token, 5)
    assert response.headers["Location"] == back_at(pairing, newest)


def test_a_rating_error_shows_the_page_of_that_visit(db, client, auth, pairing, logs):
    auth.login(pairing.need.resident.user.email)
    token = csrf_from(client.get(f"/supervise/pairings/{pairing.id}"))
    log = logs[42]
    response = rate(client, log, token)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert log.id in shown(html) and "第 3 页，共 3 页" in html
    assert "请选择 1 到 5 分。" in html and f'href="#rate{log.id}-rating-0"' in html


def test_a_rejected_visit_cannot_be_rated_and_stays_in_view(
    db, client, auth, pairing, logs, worker
):
    log = logs[30]
    reject_log(log, by=worker, reason="重复记录")
    db.session.commit()
    auth.login(pairing.need.resident.user.email)
    token = csrf_from(client.get(f"/supervise/pairings/{pairing.id}"))
    response = rate(client, log, token, 3)
    assert response.status_code == 409
    assert log.id in shown(response.get_data(as_text=True))


def test_staff_decisions_come_back_to_the_visit(db, client, auth, pairing, logs, worker):
    auth.login(worker.email)
    token = csrf_from(client.get(f"/supervise/pairings/{pairing.id}"))
    to_verify, to_reject = logs[21], logs[44]
    response = client.post(
        f"/supervise/logs/{to_verify.id}/verify", data={f"verify{to_verify.id}-csrf_token": token}
    )
    assert response.headers["Location"] == back_at(pairing, to_verify, page=2)
    # a reject without a reason shows the form's error on the visit's page
    response = client.post(
        f"/supervise/logs/{to_reject.id}/reject", data={f"reject{to_reject.id}-csrf_token": token}
    )
    assert response.status_code == 422
    assert to_reject.id in shown(response.get_data(as_text=True))
    response = client.post(
        f"/supervise/logs/{to_reject.id}/reject",
        data={f"reject{to_reject.id}-csrf_token": token, f"reject{to_reject.id}-reason": "重复"},
    )
    assert response.headers["Location"] == back_at(pairing, to_reject, page=3)
    # a late second decision: a 409 on the visit's page
    response = client.post(
        f"/supervise/logs/{to_verify.id}/reject",
        data={f"reject{to_verify.id}-csrf_token": token, f"reject{to_verify.id}-reason": "重复"},
    )
    assert response.status_code == 409
    assert to_verify.id in shown(response.get_data(as_text=True))


def test_an_approved_change_comes_back_to_where_the_visit_now_is(
    db, client, auth, pairing, logs, worker
):
    log = logs[5]  # on the first page; the change moves it to the third
    verify_log(log, by=worker, now=NOW)
    moved = FIRST_DAY - timedelta(days=50)
    request_change(
        log,
        LogValues(moved, time(14, 0), time(15, 0), Activity.VISIT),
        by=pairing.volunteer.user,
        now=NOW,
    )
    db.session.commit()
    auth.login(worker.email)
    token = csrf_from(client.get(f"/supervise/pairings/{pairing.id}"))
    response = client.post(
        f"/supervise/logs/{log.id}/change/approve", data={f"approve{log.id}-csrf_token": token}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == back_at(pairing, log, page=3)
    db.session.expire_all()
    assert db.session.get(ServiceLog, log.id).status is LogStatus.VERIFIED


def test_a_corrected_log_comes_back_to_the_visit(db, client, auth, pairing, logs):
    log = logs[44]
    auth.login(pairing.volunteer.user.email)
    form = client.get(f"/supervise/logs/{log.id}/edit")
    response = client.post(
        f"/supervise/logs/{log.id}/edit",
        data={
            "service_date": log.service_date.isoformat(),
            "start_time": "09:00",
            "end_time": "10:30",
            "activity": "visit",
            "activity_detail": "",
            "notes": "",
            "csrf_token": csrf_from(form),
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == back_at(pairing, log, page=3)


def test_the_visit_acted_on_repeats_what_was_done(db, client, auth, pairing, logs):
    """On a phone the page's own message is scrolled away at the visit's heading."""
    auth.login(pairing.need.resident.user.email)
    token = csrf_from(client.get(f"/supervise/pairings/{pairing.id}?page=2"))
    log = logs[27]
    response = rate(client, log, token, 4, follow_redirects=True)
    html = response.get_data(as_text=True)
    card = html.split(f'<h3 id="log-{log.id}"')[1].split("</article>")[0]
    assert "data-done" in card
    assert html.count("data-done") == 1  # that visit only


def test_the_dashboard_links_a_log_to_verify_at_its_page(client, auth, pairing, worker, logs):
    """A late log waiting for verification may be on page 3: the dashboard goes there."""
    old = logs[44]  # the oldest, submitted like all of them
    auth.login(worker.email)
    dashboard = client.get("/supervise").get_data(as_text=True)
    link = f"/supervise/pairings/{pairing.id}?log={old.id}#log-{old.id}"
    assert f'href="{link}"' in dashboard
    assert old.id in shown(client.get(link).get_data(as_text=True))
    # a log of another pairing, or nonsense, is ignored: the first page
    for junk in ("999999", "x", "-1"):
        page = client.get(f"/supervise/pairings/{pairing.id}?log={junk}")
        assert page.status_code == 200 and shown(page.get_data(as_text=True))[0] == logs[0].id

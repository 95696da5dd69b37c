"""Logging the last visits of an ended pairing on the site: the link, the notice, a refused
date kept on the form, and the resident's contact details still hidden (DESIGN §8)."""

from datetime import timedelta

from sqlalchemy import func, select

from matchmaker.supervise.ending import end_pairing
from matchmaker.supervise.late_logs import LATE_LOG_DAYS
from matchmaker.supervise.models import ServiceLog
from tests.conftest import csrf_from
from tests.supervise.builders import NOW, TODAY
from tests.supervise.test_pages import ADDRESS, PHONE, log_form

END_DAY = TODAY - timedelta(days=3)
UNTIL = END_DAY + timedelta(days=LATE_LOG_DAYS)


def end(db, pairing, worker, days_ago=3):
    end_pairing(pairing, by=worker, reason="需求已满足", now=NOW - timedelta(days=days_ago))
    db.session.commit()


def count_logs(db):
    return db.session.scalar(select(func.count(ServiceLog.id)))


def test_the_pairing_page_offers_late_logging_without_the_contact(
    db, client, auth, pairing, worker
):
    end(db, pairing, worker)
    auth.login(pairing.volunteer.user.email)
    html = client.get(f"/supervise/pairings/{pairing.id}").get_data(as_text=True)
    assert f'href="/supervise/pairings/{pairing.id}/logs/new"' in html
    assert f"该结对已于 {END_DAY} 结束。在 {UNTIL} 之前（含当天），您仍可补记" in html
    assert PHONE not in html and ADDRESS not in html
    client.set_cookie("mm_locale", "en")
    english = client.get(f"/supervise/pairings/{pairing.id}").get_data(as_text=True)
    assert (
        f"This pairing ended on {END_DAY}. You can still log visits up to that day until {UNTIL}."
        in english
    )


def test_the_log_form_of_an_ended_pairing_says_until_when_and_hides_the_contact(
    db, client, auth, pairing, worker
):
    end(db, pairing, worker)
    auth.login(pairing.volunteer.user.email)
    page = client.get(f"/supervise/pairings/{pairing.id}/logs/new")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'name="service_date"' in html
    assert f"在 {UNTIL} 之前（含当天）" in html
    assert PHONE not in html and ADDRESS not in html and "王秀英" not in html


def test_a_date_after_the_end_is_a_422_that_keeps_the_form(db, client, auth, pairing, worker):
    end(db, pairing, worker)
    auth.login(pairing.volunteer.user.email)
    url = f"/supervise/pairings/{pairing.id}/logs/new"
    token = csrf_from(client.get(url))
    late = END_DAY + timedelta(days=1)
    response = client.post(
        url, data={**log_form(day=late, notes="最后一次探访"), "csrf_token": token}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f"该结对进行到 {END_DAY} 为止，只能记录这一天及之前的服务。" in html
    assert 'aria-invalid="true"' in html and 'href="#service_date"' in html
    assert f'value="{late}"' in html and "聊天、量血压" in html and "最后一次探访" in html
    assert PHONE not in html
    assert count_logs(db) == 0
    client.set_cookie("mm_locale", "en")
    english = client.post(url, data={**log_form(day=late), "csrf_token": token})
    assert (
        f"The pairing was active until {END_DAY}; log only visits up to that day."
        in english.get_data(as_text=True)
    )
    response = client.post(url, data={**log_form(day=END_DAY), "csrf_token": token})
    assert response.status_code == 302
    assert db.session.scalar(select(ServiceLog.service_date)) == END_DAY


def test_after_the_window_there_is_no_link_and_the_form_refuses(db, client, auth, pairing, worker):
    end(db, pairing, worker, days_ago=LATE_LOG_DAYS + 1)
    auth.login(pairing.volunteer.user.email)
    html = client.get(f"/supervise/pairings/{pairing.id}").get_data(as_text=True)
    assert "/logs/new" not in html and "补记" not in html
    url = f"/supervise/pairings/{pairing.id}/logs/new"
    page = client.get(url)
    assert page.status_code == 200 and "期限已过" in page.get_data(as_text=True)
    assert 'name="service_date"' not in page.get_data(as_text=True)
    response = client.post(url, data={**log_form(day=END_DAY), "csrf_token": csrf_from(page)})
    assert response.status_code == 409
    assert count_logs(db) == 0


def test_the_social_worker_verifies_a_late_log_on_the_page(db, client, auth, pairing, worker):
    end(db, pairing, worker)
    auth.login(pairing.volunteer.user.email)
    url = f"/supervise/pairings/{pairing.id}/logs/new"
    client.post(url, data={**log_form(day=END_DAY), "csrf_token": csrf_from(client.get(url))})
    log = db.session.scalar(select(ServiceLog))
    auth.logout()
    auth.login(worker.email)
    token = csrf_from(client.get(f"/supervise/pairings/{pairing.id}"))
    response = client.post(
        f"/supervise/logs/{log.id}/verify", data={f"verify{log.id}-csrf_token": token}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ServiceLog, log.id).verified_at is not None

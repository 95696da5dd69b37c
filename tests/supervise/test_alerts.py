"""An incident alerts the community's social workers; the volunteer and the resident hear when
their pairing is suspended, resumed or ended — in texts that name no resident (DESIGN §8)."""

from flask_babel import force_locale
from sqlalchemy import select

from matchmaker.extensions import db as _db
from matchmaker.notify.email import build_message
from matchmaker.notify.kinds import render
from matchmaker.notify.models import EmailStatus, Notification
from matchmaker.supervise.ending import end_pairing
from matchmaker.supervise.incidents import report_incident, resolve_incident, resume_pairing
from matchmaker.supervise.models import Decision, Outcome
from matchmaker.supervise.reviews import record_review
from matchmaker.supervise.services import count_open_incidents
from tests.factories import CommunityFactory, UserFactory
from tests.supervise.builders import NOW, make_pairing

DESCRIPTION = "居民癫痫发作，已送医"


def inbox(user) -> list[Notification]:
    return list(
        _db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    )


def kinds(user) -> list[str]:
    return [n.kind for n in inbox(user)]


def test_an_incident_alerts_the_communitys_social_workers_with_a_link(db, pairing, worker):
    outsider = UserFactory(roles=["social_worker"], communities=[CommunityFactory()])
    resident = pairing.need.resident
    incident = report_incident(pairing, by=pairing.volunteer.user, description=DESCRIPTION, now=NOW)
    db.session.commit()

    [alert] = inbox(worker)
    assert alert.kind == "incident_reported"
    assert alert.link == f"/supervise/pairings/{pairing.id}#incident-{incident.id}"
    assert alert.email_status is EmailStatus.PENDING  # e-mailed where SMTP is configured
    assert inbox(outsider) == []
    # The reporter knows already; the resident's account learns the pairing is suspended.
    assert kinds(pairing.volunteer.user) == []
    assert kinds(resident.user) == ["pairing_suspended"]

    with force_locale("zh_CN"):
        text = render(alert)
    assert f"服务对象 #{resident.id}" in text and f"结对 {pairing.id}" in text
    mail = build_message(alert, "noreply@example.org").as_string()
    body = build_message(alert, "noreply@example.org").get_content()
    for secret in (resident.name, resident.phone, resident.address, DESCRIPTION, "癫痫", "视力"):
        assert secret not in text and secret not in body and secret not in mail
    assert f"/supervise/pairings/{pairing.id}#incident-{incident.id}" in body


def test_a_social_workers_report_tells_colleagues_volunteer_and_resident(db, pairing, worker):
    colleague = UserFactory(roles=["social_worker"], communities=[worker.communities[0]])
    report_incident(pairing, by=worker, description=DESCRIPTION, now=NOW)
    db.session.commit()
    assert kinds(worker) == []
    assert kinds(colleague) == ["incident_reported"]
    assert kinds(pairing.volunteer.user) == ["pairing_suspended"]
    assert kinds(pairing.need.resident.user) == ["pairing_suspended"]
    [told] = inbox(pairing.volunteer.user)
    with force_locale("zh_CN"):
        assert "暂停" in render(told) and pairing.need.resident.name not in render(told)

    # A second incident alerts the staff again, but the pairing was suspended already.
    report_incident(pairing, by=colleague, description="二", now=NOW)
    db.session.commit()
    assert kinds(worker) == ["incident_reported"]
    assert kinds(pairing.volunteer.user) == ["pairing_suspended"]


def test_resuming_tells_the_volunteer_and_the_resident(db, pairing, worker):
    incident = report_incident(pairing, by=worker, description="一", now=NOW)
    resolve_incident(incident, Decision.RESUME, by=worker, note="已沟通", now=NOW)
    record_review(
        pairing, by=worker, satisfaction=3, risks="", actions="", outcome=Outcome.PAUSE, now=NOW
    )
    resume_pairing(pairing, by=worker, why="ok", now=NOW)
    db.session.commit()
    expected = ["pairing_suspended", "pairing_resumed", "pairing_suspended", "pairing_resumed"]
    assert kinds(pairing.volunteer.user) == expected
    assert kinds(pairing.need.resident.user) == expected


def test_ending_tells_the_volunteer_and_the_resident_what_became_of_the_need(db, worker):
    community = worker.communities[0]
    closed = make_pairing(community=community)
    end_pairing(closed, by=worker, reason="居民病情加重住院", now=NOW, close_need=True)
    reopened = make_pairing(community=community)
    end_pairing(reopened, by=worker, reason="志愿者搬家", now=NOW)
    db.session.commit()
    assert kinds(closed.volunteer.user) == ["pairing_ended"]
    assert kinds(closed.need.resident.user) == ["pairing_ended_need_closed"]
    assert kinds(reopened.need.resident.user) == ["pairing_ended_need_open"]
    with force_locale("zh_CN"):
        texts = [render(n) for n in _db.session.scalars(select(Notification))]
    assert any("已关闭" in t for t in texts) and any("重新开放" in t for t in texts)
    assert not any("住院" in t or "搬家" in t for t in texts)  # the reason stays on the page


def test_ending_resolves_the_incidents_still_open(db, pairing, worker):
    incident = report_incident(pairing, by=worker, description="一", now=NOW)
    db.session.commit()
    assert count_open_incidents(worker) == 1
    end_pairing(pairing, by=worker, reason="更换志愿者", now=NOW)
    db.session.commit()
    assert count_open_incidents(worker) == 0
    assert incident.decision is Decision.END and incident.decision_note == "更换志愿者"

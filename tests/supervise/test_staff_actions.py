"""A social worker's actions on the pairing page: review, incident decision, end, resume."""

from sqlalchemy import select

from matchmaker.match.models import Pairing, PairingStatus
from matchmaker.registry.models import Need, NeedStatus
from matchmaker.supervise.models import Incident, Outcome, ReviewStatus, SupervisionReview
from matchmaker.supervise.reviews import record_review
from tests.conftest import csrf_from
from tests.factories import CommunityFactory, UserFactory
from tests.supervise.builders import NOW, make_pairing
from tests.train.helpers import course


def fresh(db, model, row_id):
    db.session.expire_all()
    return db.session.get(model, row_id)


def test_review_with_outcome_pause_then_resume(db, client, auth, pairing, worker):
    auth.login(worker.email)
    page = client.get(f"/supervise/pairings/{pairing.id}")
    token = csrf_from(page)
    missing = client.post(
        f"/supervise/pairings/{pairing.id}/review", data={"review-csrf_token": token}
    )
    assert missing.status_code == 422 and "请选择督导结论" in missing.get_data(as_text=True)
    response = client.post(
        f"/supervise/pairings/{pairing.id}/review",
        data={
            "review-csrf_token": token,
            "review-satisfaction": "3",
            "review-risks": "居民近期住院",
            "review-outcome": "pause",
        },
    )
    assert response.status_code == 302
    assert fresh(db, Pairing, pairing.id).status is PairingStatus.SUSPENDED
    review = db.session.scalar(select(SupervisionReview))
    assert review.status is ReviewStatus.DONE and review.reviewer_id == worker.id
    response = client.post(
        f"/supervise/pairings/{pairing.id}/resume", data={"resume-csrf_token": token}
    )
    assert response.status_code == 302
    assert fresh(db, Pairing, pairing.id).status is PairingStatus.ACTIVE


def test_resuming_says_when_the_pairing_waits_for_training(db, client, auth, pairing, worker):
    record_review(
        pairing, by=worker, satisfaction=3, risks="", actions="", outcome=Outcome.PAUSE, now=NOW
    )
    course()  # required of every volunteer since; this one has not taken it
    db.session.commit()
    auth.login(worker.email)
    token = csrf_from(client.get(f"/supervise/pairings/{pairing.id}"))
    response = client.post(
        f"/supervise/pairings/{pairing.id}/resume",
        data={"resume-csrf_token": token},
        follow_redirects=True,
    )
    assert "结对已恢复，志愿者须先完成所需课程，之后才能恢复探访。" in response.get_data(
        as_text=True
    )
    assert fresh(db, Pairing, pairing.id).status is PairingStatus.CONFIRMED


def test_incident_decision_end_reopens_the_need(db, client, auth, pairing, worker):
    auth.login(worker.email)
    token = csrf_from(client.get(f"/supervise/pairings/{pairing.id}"))
    client.post(
        f"/supervise/pairings/{pairing.id}/incidents",
        data={"incident-csrf_token": token, "incident-description": "志愿者多次爽约"},
    )
    incident = db.session.scalar(select(Incident))
    # an open incident reads as not handled yet, not as a need's "waiting for a match"
    assert "· 未处理</h3>" in client.get(f"/supervise/pairings/{pairing.id}").get_data(as_text=True)
    prefix = f"resolve{incident.id}"
    response = client.post(
        f"/supervise/incidents/{incident.id}/resolve",
        data={
            f"{prefix}-csrf_token": token,
            f"{prefix}-decision": "end",
            f"{prefix}-note": "更换志愿者",
        },
    )
    assert response.status_code == 302
    assert fresh(db, Pairing, pairing.id).status is PairingStatus.ENDED
    assert fresh(db, Need, pairing.need_id).status is NeedStatus.OPEN
    again = client.post(
        f"/supervise/incidents/{incident.id}/resolve",
        data={f"{prefix}-csrf_token": token, f"{prefix}-decision": "resume", f"{prefix}-note": "x"},
    )
    assert again.status_code == 409


def test_end_needs_a_reason_and_only_staff_of_the_community(db, client, auth, worker):
    pairing = make_pairing(PairingStatus.CONFIRMED, community=worker.communities[0])
    outsider = UserFactory(roles=["social_worker"], communities=[CommunityFactory()])
    auth.login(outsider.email)
    token = csrf_from(client.get("/supervise"))
    denied = client.post(
        f"/supervise/pairings/{pairing.id}/end", data={"end-csrf_token": token, "end-reason": "x"}
    )
    assert denied.status_code == 404
    auth.logout()
    auth.login(worker.email)
    token = csrf_from(client.get(f"/supervise/pairings/{pairing.id}"))
    empty = client.post(f"/supervise/pairings/{pairing.id}/end", data={"end-csrf_token": token})
    assert empty.status_code == 422
    assert fresh(db, Pairing, pairing.id).status is PairingStatus.CONFIRMED
    ended = client.post(
        f"/supervise/pairings/{pairing.id}/end",
        data={"end-csrf_token": token, "end-need": "reopen", "end-reason": "志愿者未能参加培训"},
    )
    assert ended.status_code == 302
    stored = fresh(db, Pairing, pairing.id)
    assert stored.status is PairingStatus.ENDED and stored.volunteer.open_pairings == 0
    assert stored.need.status is NeedStatus.OPEN


def test_volunteer_profile_links_to_pairings_and_hours(db, client, auth, pairing):
    auth.login(pairing.volunteer.user.email)
    html = client.get("/volunteers/me").get_data(as_text=True)
    assert 'href="/supervise/pairings"' in html and 'href="/reward/me"' in html

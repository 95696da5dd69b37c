"""What staff write on a pairing page for its volunteer (and resident) to read never carries a
phone or ID number: once the pairing ends the volunteer may no longer see the resident's
contact details (DESIGN §8), and a reason stays on the page for good."""

from datetime import date, timedelta

import pytest

from matchmaker.core.types import utcnow
from matchmaker.match.models import Pairing, PairingStatus
from matchmaker.supervise.incidents import report_incident
from matchmaker.supervise.models import Incident, IncidentStatus, LogStatus, ServiceLog
from tests.conftest import csrf_from
from tests.supervise.builders import log_visit

LAST_WEEK = date.today() - timedelta(days=7)


def _body(response) -> str:
    return response.get_data(as_text=True)


def _fresh(db, model, row_id):
    db.session.expire_all()
    return db.session.get(model, row_id)


def test_a_rejected_log_cannot_tell_the_volunteer_a_phone_number(db, client, auth, pairing, worker):
    log = log_visit(pairing, LAST_WEEK)
    auth.login(worker.email)
    page = client.get(f"/supervise/pairings/{pairing.id}")
    assert "志愿者会读到这段话" in _body(page)  # said before anything is typed
    typed = "时间不对，家属（13912345678）说那天没有来"
    refused = client.post(
        f"/supervise/logs/{log.id}/reject",
        data={f"reject{log.id}-csrf_token": csrf_from(page), f"reject{log.id}-reason": typed},
    )
    assert refused.status_code == 422
    assert "志愿者会读到这段话：请删去其中的电话或身份证号（13912345678）" in _body(refused)
    assert typed in _body(refused)  # kept, to be edited
    assert _fresh(db, ServiceLog, log.id).status is LogStatus.SUBMITTED
    rejected = client.post(
        f"/supervise/logs/{log.id}/reject",
        data={f"reject{log.id}-csrf_token": csrf_from(page), f"reject{log.id}-reason": "时间不对"},
    )
    assert rejected.status_code == 302
    assert _fresh(db, ServiceLog, log.id).status_reason == "时间不对"


@pytest.mark.parametrize("number", ["0571-8765 4321", "330106198001011234"])
def test_the_end_of_a_pairing_names_no_number(db, client, auth, pairing, worker, number):
    auth.login(worker.email)
    client.set_cookie("mm_locale", "en")
    page = client.get(f"/supervise/pairings/{pairing.id}")
    assert "The volunteer and the resident read this" in _body(page)
    data = {"end-csrf_token": csrf_from(page), "end-need": "reopen"}
    refused = client.post(
        f"/supervise/pairings/{pairing.id}/end", data={**data, "end-reason": f"moved, {number}"}
    )
    assert refused.status_code == 422
    assert f"take out the phone or ID number ({number})" in _body(refused)
    assert _fresh(db, Pairing, pairing.id).status is PairingStatus.ACTIVE
    ended = client.post(
        f"/supervise/pairings/{pairing.id}/end", data={**data, "end-reason": "moved away"}
    )
    assert ended.status_code == 302
    assert _fresh(db, Pairing, pairing.id).end_reason == "moved away"


def test_an_incident_decision_names_no_number(db, client, auth, pairing, worker):
    incident = report_incident(
        pairing, by=pairing.volunteer.user, description="没能按时到达", now=utcnow()
    )
    db.session.commit()
    auth.login(worker.email)
    token = csrf_from(client.get(f"/supervise/pairings/{pairing.id}"))
    prefix = f"resolve{incident.id}"
    data = {f"{prefix}-csrf_token": token, f"{prefix}-decision": "resume"}
    refused = client.post(
        f"/supervise/incidents/{incident.id}/resolve",
        data={**data, f"{prefix}-note": "已与家属沟通，电话 136 1234 5678"},
    )
    assert refused.status_code == 422
    assert "志愿者和服务对象都会读到这段话" in _body(refused)
    assert _fresh(db, Incident, incident.id).status is IncidentStatus.OPEN
    resolved = client.post(
        f"/supervise/incidents/{incident.id}/resolve",
        data={**data, f"{prefix}-note": "已与家属沟通"},
    )
    assert resolved.status_code == 302
    assert _fresh(db, Incident, incident.id).decision_note == "已与家属沟通"


def test_every_number_found_is_named_in_the_readers_language(db, client, auth, pairing, worker):
    auth.login(worker.email)
    client.set_cookie("mm_locale", "en")
    page = client.get(f"/supervise/pairings/{pairing.id}")
    refused = client.post(
        f"/supervise/pairings/{pairing.id}/end",
        data={
            "end-csrf_token": csrf_from(page),
            "end-need": "reopen",
            "end-reason": "call 13912345678 or 0571-87654321",
        },
    )
    assert refused.status_code == 422
    assert "(13912345678 and 0571-87654321)" in _body(refused)

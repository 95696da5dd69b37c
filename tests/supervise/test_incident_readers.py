"""An incident report is read by the pairing's staff and by whoever reported it, never by the
other person in the pairing (DESIGN §8): a volunteer's report may tell of the resident's health,
a resident's may be a complaint about their volunteer. It carries no phone or ID number."""

import pytest
from sqlalchemy import func, select

from matchmaker.core.types import utcnow
from matchmaker.match.models import Pairing, PairingStatus
from matchmaker.supervise.incidents import report_incident
from matchmaker.supervise.models import Incident
from tests.conftest import csrf_from
from tests.factories import CommunityFactory, UserFactory

#: what a volunteer learned about the resident (health: not for the resident's own page)
ABOUT_THE_RESIDENT = "家属说居民抑郁症复发，住院了"
#: what a resident says about their volunteer
ABOUT_THE_VOLUNTEER = "志愿者上次来时态度很差，还提前走了"


def _page(client, pairing) -> str:
    response = client.get(f"/supervise/pairings/{pairing.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _report(client, pairing, text: str):
    page = client.get(f"/supervise/pairings/{pairing.id}")
    return client.post(
        f"/supervise/pairings/{pairing.id}/incidents",
        data={"incident-csrf_token": csrf_from(page), "incident-description": text},
    )


def _incidents(db) -> int:
    return db.session.scalar(select(func.count(Incident.id)))


def test_a_volunteers_report_is_not_shown_to_the_resident(db, client, auth, pairing, worker):
    volunteer, resident = pairing.volunteer.user, pairing.need.resident.user
    auth.login(volunteer.email)
    assert _report(client, pairing, ABOUT_THE_RESIDENT).status_code == 302
    mine = _page(client, pairing)
    assert ABOUT_THE_RESIDENT in mine  # the reporter reads what they wrote
    assert "您上报的事件只有您和社工能看到" in mine
    auth.logout()

    auth.login(resident.email)
    theirs = _page(client, pairing)
    assert ABOUT_THE_RESIDENT not in theirs
    assert 'id="incidents-heading"' not in theirs and "#incidents-heading" not in theirs
    assert "已暂停" in theirs  # the pause itself is theirs to know
    auth.logout()

    auth.login(worker.email)
    staff = _page(client, pairing)
    assert ABOUT_THE_RESIDENT in staff and "记录处理决定" in staff


def test_a_residents_complaint_is_not_shown_to_the_volunteer(db, client, auth, pairing, worker):
    volunteer, resident = pairing.volunteer.user, pairing.need.resident.user
    auth.login(resident.email)
    assert _report(client, pairing, ABOUT_THE_VOLUNTEER).status_code == 302
    assert ABOUT_THE_VOLUNTEER in _page(client, pairing)
    auth.logout()

    auth.login(volunteer.email)
    theirs = _page(client, pairing)
    assert ABOUT_THE_VOLUNTEER not in theirs and 'id="incidents-heading"' not in theirs
    auth.logout()

    auth.login(worker.email)
    assert ABOUT_THE_VOLUNTEER in _page(client, pairing)


def test_each_party_reads_only_their_own_report_and_staff_all(db, client, auth, pairing, worker):
    volunteer, resident = pairing.volunteer.user, pairing.need.resident.user
    now = utcnow()
    report_incident(pairing, by=volunteer, description=ABOUT_THE_RESIDENT, now=now)
    report_incident(pairing, by=resident, description=ABOUT_THE_VOLUNTEER, now=now)
    report_incident(pairing, by=worker, description="社工电话回访，双方各执一词", now=now)
    db.session.commit()
    expected = {
        volunteer: {ABOUT_THE_RESIDENT},
        resident: {ABOUT_THE_VOLUNTEER},
        worker: {ABOUT_THE_RESIDENT, ABOUT_THE_VOLUNTEER, "社工电话回访，双方各执一词"},
    }
    everything = set.union(*expected.values())
    for user, readable in expected.items():
        auth.login(user.email)
        page = _page(client, pairing)
        assert {text for text in everything if text in page} == readable, user.name
        auth.logout()


def test_once_resolved_a_complaint_still_stays_from_the_volunteer(
    db, client, auth, pairing, worker
):
    incident = report_incident(
        pairing, by=pairing.need.resident.user, description=ABOUT_THE_VOLUNTEER, now=utcnow()
    )
    db.session.commit()
    auth.login(worker.email)
    prefix = f"resolve{incident.id}"
    resolved = client.post(
        f"/supervise/incidents/{incident.id}/resolve",
        data={
            f"{prefix}-csrf_token": csrf_from(client.get(f"/supervise/pairings/{pairing.id}")),
            f"{prefix}-decision": "resume",
            f"{prefix}-note": "已与双方沟通",
        },
    )
    assert resolved.status_code == 302
    auth.logout()
    auth.login(pairing.volunteer.user.email)
    page = _page(client, pairing)
    assert ABOUT_THE_VOLUNTEER not in page and "已与双方沟通" not in page
    assert "进行中" in page
    auth.logout()
    auth.login(pairing.need.resident.user.email)
    page = _page(client, pairing)
    assert ABOUT_THE_VOLUNTEER in page and "已与双方沟通" in page
    auth.logout()
    other_worker = UserFactory(roles=["social_worker"], communities=[CommunityFactory()])
    auth.login(other_worker.email)  # staff of another community do not see the pairing at all
    assert client.get(f"/supervise/pairings/{pairing.id}").status_code == 404


@pytest.mark.parametrize(
    ("locale", "message"),
    [
        ("zh", "这段话只有您和社工能看到，但也请删去其中的电话或身份证号（13912345678）"),
        ("en", "take out the phone or ID number (13912345678)"),
    ],
)
def test_a_phone_number_in_a_report_is_refused_and_the_text_kept(
    db, client, auth, pairing, locale, message
):
    auth.login(pairing.volunteer.user.email)
    client.set_cookie("mm_locale", locale)
    page = _page(client, pairing)
    hint = {"zh": "结对的另一方看不到", "en": "not the other person in the pairing"}[locale]
    assert hint in page  # said before anything is typed
    typed = "居民家属（电话13912345678）说居民又住院了"
    refused = _report(client, pairing, typed)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert message in body
    assert typed in body  # kept, to be edited
    assert _incidents(db) == 0
    db.session.expire_all()
    assert db.session.get(Pairing, pairing.id).status is PairingStatus.ACTIVE


def test_an_id_number_in_a_report_is_refused(db, client, auth, pairing):
    auth.login(pairing.need.resident.user.email)
    refused = _report(client, pairing, "志愿者把我的身份证号330106198001011234写在了群里")
    assert refused.status_code == 422
    assert "330106198001011234）" in refused.get_data(as_text=True)
    assert _incidents(db) == 0

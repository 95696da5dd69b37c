"""Changing a need without closing it: staff until it is matched, the resident while it waits
for review; it keeps its waiting time, and the change is recorded by field name only."""

import re

import pytest
from sqlalchemy import update

from matchmaker.core import availability as av
from matchmaker.core.events import StaleTransition, history
from matchmaker.core.models import AuditEntry
from matchmaker.core.types import Gender
from matchmaker.extensions import db as _db
from matchmaker.registry.models import Need, NeedStatus, ServiceType, Urgency
from matchmaker.registry.need_edits import edit_need
from tests.factories import NeedFactory, ResidentFactory, SkillFactory
from tests.registry.test_needs import need_form


@pytest.fixture
def resident(community):
    return ResidentFactory(community=community)


@pytest.fixture
def escort(db):
    return SkillFactory(name="陪同出行", name_en="Escort")


def reload(need) -> Need:
    _db.session.expire_all()
    return _db.session.get(Need, need.id)


def test_staff_change_an_open_need_and_it_keeps_its_waiting_time(
    client, worker, resident, escort, post
):
    need = NeedFactory(resident=resident, open=True, skills=[escort], notes="旧的备注")
    opened_at = need.opened_at
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert f'href="/needs/{need.id}/edit"' in page
    form = client.get(f"/needs/{need.id}/edit").get_data(as_text=True)
    assert "旧的备注" in form and 'id="availability-tue-morning"' in form  # the grid, filled
    response = post(
        f"/needs/{need.id}/edit",
        need_form(skills=[str(escort.id)], availability=["sat-morning"], notes="每周六上午"),
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/needs/{need.id}"
    need = reload(need)
    assert need.status is NeedStatus.OPEN and need.opened_at == opened_at
    assert need.urgency is Urgency.HIGH and need.home_visit is True
    assert need.gender_preference is Gender.FEMALE
    assert need.availability == av.mask_from_slots([av.slot_index(5, 0)])
    assert need.notes == "每周六上午"
    last = history(need)[-1]
    assert (last.from_state, last.to_state, last.actor_id) == ("open", "open", worker.id)
    assert last.reason == "changed: availability, gender_preference, home_visit, notes, urgency"
    assert "每周六" not in last.reason  # field names, never the values
    # Showing the form (it names the resident) is a view of the record.
    audited = _db.session.scalars(
        _db.select(AuditEntry.detail).where(AuditEntry.action == "view_resident")
    ).all()
    assert f"need {need.id}" in audited


def test_bad_input_keeps_what_was_typed_and_saves_nothing(client, worker, resident, escort, post):
    client.set_cookie("mm_locale", "en")
    need = NeedFactory(resident=resident, open=True, skills=[escort])
    response = post(
        f"/needs/{need.id}/edit",
        need_form(availability=None, notes="新的说明", urgency="urgent"),  # no skill, no time
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in body
    assert "Choose at least one skill the volunteer needs." in body
    assert "Tick at least one time of the week." in body
    assert "新的说明</textarea>" in body  # what was typed is kept
    assert re.search(r'<input checked[^>]*value="urgent"', body)
    need = reload(need)
    assert need.notes == "每周二陪同去医院复诊" and need.urgency is Urgency.NORMAL
    assert history(need) == []  # no change recorded


def test_a_draft_may_be_changed_without_skills(client, worker, resident, post):
    need = NeedFactory(resident=resident)
    response = post(f"/needs/{need.id}/edit", need_form(service_type="errands"))
    assert response.status_code == 302
    need = reload(need)
    assert need.status is NeedStatus.DRAFT and need.service_type is ServiceType.ERRANDS


@pytest.mark.parametrize("state", [NeedStatus.MATCHED, NeedStatus.CLOSED])
def test_a_matched_or_closed_need_cannot_be_changed(client, worker, resident, post, state):
    need = NeedFactory(resident=resident, status=state)
    assert f"/needs/{need.id}/edit" not in client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert client.get(f"/needs/{need.id}/edit").status_code == 409
    response = post(f"/needs/{need.id}/edit", need_form(notes="改"), page_url=f"/needs/{need.id}")
    assert response.status_code == 409
    assert reload(need).notes == "每周二陪同去医院复诊"


def test_an_edit_racing_a_pairing_is_refused(worker, resident, escort):
    need = NeedFactory(resident=resident, open=True, skills=[escort])
    # A proposal is confirmed between the form being read and saved.
    _db.session.execute(
        update(Need)
        .where(Need.id == need.id)
        .values(status=NeedStatus.MATCHED)
        .execution_options(synchronize_session=False)
    )
    with pytest.raises(StaleTransition):
        edit_need(need, by=worker, urgency=Urgency.URGENT)
    _db.session.rollback()
    assert reload(need).urgency is Urgency.NORMAL


def test_staff_of_another_community_and_other_roles_cannot_edit(
    client, auth, login_as, resident, post
):
    need = NeedFactory(resident=resident, open=True)
    login_as("social_worker", communities=[ResidentFactory().community])
    assert client.get(f"/needs/{need.id}/edit").status_code == 404
    auth.logout()
    for role in ("volunteer", "donor"):
        login_as(role)
        assert client.get(f"/needs/{need.id}/edit").status_code == 403
        auth.logout()


def test_a_resident_changes_their_request_until_it_is_checked(
    client, login_as, resident, escort, post
):
    account = login_as("resident")
    resident.user_id = account.id
    need = NeedFactory(resident=resident, submitted=True, notes="陪我去医院")
    _db.session.commit()
    client.set_cookie("mm_locale", "en")
    mine = client.get("/needs/mine").get_data(as_text=True)
    assert f'href="/needs/{need.id}/edit"' in mine
    response = post(
        f"/needs/{need.id}/edit",
        {
            "service_type": "escort",
            "notes": "陪我去浙一医院复诊",
            "availability": ["wed-morning"],
            "home_visit": "no",
        },
    )
    assert response.status_code == 302 and response.headers["Location"] == "/needs/mine"
    need = reload(need)
    assert need.notes == "陪我去浙一医院复诊" and need.status is NeedStatus.SUBMITTED
    assert need.availability == av.mask_from_slots([av.slot_index(2, 0)])
    assert history(need)[-1].reason == "changed by the resident: availability, notes"

    need.status = NeedStatus.OPEN  # the social worker accepted it
    _db.session.commit()
    assert f"/needs/{need.id}/edit" not in client.get("/needs/mine").get_data(as_text=True)
    late = post(f"/needs/{need.id}/edit", {"notes": "再改"}, page_url="/needs/mine")
    assert late.status_code == 409
    assert "already checked this request" in late.get_data(as_text=True)
    assert reload(need).notes == "陪我去浙一医院复诊"

    someone_else = NeedFactory(submitted=True)
    assert client.get(f"/needs/{someone_else.id}/edit").status_code == 404

"""Who may see resident records and needs (DESIGN §8): roles, community scope, masking, audit."""

import pytest
from sqlalchemy import select

from matchmaker.core.models import AuditEntry
from matchmaker.extensions import db as _db
from matchmaker.registry.privacy import (
    can_view_need,
    can_view_resident,
    needs_visible_to,
    residents_visible_to,
)
from tests.conftest import csrf_from
from tests.factories import CommunityFactory, NeedFactory, ResidentFactory, UserFactory
from tests.registry.conftest import valid_id

STAFF_PAGES = (
    "/residents",
    "/residents/new",
    "/residents/{rid}",
    "/residents/{rid}/edit",
    "/residents/accounts",
    "/needs",
    "/needs/{nid}",
)


@pytest.mark.parametrize("role", ["volunteer", "donor", "resident"])
def test_other_roles_are_refused_every_staff_page(client, login_as, role):
    need = NeedFactory(open=True)
    login_as(role)
    for path in STAFF_PAGES:
        url = path.format(rid=need.resident.id, nid=need.id)
        assert client.get(url).status_code == 403, url


def test_visitors_are_sent_to_log_in(client):
    need = NeedFactory()
    for url in ("/residents", f"/residents/{need.resident.id}", "/needs", "/needs/new"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_a_social_worker_of_another_community_gets_404(client, login_as, post):
    need = NeedFactory(submitted=True)
    login_as("social_worker", communities=[CommunityFactory()])
    resident_id = need.resident.id
    for url in (
        f"/residents/{resident_id}",
        f"/residents/{resident_id}/edit",
        f"/needs/{need.id}",
        f"/needs/new?resident={resident_id}",
    ):
        assert client.get(url).status_code == 404, url
    for action in ("open", "reject", "close"):
        response = post(f"/needs/{need.id}/{action}", {"reason": "x"}, page_url="/needs")
        assert response.status_code == 404
    assert need.resident.name not in client.get("/residents").get_data(as_text=True)
    assert need.resident.name not in client.get("/needs").get_data(as_text=True)
    # Nothing was changed or audited by the refused requests (only the lists viewed).
    actions = _db.session.scalars(select(AuditEntry.action)).all()
    assert set(actions) == {"view_resident_list", "view_need_list"}


def test_a_social_worker_without_communities_sees_nothing(client, login_as):
    resident = ResidentFactory()
    worker = login_as("social_worker")
    assert _db.session.scalars(residents_visible_to(worker)).all() == []
    client.set_cookie("mm_locale", "en")
    body = client.get("/residents").get_data(as_text=True)
    assert "0 residents found." in body
    assert resident.name not in body


def test_scope_helpers(db):
    mine, theirs = CommunityFactory(), CommunityFactory()
    worker = UserFactory(roles=["social_worker"], communities=[mine])
    admin = UserFactory(roles=["admin"])
    volunteer = UserFactory(roles=["volunteer"])
    near, far = ResidentFactory(community=mine), ResidentFactory(community=theirs)
    near_need, far_need = NeedFactory(resident=near), NeedFactory(resident=far)

    assert db.session.scalars(residents_visible_to(worker)).all() == [near]
    assert set(db.session.scalars(residents_visible_to(admin))) == {near, far}
    assert db.session.scalars(residents_visible_to(volunteer)).all() == []
    assert db.session.scalars(needs_visible_to(worker)).all() == [near_need]
    assert set(db.session.scalars(needs_visible_to(admin))) == {near_need, far_need}
    assert can_view_resident(worker, near) and not can_view_resident(worker, far)
    assert can_view_need(worker, near_need) and not can_view_need(worker, far_need)
    assert can_view_need(admin, far_need)
    assert not can_view_resident(volunteer, near)


def test_the_full_id_number_is_never_shown(client, worker, community):
    number = valid_id(7)
    resident = ResidentFactory(community=community, id_number=number)
    need = NeedFactory(resident=resident, open=True)
    masked = resident.masked_id_number
    assert masked == number[:4] + "*" * 10 + number[-4:]
    for url in (
        "/residents",
        f"/residents?q={resident.name}",
        f"/residents/{resident.id}",
        f"/residents/{resident.id}/edit",
        "/needs",
        f"/needs/{need.id}",
        f"/needs/new?resident={resident.id}",
    ):
        body = client.get(url).get_data(as_text=True)
        assert number not in body, url
        assert number[4:14] not in body, url
    assert masked in client.get("/residents").get_data(as_text=True)
    assert masked in client.get(f"/residents/{resident.id}").get_data(as_text=True)


def test_each_staff_view_of_a_resident_is_audited_once(client, worker, community):
    resident = ResidentFactory(community=community)
    assert client.get(f"/residents/{resident.id}").status_code == 200
    entries = _db.session.scalars(select(AuditEntry)).all()
    assert [(e.actor_id, e.action, e.subject_type, e.subject_id) for e in entries] == [
        (worker.id, "view_resident", "resident", resident.id)
    ]
    assert entries[0].address == "127.0.0.1"

    client.get(f"/residents/{resident.id}")
    assert len(_db.session.scalars(select(AuditEntry)).all()) == 2


def test_the_edit_form_sent_back_with_errors_is_a_view_too(client, worker, community):
    """The page shows the whole record (name, phone, address, guardian) whether it was asked
    for or sent back with its errors: each showing is one audit entry."""
    resident = ResidentFactory(community=community, name="王秀英")
    page = client.get(f"/residents/{resident.id}/edit")
    refused = client.post(f"/residents/{resident.id}/edit", data={"csrf_token": csrf_from(page)})
    assert refused.status_code == 422 and "王秀英" in refused.get_data(as_text=True)
    entries = _db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.subject_id) for e in entries] == [("view_resident", resident.id)] * 2


def test_a_view_of_the_resident_list_is_audited_once_with_its_filter(client, worker, community):
    for _ in range(3):
        ResidentFactory(community=community)
    body = client.get("/residents?q=王&status=active&category=visual").get_data(as_text=True)
    assert body.count("/residents/") >= 3  # three rows shown
    entries = _db.session.scalars(select(AuditEntry)).all()
    assert [(e.actor_id, e.action, e.subject_type, e.subject_id) for e in entries] == [
        (worker.id, "view_resident_list", "", None)
    ]  # one for the list, none per row
    assert entries[0].detail == "q=王 category=visual status=active page=1"
    client.get("/residents")
    assert (
        _db.session.scalars(select(AuditEntry.detail).order_by(AuditEntry.id)).all()[-1] == "page=1"
    )


def test_each_showing_of_the_needs_list_is_audited_with_its_filters(
    client, worker, community, login_as, auth
):
    for _ in range(3):
        NeedFactory(resident=ResidentFactory(community=community), open=True)
    body = client.get(f"/needs?status=open&community={community.id}").get_data(as_text=True)
    assert body.count("/needs/") >= 3  # three rows, with residents' names
    entries = _db.session.scalars(select(AuditEntry)).all()
    assert [(e.actor_id, e.action, e.subject_type, e.subject_id) for e in entries] == [
        (worker.id, "view_need_list", "", None)
    ]  # one for the list, none per row
    assert entries[0].detail == f"status=open community={community.id} page=1"
    assert entries[0].address == "127.0.0.1"
    client.get("/needs?page=2")
    assert (
        _db.session.scalars(select(AuditEntry.detail).order_by(AuditEntry.id)).all()[-1] == "page=1"
    )  # only one page
    # The administrators read it in the audit log, in their language.
    auth.logout()
    login_as("admin")
    client.set_cookie("mm_locale", "en")
    log = client.get("/admin/audit?action=view_need_list").get_data(as_text=True)
    assert "Viewed the needs list" in log and worker.name in log
    client.set_cookie("mm_locale", "zh_CN")
    assert "查看需求列表" in client.get("/admin/audit").get_data(as_text=True)


def test_a_view_of_a_need_is_audited_as_a_view_of_its_resident(client, worker, community):
    need = NeedFactory(resident=ResidentFactory(community=community))
    assert client.get(f"/needs/{need.id}").status_code == 200
    entries = _db.session.scalars(select(AuditEntry)).all()
    assert [(e.actor_id, e.action, e.subject_type, e.subject_id, e.detail) for e in entries] == [
        (worker.id, "view_resident", "resident", need.resident.id, f"need {need.id}")
    ]


def test_an_admin_sees_every_community(client, login_as):
    resident = ResidentFactory()
    login_as("admin")
    assert resident.name in client.get("/residents").get_data(as_text=True)
    assert client.get(f"/residents/{resident.id}").status_code == 200


def test_unknown_or_absurd_ids_are_404_never_500(client, worker):
    huge = "9" * 23  # beyond any integer column: PostgreSQL would refuse it outright
    for number in ("999999", huge):
        for url in (
            f"/residents/{number}",
            f"/residents/{number}/edit",
            f"/needs/{number}",
            f"/needs/new?resident={number}",
            f"/residents/accounts/{number}",
            f"/residents/new?account={number}",
        ):
            assert client.get(url).status_code == 404, url
    for url in (f"/residents?community={huge}", f"/needs?community={huge}&skill={huge}"):
        assert client.get(url).status_code == 200


def test_an_admin_finds_list_views_in_the_audit_log(client, login_as):
    login_as("admin")
    client.set_cookie("mm_locale", "en")
    client.get("/residents?status=inactive")
    response = client.get("/admin/audit?action=view_resident_list")
    assert response.status_code == 200
    assert "Viewed the resident list" in response.get_data(as_text=True)

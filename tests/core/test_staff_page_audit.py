"""Staff pages that name residents — the proposals waiting for a decision, the supervision
dashboard, the pairings waiting for training — are audited as the resident and need lists
are (DESIGN §8): one entry per page shown, none when the page names nobody."""

from flask_babel import force_locale
from sqlalchemy import select

from matchmaker.core.audit_details import audit_detail
from matchmaker.core.models import AuditEntry
from matchmaker.extensions import db
from matchmaker.match.models import PairingStatus
from tests.factories import (
    NeedFactory,
    ResidentFactory,
    UserFactory,
    VolunteerFactory,
    propose,
)
from tests.supervise.builders import make_pairing
from tests.train import helpers


def _entries(user) -> list[tuple[str, str]]:
    return [
        (e.action, e.detail)
        for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.actor_id == user.id).order_by(AuditEntry.id)
        )
    ]


def test_each_page_naming_residents_is_one_entry(client, auth, db):
    pairing = make_pairing(PairingStatus.CONFIRMED, name="王秀英")
    helpers.course()  # required of everyone: the pairing waits for it
    home = pairing.need.resident.community
    make_pairing(community=home, name="李桂芳")  # active, no visit yet: on the dashboard
    worker = UserFactory(roles=["social_worker"], communities=[home])
    need = NeedFactory(resident=ResidentFactory(community=home, name="赵桂兰"), open=True)
    propose(need, VolunteerFactory(approved=True, community=home))
    db.session.commit()
    auth.login(worker.email)

    assert "赵桂兰" in client.get("/match/proposals").get_data(as_text=True)
    assert "王秀英" in client.get("/train/sessions").get_data(as_text=True)
    assert "李桂芳" in client.get("/supervise").get_data(as_text=True)
    assert _entries(worker) == [
        ("view_proposals", "needs=1"),
        ("view_training_waiting", "pairings=1"),
        ("view_supervision", "pairings=1"),
    ]


def test_their_details_read_in_the_administrators_language(app):
    with app.test_request_context(), force_locale("zh"):
        assert audit_detail("view_proposals", "needs=3") == "显示了 3 项需求的配对建议"
        assert audit_detail("view_supervision", "pairings=2") == "显示了 2 个结对"
        assert audit_detail("view_training_waiting", "pairings=1") == "显示了 1 个结对"
        assert audit_detail("view_wish_list", "status=claimed page=2") == "第 2 页；状态：已认领"
    with app.test_request_context(), force_locale("en"):
        assert audit_detail("view_proposals", "needs=3") == "proposals for 3 needs shown"


def test_pages_naming_nobody_write_nothing(client, auth, db):
    worker = UserFactory(roles=["social_worker"], communities=[ResidentFactory().community])
    auth.login(worker.email)
    for page in ("/match/proposals", "/train/sessions", "/supervise"):
        assert client.get(page).status_code == 200
    assert _entries(worker) == []

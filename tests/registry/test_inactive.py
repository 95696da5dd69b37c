"""A resident's record made inactive (and active again): what it closes, what it leaves for
staff, that nothing is matched or entered for them meanwhile, and who may do it."""

import pytest
from sqlalchemy import select, update

from matchmaker.core.events import history
from matchmaker.extensions import db as _db
from matchmaker.match import loading
from matchmaker.registry import services, status
from matchmaker.registry.models import Need, NeedStatus, Resident, ResidentStatus
from matchmaker.wishes.models import MicroWish, WishStatus
from tests.factories import NeedFactory, ResidentFactory
from tests.supervise.builders import make_pairing
from tests.wishes.conftest import make_wish

UNCLAIMED = ("draft", "submitted", "published")


@pytest.fixture
def resident(community):
    return ResidentFactory(community=community, name="赵桂兰")


def reload(model, row_id):
    _db.session.expire_all()
    return _db.session.get(model, row_id)


def reasons(subject) -> list[tuple]:
    return [(e.from_state, e.to_state, e.reason) for e in history(subject)]


def test_marking_inactive_closes_what_waits_and_leaves_what_is_held(client, worker, post):
    pairing = make_pairing(community=worker.communities[0], name="赵桂兰")
    resident = pairing.need.resident
    draft = NeedFactory(resident=resident)
    submitted = NeedFactory(resident=resident, submitted=True)
    opened = NeedFactory(resident=resident, open=True)
    # three wishes of one resident, each its own (the same wish twice would be a resend)
    wishes = {s: make_wish(s, resident=resident, worker=worker, title=s) for s in UNCLAIMED}
    claimed = make_wish("claimed", resident=resident, worker=worker, title="助听器电池")
    client.set_cookie("mm_locale", "en")

    response = post(
        f"/residents/{resident.id}/inactive",
        {"reason": "moved", "note": "搬去上海和女儿住"},
        page_url=f"/residents/{resident.id}",
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The record of 赵桂兰 is now inactive." in page
    assert "Closed needs: 3. Withdrawn micro-wishes: 3." in page
    assert "1 micro-wish is held by a donor" in page
    assert "1 pairing is still in place" in page
    # The page lists what is left for staff, each with a link to where it is handled.
    assert f'href="/supervise/pairings/{pairing.id}"' in page
    assert f'href="/wishes/{claimed.id}/manage"' in page
    assert "Add a need" not in page

    resident = reload(Resident, resident.id)
    assert resident.status is ResidentStatus.INACTIVE
    # stored as the system writes it, read in each reader's language (not the worker's)
    assert reasons(resident)[-1] == ("active", "inactive", "moved away: 搬去上海和女儿住")
    assert "Moved away: 搬去上海和女儿住" in page
    client.set_cookie("mm_locale", "zh_CN")
    assert "已搬离：搬去上海和女儿住" in client.get(f"/residents/{resident.id}").get_data(True)
    assert history(resident)[-1].actor_id == worker.id
    for need, was in ((draft, "draft"), (submitted, "submitted"), (opened, "open")):
        need = reload(Need, need.id)
        assert need.status is NeedStatus.CLOSED
        assert reasons(need)[-1] == (was, "closed", "resident inactive")
    assert reload(Need, pairing.need.id).status is NeedStatus.MATCHED  # its pairing goes on
    assert reload(MicroWish, wishes["draft"].id).status is WishStatus.WITHDRAWN
    assert reload(MicroWish, wishes["published"].id).status is WishStatus.WITHDRAWN
    # A resident's own wish awaiting review can only be turned down; they see why.
    assert reload(MicroWish, wishes["submitted"].id).status is WishStatus.REJECTED
    assert reasons(reload(MicroWish, wishes["published"].id))[-1][2] == "resident inactive"
    assert reload(MicroWish, claimed.id).status is WishStatus.CLAIMED


def test_a_reason_is_required_and_other_needs_a_note(client, worker, resident, post):
    client.set_cookie("mm_locale", "en")
    need = NeedFactory(resident=resident, open=True)
    url, page_url = f"/residents/{resident.id}/inactive", f"/residents/{resident.id}"
    missing = post(url, {"note": "typed"}, page_url=page_url)
    assert missing.status_code == 422
    assert "Choose why the record is no longer active." in missing.get_data(as_text=True)
    assert "typed</textarea>" in missing.get_data(as_text=True)  # what was typed is kept
    other = post(url, {"reason": "other"}, page_url=page_url)
    assert other.status_code == 422
    assert "Say what the other reason is." in other.get_data(as_text=True)
    assert reload(Resident, resident.id).status is ResidentStatus.ACTIVE
    assert reload(Need, need.id).status is NeedStatus.OPEN
    done = post(url, {"reason": "other", "note": "住进养老院"}, page_url=page_url)
    assert done.status_code == 302
    assert reasons(reload(Resident, resident.id))[-1][2] == "another reason: 住进养老院"


def test_marking_inactive_twice_is_refused_with_409(client, worker, resident, post):
    url, page_url = f"/residents/{resident.id}/inactive", f"/residents/{resident.id}"
    assert post(url, {"reason": "deceased"}, page_url=page_url).status_code == 302
    again = post(url, {"reason": "deceased"}, page_url=page_url)
    assert again.status_code == 409
    assert len([e for e in history(resident) if e.to_state == "inactive"]) == 1


def test_a_record_is_reactivated_and_its_closed_needs_stay_closed(client, worker, resident, post):
    need = NeedFactory(resident=resident, open=True)
    page_url = f"/residents/{resident.id}"
    post(f"/residents/{resident.id}/inactive", {"reason": "declined"}, page_url=page_url)
    client.set_cookie("mm_locale", "en")
    page = client.get(page_url).get_data(as_text=True)
    assert "This record is inactive" in page and "Reactivate" in page
    response = post(f"/residents/{resident.id}/reactivate", {}, page_url=page_url)
    assert response.status_code == 302
    resident = reload(Resident, resident.id)
    assert resident.status is ResidentStatus.ACTIVE
    assert reasons(resident)[-1] == ("inactive", "active", "reactivated")
    assert reload(Need, need.id).status is NeedStatus.CLOSED
    again = post(f"/residents/{resident.id}/reactivate", {}, page_url=page_url)
    assert again.status_code == 409


def test_an_inactive_residents_needs_are_never_matched(community):
    active = NeedFactory(resident=ResidentFactory(community=community), open=True)
    gone = NeedFactory(resident=ResidentFactory(community=community), open=True)
    # e.g. a need reopened when the pairing of an inactive resident was ended
    gone.resident.status = ResidentStatus.INACTIVE
    _db.session.commit()
    assert [n.id for n in loading.open_needs(None)] == [active.id]
    assert [n.id for n in loading.open_needs({community.id})] == [active.id]


def test_staff_enter_no_need_for_an_inactive_resident(client, worker, resident, post):
    draft = NeedFactory(resident=resident)
    resident.status = ResidentStatus.INACTIVE
    _db.session.commit()
    client.set_cookie("mm_locale", "en")
    page = client.get(f"/residents/{resident.id}").get_data(as_text=True)
    assert f"/needs/new?resident={resident.id}" not in page
    response = client.get(f"/needs/new?resident={resident.id}", follow_redirects=True)
    assert "reactivate it before adding a need" in response.get_data(as_text=True)
    refused = post(f"/needs/{draft.id}/open", {"skills": []}, page_url=f"/needs/{draft.id}")
    assert refused.status_code in (409, 422)
    with pytest.raises(status.ResidentInactive):
        services.open_need(draft, by=worker)
    assert reload(Need, draft.id).status is NeedStatus.DRAFT
    assert _db.session.query(Need).count() == 1


def test_an_inactive_resident_cannot_send_a_request(client, login_as, resident, post):
    account = login_as("resident")
    resident.user_id = account.id
    resident.status = ResidentStatus.INACTIVE
    _db.session.commit()
    client.set_cookie("mm_locale", "en")
    response = client.get("/needs/new", follow_redirects=True)
    assert "Your record is not active at the moment" in response.get_data(as_text=True)
    sent = post(
        "/needs/new",
        {"service_type": "escort", "notes": "陪我去医院", "availability": ["mon-morning"]},
        page_url="/needs/mine",
    )
    assert sent.status_code == 302
    assert not reload(Resident, resident.id).needs


def test_a_claim_made_at_the_same_moment_wins_over_the_withdrawal(community, worker):
    resident = ResidentFactory(community=community)
    wish = make_wish("published", resident=resident, worker=worker)
    # A donor's claim lands between reading the wish and withdrawing it.
    _db.session.execute(
        update(MicroWish)
        .where(MicroWish.id == wish.id)
        .values(status=WishStatus.CLAIMED)
        .execution_options(synchronize_session=False)
    )
    assert status._withdraw(wish, worker) is False
    assert wish.status is WishStatus.CLAIMED
    assert [e.to_state for e in history(wish)][-1] == "published"  # no withdrawal recorded


def test_only_staff_of_the_community_may_change_the_status(client, auth, login_as, resident, post):
    login_as("social_worker", communities=[ResidentFactory().community])
    for action in ("inactive", "reactivate"):
        response = post(f"/residents/{resident.id}/{action}", {"reason": "moved"}, page_url="/")
        assert response.status_code == 404
    auth.logout()
    login_as("volunteer")
    response = post(f"/residents/{resident.id}/inactive", {"reason": "moved"}, page_url="/")
    assert response.status_code == 403
    assert reload(Resident, resident.id).status is ResidentStatus.ACTIVE


@pytest.mark.parametrize("how", ["released", "lapsed"])
def test_a_held_wish_given_up_after_the_record_went_inactive_is_withdrawn(community, worker, how):
    from datetime import timedelta

    from matchmaker.notify.models import Notification
    from matchmaker.wishes import claims

    wish = make_wish("claimed", resident=ResidentFactory(community=community), worker=worker)
    claim = wish.current_claim
    status.mark_inactive(wish.resident, by=worker, why="moved away")
    _db.session.commit()
    assert wish.status is WishStatus.CLAIMED  # held: the donor may still bring it
    if how == "released":
        claims.release_claim(claim, by=claim.donor)
    else:
        claims.lapse_overdue_claims(claim.deadline + timedelta(minutes=1))
    _db.session.commit()
    assert _db.session.get(MicroWish, wish.id).status is WishStatus.WITHDRAWN
    told = select(Notification).where(Notification.kind == "wish_open_again")
    assert _db.session.scalars(told).all() == []

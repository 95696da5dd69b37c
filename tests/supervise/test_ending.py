"""Ending a pairing closes a met need or reopens it for matching; the home page counts open
incidents and overdue reviews of the social worker's own communities."""

import re
from datetime import timedelta

from sqlalchemy import select

from matchmaker.core.events import history
from matchmaker.match.loading import open_needs
from matchmaker.match.models import Pairing, PairingStatus
from matchmaker.notify.models import Notification
from matchmaker.registry.models import Need, NeedStatus
from matchmaker.supervise.ending import end_pairing
from matchmaker.supervise.incidents import report_incident
from matchmaker.supervise.models import ReviewStatus, SupervisionReview
from matchmaker.supervise.review_schedule import schedule_reviews
from tests.conftest import csrf_from
from tests.factories import CommunityFactory, UserFactory
from tests.supervise.builders import NOW, TODAY, make_pairing


def fresh(db, model, row_id):
    db.session.expire_all()
    return db.session.get(model, row_id)


def end(client, pairing, **fields):
    token = csrf_from(client.get(f"/supervise/pairings/{pairing.id}"))
    data = {"end-csrf_token": token, **{f"end-{k}": v for k, v in fields.items()}}
    return client.post(f"/supervise/pairings/{pairing.id}/end", data=data)


def test_the_end_form_offers_close_or_reopen_with_reopen_chosen(db, client, auth, pairing, worker):
    auth.login(worker.email)
    html = client.get(f"/supervise/pairings/{pairing.id}").get_data(as_text=True)
    assert "需求已满足，关闭需求" in html and "重新开放需求，等待新的配对" in html
    [reopen] = re.findall(r'<input[^>]*name="end-need"[^>]*value="reopen"[^>]*>', html)
    [close] = re.findall(r'<input[^>]*name="end-need"[^>]*value="close"[^>]*>', html)
    assert "checked" in reopen and "checked" not in close


def test_a_met_need_is_closed_and_no_longer_matched(db, client, auth, pairing, worker):
    auth.login(worker.email)
    response = end(client, pairing, need="close", reason="居民已能独立出行")
    assert response.status_code == 302
    need = fresh(db, Need, pairing.need_id)
    assert need.status is NeedStatus.CLOSED
    last = history(need)[-1]
    assert (last.from_state, last.to_state, last.actor_id) == ("matched", "closed", worker.id)
    assert need.id not in {n.id for n in open_needs(None)}
    assert fresh(db, Pairing, pairing.id).volunteer.open_pairings == 0
    told = db.session.scalar(
        select(Notification.kind).where(Notification.user_id == need.resident.user_id)
    )
    assert told == "pairing_ended_need_closed"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "需求已满足并关闭" in page

    # the resident reads why their request closed in their own language
    auth.logout()
    auth.login(need.resident.user.email)
    mine = client.get("/needs/mine").get_data(as_text=True)
    assert f"结对 {pairing.id} 已结束，需求已满足：居民已能独立出行" in mine
    assert "need met" not in mine


def test_reopening_puts_the_need_back_into_matching(db, client, auth, pairing, worker):
    auth.login(worker.email)
    assert pairing.need_id not in {n.id for n in open_needs(None)}
    assert end(client, pairing, need="reopen", reason="志愿者搬家").status_code == 302
    need = fresh(db, Need, pairing.need_id)
    assert need.status is NeedStatus.OPEN and need.opened_at is not None
    assert need.id in {n.id for n in open_needs(None)}


def test_the_choice_is_required_and_a_forged_one_refused(db, client, auth, pairing, worker):
    auth.login(worker.email)
    missing = end(client, pairing, reason="志愿者搬家")
    html = missing.get_data(as_text=True)
    assert missing.status_code == 422 and "请选择关闭需求还是重新开放" in html
    assert "志愿者搬家" in html  # what was typed is kept
    forged = end(client, pairing, need="delete", reason="x")
    assert forged.status_code == 422 and "不是有效的选择" in forged.get_data(as_text=True)
    assert fresh(db, Pairing, pairing.id).status is PairingStatus.ACTIVE
    assert fresh(db, Need, pairing.need_id).status is NeedStatus.MATCHED


def test_home_lists_what_waits_first_and_folds_empty_lists(db, client, auth, pairing, worker):
    report_incident(pairing, by=pairing.volunteer.user, description="一", now=NOW)
    db.session.commit()
    auth.login(worker.email)
    home = client.get("/").get_data(as_text=True)
    section = home[home.index('id="queues-heading"') : home.index("</section>")]
    waiting, folded = section.split('<details class="queue-clear">')
    assert re.findall(r"<li><a [^>]*>([^<]*)</a></li>", waiting) == ["未处理的事件：1"]
    assert "逾期的督导评估：0" in folded
    assert re.search(r"<summary>查看暂无待办的 \d+ 个列表</summary>", folded)

    outsider = UserFactory(roles=["social_worker"], communities=[CommunityFactory()])
    auth.logout()
    auth.login(outsider.email)
    home = client.get("/").get_data(as_text=True)
    assert "目前没有等待您处理的事项。" in home and "queue--waiting" not in home
    assert "未处理的事件：0" in home  # still one click away


def test_home_page_counts_open_incidents_and_overdue_reviews(db, client, auth, pairing, worker):
    elsewhere = make_pairing(community=CommunityFactory(name="别的社区"))
    for p in (pairing, elsewhere):
        report_incident(p, by=p.volunteer.user, description="一", now=NOW)
    db.session.commit()
    auth.login(worker.email)
    home = client.get("/").get_data(as_text=True)
    waiting = 'class="queue--waiting"'
    assert f'<a href="/supervise#incidents-heading" {waiting}>未处理的事件：1</a>' in home
    assert '<a href="/supervise#reviews-heading">逾期的督导评估：0</a>' in home

    # A review whose day has passed counts before the nightly job marks it overdue.
    other = make_pairing(community=worker.communities[0])
    schedule_reviews(NOW)
    review = db.session.scalar(
        select(SupervisionReview).where(SupervisionReview.pairing_id == other.id)
    )
    review.due_on = TODAY - timedelta(days=1)
    db.session.commit()
    assert review.status is ReviewStatus.DUE
    assert "逾期的督导评估：1" in client.get("/").get_data(as_text=True)
    dashboard = client.get("/supervise").get_data(as_text=True)  # marks it overdue
    assert "逾期督导：1" in dashboard
    assert "逾期的督导评估：1" in client.get("/").get_data(as_text=True)

    outsider = UserFactory(roles=["social_worker"], communities=[CommunityFactory()])
    auth.logout()
    auth.login(outsider.email)
    home = client.get("/").get_data(as_text=True)
    assert "未处理的事件：0" in home and "逾期的督导评估：0" in home


def test_the_need_of_a_resident_marked_inactive_closes_when_the_pairing_ends(db, pairing, worker):
    from matchmaker.core.events import transition
    from matchmaker.registry.models import ResidentStatus

    transition(pairing.need.resident, ResidentStatus.INACTIVE, by=worker, why="已搬离")
    end_pairing(pairing, by=worker, reason="居民搬走", now=NOW)
    db.session.commit()
    assert fresh(db, Need, pairing.need_id).status is NeedStatus.CLOSED

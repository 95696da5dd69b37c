"""The inbox: events notify the right person; count in the header; mark as read; opt-out."""

from datetime import timedelta

from sqlalchemy import select

from matchmaker.core.types import utcnow
from matchmaker.extensions import db
from matchmaker.notify.models import EmailStatus, Notification
from matchmaker.notify.services import notify
from matchmaker.recruit.models import VolunteerStatus
from matchmaker.recruit.services import decide
from matchmaker.supervise.logs import reject_log
from matchmaker.wishes import claims as wishes
from matchmaker.wishes.models import WishClaim
from tests.conftest import csrf_from
from tests.factories import ResidentFactory, UserFactory, VolunteerFactory
from tests.supervise.builders import TODAY, log_visit, make_pairing
from tests.wishes.conftest import make_wish


def _notices(user) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    )


def _kinds(user) -> list[str]:
    return list(
        db.session.scalars(
            select(Notification.kind)
            .where(Notification.user_id == user.id)
            .order_by(Notification.id)
        )
    )


def test_domain_events_notify_the_people_concerned(db):
    volunteer = VolunteerFactory()
    worker = UserFactory(roles=["social_worker"], communities=[volunteer.community])
    decide(volunteer, VolunteerStatus.MORE_INFO, by=worker, reason="请补充服务时间")
    db.session.commit()
    assert _kinds(volunteer.user) == ["application_more_info"]

    pairing = make_pairing()
    staff = UserFactory(roles=["social_worker"], communities=[pairing.need.resident.community])
    log_visit(pairing, TODAY - timedelta(days=1), verified_by=staff)
    second = log_visit(pairing, TODAY - timedelta(days=2))
    reject_log(second, by=staff, reason="时间有误")
    db.session.commit()
    assert _kinds(pairing.volunteer.user) == ["log_verified", "log_rejected"]

    donor = UserFactory(roles=["donor"])
    resident = ResidentFactory(name="王秀英")
    wish_worker = UserFactory(roles=["social_worker"], communities=[resident.community])
    make_wish("fulfilled", resident=resident, worker=wish_worker, donor=donor)
    claim = db.session.scalar(select(WishClaim))
    wishes.leave_thanks(claim, by=wish_worker, message="谢谢！")
    db.session.commit()
    # Confirming the delivery and thanking are two events, each told once.
    assert _kinds(donor) == ["wish_fulfilled", "wish_thanked"]
    assert _kinds(wish_worker) == ["wish_claimed", "wish_delivered"]
    # each takes the social worker to the wish's page for staff, where they act on it
    wish_id = claim.wish_id
    assert [n.link for n in _notices(wish_worker)] == [
        f"/wishes/{wish_id}/manage",
        f"/wishes/{wish_id}/manage#claim-heading",
    ]
    # Texts name no resident (DESIGN §8): only the wish title, as on the public page.
    assert all("王秀英" not in str(n.params) for n in db.session.scalars(select(Notification)))


def test_the_header_counts_unread_and_marking_read_lowers_it(client, login_as):
    user = login_as("volunteer")
    notify(user, "application_approved", link="/volunteers/me")
    notify(user, "log_verified", link="/supervise", date="2026-11-20", minutes=120)
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "收件箱（2 条未读）" in page
    inbox = client.get("/inbox")
    body = inbox.get_data(as_text=True)
    assert inbox.status_code == 200
    # newest first, in the reader's language
    assert body.index("您 2026-11-20 的服务记录（120 分钟）已审核通过") < body.index(
        "您的志愿者申请已通过"
    )
    first = db.session.scalar(select(Notification).order_by(Notification.id))
    response = client.post(f"/inbox/{first.id}/read", data={"csrf_token": csrf_from(inbox)})
    assert response.status_code == 302
    assert "收件箱（1 条未读）" in client.get("/").get_data(as_text=True)
    page = client.get("/inbox")
    client.post("/inbox/read-all", data={"csrf_token": csrf_from(page)})
    after = client.get("/").get_data(as_text=True)
    assert "收件箱</a>" in after and "未读" not in after


def test_one_notification_reads_in_the_singular(client, login_as):
    user = login_as("volunteer")
    notify(user, "application_approved", link="/volunteers/me")
    db.session.commit()
    assert "共 1 条通知，其中 1 条未读。" in client.get("/inbox").get_data(as_text=True)
    client.set_cookie("mm_locale", "en")
    inbox = client.get("/inbox")
    assert "1 unread of 1 notification." in inbox.get_data(as_text=True)
    done = client.post(
        "/inbox/read-all", data={"csrf_token": csrf_from(inbox)}, follow_redirects=True
    ).get_data(as_text=True)
    assert "1 notification marked as read." in done and "0 unread of 1 notification." in done


def test_nobody_reads_or_marks_another_users_notifications(client, login_as):
    other = UserFactory(roles=["volunteer"])
    private = notify(other, "log_rejected", date="2026-11-20", reason="时间有误")
    db.session.commit()
    login_as("volunteer")
    page = client.get("/inbox")
    assert "时间有误" not in page.get_data(as_text=True)
    response = client.post(f"/inbox/{private.id}/read", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 404
    db.session.refresh(private)
    assert private.read_at is None


def test_a_notifications_link_says_what_it_does_and_opening_it_reads_it(client, login_as):
    user = login_as("donor")
    notice = notify(user, "wish_thanked", link="/wishes/mine", title="收音机")
    db.session.commit()
    page = client.get("/inbox").get_data(as_text=True)
    # "Open" as in "open the page", not as in a need waiting for a match (待配对)
    assert f'<a href="/inbox/{notice.id}/open"' in page and ">查看</a>" in page
    assert "待配对" not in page and "收件箱（1 条未读）" in page
    opened = client.get(f"/inbox/{notice.id}/open")
    assert opened.status_code == 302 and opened.headers["Location"] == "/wishes/mine"
    assert "收件箱（1 条未读）" not in client.get("/inbox").get_data(as_text=True)


def test_nobody_opens_another_persons_notification(client, login_as):
    someone = UserFactory(roles=["donor"])
    theirs = notify(someone, "wish_thanked", link="/wishes/mine", title="收音机")
    db.session.commit()
    login_as("donor")
    assert client.get(f"/inbox/{theirs.id}/open").status_code == 404
    db.session.expire_all()
    assert db.session.get(Notification, theirs.id).read_at is None


def test_the_inbox_needs_a_login(client):
    response = client.get("/inbox")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_inbox_pages_through_many(client, login_as):
    user = login_as("donor")
    for n in range(25):
        notify(user, "wish_thanked", title=f"心愿{n}")
    db.session.commit()
    first = client.get("/inbox").get_data(as_text=True)
    assert "“心愿24”" in first and "“心愿5”" in first and "“心愿4”" not in first
    assert "第 1 页，共 2 页" in first
    second = client.get("/inbox?page=2").get_data(as_text=True)
    assert "“心愿4”" in second and "“心愿0”" in second and "“心愿5”" not in second


def test_opting_out_of_email(client, login_as):
    user = login_as("donor", email="zhang@example.org")
    waiting = notify(user, "wish_thanked", title="收音机")
    db.session.commit()
    assert waiting.email_status is EmailStatus.PENDING
    page = client.get("/account/notifications")
    bad = client.post(
        "/account/notifications", data={"csrf_token": csrf_from(page), "email": "maybe"}
    )
    assert bad.status_code == 422 and "field-error" in bad.get_data(as_text=True)
    response = client.post(
        "/account/notifications", data={"csrf_token": csrf_from(page), "email": "no"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(user), user.id).email_notifications is False
    assert db.session.get(Notification, waiting.id).email_status is EmailStatus.NONE
    later = notify(db.session.get(type(user), user.id), "wish_thanked", title="轮椅")
    assert later.email_status is EmailStatus.NONE
    assert later.created_at <= utcnow()


def test_a_volunteers_notification_links_to_a_page_they_may_open(client, auth):
    pairing = make_pairing()
    staff = UserFactory(roles=["social_worker"], communities=[pairing.need.resident.community])
    log_visit(pairing, TODAY - timedelta(days=1), verified_by=staff)
    assert auth.login(pairing.volunteer.user.email).status_code == 302
    (notification,) = db.session.scalars(
        select(Notification).where(Notification.user_id == pairing.volunteer.user_id)
    )
    inbox = client.get("/inbox").get_data(as_text=True)
    assert f'href="/inbox/{notification.id}/open"' in inbox
    opened = client.get(f"/inbox/{notification.id}/open", follow_redirects=True)
    assert opened.status_code == 200 and opened.request.path == notification.link

"""Two social workers suspend one volunteer at the same moment: exactly one wins."""

import threading
import urllib.error
import urllib.parse

from sqlalchemy import func, select

from matchmaker.core.models import Event
from matchmaker.notify.models import Notification
from tests.factories import CommunityFactory, UserFactory, VolunteerFactory
from tests.live import logged_in_opener


def test_two_suspensions_at_once_leave_one_event(live_server, db):
    home = CommunityFactory(name="文三社区")
    volunteer = VolunteerFactory(approved=True, community=home)
    workers = [UserFactory(roles=["social_worker"], communities=[home]) for _ in range(2)]
    page = f"/recruit/volunteers/{volunteer.id}"
    sessions = [logged_in_opener(live_server, w.email, page) for w in workers]
    barrier = threading.Barrier(2)
    outcomes = []

    def suspend(session, reason):
        opener, _html, token = session
        body = urllib.parse.urlencode({"reason": reason, "csrf_token": token}).encode()
        barrier.wait()
        try:
            outcomes.append((opener.open(f"{live_server}{page}/suspend", data=body).status, ""))
        except urllib.error.HTTPError as error:
            outcomes.append((error.code, error.read().decode()))

    threads = [
        threading.Thread(target=suspend, args=(s, r))
        for s, r in zip(sessions, ("甲的原因", "乙的原因"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(code for code, _ in outcomes) == [302, 409]
    loser = next(text for code, text in outcomes if code == 409)
    assert "未作任何修改" in loser and "已暂停" in loser
    suspended = select(func.count(Event.id)).where(
        Event.subject_type == "volunteer", Event.to_state == "suspended"
    )
    assert db.session.scalar(suspended) == 1
    assert db.session.scalar(select(func.count(Notification.id))) == 1

"""Two social workers decide the same log at the same moment: exactly one decision stands."""

import threading
import urllib.error
import urllib.parse
from datetime import timedelta

from matchmaker.core.events import history
from matchmaker.extensions import db as _db
from matchmaker.supervise.models import ServiceLog
from tests.factories import UserFactory
from tests.live import logged_in_opener
from tests.supervise.builders import TODAY, log_visit


def test_verify_and_reject_at_once_leave_one_decision(live_server, db, pairing, worker):
    colleague = UserFactory(roles=["social_worker"], communities=[pairing.need.resident.community])
    log = log_visit(pairing, TODAY - timedelta(days=2))
    page = f"/supervise/pairings/{pairing.id}"
    sessions = []
    for login in (worker.email, colleague.email):
        opener, _, token = logged_in_opener(live_server, login, page)
        sessions.append((opener, token))
    requests = [
        (f"/supervise/logs/{log.id}/verify", lambda t: {f"verify{log.id}-csrf_token": t}),
        (
            f"/supervise/logs/{log.id}/reject",
            lambda t: {f"reject{log.id}-csrf_token": t, f"reject{log.id}-reason": "时间不符"},
        ),
    ]
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(session, request):
        opener, token = session
        path, body = request
        data = urllib.parse.urlencode(body(token)).encode()
        barrier.wait()
        try:
            outcomes.append(opener.open(f"{live_server}{path}", data=data).status)
        except urllib.error.HTTPError as error:
            outcomes.append(error.code)

    threads = [
        threading.Thread(target=decide, args=(s, r))
        for s, r in zip(sessions, requests, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == [302, 409]
    _db.session.expire_all()
    stored = _db.session.get(ServiceLog, log.id)
    assert [e.to_state for e in history(stored)] == ["submitted", stored.status.value]

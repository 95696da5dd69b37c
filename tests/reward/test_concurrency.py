"""A volunteer's cached verified hours stay their logs' sum when two social workers verify two of
their logs at the same moment, and their profile is made once when two requests need it."""

import threading
import urllib.error
from datetime import timedelta

from sqlalchemy import func, select

from matchmaker.reward.models import RewardProfile
from matchmaker.reward.services import profile_of, verified_minutes
from tests.factories import UserFactory
from tests.live import logged_in_opener, post_at_once
from tests.supervise.builders import TODAY, log_visit


def _verify_two_at_once(live_server, pairing, worker, logs):
    colleague = UserFactory(roles=["social_worker"], communities=[pairing.need.resident.community])
    page = f"/supervise/pairings/{pairing.id}"
    posts = []
    for user, log in zip((worker, colleague), logs, strict=True):
        opener, _, token = logged_in_opener(live_server, user.email, page)
        address = f"{live_server}/supervise/logs/{log.id}/verify"
        posts.append((opener, {f"verify{log.id}-csrf_token": token}, address))
    return sorted(code for code, _ in post_at_once(None, posts))


def _cached_minutes(db, volunteer_id):
    db.session.expire_all()
    return db.session.get(RewardProfile, volunteer_id).verified_minutes


def test_two_logs_verified_at_once_make_the_profile_once(live_server, db, pairing, worker):
    logs = [log_visit(pairing, TODAY - timedelta(days=d)) for d in (2, 3)]

    assert _verify_two_at_once(live_server, pairing, worker, logs) == [302, 302]

    assert (
        _cached_minutes(db, pairing.volunteer_id) == 240 == verified_minutes(pairing.volunteer_id)
    )


def test_two_logs_verified_at_once_both_count(live_server, db, pairing, worker):
    profile_of(pairing.volunteer_id)
    db.session.commit()
    for round_ in range(3):
        day = TODAY - timedelta(days=2 + round_)
        logs = [log_visit(pairing, day, f"{h:02d}:00", f"{h:02d}:30") for h in (8, 10)]

        assert _verify_two_at_once(live_server, pairing, worker, logs) == [302, 302]

        counted = verified_minutes(pairing.volunteer_id)
        assert _cached_minutes(db, pairing.volunteer_id) == counted == 60 * (round_ + 1)


def test_the_first_visit_to_my_hours_in_two_tabs(live_server, db, pairing):
    opener, _, _ = logged_in_opener(live_server, pairing.volunteer.user.email, "/train/me")
    barrier = threading.Barrier(2)
    statuses = []

    def open_page():
        barrier.wait()
        try:
            statuses.append(opener.open(f"{live_server}/reward/me", timeout=60).status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    tabs = [threading.Thread(target=open_page) for _ in range(2)]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join(timeout=60)

    assert statuses == [200, 200]
    assert db.session.scalar(select(func.count(RewardProfile.volunteer_id))) == 1

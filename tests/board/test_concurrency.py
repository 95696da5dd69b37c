"""A volunteer's "I can help" sent twice at the same moment (a double click) is one offer."""

from sqlalchemy import select

from matchmaker.board.models import InterestStatus, NeedInterest
from matchmaker.core.events import history
from tests.live import logged_in_opener, post_at_once


def test_offering_help_twice_at_once_records_one_offer(live_server, db, board):
    need = board["escort_1"]
    tabs = [
        logged_in_opener(live_server, board["volunteer"].user.email, "/needs/board")
        for _ in range(2)
    ]

    outcomes = post_at_once(
        f"{live_server}/needs/board/{need.id}/help",
        [(opener, {"csrf_token": token}) for opener, _, token in tabs],
    )

    assert [code for code, _ in outcomes] == [302, 302], outcomes
    db.session.expire_all()
    (offer,) = db.session.scalars(select(NeedInterest)).all()
    assert offer.status is InterestStatus.ACTIVE
    assert [e.to_state for e in history(offer)] == ["active"]

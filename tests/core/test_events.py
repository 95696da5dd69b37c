"""The one lifecycle-event mechanism: legal moves are recorded, illegal and stale ones refused."""

import pytest

from matchmaker.accounts.models import User, UserStatus
from matchmaker.core.events import (
    InvalidTransition,
    StaleTransition,
    history,
    record_creation,
    transition,
)
from tests.factories import UserFactory


def test_transition_records_who_when_from_to_why(db):
    admin = UserFactory()
    user = UserFactory()
    record_creation(user, by=admin, why="created by hand")
    transition(user, UserStatus.DISABLED, by=admin, why="left the programme")
    db.session.commit()

    events = history(user)
    assert [(e.from_state, e.to_state) for e in events] == [
        (None, "active"),
        ("active", "disabled"),
    ]
    assert events[1].actor_id == admin.id
    assert events[1].reason == "left the programme"
    assert events[1].at.tzinfo is not None
    db.session.expire_all()
    assert db.session.get(User, user.id).status is UserStatus.DISABLED


def test_illegal_transition_is_refused_and_nothing_recorded(db):
    user = UserFactory()
    with pytest.raises(InvalidTransition):
        transition(user, UserStatus.ACTIVE)
    assert history(user) == []
    assert user.status is UserStatus.ACTIVE


def test_stale_transition_loses_when_someone_moved_first(db, app):
    user = UserFactory()
    # Another worker disables the account behind this session's back.
    with app.app_context():
        from matchmaker.extensions import db as other

        other.session.execute(
            User.__table__.update().where(User.id == user.id).values(status="disabled")
        )
        other.session.commit()
    with pytest.raises(StaleTransition):
        transition(user, UserStatus.DISABLED, why="second click")
    db.session.rollback()
    assert [e.to_state for e in history(user)] == []

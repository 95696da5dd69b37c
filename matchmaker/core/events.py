"""The one way a lifecycle state changes: check the move is legal, write it, record an Event.

A model takes part by having a ``status`` column holding an ``enum.Enum`` and a class
attribute ``TRANSITIONS`` mapping each state to the states it may move to::

    class User(db.Model):
        TRANSITIONS = {UserStatus.ACTIVE: {UserStatus.DISABLED}, ...}
"""

import enum

from sqlalchemy import or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from .models import Event


class InvalidTransition(Exception):
    """The subject may not move from its current state to the one asked for."""

    def __init__(self, subject, to_state: enum.Enum):
        self.subject = subject
        self.from_state = subject.status
        self.to_state = to_state
        super().__init__(
            f"{type(subject).__name__} {subject.id}: "
            f"{_name(self.from_state)} -> {_name(to_state)} is not allowed"
        )


class StaleTransition(InvalidTransition):
    """Someone else changed the subject's state first (e.g. two donors claiming one wish)."""


def _name(state: enum.Enum | None) -> str | None:
    return None if state is None else state.value


def record_creation(subject, *, by=None, why: str = "") -> Event:
    """Record the state a new subject starts in, so its history reads from the beginning."""
    if subject.id is None:
        db.session.add(subject)
        db.session.flush()
    return _record(subject, None, subject.status, by, why)


def transition(subject, to_state: enum.Enum, *, by=None, why: str = "") -> Event:
    """Move ``subject`` to ``to_state`` and record who did it and why.

    The write is conditional on the state the caller saw, so of two concurrent moves from the
    same state exactly one wins; the loser gets :class:`StaleTransition`.

    :param by: the acting user, or None for the system.
    :raises InvalidTransition: if the move is not in ``type(subject).TRANSITIONS``.
    :raises StaleTransition: if the stored state was no longer the one seen.
    """
    from_state = subject.status
    if to_state not in type(subject).TRANSITIONS.get(from_state, ()):
        raise InvalidTransition(subject, to_state)
    _write_state(subject, from_state, to_state)
    set_committed_value(subject, "status", to_state)
    return _record(subject, from_state, to_state, by, why)


def hold_state(subject) -> None:
    """Check, in one conditional write, that the stored state is still the subject's, so a
    change that keeps the state (an edit) loses a race against a move instead of landing
    after it.

    :raises StaleTransition: if the stored state was no longer the one seen.
    """
    _write_state(subject, subject.status, subject.status)


def _write_state(subject, from_state, to_state) -> None:
    model = type(subject)
    result = db.session.execute(
        update(model)
        .where(model.id == subject.id, model.status == from_state)
        .values(status=to_state)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise StaleTransition(subject, to_state)


def _record(subject, from_state, to_state, by, why) -> Event:
    event = Event(
        subject_type=type(subject).__tablename__,
        subject_id=subject.id,
        from_state=_name(from_state),
        to_state=_name(to_state),
        actor_id=getattr(by, "id", None),
        reason=why or "",
    )
    db.session.add(event)
    db.session.flush()
    return event


def history(subject) -> list[Event]:
    """The subject's events, oldest first."""
    return list(
        db.session.scalars(
            select(Event)
            .where(
                Event.subject_type == type(subject).__tablename__, Event.subject_id == subject.id
            )
            .order_by(Event.at, Event.id)
        )
    )


#: subject ids per ``IN (...)``, well under SQLite's oldest limit of 999 parameters
_IDS_PER_QUERY = 500


def histories(subjects) -> dict:
    """Each subject's events, oldest first, as :func:`history` gives them, read in one query
    (a list page's rows, not one query a row): subject → list, empty when none recorded."""
    subjects = list(dict.fromkeys(subjects))
    by_key = {(type(s).__tablename__, s.id): [] for s in subjects}
    keys = list(by_key)
    for start in range(0, len(keys), _IDS_PER_QUERY):
        chunk = keys[start : start + _IDS_PER_QUERY]
        ids_by_type: dict[str, list[int]] = {}
        for subject_type, subject_id in chunk:
            ids_by_type.setdefault(subject_type, []).append(subject_id)
        statement = (
            select(Event)
            .where(
                or_(
                    *(
                        (Event.subject_type == subject_type) & Event.subject_id.in_(ids)
                        for subject_type, ids in ids_by_type.items()
                    )
                )
            )
            .order_by(Event.at, Event.id)
        )
        for event in db.session.scalars(statement):
            by_key[(event.subject_type, event.subject_id)].append(event)
    return {s: by_key[(type(s).__tablename__, s.id)] for s in subjects}


def record_change(subject, *, by=None, why: str) -> Event:
    """Record a change that keeps the state (e.g. an approved volunteer's new skills)."""
    return _record(subject, subject.status, subject.status, by, why)

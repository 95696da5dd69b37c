"""Pinning one interleaving of two actions on ``live_server`` (or a job in a thread), without
sleeping on the clock: the first is held at a point of its work, locks taken, until the
second has arrived and, on PostgreSQL, waits for a row lock; then the first goes on.

It is the interleaving in which two paths taking the same rows in different orders
deadlock (a 500 on PostgreSQL). On SQLite, which lets one writer in at a time, the second
simply waits for the first to commit, and the outcome is the same.
"""

import functools
import threading
import time

from sqlalchemy import text

from matchmaker.extensions import db

#: at most this long for the second action to turn up (a test failing, not hanging)
PATIENCE = 10
WAITING_FOR_A_LOCK = text(
    "SELECT count(*) FROM pg_stat_activity"
    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
)


class Interleaving:
    """``first(monkeypatch, module, name)`` holds the first action when it calls
    ``module.name``; ``second(monkeypatch, module, name)`` marks the second's arrival when
    it calls ``module.name``. ``holding`` is set once the first is held: send the second."""

    def __init__(self):
        self.holding = threading.Event()
        self.arrived = threading.Event()
        self._held_once = False

    def first(self, monkeypatch, module, name: str) -> None:
        original = getattr(module, name)

        @functools.wraps(original)
        def held(*args, **kwargs):
            if not self._held_once:  # only its first call
                self._held_once = True
                self.holding.set()
                self._wait_for_second()
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, held)

    def second(self, monkeypatch, module, name: str) -> None:
        original = getattr(module, name)

        @functools.wraps(original)
        def arriving(*args, **kwargs):
            self.arrived.set()
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, arriving)

    def _wait_for_second(self) -> None:
        if not self.arrived.wait(PATIENCE) or db.engine.dialect.name != "postgresql":
            return
        with db.engine.connect() as connection:
            for _ in range(PATIENCE * 100):
                if connection.scalar(WAITING_FOR_A_LOCK):
                    return
                connection.rollback()  # statistics are read once per transaction
                time.sleep(0.01)  # polling the server's state, not waiting on the clock


def in_background(action) -> tuple[threading.Thread, list]:
    """Run ``action`` in a thread (the first of two actions); its result lands in the list."""
    outcome = []
    thread = threading.Thread(target=lambda: outcome.append(action()))
    thread.start()
    return thread, outcome

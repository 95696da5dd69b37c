"""A matching run that fails is recorded as failed, for the runs page (DESIGN §4).

The run's own work is one transaction and is rolled back whole, so the record of the
failure is written after it, in a transaction of its own. Callers (the site, the command
line, the nightly job) opt in by wrapping their call of ``services.run_matching``.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from ..accounts.models import User
from ..core.events import record_creation, transition
from ..core.types import utcnow
from ..extensions import db
from .models import MatchRun, MatchRunStatus, RunOrigin
from .runs import scope_of


@contextmanager
def failure_recorded(
    *, community_ids: Iterable[int] | None, by: User | None, origin: RunOrigin
) -> Iterator[None]:
    """Around a run: should it raise, roll its work back, record a failed run (committed),
    and raise again. Finding nothing to match is not a failure, nor is being refused
    because another run is under way.
    """
    from .services import NothingToMatch, RunInProgress  # services builds on this module

    try:
        yield
    except (NothingToMatch, RunInProgress):
        raise
    except Exception as exc:
        db.session.rollback()
        record_failed_run(community_ids=community_ids, by=by, origin=origin, error=exc)
        db.session.commit()
        raise


def record_failed_run(
    *, community_ids: Iterable[int] | None, by: User | None, origin: RunOrigin, error: Exception
) -> MatchRun:
    run = MatchRun(
        scope=scope_of(community_ids),
        started_by_id=getattr(by, "id", None),
        origin=origin,
        status=MatchRunStatus.RUNNING,
    )
    db.session.add(run)
    db.session.flush()
    record_creation(run, by=by, why="matching run started")
    run.finished_at = utcnow()
    message = f"{type(error).__name__}: {error}"[:2000]
    transition(run, MatchRunStatus.FAILED, by=by, why=message)
    run.error = message
    return run

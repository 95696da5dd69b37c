"""Which days' visits a pairing's volunteer may log: those while it was active, also for a
while after it stopped.

A social worker often ends a pairing ("need met") right after the last visit, and an incident
may suspend one the same afternoon; the visits made while it was active still count toward
the volunteer's verified hours, so they may be logged (and corrected) late.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from ..core.events import history
from ..match.models import Pairing, PairingStatus
from ..recruit.models import VolunteerStatus
from .pairings import local_date

#: How long after a pairing stopped being active (suspended or ended) its volunteer may still
#: log the visits made before: time to catch up on the last visit or two, while the social
#: worker who verifies them still remembers the pairing, and before hours long past change
#: the star levels and certificates already issued.
LATE_LOG_DAYS = 30

#: What the volunteer reads above "Log a visit" once the pairing is no longer active.
NOTICES = {
    PairingStatus.ENDED: _l(
        "This pairing ended on %(day)s. You can still log visits up to that day until %(until)s."
    ),
    PairingStatus.SUSPENDED: _l(
        "This pairing was suspended on %(day)s. "
        "You can still log visits up to that day until %(until)s."
    ),
}
#: for an active pairing whose volunteer is suspended: no visits from that day on
SUSPENDED_VOLUNTEER_NOTICE = _l(
    "Your volunteer status was suspended on %(day)s. "
    "You can still log visits up to that day until %(until)s."
)
#: for a pairing sent back to wait for training (a corrected attendance) and then ended
OTHER_NOTICE = _l(
    "This pairing stopped being active on %(day)s. "
    "You can still log visits up to that day until %(until)s."
)


@dataclass(frozen=True)
class ActiveDays:
    """The days a pairing was active, as its volunteer logs visits by them."""

    #: the day it first became active
    first: date
    #: the day it last stopped being active; None while it is active
    last: date | None = None
    #: the state it moved to on that day
    stopped_to: PairingStatus | None = None
    #: the pairing is active, but its volunteer was suspended on ``last``
    volunteer_suspended: bool = False

    @property
    def until(self) -> date | None:
        """The last day on which visits up to ``last`` can be logged; None while active."""
        return self.last and self.last + timedelta(days=LATE_LOG_DAYS)

    def open_on(self, today: date) -> bool:
        return self.until is None or today <= self.until

    @property
    def notice(self):
        """The sentence saying until when late visits can be logged; None while active."""
        if self.last is None:
            return None
        if self.volunteer_suspended:
            text = SUSPENDED_VOLUNTEER_NOTICE
        else:
            text = NOTICES.get(self.stopped_to, OTHER_NOTICE)
        return text % {"day": self.last.isoformat(), "until": self.until.isoformat()}


def active_days(pairing: Pairing) -> ActiveDays | None:
    """The days the pairing was active, read from its recorded events; None if it never was.

    The first day is that of the first move into ``active``: ``activated_at`` alone will not
    do, since a pairing sent back to wait for training loses it, and gets a later one when
    trained again. The last day is that of the last move out of ``active``: for a pairing
    that ended from active, the local day of ``ended_at``; otherwise the day of the event.
    """
    events = history(pairing)
    active = PairingStatus.ACTIVE.value
    starts = [e.at for e in events if e.to_state == active]
    if pairing.activated_at:  # a pairing recorded as active from its creation (an import)
        starts.append(pairing.activated_at)
    first = local_date(min(starts)) if starts else local_date(pairing.confirmed_at)
    if pairing.status is PairingStatus.ACTIVE:
        suspended_on = _volunteer_suspended_on(pairing)
        if suspended_on is not None:
            return ActiveDays(first, max(first, suspended_on), volunteer_suspended=True)
        return ActiveDays(first)
    left = next((e for e in reversed(events) if e.from_state == active), None)
    if left is None:
        return None
    stopped_to = PairingStatus(left.to_state)
    at = pairing.ended_at if stopped_to is PairingStatus.ENDED and pairing.ended_at else left.at
    return ActiveDays(first, local_date(at), stopped_to)


def _volunteer_suspended_on(pairing: Pairing) -> date | None:
    """The day the pairing's volunteer was suspended, while they are: a suspended volunteer
    does not visit, so only the visits made before may still be logged."""
    volunteer = pairing.volunteer
    if volunteer.status is not VolunteerStatus.SUSPENDED:
        return None
    suspended = VolunteerStatus.SUSPENDED.value
    at = next((e.at for e in reversed(history(volunteer)) if e.to_state == suspended), None)
    return local_date(at) if at else None


def loggable_days(pairing: Pairing) -> ActiveDays | None:
    """The days whose visits the pairing takes logs for: none while it waits for training
    (even if it was active once) or if it never was active."""
    return None if pairing.status is PairingStatus.CONFIRMED else active_days(pairing)


def open_days(pairing: Pairing, now) -> ActiveDays | None:
    """The pairing's active days if its volunteer can log a visit of them now: while it is
    active, or within LATE_LOG_DAYS after it stopped; never while it waits for training."""
    days = loggable_days(pairing)
    return days if days is not None and days.open_on(local_date(now)) else None

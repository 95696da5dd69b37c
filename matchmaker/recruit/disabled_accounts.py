"""A volunteer whose account an administrator disabled (DESIGN §11: user active → disabled).

They can no longer log in, so they can neither take up a new pairing nor log the visits of
one: their proposals still waiting are withdrawn (the engine already skips disabled accounts,
but a proposal made before would stay confirmable), and the social workers of each open
pairing are told, to end it or keep it while the account is sorted out.
"""

from ..accounts.models import User
from ..extensions import db
from .services import notify_staff_of_open_pairings, volunteer_of

#: Why a disabled volunteer's waiting proposals were withdrawn (translated at display).
DISABLED_PROPOSALS_REASON = "volunteer's account disabled"


def volunteer_account_disabled(user: User, *, by: User) -> int:
    """Withdraw the waiting proposals of ``user``'s volunteer record (if any) and tell the
    staff of their open pairings; returns how many proposals were withdrawn."""
    from ..match.withdrawals import withdraw_volunteer_proposals  # match builds on recruit

    volunteer = volunteer_of(user)
    if volunteer is None:
        return 0
    withdrawn = withdraw_volunteer_proposals(volunteer.id, by=by, why=DISABLED_PROPOSALS_REASON)
    notify_staff_of_open_pairings(volunteer, "volunteer_account_disabled", by=by)
    db.session.flush()
    return withdrawn

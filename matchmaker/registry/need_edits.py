"""Changing a need's details without closing it, so it keeps its waiting time and history."""

from ..accounts.models import User
from ..core.events import InvalidTransition, hold_state, record_change
from ..extensions import db
from ..recruit.catalogue import Skill
from .models import Need, NeedStatus
from .stale_proposals import MATCHED_NEED_FIELDS, NEED_EDITED, withdraw_waiting_proposals

#: A need may be changed until a volunteer is paired with it.
EDITABLE_STATES = (NeedStatus.DRAFT, NeedStatus.SUBMITTED, NeedStatus.OPEN)
#: A resident may change their own request only while it waits for review.
RESIDENT_EDITABLE_STATES = (NeedStatus.SUBMITTED,)
#: The details a form may change (skills apart).
NEED_FIELDS = (
    "service_type",
    "availability",
    "urgency",
    "home_visit",
    "gender_preference",
    "notes",
)


def edit_need(
    need: Need,
    *,
    by: User,
    skills: list[Skill] | None = None,
    states=EDITABLE_STATES,
    why: str = "changed",
    **fields,
) -> list[str]:
    """Change a need's details; the event names the fields changed, never their values.

    The write is conditional on the need still being in the state the editor saw, so an edit
    racing a pairing (or a review) either lands before it or is refused. A change to what
    matching reads withdraws the need's waiting proposals (the next run proposes afresh).

    :param skills: the skills a volunteer needs, or None to leave them.
    :param states: the states in which this editor may change the need.
    :returns: the names of the fields changed (empty: nothing was written).
    :raises InvalidTransition: if the need is not in ``states`` (StaleTransition if it
        left them just now).
    :raises ValueError: if an open need would be left without a skill to match on.
    """
    unknown = set(fields) - set(NEED_FIELDS)
    if unknown:
        raise TypeError(f"not need fields: {sorted(unknown)}")
    seen = need.status
    if seen not in states:
        raise InvalidTransition(need, seen)
    if seen is NeedStatus.OPEN and skills is not None and not skills:
        raise ValueError("an open need names at least one skill")
    changed = sorted(k for k, v in fields.items() if getattr(need, k) != v)
    if skills is not None and {s.id for s in need.skills} != {s.id for s in skills}:
        changed.append("skills")
    if not changed:
        return []
    hold_state(need)
    for key, value in fields.items():
        setattr(need, key, value)
    if skills is not None:
        need.skills = list(skills)
    db.session.flush()
    record_change(need, by=by, why=f"{why}: " + ", ".join(changed))
    matched_on = [name for name in changed if name in MATCHED_NEED_FIELDS]
    if matched_on:  # a volunteer proposed for what it asked before may not fit it now
        withdraw_waiting_proposals([need], by=by, why=f"{NEED_EDITED}: " + ", ".join(matched_on))
    return changed

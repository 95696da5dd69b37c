"""Micro-wish rules: who sees and manages which wish, drafting, review and publishing
(claims, delivery, thanks and lapsing are in ``claims``).

Services flush and return; the caller (view, job) commits once (CONVENTIONS).
"""

from datetime import datetime

from flask import current_app
from sqlalchemy import Select, false, func, select

from ..accounts.models import User
from ..accounts.permissions import community_ids_visible_to, is_staff
from ..accounts.places import Community
from ..core.events import InvalidTransition, record_change, record_creation, transition
from ..core.health_terms import find_health_terms
from ..core.locks import hold_row
from ..core.pii import find_own_details, find_pii
from ..core.resends import made_just_now
from ..core.types import utcnow
from ..extensions import db
from ..notify.services import notify
from ..registry.models import Resident, ResidentStatus
from .models import MicroWish, WishCategory, WishClaim, WishStatus

#: What the public may see: a wish once published, through to fulfilment (DESIGN §5).
PUBLIC_STATES = (
    WishStatus.PUBLISHED,
    WishStatus.CLAIMED,
    WishStatus.DELIVERED,
    WishStatus.FULFILLED,
)
REVIEW_STATES = (WishStatus.DRAFT, WishStatus.SUBMITTED)
#: Cost bands of the public filter: key → (lowest, highest or None), whole yuan.
COST_BANDS = {"upto100": (0, 100), "100to300": (101, 300), "over300": (301, None)}


class StoryHasPersonalData(ValueError):
    """The title or story holds a phone or ID number; it must be edited before publishing."""


class HealthDetailsNotAgreed(ValueError):
    """The story tells of the resident's health or disability, and the reviewer has not
    said that the resident agreed to its being public (DESIGN §8)."""


#: the published event's reason when the story tells of health or disability
HEALTH_AGREED = "reviewed; the resident agreed to share the health details"


class CostOverCap(ValueError):
    """The estimated cost is above the configured cap."""


def cost_cap() -> int:
    return current_app.config["WISH_COST_CAP"]


# --- scope -------------------------------------------------------------------------------


def wishes_visible_to(user: User) -> Select:
    """``select(MicroWish)`` limited to wishes of residents in ``user``'s communities."""
    statement = select(MicroWish).join(MicroWish.resident)
    ids = community_ids_visible_to(user)
    if ids is None:
        return statement
    return statement.where(Resident.community_id.in_(sorted(ids)) if ids else false())


def can_manage(user: User, wish: MicroWish) -> bool:
    """Staff of the wish's community, and admins."""
    if not is_staff(user):
        return False
    ids = community_ids_visible_to(user)
    return ids is None or wish.resident.community_id in ids


def is_own(user: User, wish: MicroWish) -> bool:
    """Is ``user`` the resident the wish is for (their linked account)?"""
    return user.is_authenticated and wish.resident.user_id == user.id


def can_see_evidence(user: User, claim: WishClaim) -> bool:
    """The donor who claimed, staff of that community and admins (not the public)."""
    return user.is_authenticated and (claim.donor_id == user.id or can_manage(user, claim.wish))


def count_to_review(user: User) -> int:
    """Wishes in ``user``'s scope waiting to be reviewed and published."""
    waiting = wishes_visible_to(user).where(MicroWish.status.in_(REVIEW_STATES))
    return db.session.scalar(select(func.count()).select_from(waiting.subquery()))


def count_to_confirm(user: User) -> int:
    """Wishes in ``user``'s scope that a donor marked delivered, awaiting confirmation."""
    waiting = wishes_visible_to(user).where(MicroWish.status == WishStatus.DELIVERED)
    return db.session.scalar(select(func.count()).select_from(waiting.subquery()))


# --- public list -------------------------------------------------------------------------


def public_wishes(
    *, category: WishCategory | None, street_id: int | None, band: str | None, sort: str
) -> Select:
    """Published wishes for the public list, filtered and sorted ("newest" or "waiting")."""
    statement = (
        select(MicroWish)
        .join(MicroWish.resident)
        .join(Community, Community.id == Resident.community_id)
        .where(MicroWish.status == WishStatus.PUBLISHED)
    )
    if category:
        statement = statement.where(MicroWish.category == category)
    if street_id:
        statement = statement.where(Community.street_id == street_id)
    if band in COST_BANDS:
        low, high = COST_BANDS[band]
        statement = statement.where(MicroWish.cost_yuan >= low)
        if high is not None:
            statement = statement.where(MicroWish.cost_yuan <= high)
    if sort == "waiting":
        return statement.order_by(MicroWish.published_at.asc(), MicroWish.id.asc())
    return statement.order_by(MicroWish.published_at.desc(), MicroWish.id.desc())


# --- drafting and review ------------------------------------------------------------------


def _check_cost(cost_yuan: int) -> None:
    if not 1 <= cost_yuan <= cost_cap():
        raise CostOverCap(cost_yuan)


def draft_wish(
    resident: Resident,
    *,
    by: User,
    title: str,
    story: str,
    category: WishCategory,
    cost_yuan: int,
    photo: str | None = None,
) -> MicroWish:
    """A new wish: a social worker's draft, or a resident's own wish waiting for review; the
    wish just made if the same form was sent again (``core.resends``).

    :raises CostOverCap: if the cost is above the cap.
    """
    _check_cost(cost_yuan)
    staff = is_staff(by)
    status = WishStatus.DRAFT if staff else WishStatus.SUBMITTED
    hold_row(Resident.status, resident.id)  # of two requests at once, the second waits here
    same = made_just_now(
        MicroWish,
        MicroWish.created_at,
        resident_id=resident.id,
        created_by_id=by.id,
        title=title,
        story=story,
        category=category,
        cost_yuan=cost_yuan,
        status=status,  # still as it was made
    )
    if same is not None:
        return same
    wish = MicroWish(
        resident_id=resident.id,
        title=title,
        story=story,
        category=category,
        cost_yuan=cost_yuan,
        photo=photo,
        created_by_id=by.id,
        status=status,
    )
    record_creation(wish, by=by, why="drafted by staff" if staff else "submitted by the resident")
    return wish


def edit_wish(wish: MicroWish, *, by: User, photo: str | None = None, **fields) -> None:
    """Change a wish before it is published (e.g. to remove a phone number from its story).

    :raises InvalidTransition: once the wish is published or closed.
    :raises CostOverCap: if the new cost is above the cap.
    """
    if wish.status not in REVIEW_STATES:
        raise InvalidTransition(wish, wish.status)
    if "cost_yuan" in fields:
        _check_cost(fields["cost_yuan"])
    changed = sorted(k for k, v in fields.items() if getattr(wish, k) != v)
    for key, value in fields.items():
        setattr(wish, key, value)
    if photo:
        wish.photo = photo
        changed.append("photo")
    if changed:
        db.session.flush()
        record_change(wish, by=by, why="changed: " + ", ".join(changed))


def personal_data_in(wish: MicroWish):
    """Phone and ID numbers, and the resident's own name, guardian's name or address, found
    in the wish's title and story: the public page masks them, so the story must not."""
    return [
        finding
        for text in (wish.title, wish.story)
        for finding in find_pii(text) + own_details_in(wish, text)
    ]


def own_details_in(wish: MicroWish, text: str):
    """The resident's name, guardian's name and address as they appear in ``text``. The
    given name alone counts too (秀英): the public page already shows the surname (王**)."""
    resident = wish.resident
    given = resident.name[1:] if len(resident.name or "") >= 3 else ""
    names = (resident.name, given, resident.guardian_name)
    return find_own_details(text, names=names, addresses=(resident.address,))


def health_details_in(wish: MicroWish):
    """Health and disability words in the wish's title and story: a warning for the reviewer
    (rephrase unless the resident agreed), not a block on publishing like a number."""
    return find_health_terms(wish.title) + find_health_terms(wish.story)


def publish_wish(
    wish: MicroWish, *, by: User, now: datetime | None = None, health_agreed: bool = False
) -> None:
    """Publish a reviewed wish on /wishes.

    :param health_agreed: the reviewer says the resident agreed to the health or disability
        details of the story being public; recorded in the wish's history.
    :raises StoryHasPersonalData: while the title or story holds a phone or ID number,
        or the resident's own name or address.
    :raises HealthDetailsNotAgreed: while it tells of health or disability (a word of
        ``core.health_terms``) and ``health_agreed`` is not given.
    :raises CostOverCap: if the cost is above the cap (it may have been lowered).
    :raises InvalidTransition: unless the wish is a draft or submitted.
    :raises ResidentInactive: if the resident's record is inactive. Checked with the record's
        row locked, as making it inactive locks it: of the two at once, either the wish is
        published first and then withdrawn with the record's others, or it is not published.
    """
    if wish.status not in REVIEW_STATES:
        raise InvalidTransition(wish, WishStatus.PUBLISHED)
    if personal_data_in(wish):
        raise StoryHasPersonalData(wish.id)
    tells_health = bool(health_details_in(wish))
    if tells_health and not health_agreed:
        raise HealthDetailsNotAgreed(wish.id)
    _check_cost(wish.cost_yuan)
    _check_resident_active(wish)
    sent_by_resident = wish.status is WishStatus.SUBMITTED
    transition(wish, WishStatus.PUBLISHED, by=by, why=HEALTH_AGREED if tells_health else "reviewed")
    wish.published_at = now or utcnow()
    db.session.flush()
    if sent_by_resident:
        tell_resident(wish, "wish_published")


def _check_resident_active(wish: MicroWish) -> None:
    from ..registry.status import ResidentInactive  # registry.status builds on wishes

    resident = db.session.scalars(
        select(Resident)
        .where(Resident.id == wish.resident_id)
        .with_for_update(of=Resident)
        .execution_options(populate_existing=True)
    ).one()
    if resident.status is not ResidentStatus.ACTIVE:
        raise ResidentInactive(resident.id)


def reject_wish(wish: MicroWish, *, by: User, why: str) -> None:
    """Turn down a resident's wish; the resident sees the reason.

    :raises InvalidTransition: unless the wish was submitted by the resident.
    """
    transition(wish, WishStatus.REJECTED, by=by, why=why)
    tell_resident(wish, "wish_rejected", reason=why)


def tell_resident(wish: MicroWish, kind: str, **params) -> None:
    """Tell the resident whose wish it is (their linked account, if any) what became of it.

    Not once their record is inactive: its wishes are turned down with the record, like its
    needs, and the account of someone who moved away or died is told nothing of it.
    """
    resident = wish.resident
    if resident.status is ResidentStatus.ACTIVE:
        notify(resident.user, kind, link=f"/wishes/mine#wish-{wish.id}", title=wish.title, **params)


def withdraw_wish(wish: MicroWish, *, by: User, why: str) -> None:
    """Take a draft or an unclaimed published wish off the site.

    :raises InvalidTransition: for a claimed, fulfilled or already closed wish.
    """
    transition(wish, WishStatus.WITHDRAWN, by=by, why=why)

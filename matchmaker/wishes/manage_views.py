"""The social worker's review queue and wish page: publishing, turning down or withdrawing a
wish, and thanks to the donor. Defines the ``wish_admin`` blueprint; drafting a wish
(draft_views), confirming deliveries (delivery_views) and where gifts are handed over
(handover_views) are its routes too."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ..accounts.models import Role, User
from ..accounts.permissions import roles_required
from ..accounts.place_services import streets_of
from ..core.audit import audit
from ..core.events import InvalidTransition, histories
from ..core.listing import record_url
from ..core.nav import review_queue, role_link
from ..core.pii import highlight_pii
from ..extensions import db
from ..registry.forms import ReasonForm
from ..registry.status import ResidentInactive
from . import claims, services
from .forms import (
    ActionForm,
    EvidenceForm,
    NotReceivedForm,
    OwnThanksForm,
    PublishForm,
    ThanksForm,
)
from .labels import template_labels
from .models import MicroWish, WishClaim, WishStatus
from .review_list import wish_list
from .views import _mine, claim_or_404

bp = Blueprint("wish_admin", __name__, url_prefix="/wishes")
bp.context_processor(template_labels)

STAFF = (Role.SOCIAL_WORKER, Role.ADMIN)
#: the not-received form's prefix, so its field ids differ from the withdraw form's
NOT_RECEIVED = "not-received"

role_link(
    "wish_admin.new",
    _l("Make a micro-wish"),
    _l("Ask donors for a small thing that would help you; your social worker checks it first."),
    Role.RESIDENT,
)
role_link(
    "wish_admin.review",
    _l("Micro-wishes"),
    _l("Draft and review residents' wishes, and confirm deliveries with evidence."),
    *STAFF,
)
review_queue(
    "wish_admin.review", _l("Micro-wishes to review: %(n)d"), services.count_to_review, *STAFF
)
review_queue(
    "wish_admin.review",
    _l("Wish deliveries to confirm: %(n)d"),
    services.count_to_confirm,
    *STAFF,
    _anchor="deliveries",
)


def managed_or_404(wish_id: int) -> MicroWish:
    """The wish, if ``current_user`` is staff of its community; else a 404 (never a 403)."""
    wish = db.session.get(MicroWish, wish_id)
    if wish is None or not services.can_manage(current_user, wish):
        abort(404)
    return wish


@bp.route("/review")
@roles_required(*STAFF)
def review():
    scoped = services.wishes_visible_to(current_user)
    waiting = db.session.scalars(
        scoped.where(MicroWish.status.in_(services.REVIEW_STATES)).order_by(MicroWish.id)
    ).all()
    deliveries = db.session.scalars(
        scoped.where(MicroWish.status == WishStatus.DELIVERED).order_by(MicroWish.id)
    ).all()
    listed = wish_list(current_user)  # audited (flushed, not committed): the page names residents
    page_html = render_template(
        "wishes/review.html",
        waiting=waiting,
        deliveries=deliveries,
        flagged={w.id for w in waiting if services.personal_data_in(w)},
        health_flagged={w.id for w in waiting if services.health_details_in(w)},
        streets=streets_of(current_user),
        **listed,
    )
    # committed after rendering: the commit would expire every row the page reads
    db.session.commit()
    return page_html


def _manage(wish: MicroWish, status: int = 200, **forms):
    events = [e for evs in histories([wish, *wish.claims]).values() for e in evs]
    events.sort(key=lambda e: (e.at, e.id))
    actor_ids = {e.actor_id for e in events if e.actor_id}
    actors = {u.id: u.name for u in db.session.scalars(select(User).where(User.id.in_(actor_ids)))}
    page_html = render_template(
        "wishes/manage.html",
        wish=wish,
        claim=wish.current_claim,
        findings=services.personal_data_in(wish),
        health_words=sorted({f.text for f in services.health_details_in(wish)}),
        story_marked=highlight_pii(wish.story, services.own_details_in(wish, wish.story)),
        title_marked=highlight_pii(wish.title, services.own_details_in(wish, wish.title)),
        events=events,
        actors=actors,
        action_form=ActionForm(formdata=None),
        publish_form=forms.get("publish_form") or PublishForm(formdata=None),
        reason_form=forms.get("reason_form") or ReasonForm(formdata=None),
        evidence_form=forms.get("evidence_form") or EvidenceForm(formdata=None),
        not_received_form=forms.get("not_received_form")
        or NotReceivedForm(formdata=None, prefix=NOT_RECEIVED),
        thanks_form=forms.get("thanks_form") or ThanksForm(formdata=None),
        recheck_days=claims.RECHECK_DAYS,
    )
    # The page names the resident and shows their story: a view of their record (DESIGN §8).
    # audited after rendering: the audit's commit would expire every row the page reads
    audit(current_user, "view_resident", wish.resident, detail=f"wish {wish.id}")
    db.session.commit()
    return page_html, status


@bp.route("/<int:wish_id>/manage")
@roles_required(*STAFF)
def manage(wish_id: int):
    return _manage(managed_or_404(wish_id))


def to_manage(wish_id: int):
    """The wish's page after an action on it, leading back to the list it was opened from."""
    return redirect(record_url("wish_admin.manage", "wish_admin.review", wish_id=wish_id))


def _refused(wish: MicroWish, message: str | None = None):
    db.session.rollback()
    flash(message or _("This wish cannot be changed that way any more; see its state."), "error")
    return _manage(db.session.get(MicroWish, wish.id), 409)


@bp.route("/<int:wish_id>/publish", methods=["POST"])
@roles_required(*STAFF)
def publish(wish_id: int):
    wish = managed_or_404(wish_id)
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.publish_wish(wish, by=current_user, health_agreed=form.health_agreed.data)
    except services.HealthDetailsNotAgreed:
        form.health_agreed.errors = [
            _(
                "Tick that the resident agreed to these health or disability details being "
                "public, or edit them out first: the wish page is public."
            )
        ]
        return _manage(wish, 422, publish_form=form)
    except services.StoryHasPersonalData:
        flash(
            _(
                "The wish holds a phone or ID number, or the resident’s own name or address "
                "(marked below). Edit it out before publishing: the wish page is public."
            ),
            "error",
        )
        return _manage(wish, 422)
    except services.CostOverCap:
        flash(_("The cost is above the limit; edit the wish first."), "error")
        return _manage(wish, 422)
    except InvalidTransition:
        return _refused(wish)
    except ResidentInactive:
        return _refused(wish, _("This record is inactive: reactivate it before publishing a wish."))
    db.session.commit()
    flash(_("The wish is published on the wishes page."), "success")
    return to_manage(wish.id)


def _with_reason(wish_id: int, service, message: str):
    wish = managed_or_404(wish_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        return _manage(wish, 422, reason_form=form)
    try:
        service(wish, by=current_user, why=form.reason.data)
    except InvalidTransition:
        return _refused(wish)
    db.session.commit()
    flash(message, "success")
    return to_manage(wish.id)


@bp.route("/<int:wish_id>/reject", methods=["POST"])
@roles_required(*STAFF)
def reject(wish_id: int):
    return _with_reason(
        wish_id, services.reject_wish, _("The wish is turned down; the resident sees why.")
    )


@bp.route("/<int:wish_id>/withdraw", methods=["POST"])
@roles_required(*STAFF)
def withdraw(wish_id: int):
    return _with_reason(wish_id, services.withdraw_wish, _("The wish is withdrawn."))


@bp.route("/claims/<int:claim_id>/thanks", methods=["POST"])
@roles_required(Role.RESIDENT, *STAFF)
def thanks(claim_id: int):
    claim: WishClaim = claim_or_404(claim_id)
    staff = services.can_manage(current_user, claim.wish)
    if not staff and not services.is_own(current_user, claim.wish):
        abort(404)
    form = ThanksForm(prefix="") if staff else OwnThanksForm(prefix=f"t{claim.id}")
    if not form.validate_on_submit():
        if staff:
            return _manage(claim.wish, 422, thanks_form=form)
        return _mine(422, {claim.id: form})
    try:
        claims.leave_thanks(claim, by=current_user, message=form.message.data)
    except InvalidTransition:
        db.session.rollback()
        flash(_("Thanks can be left once the delivery is confirmed."), "error")
        return _manage(claim.wish, 409) if staff else _mine(409)
    except claims.AlreadyThanked:
        db.session.rollback()
        flash(_("Thanks were already sent to the donor; they are shown below."), "error")
        return _manage(claim.wish, 409) if staff else _mine(409)
    db.session.commit()
    flash(_("Thank you. The donor can read your message now."), "success")
    if staff:
        return to_manage(claim.wish_id)
    return redirect(url_for("wishes.mine"))


# the blueprint's other routes
from . import delivery_views, draft_views, handover_views  # noqa: E402, F401

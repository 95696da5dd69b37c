"""Donors' offers (/offers): the public list, registering, the review queue and linking."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.models import Role
from ..accounts.permissions import community_ids_visible_to, is_staff, roles_required
from ..accounts.places import Street
from ..core.events import InvalidTransition, history
from ..core.histories import history_context
from ..core.listing import page_url, paginate
from ..core.nav import review_queue, role_link
from ..core.types import id_in_range
from ..extensions import db
from ..registry.labels import SERVICE_LABELS
from ..registry.models import Need
from ..registry.privacy import needs_visible_to
from ..wishes.models import MicroWish
from ..wishes.services import wishes_visible_to
from . import linking, services
from .forms import ActionForm, LinkForm, OfferForm, RejectOfferForm, choices
from .labels import STATUS_LABELS, template_labels
from .models import GoodsCondition, Offer, OfferKind, OfferLink, OfferStatus
from .uses import uses_of

bp = Blueprint("offers", __name__, url_prefix="/offers")
bp.context_processor(template_labels)
bp.context_processor(lambda: {"offer_uses": uses_of})
STAFF = (Role.SOCIAL_WORKER, Role.ADMIN)
PAGE_SIZE = 12
PUBLIC_STATES = (OfferStatus.APPROVED, OfferStatus.CLOSED)

role_link(
    "offers.new",
    _l("Register an offer"),
    _l("Offer goods, a service, funds or a job; a social worker links it to residents."),
    Role.DONOR,
)
role_link("offers.mine", _l("My offers"), _l("Your offers, their review and use."), Role.DONOR)
review_queue("offers.review", _l("Offers to review: %(n)d"), services.count_to_review, *STAFF)


@bp.app_context_processor
def offer_support():
    """Lets the wish and need pages say "supported by an offer" (有爱心供给支持), and the
    offer's facts give its donor's contact to the staff arranging it."""
    return {
        "offer_links_of_wish": linking.links_of_wish,
        "offer_links_of_need": linking.links_of_need,
        "may_contact_donor": lambda offer: services.may_contact_donor(current_user, offer),
    }


def _offer_or_404(offer_id: int) -> Offer:
    offer = db.session.get(Offer, id_in_range(offer_id) or 0)
    if offer is None:
        abort(404)
    return offer


def _may_see(offer: Offer) -> bool:
    own = current_user.is_authenticated and offer.donor_id == current_user.id
    return offer.status in PUBLIC_STATES or own or is_staff(current_user)


@bp.route("")
def index():
    kind = request.args.get("kind") or ""
    kind = OfferKind(kind) if kind in {k.value for k in OfferKind} else None
    rows, total, page, last_page = paginate(services.public_offers(kind), PAGE_SIZE)
    return render_template(
        "offers/index.html",
        offers=rows,
        total=total,
        page=page,
        last_page=last_page,
        page_url=page_url,
        kind=kind.value if kind else "",
        is_donor=current_user.is_authenticated and current_user.has_role(Role.DONOR),
    )


def _street_choices():
    streets = db.session.scalars(select(Street).order_by(Street.district_id, Street.id))
    return [("", _("Anywhere"))] + [(str(s.id), s.name) for s in streets]


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.DONOR)
def new():
    form = OfferForm()
    form.street.choices = choices(_street_choices())
    if not form.is_submitted():
        return render_template("offers/new.html", form=form)
    if not form.validate():
        return render_template("offers/new.html", form=form), 422
    kind = OfferKind(form.kind.data)
    fields = {"description": form.description.data or "", "anonymous": form.anonymous.data}
    fields["street_id"] = int(form.street.data) if form.street.data else None
    if kind in (OfferKind.GOODS, OfferKind.FUNDS):
        fields["category"] = form.category.data
    if kind is OfferKind.GOODS:
        fields["condition"] = GoodsCondition(form.condition.data)
    if kind is OfferKind.FUNDS:
        fields["amount_band"] = form.amount_band.data
    if kind is OfferKind.SERVICE:
        fields["category"] = form.service_type.data
        fields["availability"] = form.availability.mask
    if kind is OfferKind.JOB:
        fields.update(
            employer=form.employer.data,
            job_role=form.job_role.data,
            hours_per_week=form.hours_per_week.data,
            place=form.place.data,
            accommodations=form.accommodations.data or "",
        )
    offer = services.register_offer(
        current_user, kind=kind, title=form.title.data, quantity=form.quantity.data, **fields
    )
    db.session.commit()
    flash(_("Thank you! A social worker will review your offer before it is published."), "success")
    return redirect(url_for("offers.detail", offer_id=offer.id))


@bp.route("/mine")
@roles_required(Role.DONOR)
def mine():
    offers = db.session.scalars(
        select(Offer)
        .where(Offer.donor_id == current_user.id)
        .order_by(Offer.id.desc())
        .options(  # each use shows its wish's or need's state (uses.uses_of)
            selectinload(Offer.links).selectinload(OfferLink.wish).selectinload(MicroWish.claims),
            selectinload(Offer.links).selectinload(OfferLink.need),
        )
    ).all()
    return render_template(
        "offers/mine.html", offers=offers, events={o.id: history(o) for o in offers}
    )


@bp.route("/review")
@roles_required(*STAFF)
def review():
    waiting = db.session.scalars(services.to_review(current_user).order_by(Offer.id)).all()
    return render_template(
        "offers/review.html", offers=waiting, action_form=ActionForm(formdata=None)
    )


def _link_choices() -> list[tuple[str, str]]:
    wishes = db.session.scalars(
        wishes_visible_to(current_user)
        .where(MicroWish.status.in_(linking.LINKABLE_WISH_STATES))
        .order_by(MicroWish.id)
    )
    needs = db.session.scalars(
        needs_visible_to(current_user)
        .where(Need.status.in_(linking.LINKABLE_NEED_STATES))
        .order_by(Need.id)
    )
    choices = [("", _("Choose…"))]
    for w in wishes:
        where = w.resident.community.street.name
        label = _(
            "Wish %(id)d: %(title)s (%(name)s, %(area)s)",
            id=w.id,
            title=w.title,
            name=w.resident.masked_name,
            area=where,
        )
        choices.append((f"wish-{w.id}", label))
    for n in needs:
        label = _(
            "Need %(id)d: %(service)s (%(area)s)",
            id=n.id,
            service=SERVICE_LABELS[n.service_type],
            area=n.resident.community.name,
        )
        choices.append((f"need-{n.id}", label))
    return choices


def _detail(offer: Offer, status: int = 200, link_form=None, reject_form=None):
    staff = is_staff(current_user)
    own = current_user.is_authenticated and offer.donor_id == current_user.id
    if link_form is None and staff:
        link_form = LinkForm(formdata=None)
    if link_form is not None:
        link_form.target.choices = choices(_link_choices())
    return render_template(
        "offers/detail.html",
        offer=offer,
        staff=staff,
        reviewer=services.can_review(current_user, offer),
        own=own,
        suggestions=_suggestions(offer, staff=staff, own=own),
        link_form=link_form,
        reject_form=reject_form or RejectOfferForm(formdata=None),
        action_form=ActionForm(formdata=None),
        **(history_context(offer, STATUS_LABELS) if (own or staff) else {}),
    ), status


def _suggestions(offer: Offer, *, staff: bool, own: bool) -> list:
    """For staff, the wishes they could link it to; for its donor, any in the city."""
    if staff:
        return linking.suggested_wishes(offer, community_ids=community_ids_visible_to(current_user))
    return linking.suggested_wishes(offer) if own else []


@bp.route("/<int:offer_id>")
def detail(offer_id: int):
    offer = _offer_or_404(offer_id)
    if not _may_see(offer):
        abort(404)
    return _detail(offer)


def _refused(offer_id: int, message: str, status: int = 409, **forms):
    """Roll back, say why, and show the offer again with the form as it was filled in."""
    db.session.rollback()
    flash(message, "error")
    return _detail(_offer_or_404(offer_id), status, **forms)


@bp.route("/<int:offer_id>/approve", methods=["POST"])
@roles_required(*STAFF)
def approve(offer_id: int):
    offer = _offer_or_404(offer_id)
    if not services.can_review(current_user, offer):
        abort(404)  # another street's, in its own social workers' queue
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.approve_offer(offer, by=current_user)
    except InvalidTransition:
        return _refused(offer_id, _("This offer was already reviewed."))
    db.session.commit()
    flash(_("Offer published: “%(title)s”.", title=offer.title), "success")
    return redirect(url_for("offers.review"))


@bp.route("/<int:offer_id>/reject", methods=["POST"])
@roles_required(*STAFF)
def reject(offer_id: int):
    offer = _offer_or_404(offer_id)
    if not services.can_review(current_user, offer):
        abort(404)  # another street's, in its own social workers' queue
    form = RejectOfferForm()
    if not form.validate_on_submit():
        return _detail(offer, 422, reject_form=form)
    try:
        services.reject_offer(offer, by=current_user, why=form.reason.data)
    except InvalidTransition:
        return _refused(offer_id, _("This offer was already reviewed."))
    db.session.commit()
    flash(_("Offer turned down; the donor sees your reason."), "success")
    return redirect(url_for("offers.review"))


@bp.route("/<int:offer_id>/withdraw", methods=["POST"])
@roles_required(Role.DONOR)
def withdraw(offer_id: int):
    offer = _offer_or_404(offer_id)
    if offer.donor_id != current_user.id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.withdraw_offer(offer, by=current_user)
    except InvalidTransition:
        return _refused(offer_id, _("This offer can no longer be withdrawn."))
    db.session.commit()
    flash(_("Your offer has been withdrawn."), "success")
    return redirect(url_for("offers.mine"))


from . import history_reasons, link_views  # noqa: E402, F401  (history texts; routes on bp)

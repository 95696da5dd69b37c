"""Public micro-wishes (/wishes), claiming, and the donor's own claims (/wishes/mine)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.models import Role, User
from ..accounts.permissions import roles_required
from ..accounts.places import Street
from ..core.events import InvalidTransition, histories
from ..core.listing import page_url, paginate
from ..core.nav import review_queue, role_link
from ..extensions import db
from ..registry.linking import resident_of
from ..registry.listing import int_arg
from . import claims, giving, services, uploads
from .forms import ActionForm, DeliveredForm, OwnThanksForm
from .labels import COST_BAND_LABELS, SORT_LABELS, template_labels
from .models import ClaimStatus, MicroWish, WishCategory, WishClaim, WishStatus

bp = Blueprint("wishes", __name__, url_prefix="/wishes")
bp.context_processor(template_labels)

PAGE_SIZE = 12

role_link(
    "wishes.index",
    _l("Micro-wishes"),
    _l("Residents' small wishes waiting for a donor; filter them and claim one."),
    Role.DONOR,
)
role_link(
    "wishes.mine",
    _l("My micro-wishes"),
    _l("Wishes you claimed, what waits for you, and the thanks."),
    Role.DONOR,
)
role_link(
    "wishes.mine",
    _l("My micro-wishes"),
    _l("The wishes you made, what became of them, and thanking the donor."),
    Role.RESIDENT,
)
review_queue(
    "wishes.mine", _l("Micro-wishes to deliver: %(n)d"), giving.count_to_deliver, Role.DONOR
)
review_queue(
    "wishes.mine",
    _l("Donors to thank: %(n)d"),
    giving.count_to_thank,
    Role.RESIDENT,
    _anchor="own-heading",
)


def public_wish_or_404(wish_id: int) -> MicroWish:
    wish = db.session.get(MicroWish, wish_id)
    if wish is None or wish.status not in services.PUBLIC_STATES:
        abort(404)
    return wish


def claim_or_404(claim_id: int) -> WishClaim:
    claim = db.session.get(WishClaim, claim_id)
    if claim is None:
        abort(404)
    return claim


@bp.route("")
def index():
    category = request.args.get("category") or ""
    category = WishCategory(category) if category in {m.value for m in WishCategory} else None
    street = int_arg("street")
    band = request.args.get("cost") if request.args.get("cost") in COST_BAND_LABELS else None
    sort = request.args.get("sort") if request.args.get("sort") in SORT_LABELS else "newest"
    statement = services.public_wishes(category=category, street_id=street, band=band, sort=sort)
    rows, total, page, last_page = paginate(statement, PAGE_SIZE)
    return render_template(
        "wishes/index.html",
        wishes=rows,
        total=total,
        page=page,
        last_page=last_page,
        page_url=page_url,
        streets=db.session.scalars(select(Street).order_by(Street.district_id, Street.id)).all(),
        filters={
            "category": category.value if category else "",
            "street": street,
            "cost": band or "",
            "sort": sort,
        },
    )


def _detail(wish: MicroWish, status: int = 200):
    claim = wish.current_claim
    if not (claim and current_user.is_authenticated and claim.donor_id == current_user.id):
        claim = None  # another donor's: the page says only that a donor has it
    return render_template(
        "wishes/detail.html",
        wish=wish,
        action_form=ActionForm(formdata=None),
        is_own=services.is_own(current_user, wish),
        can_claim=current_user.is_authenticated and current_user.has_role(Role.DONOR),
        my_claim=claim,
    ), status


@bp.route("/<int:wish_id>")
def detail(wish_id: int):
    return _detail(public_wish_or_404(wish_id))


@bp.route("/<int:wish_id>/photo")
def photo(wish_id: int):
    wish = db.session.get(MicroWish, wish_id)
    if wish is None or not wish.photo:
        abort(404)
    visible = wish.status in services.PUBLIC_STATES
    insider = services.can_manage(current_user, wish) or services.is_own(current_user, wish)
    if not (visible or insider):
        abort(404)
    return _send(wish.photo, public=visible)


@bp.route("/claims/<int:claim_id>/evidence")
def evidence(claim_id: int):
    claim = claim_or_404(claim_id)
    if not claim.evidence_photo or not services.can_see_evidence(current_user, claim):
        abort(404)
    return _send(claim.evidence_photo, public=False)


def _send(name: str, *, public: bool):
    path = uploads.path_of(name)
    if path is None:
        abort(404)
    response = send_file(path, mimetype=uploads.mimetype_of(name), max_age=0)
    response.headers["Cache-Control"] = "no-cache" if public else "private, no-store"
    return response


@bp.route("/<int:wish_id>/claim", methods=["POST"])
@roles_required(Role.DONOR)
def claim(wish_id: int):
    wish = public_wish_or_404(wish_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        new_claim = claims.claim_wish(wish, donor=current_user)
    except claims.OwnWish:
        flash(_("This is your own wish: a donor cannot claim it."), "error")
        return _detail(wish, 403)
    except InvalidTransition:
        db.session.rollback()
        wish = db.session.get(MicroWish, wish_id)
        if wish.status is WishStatus.FULFILLED:
            flash(_("This wish has already been fulfilled; it cannot be claimed."), "error")
        elif wish.status is WishStatus.PUBLISHED:  # pragma: no cover - a lapse in between
            flash(_("Please try again."), "error")
        else:
            flash(_("This wish has already been claimed."), "error")
        return _detail(wish, 409)
    db.session.commit()
    flash(
        _(
            "Thank you! You have claimed “%(title)s”. Please deliver it by %(date)s.",
            title=wish.title,
            date=format_date(new_claim.deadline, "yyyy-MM-dd"),
        ),
        "success",
    )
    return redirect(url_for("wishes.mine"))


@bp.route("/mine")
@roles_required(Role.DONOR, Role.RESIDENT)
def mine():
    return _mine()


def _mine(status: int = 200, forms: dict | None = None):
    claims = giving.donor_claims(current_user) if current_user.has_role(Role.DONOR) else []
    resident = resident_of(current_user) if current_user.has_role(Role.RESIDENT) else None
    own = []
    if resident is not None:
        own = db.session.scalars(
            select(MicroWish)
            .where(MicroWish.resident_id == resident.id)
            .options(selectinload(MicroWish.claims))  # the page reads each wish's current claim
            .order_by(MicroWish.id.desc())
        ).all()
    read = histories([*claims, *own])  # one query, not one a row
    events = {("claim", c.id): read[c] for c in claims}
    events.update({("wish", w.id): read[w] for w in own})
    actor_ids = {e.actor_id for evs in events.values() for e in evs if e.actor_id}
    actors = {u.id: u.name for u in db.session.scalars(select(User).where(User.id.in_(actor_ids)))}
    return render_template(
        "wishes/mine.html",
        claims=claims,
        giving=giving.giving(claims),
        own=own,
        is_donor=current_user.has_role(Role.DONOR),
        is_resident=current_user.has_role(Role.RESIDENT),
        resident=resident,
        event_map=events,
        actors=actors,
        forms=forms or {},
        delivered_form=DeliveredForm,
        thanks_form=OwnThanksForm,
    ), status


def _own_claim(claim_id: int) -> WishClaim:
    claim = claim_or_404(claim_id)
    if claim.donor_id != current_user.id:
        abort(404)
    return claim


def _refused_claim_move():
    db.session.rollback()
    flash(_("This claim cannot be changed that way any more; see its current state."), "error")
    return _mine(409)


@bp.route("/claims/<int:claim_id>/release", methods=["GET", "POST"])
@roles_required(Role.DONOR)
def release(claim_id: int):
    """Give a claim back. The GET asks first: one tap would free the wish for other donors."""
    claim = _own_claim(claim_id)
    if request.method == "GET":
        if claim.status is not ClaimStatus.HELD:
            flash(
                _("This claim cannot be changed that way any more; see its current state."),
                "error",
            )
            return redirect(url_for("wishes.mine", _anchor=f"claim-{claim.id}"))
        return render_template(
            "wishes/release.html", claim=claim, action_form=ActionForm(formdata=None)
        )
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        claims.release_claim(claim, by=current_user)
    except InvalidTransition:
        return _refused_claim_move()
    db.session.commit()
    flash(_("You have released your claim; other donors can claim the wish now."), "success")
    return redirect(url_for("wishes.mine"))


@bp.route("/claims/<int:claim_id>/delivered", methods=["POST"])
@roles_required(Role.DONOR)
def delivered(claim_id: int):
    claim = _own_claim(claim_id)
    form = DeliveredForm(prefix=f"c{claim.id}")
    if not form.validate_on_submit():
        return _mine(422, {claim.id: form})
    try:
        claims.mark_delivered(claim, by=current_user, note=form.note.data or "")
    except InvalidTransition:
        return _refused_claim_move()
    db.session.commit()
    flash(_("Thank you! The social worker will confirm the delivery."), "success")
    return redirect(url_for("wishes.mine"))


from . import history_reasons  # noqa: E402, F401  (how the reasons it writes read in a history)

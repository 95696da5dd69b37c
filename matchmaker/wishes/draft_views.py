"""Drafting a wish: a resident asks for one, staff draft one for a resident of their
communities, and staff edit a wish not yet published. Routes of the ``wish_admin`` blueprint."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..accounts.models import Role
from ..accounts.permissions import is_staff, roles_required
from ..core.audit import audit
from ..core.audit_details import detail_pattern
from ..extensions import db
from ..registry.linking import resident_of
from ..registry.models import Resident, ResidentStatus
from ..registry.privacy import residents_visible_to
from . import services, uploads
from .forms import WishForm, store_photo
from .manage_views import STAFF, _refused, bp, managed_or_404, to_manage
from .models import MicroWish, WishCategory

detail_pattern(
    "view_new_wish_form",
    r"residents=(?P<n>\d+)",
    lambda parts: ngettext("%(num)d resident listed", "%(num)d residents listed", int(parts["n"])),
)


def _resident_choices():
    residents = db.session.scalars(
        residents_visible_to(current_user)
        .where(Resident.status == ResidentStatus.ACTIVE)
        .order_by(Resident.community_id, Resident.name)
    ).all()
    return [(r.id, f"{r.name} · {r.community.name}") for r in residents]


def _wish_fields(form: WishForm) -> dict:
    return {
        "title": form.title.data,
        "story": form.story.data or "",
        "category": WishCategory(form.category.data),
        "cost_yuan": form.cost_yuan.data,
    }


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.RESIDENT, *STAFF)
def new():
    staff = is_staff(current_user)
    resident = None if staff else resident_of(current_user)
    if not staff and resident is None:
        if request.method == "POST":
            abort(403)
        return render_template("registry/not_linked.html")
    form = WishForm()
    if staff:
        form.resident.choices = _resident_choices()
        if request.method == "GET" and request.args.get("resident", type=int):
            form.resident.data = request.args.get("resident", type=int)
    else:
        del form.resident
    if form.validate_on_submit():
        try:
            photo = store_photo(form.photo)
        except uploads.BadImage:
            return _form_page(form, None, 422)
        if staff:
            resident = db.session.get(Resident, form.resident.data)
        wish = services.draft_wish(resident, by=current_user, photo=photo, **_wish_fields(form))
        db.session.commit()
        if staff:
            flash(_("The wish is saved as a draft. Check it, then publish it."), "success")
            return redirect(url_for("wish_admin.manage", wish_id=wish.id))
        flash(
            _("Thank you. Your wish has been sent; your social worker will check it first."),
            "success",
        )
        return redirect(url_for("wishes.mine"))
    return _form_page(form, None, 422 if form.errors else 200)


@bp.route("/<int:wish_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF)
def edit(wish_id: int):
    wish = managed_or_404(wish_id)
    if wish.status not in services.REVIEW_STATES:
        message = _("Only a wish that is not yet published can be changed.")
        if request.method == "POST":
            return _refused(wish, message)
        flash(message, "error")
        return to_manage(wish.id)
    form = WishForm(obj=wish)
    del form.resident
    if request.method == "GET":
        form.category.data = wish.category.value
    if form.validate_on_submit():
        try:
            photo = store_photo(form.photo)
            services.edit_wish(wish, by=current_user, photo=photo, **_wish_fields(form))
        except uploads.BadImage:
            return _form_page(form, wish, 422)
        db.session.commit()
        flash(_("The wish is saved."), "success")
        return to_manage(wish.id)
    return _form_page(form, wish, 422 if form.errors else 200)


def _form_page(form: WishForm, wish: MicroWish | None, status: int):
    """The wish form. Shown to staff it is a view of residents' records (DESIGN §8): a wish's
    story is the resident's, and a new wish's form lists residents by name. One entry per page
    shown; a saved form redirects to the wish page, which writes its own."""
    page_html = render_template("wishes/form.html", form=form, wish=wish)
    # audited after rendering: the audit's commit would expire every row the page reads
    if wish is not None:
        audit(current_user, "view_resident", wish.resident, detail=f"wish {wish.id}")
        db.session.commit()
    elif form.resident is not None and form.resident.choices:
        audit(current_user, "view_new_wish_form", detail=f"residents={len(form.resident.choices)}")
        db.session.commit()
    return page_html, status

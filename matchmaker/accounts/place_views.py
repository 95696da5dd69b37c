"""Administrators keep the place list: districts, streets, communities and their centres."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..core.nav import role_link
from ..extensions import db
from . import place_services as places
from .models import Role
from .permissions import roles_required
from .place_forms import RESIDENT_HOME, CommunityForm, DistrictForm, StreetForm
from .places import Community, District, Street

bp = Blueprint("places", __name__, url_prefix="/admin/places")
role_link(
    "places.index",
    _l("Places"),
    _l("Districts, streets and communities, with each community's centre point."),
    Role.ADMIN,
)

NAME_TAKEN = _l("That name is already used here.")


def _forms(district=None, street=None, community=None):
    """The three forms of the places page; the one just posted keeps its input and errors."""
    district_form = district or DistrictForm(formdata=None)
    street_form = street or StreetForm(formdata=None)
    street_form.set_districts(places.all_districts())
    community_form = community or CommunityForm(formdata=None)
    community_form.set_streets(places.all_streets())
    return {
        "district_form": district_form,
        "street_form": street_form,
        "community_form": community_form,
    }


def _page(status: int = 200, **forms):
    return render_template(
        "admin/places.html", districts=places.all_districts(), **_forms(**forms)
    ), status


@bp.route("/")
@roles_required(Role.ADMIN)
def index():
    return _page()


@bp.route("/districts", methods=["POST"])
@roles_required(Role.ADMIN)
def add_district():
    form = DistrictForm()
    if form.validate_on_submit():
        try:
            district = places.add_district(form.district_name.data, by=current_user)
        except places.PlaceNameTaken:
            form.district_name.errors.append(NAME_TAKEN)
        else:
            db.session.commit()
            flash(_("District %(name)s added.", name=district.name), "success")
            return redirect(url_for("places.index"))
    return _page(422, district=form)


@bp.route("/streets", methods=["POST"])
@roles_required(Role.ADMIN)
def add_street():
    form = StreetForm()
    form.set_districts(places.all_districts())
    if _save_street(form, None):
        return redirect(url_for("places.index"))
    return _page(422, street=form)


@bp.route("/streets/<int:street_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_street(street_id: int):
    street = db.session.get(Street, street_id) or abort(404)
    form = StreetForm(
        district=street.district_id,
        street_name=street.name,
        handover_place=street.handover_place,
        handover_phone=street.handover_phone,
    )
    form.set_districts(places.all_districts())
    if _save_street(form, street):
        return redirect(url_for("places.index"))
    status = 422 if form.errors else 200
    return render_template("admin/street.html", form=form, street=street), status


def _save_street(form: StreetForm, street: Street | None) -> bool:
    if not form.validate_on_submit():
        return False
    district = db.session.get(District, form.district.data) or abort(400)
    try:
        saved = places.save_street(
            street,
            district=district,
            name=form.street_name.data,
            by=current_user,
            handover_place=form.handover_place.data or "",
            handover_phone=form.handover_phone.data or "",
        )
    except places.PlaceNameTaken:
        form.street_name.errors.append(NAME_TAKEN)
        return False
    except places.ResidentHome:
        form.handover_place.errors.append(RESIDENT_HOME)
        return False
    db.session.commit()
    flash(_("Street %(name)s saved.", name=saved.name), "success")
    return True


@bp.route("/communities", methods=["POST"])
@roles_required(Role.ADMIN)
def add_community():
    form = CommunityForm()
    form.set_streets(places.all_streets())
    if _save_community(form, None):
        return redirect(url_for("places.index"))
    return _page(422, community=form)


@bp.route("/communities/<int:community_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_community(community_id: int):
    community = db.session.get(Community, community_id) or abort(404)
    form = CommunityForm(
        street=community.street_id,
        community_name=community.name,
        lat=community.lat,
        lon=community.lon,
    )
    form.set_streets(places.all_streets())
    if _save_community(form, community):
        return redirect(url_for("places.index"))
    status = 422 if form.errors else 200
    return render_template("admin/community.html", form=form, community=community), status


def _save_community(form: CommunityForm, community: Community | None) -> bool:
    if not form.validate_on_submit():
        return False
    street = db.session.get(Street, form.street.data) or abort(400)
    try:
        saved = places.save_community(
            community,
            street=street,
            name=form.community_name.data,
            lat=form.lat.data,
            lon=form.lon.data,
            by=current_user,
        )
    except places.PlaceNameTaken:
        form.community_name.errors.append(NAME_TAKEN)
        return False
    db.session.commit()
    flash(_("Community %(name)s saved.", name=saved.name), "success")
    return True

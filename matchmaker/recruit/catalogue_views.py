"""Administrators edit the skill and language catalogues."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length

from ..accounts.forms import TOO_LONG
from ..accounts.models import Role
from ..accounts.permissions import roles_required
from ..core.audit import audit
from ..core.forms import SiteForm
from ..core.i18n import current_locale
from ..core.nav import role_link
from ..extensions import db
from .catalogue import Language, Skill
from .catalogue_services import EntryUse, save_entry

bp = Blueprint("catalogue", __name__, url_prefix="/admin/catalogues")
role_link(
    "catalogue.index",
    _l("Skills and languages"),
    _l("The catalogues volunteers, needs and rosters choose from."),
    Role.ADMIN,
)

KINDS = {"skills": (Skill, _l("Skills")), "languages": (Language, _l("Languages"))}


class EntryForm(SiteForm):
    name = StringField(
        _l("Chinese name"),
        validators=[DataRequired(_l("Enter the Chinese name.")), Length(max=30, message=TOO_LONG)],
    )
    name_en = StringField(
        _l("English name"),
        validators=[DataRequired(_l("Enter the English name.")), Length(max=60, message=TOO_LONG)],
    )
    active = BooleanField(_l("Offered for new profiles and needs"), default=True)


def _model(kind: str):
    if kind not in KINDS:
        abort(404)
    return KINDS[kind][0]


def _entries(model) -> list:
    return list(db.session.scalars(select(model).order_by(model.position, model.id)))


def _index(forms=None, status=200):
    forms = forms or {}
    sections = [
        (kind, label, _entries(model), forms.get(kind) or EntryForm(formdata=None, prefix=kind))
        for kind, (model, label) in KINDS.items()
    ]
    return render_template("recruit/catalogues.html", sections=sections), status


@bp.route("/")
@roles_required(Role.ADMIN)
def index():
    return _index()


@bp.route("/<kind>/new", methods=["POST"])
@roles_required(Role.ADMIN)
def add(kind: str):
    model = _model(kind)
    form = EntryForm(prefix=kind)
    if form.validate_on_submit() and _name_free(model, form):
        position = (db.session.scalar(select(func.max(model.position))) or 0) + 1
        entry = model(
            name=form.name.data.strip(),
            name_en=form.name_en.data.strip(),
            active=form.active.data,
            position=position,
        )
        db.session.add(entry)
        db.session.flush()
        audit(current_user, "add_catalogue_entry", entry, detail=entry.name)
        db.session.commit()
        flash(_("%(name)s added.", name=entry.label(current_locale())), "success")
        return redirect(url_for("catalogue.index"))
    return _index({kind: form}, 422)


@bp.route("/<kind>/<int:entry_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(kind: str, entry_id: int):
    model = _model(kind)
    entry = db.session.get(model, entry_id) or abort(404)
    form = EntryForm(obj=entry)
    if form.validate_on_submit() and _name_free(model, form, entry):
        use = save_entry(
            entry,
            name=form.name.data,
            name_en=form.name_en.data,
            active=form.active.data,
            by=current_user,
        )
        db.session.commit()
        if use is None:
            flash(_("%(name)s saved.", name=entry.label(current_locale())), "success")
        else:
            flash(retired(entry, use), "success")
        return redirect(url_for("catalogue.index"))
    return render_template(
        "recruit/catalogue_entry.html", form=form, entry=entry, kind_label=KINDS[kind][1]
    ), 422 if form.errors else 200


def retired(entry, use: EntryUse) -> str:
    """What retiring ``entry`` left: how many records still hold it, and that they keep it."""
    label = entry.label(current_locale())
    if not use.anyone:
        return _(
            "Retired %(name)s. No record uses it; new ones can no longer choose it.", name=label
        )
    volunteers = ngettext("%(num)d volunteer", "%(num)d volunteers", use.volunteers)
    if isinstance(entry, Language):
        residents = ngettext("%(num)d resident", "%(num)d residents", use.residents)
        return _(
            "Retired %(name)s: %(volunteers)s and %(residents)s still use it. Their records keep "
            "it; new applications and resident records can no longer choose it.",
            name=label,
            volunteers=volunteers,
            residents=residents,
        )
    needs = ngettext("%(num)d unfinished need", "%(num)d unfinished needs", use.needs)
    return _(
        "Retired %(name)s: %(volunteers)s and %(needs)s still use it. These records keep it; "
        "new needs and applications can no longer choose it.",
        name=label,
        volunteers=volunteers,
        needs=needs,
    )


def _name_free(model, form: EntryForm, entry=None) -> bool:
    """Names are unique: rosters and imports look entries up by their Chinese name."""
    clash = db.session.scalar(select(model.id).where(model.name == form.name.data.strip()))
    if clash and (entry is None or clash != entry.id):
        form.name.errors.append(_("That name is already in the catalogue."))
        return False
    return True

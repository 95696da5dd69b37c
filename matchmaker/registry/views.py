"""Staff pages for resident records (服务对象), and linking residents' own accounts."""

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import or_, select

from ..accounts.models import Role, User
from ..accounts.permissions import roles_required
from ..accounts.places import Community
from ..core.audit import audit
from ..core.forms import catalogue_choices, with_held, with_placeholder
from ..core.i18n import current_locale
from ..core.listing import record_url, search_text
from ..core.nav import review_queue, role_link
from ..core.types import id_in_range
from ..extensions import db
from ..recruit.catalogue import Language
from . import linking, services
from .forms import ResidentForm, category_of, gender_or_none
from .labels import template_labels
from .listing import audit_list_view, communities_in_scope, int_arg, page_url, paginate
from .models import DisabilityCategory, Resident, ResidentStatus
from .privacy import (
    STAFF,
    can_view_account,
    can_view_resident,
    resident_or_404,
    residents_visible_to,
)
from .status_views import render_resident

bp = Blueprint("registry", __name__)
bp.context_processor(template_labels)

role_link(
    "registry.residents",
    _l("Residents"),
    _l("Records of the disabled residents you look after."),
    Role.SOCIAL_WORKER,
)
role_link(
    "registry.residents",
    _l("Residents"),
    _l("Records of every disabled resident in the district."),
    Role.ADMIN,
)
role_link(
    "needs.index",
    _l("Needs"),
    _l("Residents' needs, and requests waiting for your review."),
    *STAFF,
)
role_link(
    "registry.accounts",
    _l("Resident accounts to link"),
    _l("Residents who registered online and wait to be linked to their record."),
    *STAFF,
)
review_queue(
    "registry.accounts",
    _l("Resident accounts to link: %(n)d"),
    linking.count_unlinked_accounts,
    *STAFF,
)


@bp.route("/residents")
@roles_required(*STAFF)
def residents():
    q = search_text(limit=50)
    community = int_arg("community")
    category = request.args.get("category") or ""
    status = request.args.get("status") or ""
    statement = residents_visible_to(current_user).order_by(Resident.name, Resident.id)
    if q:
        statement = statement.where(
            or_(
                Resident.name.contains(q, autoescape=True),
                Resident.phone.contains(q, autoescape=True),
            )
        )
    if community:
        statement = statement.where(Resident.community_id == community)
    if category in {c.value for c in DisabilityCategory}:
        statement = statement.where(Resident.disability_category == DisabilityCategory(category))
    if status in {s.value for s in ResidentStatus}:
        statement = statement.where(Resident.status == ResidentStatus(status))
    rows, total, page, last_page = paginate(statement)
    filters = {"q": q, "community": community, "category": category, "status": status}
    page_html = render_template(
        "registry/residents.html",
        residents=rows,
        total=total,
        page=page,
        last_page=last_page,
        page_url=page_url,
        filters=filters,
        communities=communities_in_scope(current_user),
    )
    # audited after rendering: the audit's commit would expire every row the page reads
    audit_list_view(current_user, "view_resident_list", filters, page)
    db.session.commit()
    return page_html


def _form_choices(form: ResidentForm, resident: Resident | None = None) -> list[Community]:
    communities = communities_in_scope(current_user)
    form.community.choices = with_placeholder(
        (c.id, f"{c.street.name} · {c.name}") for c in communities
    )
    languages = with_held(
        list(
            db.session.scalars(select(Language).where(Language.active).order_by(Language.position))
        ),
        resident.languages if resident else (),
    )
    form.languages.choices = catalogue_choices(languages, current_locale())
    form.language_rows = languages
    return communities


def _save(form: ResidentForm, resident: Resident | None, communities) -> Resident | None:
    """Save the record from a valid form; None (errors added to the form) if it clashes."""
    community = next(c for c in communities if c.id == form.community.data)
    chosen = set(form.languages.data or [])
    id_number = form.id_number.data or None
    birth_year = form.birth_year.data
    source_id = id_number or (resident.id_number if resident else None)
    if birth_year is None and source_id:
        birth_year = int(source_id[6:10])
    try:
        return services.save_resident(
            resident,
            by=current_user,
            community=community,
            languages=[lang for lang in form.language_rows if str(lang.id) in chosen],
            consented=form.consent.data,
            name=form.name.data,
            gender=gender_or_none(form.gender.data),
            birth_year=birth_year,
            id_number=id_number,
            disability_category=category_of(form),
            disability_grade=form.disability_grade.data,
            address=form.address.data or "",
            phone=form.phone.data or None,
            guardian_name=form.guardian_name.data or "",
            guardian_phone=form.guardian_phone.data or "",
            consent_note=form.consent_note.data or "",
        )
    except services.RecordTaken as taken:
        db.session.rollback()
        _say_taken(form, taken)
    return None


def _say_taken(form: ResidentForm, taken: services.RecordTaken) -> None:
    """The duplicate stays refused; only a reader who may see the other record learns whose it
    is (``form.taken_record``, linked from the page). To anyone else its community is not
    revealed: the federation's administrators see every record (DESIGN §8)."""
    other = db.session.get(Resident, taken.resident_id) if taken.resident_id else None
    id_number = isinstance(taken, services.IdNumberTaken)
    field = form.id_number if id_number else form.phone
    if other is not None and can_view_resident(current_user, other):
        form.taken_record = other
        field.errors.append(
            _("This ID number is already registered, in the record of %(name)s.", name=other.name)
            if id_number
            else _(
                "This phone number is already registered, in the record of %(name)s.",
                name=other.name,
            )
        )
    elif id_number:
        field.errors.append(
            _(
                "This ID number is already registered. Ask the federation (an administrator) "
                "about the record."
            )
        )
    else:
        field.errors.append(
            _(
                "This phone number is already registered. Ask the federation (an "
                "administrator) about the record."
            )
        )


def _account_to_link(user_id: int | None) -> User | None:
    """The resident account a new record is for (``?account=``), or None; 404 if not linkable."""
    if user_id is None:
        return None
    if id_in_range(user_id) is None:
        abort(404)
    account = db.session.get(User, user_id)
    if account is None or not can_view_account(current_user, account):
        abort(404)
    if not linking.awaits_link(account):
        if request.method == "POST" and linking.is_linked(account):
            abort(make_response(_linked_meanwhile()))  # a colleague linked it since
        abort(404)
    return account


@bp.route("/residents/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new_resident():
    account = _account_to_link(request.args.get("account", type=int))
    prefill = (
        {"name": account.name, "phone": account.phone, "community": account.home_community_id}
        if account
        else {}
    )
    form = ResidentForm(**prefill)
    communities = _form_choices(form)
    if form.validate_on_submit():
        resident = _save(form, None, communities)
        if resident is not None:
            if account is not None:
                try:
                    linking.link_account(resident, account, by=current_user)
                except linking.AlreadyLinked:
                    return _linked_meanwhile()
            db.session.commit()
            flash(_("Record for %(name)s saved.", name=resident.name), "success")
            return redirect(url_for("registry.resident", resident_id=resident.id))
    status = 422 if form.errors else 200
    page_html = render_template(
        "registry/resident_form.html", form=form, resident=None, account=account
    )
    # audited after rendering: the audit's commit would expire every row the page reads
    if account is not None:  # the form shows their name and phone (DESIGN §8)
        audit(current_user, "view_account_to_link", account, detail="new record")
        db.session.commit()
    return page_html, status


@bp.route("/residents/<int:resident_id>")
@roles_required(*STAFF)
def resident(resident_id: int):
    return render_resident(resident_or_404(current_user, resident_id))


@bp.route("/residents/<int:resident_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF)
def edit_resident(resident_id: int):
    resident = resident_or_404(current_user, resident_id)
    form = ResidentForm(
        data={
            "name": resident.name,
            "gender": resident.gender.value if resident.gender else "",
            "birth_year": resident.birth_year,
            "disability_category": resident.disability_category.value,
            "disability_grade": resident.disability_grade,
            "community": resident.community_id,
            "address": resident.address,
            "phone": resident.phone,
            "guardian_name": resident.guardian_name,
            "guardian_phone": resident.guardian_phone,
            "languages": [str(lang.id) for lang in resident.languages],
            "consent_note": resident.consent_note,
            "consent": resident.consented_at is not None,
        }
    )  # the ID number is never sent to the browser, so never prefilled
    if resident.id_number:
        form.id_number.description = _(
            "Stored as %(masked)s. Leave empty to keep it; type a number only to replace it.",
            masked=resident.masked_id_number,
        )
    communities = _form_choices(form, resident)
    if form.validate_on_submit():
        if _save(form, resident, communities) is not None:
            db.session.commit()
            flash(_("Changes to %(name)s saved.", name=resident.name), "success")
            return redirect(
                record_url("registry.resident", "registry.residents", resident_id=resident.id)
            )
        resident = resident_or_404(current_user, resident_id)  # reloaded after the rollback
    status = 422 if form.errors else 200
    page_html = render_template(
        "registry/resident_form.html", form=form, resident=resident, account=None
    )
    # the page shows the record, first or sent back with its errors: a view of it (DESIGN §8)
    # audited after rendering: the audit's commit would expire every row the page reads
    audit(current_user, "view_resident", resident)
    db.session.commit()
    return page_html, status


def _linked_meanwhile():
    """Someone else linked the record or the account first: nothing of this request is kept,
    and the queue shows what still waits (409)."""
    db.session.rollback()
    flash(_("That record or account was linked by someone else just now."), "error")
    return account_views.accounts_page(409)


# routes on this blueprint, and how the reasons registry writes read in a history
from . import (  # noqa: E402, F401
    account_views,
    activation_views,
    history_reasons,
    own_community_views,
)

"""Administrators: list users, create staff, change roles, communities and account status."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user
from sqlalchemy import select

from ..core.audit import audit
from ..core.histories import history_context
from ..core.listing import page_url, paginate, record_url, search_text, text_in
from ..core.nav import ROLE_NAMES, role_link
from ..extensions import db
from . import history_reasons, services  # noqa: F401  (how the account's history reads)
from .admin_forms import EditUserForm, StaffForm, community_choices
from .models import Role, User, UserRole, UserStatus
from .permissions import roles_required
from .places import Community

bp = Blueprint("admin", __name__, url_prefix="/admin")
role_link(
    "admin.users",
    _l("Users and roles"),
    _l("Create social workers, change roles, assign communities."),
    Role.ADMIN,
)

PAGE_SIZE = 50
USER_STATUS_LABELS = {UserStatus.ACTIVE: _l("Active"), UserStatus.DISABLED: _l("Disabled")}


def _all_communities() -> list[Community]:
    return list(db.session.scalars(select(Community).order_by(Community.street_id, Community.id)))


@bp.route("/users")
@roles_required(Role.ADMIN)
def users():
    query = search_text()
    role = request.args.get("role") or ""
    page = max(1, request.args.get("page", 1, type=int) or 1)
    statement = select(User).order_by(User.id)
    if query:
        statement = statement.where(text_in(query, User.name, User.email, User.phone))
    if role in {r.value for r in Role}:
        statement = statement.where(
            User.id.in_(select(UserRole.user_id).where(UserRole.role == Role(role)))
        )
    rows, total, page, last_page = paginate(statement, PAGE_SIZE)
    # residents' accounts carry their names and phones: a page of them is a view (§8)
    filters = (("q", query), ("role", role if role in {r.value for r in Role} else ""))
    shown = " ".join(f"{key}={value}" for key, value in filters if value)
    page_html = render_template(
        "admin/users.html",
        users=rows,
        total=total,
        page=page,
        last_page=last_page,
        page_url=page_url,
        q=query,
        role=role,
        role_names=ROLE_NAMES,
        roles=list(Role),
    )
    # audited after rendering: the audit's commit would expire every row the page reads
    audit(current_user, "view_user_list", detail=f"{shown} page={page}".strip())
    db.session.commit()
    return page_html


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_staff():
    communities = _all_communities()
    form = StaffForm()
    form.communities.choices = community_choices(communities)
    if form.validate_on_submit():
        chosen = [c for c in communities if str(c.id) in set(form.communities.data or [])]
        try:
            user = services.create_staff(
                name=form.name.data,
                login=form.login.data,
                password=form.password.data,
                role=Role(form.role.data),
                by=current_user,
                communities=chosen,
            )
        except services.LoginTaken:
            db.session.rollback()
            form.login.errors.append(_("An account with this mobile number or e-mail exists."))
        else:
            db.session.commit()
            flash(_("Account for %(name)s created.", name=user.name), "success")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    return render_template("admin/new_staff.html", form=form), 422 if form.errors else 200


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_user(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    communities = _all_communities()
    form = EditUserForm(
        roles=[r.value for r in user.roles],
        communities=[str(c.id) for c in user.communities],
        active=user.is_active,
    )
    form.communities.choices = community_choices(communities)
    if form.validate_on_submit():
        if user.id == current_user.id and (
            not form.active.data or Role.ADMIN.value not in form.roles.data
        ):
            form.form_errors.append(_("You cannot disable yourself or remove your own admin role."))
        else:
            _apply_changes(user, form, communities)
            db.session.commit()
            flash(_("Changes to %(name)s saved.", name=user.name), "success")
            # the form posts to this page's own address, ?back= included
            return redirect(record_url("admin.edit_user", "admin.users", user_id=user.id))
    page_html = render_template(
        "admin/edit_user.html",
        form=form,
        user=user,
        role_names=ROLE_NAMES,
        records=_records_of(user),
        **history_context(user, USER_STATUS_LABELS),
    )
    # audited after rendering: the audit's commit would expire every row the page reads
    if Role.RESIDENT in user.roles:
        audit(current_user, "view_account", user)
        db.session.commit()
    return page_html, 422 if form.errors or form.form_errors else 200


def _records_of(user: User) -> list[tuple[str, str]]:
    """(label, address) of the volunteer and resident records linked to ``user``'s account,
    so that an administrator answering about a person reaches their record from it."""
    from ..recruit.models import Volunteer
    from ..registry.models import Resident

    records = []
    volunteer_id = db.session.scalar(select(Volunteer.id).where(Volunteer.user_id == user.id))
    if volunteer_id:
        records.append(
            (
                _("Volunteer record #%(number)d", number=volunteer_id),
                url_for("recruit.volunteer_detail", volunteer_id=volunteer_id),
            )
        )
    resident_id = db.session.scalar(select(Resident.id).where(Resident.user_id == user.id))
    if resident_id:
        records.append(
            (
                _("Resident record #%(number)d", number=resident_id),
                url_for("registry.resident", resident_id=resident_id),
            )
        )
    return records


def _apply_changes(user: User, form: EditUserForm, communities: list[Community]) -> None:
    """Each change the form makes, recorded with the reason typed (the field's hint says so)."""
    why = (form.reason.data or "").strip()
    services.set_roles(user, {Role(v) for v in form.roles.data}, by=current_user, why=why)
    chosen = [c for c in communities if str(c.id) in set(form.communities.data or [])]
    if {c.id for c in chosen} != {c.id for c in user.communities}:
        services.assign_communities(user, chosen, by=current_user, why=why)
    if form.active.data != user.is_active:
        services.set_active(user, form.active.data, by=current_user, why=why)
    if form.new_password.data:
        services.reset_password(user, form.new_password.data, by=current_user, why=why)
        if user == current_user:
            login_user(user)  # their own new password: this session goes on, others end

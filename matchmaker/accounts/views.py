"""Register, log in, log out, change password."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user

from ..core.i18n import current_locale, display_prefs
from ..core.safety import safe_next
from ..extensions import db
from . import services
from .activation import BadActivation, activate_account
from .forms import ActivateForm, ChangePasswordForm, LoginForm, RegisterForm
from .models import Role
from .places import Community

bp = Blueprint("accounts", __name__)

#: Where a new account goes next: a volunteer fills in the application (DESIGN §3.1).
FIRST_STEP = {Role.VOLUNTEER: "recruit.signup"}


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    # where the visitor came from (a wish they want to fulfil): only a path on this site
    next_url = safe_next(request.args.get("next"))
    form = RegisterForm(role=request.args.get("role"))
    form.community.choices = services.community_choices()
    if form.validate_on_submit():
        community_id = form.home_community_id()
        try:
            user = services.register_user(
                name=form.name.data,
                login=form.login.data,
                password=form.password.data,
                role=Role(form.role.data),
                locale=current_locale(),
                home_community=db.session.get(Community, community_id) if community_id else None,
            )
        except services.LoginTaken:
            db.session.rollback()
            form.login.errors.append(_("An account with this mobile number or e-mail exists."))
        else:
            services.set_preferences(user, **display_prefs())
            db.session.commit()
            login_user(user)
            flash(_("Welcome, %(name)s. Your account is ready.", name=user.name), "success")
            first_step = _first_step(user)
            if first_step == "core.home" and next_url:
                return redirect(next_url)
            return redirect(url_for(first_step))
    status = 422 if form.errors else 200
    return render_template("accounts/register.html", form=form, next_url=next_url), status


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    next_url = safe_next(request.args.get("next"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.login.data, form.password.data, address=request.remote_addr or "unknown"
            )
        except services.LoginThrottled as exc:
            form.form_errors.append(_throttled_message(exc))
            status = 429
        except services.BadCredentials:
            db.session.commit()  # the failure must count even though the login failed
            form.form_errors.append(_("The mobile number, e-mail or password is not right."))
            status = 401
        else:
            db.session.commit()
            login_user(user)
            flash(_("You are logged in."), "success")
            return redirect(next_url or url_for("core.home"))
    elif form.errors:
        status = 422
    return render_template("accounts/login.html", form=form, next_url=next_url), status


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    if request.method == "GET":  # logging out changes state, so it takes a POST
        return render_template("accounts/logout.html")
    logout_user()
    flash(_("You are logged out."), "success")
    return redirect(url_for("core.home"))


#: Why a one-time code was not issued (activation.CodeRefused reasons).
CODE_REFUSALS = {
    "staff": _l("An administrator resets the passwords of staff accounts at /admin/users."),
    "disabled": _l("The account is disabled; an administrator can enable it first."),
}


def code_page(person, code: str, *, back_url: str, back_label: str):
    """The page showing a just-issued activation code, once: kept out of every cache."""
    page = render_template(
        "accounts/activation_code.html",
        person=person,
        resetting=bool(person.password_hash),
        code=code,
        back_url=back_url,
        back_label=back_label,
    )
    return page, 200, {"Cache-Control": "private, no-store"}


@bp.route("/activate", methods=["GET", "POST"])
def activate():
    """A password chosen with a one-time code: staff issued it, or it was e-mailed."""
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = ActivateForm()
    if not form.is_submitted() and not form.login.data:
        form.login.data = (request.args.get("login") or "")[:254]  # from /account/forgot
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        try:
            user = activate_account(
                form.login.data,
                form.code.data,
                form.password.data,
                address=request.remote_addr or "unknown",
            )
        except services.LoginThrottled as exc:
            form.form_errors.append(_throttled_message(exc))
            status = 429
        except BadActivation:
            db.session.commit()  # the failure counts towards the throttle
            form.code.errors.append(
                _(
                    "This code does not work for this login. It may be wrong, used or expired; "
                    "ask your social worker for a new one."
                )
            )
        else:
            db.session.commit()
            login_user(user)
            flash(_("Your password is set. Welcome, %(name)s.", name=user.name), "success")
            return redirect(url_for(_first_step(user)))
    return render_template("accounts/activate.html", form=form), status


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if services.change_password(current_user, form.current.data, form.password.data):
            db.session.commit()
            login_user(current_user._get_current_object())  # this session goes on; others end
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("core.home"))
        form.current.errors.append(_("Your current password is not right."))
    status = 422 if form.errors else 200
    return render_template("accounts/change_password.html", form=form), status


def _throttled_message(exc: services.LoginThrottled) -> str:
    return ngettext(
        "Too many failed attempts. Wait %(num)d second and try again.",
        "Too many failed attempts. Wait %(num)d seconds and try again.",
        exc.retry_after,
    )


def _first_step(user) -> str:
    for role, endpoint in FIRST_STEP.items():
        if user.has_role(role):
            return endpoint
    return "core.home"


from . import reset_views  # noqa: E402, F401  (its route is on this blueprint)

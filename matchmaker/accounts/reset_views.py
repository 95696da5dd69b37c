"""/account/forgot: a one-time code e-mailed to someone who forgot their password (routes of
the ``accounts`` blueprint). Without e-mail, the page says whom to ask instead."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from . import services
from .forms import ForgotPasswordForm
from .password_reset import email_enabled, email_reset_code
from .views import _throttled_message, bp


@bp.route("/account/forgot", methods=["GET", "POST"])
def forgot_password():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.change_password"))
    form = ForgotPasswordForm()
    if not email_enabled():
        return render_template("accounts/forgot.html", form=None), (
            409 if request.method == "POST" else 200
        )
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        try:
            sent = email_reset_code(form.email.data, address=request.remote_addr or "unknown")
        except services.LoginThrottled as exc:
            db.session.rollback()
            form.form_errors.append(_throttled_message(exc))
            status = 429
        else:
            db.session.commit()
            if sent:
                flash(
                    _(
                        "If an account logs in with %(email)s, we have e-mailed it a one-time "
                        "code. Enter it here within an hour to choose a new password.",
                        email=form.email.data.strip(),
                    ),
                    "success",
                )
                return redirect(url_for("accounts.activate", login=form.email.data.strip()))
            form.form_errors.append(
                _("The e-mail could not be sent just now. Try again later, or ask staff.")
            )
            status = 503
    return render_template("accounts/forgot.html", form=form), status

"""The inbox (/inbox), its unread count in the header, and the e-mail opt-out."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from ..accounts.models import Role
from ..accounts.permissions import roles_required
from ..core.listing import page_url, paginate
from ..core.nav import role_link
from ..core.safety import safe_next
from ..extensions import db
from . import services
from .forms import ActionForm, EmailSettingsForm
from .kinds import render
from .models import Notification

bp = Blueprint("notify", __name__)
role_link(
    "notify.inbox",
    _l("Inbox"),
    _l("Decisions, reminders and alerts sent to you."),
    *Role,
)

PAGE_SIZE = 20


@bp.app_context_processor
def unread_in_header():
    """The header's inbox link says how many are unread (read out by screen readers)."""

    def inbox_label() -> str:
        n = services.unread_count(current_user)
        return _("Inbox (%(n)d unread)", n=n) if n else _("Inbox")

    return {"inbox_label": inbox_label}


@bp.route("/inbox")
@roles_required(*Role)
def inbox():
    rows, total, page, last_page = paginate(services.inbox_of(current_user), PAGE_SIZE)
    return render_template(
        "notify/inbox.html",
        notifications=[(n, render(n)) for n in rows],
        unread=services.unread_count(current_user),
        total=total,
        page=page,
        last_page=last_page,
        page_url=page_url,
        form=ActionForm(),
    )


@bp.route("/inbox/<int:notification_id>/read", methods=["POST"])
@roles_required(*Role)
def mark_read(notification_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    if not services.mark_read(current_user, notification_id):
        abort(404)
    db.session.commit()
    flash(_("Marked as read."), "success")
    return redirect(url_for("notify.inbox"))


@bp.route("/inbox/<int:notification_id>/open")
@roles_required(*Role)
def open_notification(notification_id: int):
    """Follow a notification's link; having opened it, its reader has read it."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        abort(404)
    services.mark_read(current_user, notification.id)
    db.session.commit()
    return redirect(safe_next(notification.link) or url_for("notify.inbox"))


@bp.route("/inbox/read-all", methods=["POST"])
@roles_required(*Role)
def mark_all_read():
    if not ActionForm().validate_on_submit():
        abort(400)
    n = services.mark_all_read(current_user)
    db.session.commit()
    flash(
        ngettext(
            "%(num)d notification marked as read.", "%(num)d notifications marked as read.", n
        ),
        "success",
    )
    return redirect(url_for("notify.inbox"))


@bp.route("/account/notifications", methods=["GET", "POST"])
@roles_required(*Role)
def settings():
    form = EmailSettingsForm()
    if not form.is_submitted():
        form.email.data = "yes" if current_user.email_notifications else "no"
    if form.validate_on_submit():
        services.set_email_notifications(current_user, form.email.data == "yes")
        db.session.commit()
        flash(_("Your notification settings have been saved."), "success")
        return redirect(url_for("notify.settings"))
    status = 422 if form.errors else 200
    return render_template("notify/settings.html", form=form), status

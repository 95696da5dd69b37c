"""Home, display preferences, privacy terms and the operators' liveness check."""

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import text

from ..extensions import db
from .i18n import remember_in_cookies
from .nav import ROLE_NAMES, ROLE_SUMMARIES, links_for, queues_for, state_for
from .safety import safe_next

bp = Blueprint("core", __name__)


@bp.route("/")
def home():
    roles = []
    if current_user.is_authenticated:
        roles = sorted(current_user.roles, key=lambda r: r.value)
    states = {role: state_for(current_user, role) for role in roles}
    links = links_for(current_user)
    queues = queues_for(current_user)
    return render_template(
        "core/home.html",
        roles=roles,
        role_names=ROLE_NAMES,
        role_summaries={r: s.summary if s else ROLE_SUMMARIES[r] for r, s in states.items()},
        # what to do next in that state (a resident waiting to be linked: whom to ask)
        role_templates={r: s.template for r, s in states.items() if s and s.template},
        links_by_role={role: [link for link in links if role in link.roles] for role in roles},
        # what waits first; empty queues stay one click away, not between the waiting ones
        waiting=[q for q in queues if q[2]],
        clear=[q for q in queues if not q[2]],
    )


@bp.route("/privacy")
def privacy():
    return render_template("core/privacy.html")


@bp.route("/preferences", methods=["POST"])
def preferences():
    """Switch language, large text or high contrast; works without JavaScript."""
    from ..accounts.services import set_preferences

    choices = {}
    locale = request.form.get("locale")
    if locale in current_app.config["LANGUAGES"]:
        choices["locale"] = locale
    for name in ("large_text", "high_contrast"):
        if request.form.get(name) in {"0", "1"}:
            choices[name] = request.form[name] == "1"
    if current_user.is_authenticated:
        set_preferences(current_user, **choices)
        db.session.commit()
    target = safe_next(request.form.get("next")) or url_for("core.home")
    return remember_in_cookies(redirect(target), **choices)


@bp.route("/healthz")
def healthz():
    """Liveness for operators: is the database reachable and at the latest migration?"""
    from .schema import current_revision, migration_head

    head = migration_head()
    try:
        db.session.execute(text("SELECT 1"))
        reachable = True
        current = current_revision()
    except Exception:  # noqa: BLE001 - any database failure means "not reachable"
        db.session.rollback()
        reachable, current = False, None
    ok = reachable and current == head
    body = {"ok": ok, "database": reachable, "migration": {"current": current, "head": head}}
    return jsonify(body), 200 if ok else 503

"""The public needs board (/needs/board), volunteers' "I can help", and the volunteer pool."""

from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ..accounts.models import Role
from ..accounts.permissions import roles_required
from ..accounts.places import Community, Street
from ..core import availability as av
from ..core.events import InvalidTransition
from ..core.forms import DAY_LABELS, PERIOD_LABELS, SiteForm
from ..core.listing import page_url, paginate
from ..core.nav import role_link
from ..core.safety import safe_next
from ..core.types import id_in_range, utcnow
from ..extensions import db
from ..recruit.catalogue import Skill
from ..recruit.models import VolunteerStatus
from ..registry.labels import template_labels
from ..registry.listing import int_arg
from ..registry.models import Need, Urgency
from . import pool as pool_services
from . import services

bp = Blueprint("board", __name__)
bp.context_processor(template_labels)

PAGE_SIZE = 10

role_link(
    "board.index",
    _l("Needs board"),
    _l("Open needs of residents, anonymised; press “I can help” on one you could take on."),
    Role.VOLUNTEER,
)
role_link(
    "board.pool",
    _l("Volunteer pool"),
    _l("Volunteers by skill, street and time, and the gaps recruitment should fill."),
    Role.SOCIAL_WORKER,
    Role.ADMIN,
)


class ActionForm(SiteForm):
    """A button's form: only the CSRF token."""


def _choice(name: str, allowed) -> str:
    value = request.args.get(name) or ""
    return value if value in allowed else ""


def _filters() -> dict:
    skill = int_arg("skill")
    street = int_arg("street")
    community = int_arg("community")
    return {
        "skill": skill,
        "street": street,
        "community": community,
        "day": _choice("day", av.DAY_KEYS),
        "period": _choice("period", av.PERIOD_KEYS),
        "urgency": _choice("urgency", {u.value for u in Urgency}),
        # a volunteer's own offers of help, to find them again among every open need
        "mine": request.args.get("mine") == "1",
        # the needs a volunteer could take on: their skills, their times
        "fits": request.args.get("fits") == "1",
    }


def slot_mask(day: str, period: str) -> int:
    """The slots a day and/or period filter names (0: no time filter)."""
    if not day and not period:
        return 0
    days = [av.DAY_KEYS.index(day)] if day else range(av.DAYS)
    periods = [av.PERIOD_KEYS.index(period)] if period else range(av.PERIODS)
    return av.mask_from_slots(av.slot_index(d, p) for d in days for p in periods)


def _board(status: int = 200):
    filters = _filters()
    volunteer = services.volunteer_of(current_user)
    offered = services.active_interest_need_ids(volunteer)
    statement = services.board_needs(
        skill_id=filters["skill"],
        street_id=filters["street"],
        community_id=filters["community"],
        slot_mask=slot_mask(filters["day"], filters["period"]),
        urgency=Urgency(filters["urgency"]) if filters["urgency"] else None,
        need_ids=offered if filters["mine"] and volunteer is not None else None,
        fits=volunteer if filters["fits"] else None,
    )
    # paginate() returns the first column of each row; ask for the pairs explicitly.
    _rows, total, page, last_page = paginate(statement, PAGE_SIZE)
    pairs = db.session.execute(statement.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return render_template(
        "board/index.html",
        needs=pairs,
        total=total,
        page=page,
        last_page=last_page,
        page_url=page_url if request.method == "GET" else partial(page_url, endpoint="board.index"),
        filters=filters,
        now=utcnow(),
        waiting_days=services.waiting_days,
        skills=db.session.scalars(select(Skill).where(Skill.active).order_by(Skill.position)),
        streets=db.session.scalars(select(Street).order_by(Street.district_id, Street.id)).all(),
        communities=db.session.scalars(
            select(Community).order_by(Community.street_id, Community.id)
        ).all(),
        day_labels=dict(zip(av.DAY_KEYS, DAY_LABELS, strict=True)),
        period_labels=dict(zip(av.PERIOD_KEYS, PERIOD_LABELS, strict=True)),
        volunteer=volunteer,
        can_offer=volunteer is not None and volunteer.status is VolunteerStatus.APPROVED,
        offered=offered,
        action_form=ActionForm(formdata=None),
        # where a button brings the volunteer back to (a refused POST renders the board too)
        back=request.full_path.rstrip("?") if request.method == "GET" else url_for("board.index"),
    ), status


@bp.route("/needs/board")
def index():
    return _board()


def _need_and_volunteer(need_id: int):
    """The need pressed on and the volunteer pressing, once the form's token is checked."""
    need = db.session.get(Need, id_in_range(need_id) or 0)
    if need is None:
        abort(404)
    volunteer = services.volunteer_of(current_user)
    if volunteer is None:
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    return need, volunteer


def _back():
    """Back to the board as the volunteer left it (filters, page); only a local address."""
    return redirect(safe_next(request.form.get("next")) or url_for("board.index"))


@bp.route("/needs/board/<int:need_id>/help", methods=["POST"])
@roles_required(Role.VOLUNTEER)
def offer_help(need_id: int):
    need, volunteer = _need_and_volunteer(need_id)
    try:
        services.offer_help(need, volunteer, by=current_user)
    except services.NotApprovedVolunteer:
        if volunteer.status is VolunteerStatus.SUSPENDED:
            message = _(
                "Your volunteer status is suspended: you cannot offer help until a social "
                "worker reinstates it."
            )
        else:
            message = _("You can offer help once your volunteer application is approved.")
        flash(message, "error")
        return _board(403)
    except services.NeedNotOpen:
        flash(
            _("This need is no longer open: a volunteer has been found or it was closed."), "error"
        )
        return _board(409)
    except InvalidTransition:
        db.session.rollback()
        flash(_("Your offer changed in the meantime; please try again."), "error")
        return _board(409)
    db.session.commit()
    flash(
        _(
            "Thank you! Your offer to help is recorded. The social worker will consider it "
            "when proposing a volunteer; nothing is decided yet."
        ),
        "success",
    )
    return _back()


@bp.route("/needs/board/<int:need_id>/withdraw", methods=["POST"])
@roles_required(Role.VOLUNTEER)
def withdraw_help(need_id: int):
    need, volunteer = _need_and_volunteer(need_id)
    try:
        services.withdraw_help(need, volunteer, by=current_user)
    except (LookupError, InvalidTransition):
        db.session.rollback()
        flash(_("You had not offered to help with this need."), "error")
        return _board(409)
    db.session.commit()
    flash(_("Your offer to help has been withdrawn."), "success")
    return _back()


@bp.route("/volunteers/pool")
def pool():
    skill = int_arg("skill")
    street = int_arg("street")
    day, period = _choice("day", av.DAY_KEYS), _choice("period", av.PERIOD_KEYS)
    table = pool_services.pool_table(
        skill_id=skill, street_id=street, slot_mask=slot_mask(day, period)
    )
    return render_template(
        "board/pool.html",
        table=table,
        gaps=pool_services.gap_list(table),
        filters={"skill": skill, "street": street, "day": day, "period": period},
        skills=db.session.scalars(select(Skill).where(Skill.active).order_by(Skill.position)),
        streets=db.session.scalars(select(Street).order_by(Street.district_id, Street.id)).all(),
        day_labels=dict(zip(av.DAY_KEYS, DAY_LABELS, strict=True)),
        period_labels=dict(zip(av.PERIOD_KEYS, PERIOD_LABELS, strict=True)),
    )

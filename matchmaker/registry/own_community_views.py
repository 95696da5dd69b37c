"""A resident's own community (on the registry blueprint): while their account waits to be
linked they see which community's social workers it waits for, and correct it if they named
the wrong one; once linked, the community is their record's."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..accounts.models import Role
from ..accounts.permissions import roles_required
from ..accounts.places import Community
from ..accounts.services import community_choices
from ..core.events import StaleTransition
from ..core.nav import role_link, role_summary
from ..extensions import db
from . import linking
from .account_forms import OwnCommunityForm
from .account_handover import SameCommunity, correct_own_community
from .views import bp

role_link(
    "registry.own_community",
    _l("My community"),
    _l("Which community's social workers look after you."),
    Role.RESIDENT,
    when=linking.is_linked,
)
role_link(
    "registry.own_community",
    _l("My community"),
    _l("Which community's social workers your account waits for; correct it if it is wrong."),
    Role.RESIDENT,
    when=linking.awaits_link,
)
role_summary(
    Role.RESIDENT,
    _l(
        "Your account is waiting for a social worker of your community to link it to your "
        "resident record. Once it is linked you can ask for help, make a micro-wish, and see "
        "your volunteer's visits and rate each one; your inbox will tell you."
    ),
    when=linking.awaits_link,
    # whom to ask, and whose queue it is in; the resident's other pages need the record
    template="registry/_not_linked_help.html",
    only=("registry.own_community", "notify.inbox"),
)


@bp.route("/account/community", methods=["GET", "POST"])
@roles_required(Role.RESIDENT)
def own_community():
    resident = linking.resident_of(current_user)
    if resident is not None:
        if not _posted():
            return _page(resident=resident, status=200)
        flash(_("Your account is linked to your record: your social worker changes it."), "error")
        return _page(resident=resident, status=409)
    form = OwnCommunityForm()
    form.community.choices = community_choices()
    if form.validate_on_submit():
        community = db.session.get(Community, int(form.community.data))
        try:
            correct_own_community(current_user._get_current_object(), community)
        except SameCommunity:
            form.community.errors.append(_("Your account already names that community."))
        except StaleTransition:
            db.session.rollback()
            flash(_("A social worker passed your account on just now; see where below."), "error")
            return redirect(url_for("registry.own_community"))
        else:
            db.session.commit()
            flash(
                _(
                    "Saved: your account now waits for the social workers of %(community)s.",
                    community=community.name,
                ),
                "success",
            )
            return redirect(url_for("registry.own_community"))
    elif not _posted():
        form.community.data = str(current_user.home_community_id or "")
    return _page(form=form, status=422 if form.errors else 200)


def _posted() -> bool:
    return request.method == "POST"


def _page(*, status: int, resident=None, form=None):
    return render_template(
        "registry/own_community.html",
        resident=resident,
        form=form,
        named=current_user.home_community,
    ), status

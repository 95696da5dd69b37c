"""Social workers run matching, read the proposals and confirm or reject them."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from ..accounts.models import Role
from ..accounts.permissions import community_ids_visible_to, roles_required
from ..core.audit import audit
from ..core.audit_details import detail_pattern
from ..core.events import InvalidTransition
from ..core.histories import event_reason, known_reason, reason_pattern
from ..core.i18n import current_locale
from ..core.listing import choice_arg
from ..core.nav import review_queue, role_link
from ..core.types import id_in_range
from ..extensions import db
from ..registry.labels import template_labels
from . import services, waiting
from .failures import failure_recorded
from .forms import FEATURE_LABELS, REASON_LABELS, ConfirmForm, RejectForm
from .models import Proposal, ProposalStatus, RejectReason, RunOrigin
from .need_proposals import ProposalOutcome
from .proposal_list import page_holding, proposal_list
from .withdrawals import REPLACED_BY_RUN

bp = Blueprint("match", __name__, url_prefix="/match")
detail_pattern(
    "view_proposals",
    r"needs=(?P<n>\d+)",
    lambda parts: ngettext(
        "proposals for %(num)d need shown", "proposals for %(num)d needs shown", int(parts["n"])
    ),
)
STAFF = (Role.SOCIAL_WORKER, Role.ADMIN)
role_link(
    "match.proposals",
    _l("Proposed pairings"),
    _l("Run matching, read why each volunteer is proposed, confirm or reject."),
    *STAFF,
)
review_queue(
    "match.proposals",
    _l("Needs with a proposed volunteer: %(n)d"),
    waiting.count_needs_with_proposals,
    *STAFF,
)

SORTS = {
    "score": _l("Best score first"),
    "waiting": _l("Longest waiting first"),
    "urgency": _l("Most urgent first"),
}


def _list_args() -> dict:
    """The list as the social worker left it (order, community, page): kept in the address
    of every decision, so that the page comes back as it was."""
    args = {"sort": choice_arg("sort", SORTS, "score")}
    community = request.args.get("community", type=int)
    if community:
        args["community"] = community
    page = request.args.get("page", type=int)
    if page and page > 1:
        args["page"] = page
    return args


def _page(status=200, forms=None):
    from ..board.services import interested_volunteers

    listing = proposal_list(current_user, _list_args())
    html = render_template(
        "match/proposals.html",
        listing=listing,
        groups=listing.groups,
        interested=interested_volunteers([need.id for need, _proposals in listing.groups]),
        sort=listing.args["sort"],
        list_args=listing.args,
        page=listing.page,
        last_page=listing.last_page,
        page_url=lambda n: url_for("match.proposals", **{**listing.args, "page": n}),
        sorts=SORTS,
        locale=current_locale(),
        forms=forms or {},
        new_reject_form=lambda prefix: RejectForm(formdata=None, prefix=prefix),
        feature_labels=FEATURE_LABELS,
        **template_labels(),
    )
    # audited after rendering: the audit's commit would expire every row the page reads
    if listing.groups:  # the page names residents: a view of their records (DESIGN §8)
        audit(current_user, "view_proposals", detail=f"needs={len(listing.groups)}")
        db.session.commit()
    return html, status


@bp.route("/proposals")
@roles_required(*STAFF)
def proposals():
    return _page()


@bp.route("/run", methods=["POST"])
@roles_required(*STAFF)
def run():
    """Run matching now over the open needs of the user's communities."""
    scope = community_ids_visible_to(current_user)
    try:
        with failure_recorded(community_ids=scope, by=current_user, origin=RunOrigin.WEB):
            match_run, _rows = services.run_matching(community_ids=scope, by=current_user)
    except services.NothingToMatch as exc:
        message = (
            _("There are no open needs in your communities to match.")
            if exc.what == "needs"
            else _("No approved volunteer has room for another pairing right now.")
        )
        flash(message, "error")
        return redirect(url_for("match.proposals"))
    except services.RunInProgress:
        db.session.rollback()
        flash(
            _(
                "Another matching run is already in progress; its proposals will appear on "
                "this page when it finishes. Reload the page in a moment."
            ),
            "error",
        )
        return _page(409)
    except Exception:
        # Recorded as a failed run; the social worker is told and can read it on the runs page.
        current_app.logger.exception("matching run failed")
        flash(
            _("Matching failed, and nothing was changed. The failure is recorded below."), "error"
        )
        return redirect(url_for("match.runs"))
    services.tell_staff_of_proposals(match_run, besides=current_user)
    db.session.commit()
    flash(
        ngettext(
            "Matching done: %(proposed)d of %(num)d open need has a proposed volunteer.",
            "Matching done: %(proposed)d of %(num)d open needs have a proposed volunteer.",
            match_run.needs_count,
            proposed=match_run.proposals_count,
        ),
        "success",
    )
    return redirect(url_for("match.proposals"))


def _decidable(proposal_id: int) -> Proposal:
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or not services.can_decide(current_user, proposal):
        abort(404)
    return proposal


@bp.route("/proposals/<int:proposal_id>/confirm", methods=["POST"])
@roles_required(*STAFF)
def confirm(proposal_id: int):
    proposal = _decidable(proposal_id)
    form = ConfirmForm(prefix=f"p{proposal.id}")
    if not form.validate_on_submit():
        return _page(422)
    try:
        pairing = services.confirm_proposal(proposal, by=current_user, note=form.note.data or "")
    except (InvalidTransition, services.VolunteerFull):
        db.session.rollback()
        flash(
            _(
                "Someone else decided this first: the need is already matched, or the "
                "volunteer has no room left or was suspended. The list below is up to date."
            ),
            "error",
        )
        return _page(409)
    db.session.commit()
    flash(
        _(
            "Pairing confirmed: %(volunteer)s with %(resident)s.",
            volunteer=pairing.volunteer.user.name,
            resident=pairing.need.resident.name,
        ),
        "success",
    )
    # on to the need that followed it on the page (it has left the list)
    following = request.args.get("then", type=int)
    anchor = f"need-{following}" if following else None
    args = page_holding(current_user, _list_args(), id_in_range(following))
    return redirect(url_for("match.proposals", **args, _anchor=anchor))


@bp.route("/proposals/<int:proposal_id>/reject", methods=["POST"])
@roles_required(*STAFF)
def reject(proposal_id: int):
    proposal = _decidable(proposal_id)
    form = RejectForm(prefix=f"p{proposal.id}")
    if not form.validate_on_submit():
        return _page(422, {proposal.id: form})
    try:
        services.reject_proposal(
            proposal, RejectReason(form.reason.data), by=current_user, note=form.note.data or ""
        )
    except InvalidTransition:
        db.session.rollback()
        flash(_("This proposal was already decided."), "error")
        return _page(409)
    db.session.commit()
    flash(
        _(
            "%(volunteer)s is no longer proposed for %(resident)s; the reason is kept to "
            "improve matching.",
            volunteer=proposal.volunteer.user.name,
            resident=proposal.need.resident.name,
        ),
        "success",
    )
    return redirect(url_for("match.proposals", **_list_args(), _anchor=f"need-{proposal.need_id}"))


# How a proposal's end reads on its need's page (registry/need.html), in the reader's
# language: its state, and why. Reasons are stored as the services write them (English), or
# as a social worker typed them.
PROPOSAL_STATUS_LABELS = {
    ProposalStatus.PROPOSED: _l("Waiting for a decision"),
    ProposalStatus.CONFIRMED: _l("Confirmed"),
    ProposalStatus.REJECTED: _l("Declined"),
    ProposalStatus.WITHDRAWN: _l("Withdrawn"),
}
known_reason(REPLACED_BY_RUN, _l("replaced by a newer matching run"))
reason_pattern(
    r"proposal (?P<id>\d+) was confirmed",
    _l("another proposal (no. %(id)s) was confirmed, for this need or for this volunteer"),
)


def why_it_ended(outcome: ProposalOutcome) -> str:
    """The rejection's reason and note, the confirmation's note, or why it was withdrawn."""
    proposal = outcome.proposal
    if proposal.status is ProposalStatus.REJECTED and proposal.reject_reason:
        label = str(REASON_LABELS[proposal.reject_reason])
        return _("%(name)s: %(value)s", name=label, value=proposal.note) if proposal.note else label
    if proposal.status is ProposalStatus.CONFIRMED:
        return event_reason(proposal.note)  # typed, or a text the system wrote (the demo's)
    return event_reason(outcome.decided.reason) if outcome.decided else ""


# The runs and scorer pages add their routes to this blueprint (imported last: they use bp).
from . import run_views  # noqa: E402, F401

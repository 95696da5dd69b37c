"""The queue of resident accounts to link (on the registry blueprint): link one to its
record, pass it to the community its owner really lives in, or undo a link to the wrong
record."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from ..accounts.models import User
from ..accounts.permissions import roles_required
from ..accounts.places import Community
from ..accounts.services import community_choices
from ..core.audit import audit
from ..core.audit_details import detail_pattern, detail_text
from ..core.events import StaleTransition
from ..core.forms import with_placeholder
from ..extensions import db
from . import linking
from .account_forms import HandOverForm, LinkAccountForm, UnlinkAccountForm
from .account_handover import SameCommunity, hand_over_account
from .models import Resident
from .privacy import STAFF, resident_or_404, residents_visible_to
from .status_views import render_resident, to_resident
from .views import _account_to_link, _linked_meanwhile, bp

detail_pattern(
    "view_accounts_to_link",
    r"accounts=(?P<n>\d+)",
    lambda parts: ngettext("%(num)d account shown", "%(num)d accounts shown", int(parts["n"])),
)
detail_pattern(
    "view_account_to_link",
    r"residents=(?P<n>\d+)",
    lambda parts: ngettext(
        "%(num)d resident record offered to link it to",
        "%(num)d resident records offered to link it to",
        int(parts["n"]),
    ),
)
detail_text("view_account_to_link", "new record", _l("in the form for a new record"))


@bp.route("/residents/accounts")
@roles_required(*STAFF)
def accounts():
    return accounts_page()


def accounts_page(code: int = 200):
    """The queue of resident accounts waiting to be linked in the reader's communities."""
    waiting = linking.unlinked_resident_accounts(current_user)
    page_html = render_template("registry/accounts.html", accounts=waiting)
    if waiting:  # the list names people who registered as residents (DESIGN §8)
        # audited after rendering: the audit's commit would expire every row the page reads
        audit(current_user, "view_accounts_to_link", detail=f"accounts={len(waiting)}")
        db.session.commit()
    return page_html, code


def _candidates_for(account: User) -> list[Resident]:
    """Records in the reader's communities without an account: the same name or phone first,
    most likely the same person."""
    candidates = list(
        db.session.scalars(
            residents_visible_to(current_user)
            .where(Resident.user_id.is_(None))
            .order_by(Resident.name, Resident.id)
        )
    )
    candidates.sort(key=lambda r: not _same_person_likely(account, r))
    return candidates


def _same_person_likely(account: User, record: Resident) -> bool:
    return record.name == account.name or bool(record.phone and record.phone == account.phone)


@bp.route("/residents/accounts/<int:user_id>", methods=["GET", "POST"])
@roles_required(*STAFF)
def link_account(user_id: int):
    account = _account_to_link(user_id)
    candidates = _candidates_for(account)
    form = _link_form(candidates)
    if not form.is_submitted() and candidates and _same_person_likely(account, candidates[0]):
        form.resident.data = candidates[0].id  # offered, not chosen blind: it is their name
    if form.validate_on_submit():
        resident = next(r for r in candidates if r.id == form.resident.data)
        try:
            linking.link_account(resident, account, by=current_user)
        except linking.AlreadyLinked:
            return _linked_meanwhile()
        db.session.commit()
        flash(
            _(
                "%(account)s is now linked to the record of %(name)s.",
                account=account.name,
                name=resident.name,
            ),
            "success",
        )
        return redirect(url_for("registry.accounts"))
    if _chosen_record_linked_since(form):
        return _linked_meanwhile()
    return _link_page(account, candidates, form, _hand_over_form())


def _chosen_record_linked_since(form: LinkAccountForm) -> bool:
    """The record chosen on the page is no longer a choice: another account was linked to
    it since the page was shown (a colleague at the same moment)."""
    chosen = form.resident.data
    if set(form.errors) != {"resident"} or not isinstance(chosen, int):
        return False
    record = db.session.scalar(residents_visible_to(current_user).where(Resident.id == chosen))
    return record is not None and record.user_id is not None


@bp.route("/residents/accounts/<int:user_id>/community", methods=["POST"])
@roles_required(*STAFF)
def hand_over(user_id: int):
    """The account's owner lives in another community: pass the account to its staff."""
    account = _account_to_link(user_id)
    handover = _hand_over_form()
    if handover.validate_on_submit():
        community = db.session.get(Community, int(handover.community.data))
        try:
            hand_over_account(account, community, by=current_user)
        except SameCommunity:
            handover.community.errors.append(_("Their account already names that community."))
        except StaleTransition:
            db.session.rollback()
            flash(_("A colleague passed that account on just now."), "error")
            return redirect(url_for("registry.accounts"))
        else:
            db.session.commit()
            flash(
                _(
                    "%(account)s’s account now waits for the social workers of %(community)s.",
                    account=account.name,
                    community=community.name,
                ),
                "success",
            )
            return redirect(url_for("registry.accounts"))
    candidates = _candidates_for(account)
    return _link_page(account, candidates, _link_form(candidates), handover)


def _link_form(candidates: list[Resident]) -> LinkAccountForm:
    form = LinkAccountForm()
    form.resident.choices = with_placeholder(
        (r.id, f"{r.name} · {r.masked_id_number or '—'} · {r.community.name}") for r in candidates
    )
    return form


def _hand_over_form() -> HandOverForm:
    form = HandOverForm(prefix="handover")
    form.community.choices = community_choices()
    return form


def _link_page(account, candidates, form, handover):
    # The page names the account's owner and the records it could be linked to, with their
    # masked ID and community: a view of those records (DESIGN §8). Written per page shown,
    # not when a post succeeds and redirects.
    page_html = render_template(
        "registry/link_account.html",
        form=form,
        handover=handover,
        account=account,
        candidates=candidates,
    )
    # audited after rendering: the audit's commit would expire every row the page reads
    audit(current_user, "view_account_to_link", account, detail=f"residents={len(candidates)}")
    db.session.commit()
    return page_html, 422 if form.errors or handover.errors else 200


@bp.route("/residents/<int:resident_id>/unlink", methods=["POST"])
@roles_required(*STAFF)
def unlink_account(resident_id: int):
    """The account was linked to the wrong record: it stops reaching it at once."""
    resident = resident_or_404(current_user, resident_id)
    form = UnlinkAccountForm(prefix="unlink")
    if not form.validate_on_submit():
        return render_resident(resident, code=422, unlink_form=form)
    try:
        account = linking.unlink_account(resident, by=current_user, why=form.reason.data)
    except linking.NotLinked:
        db.session.rollback()
        flash(_("No account is linked to this record any more."), "error")
        return render_resident(db.session.get(Resident, resident_id), code=409)
    db.session.commit()
    flash(
        _(
            "%(account)s is no longer linked to the record of %(name)s; the account waits "
            "to be linked again.",
            account=account.name,
            name=resident.name,
        ),
        "success",
    )
    return to_resident(resident)

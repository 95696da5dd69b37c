"""The scheduled jobs: each a few lines calling domain services with ``now`` passed in.

Each returns counts for its JobRun and is idempotent: run twice at the same ``now``, the
second run changes nothing more. The runner (``runner.run_job``) owns the transaction.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from ..accounts.models import Role, User, UserRole
from ..extensions import db
from ..notify.services import notify, notify_staff

LOCAL = ZoneInfo("Asia/Shanghai")
#: Warn a donor this long before their claim lapses.
LAPSE_WARNING = timedelta(days=2)
#: reasons for skipping, stored in English as written here (scheduler/outcomes.py reads them)
NOTHING_TO_MATCH = "no {what} to match"
RUN_IN_PROGRESS = "another matching run was in progress"
ALL_AWAITING = "every open need holds proposals from the last 12 hours, awaiting a decision"
NO_NEW_DECISIONS = "no new decisions since the last training"
SMTP_OFF = "SMTP is not configured (MATCHMAKER_SMTP_HOST)"


class Skipped(Exception):
    """Nothing to do this time (not an error): the JobRun says "skipped" and why."""


def _local(moment: datetime) -> str:
    return moment.astimezone(LOCAL).strftime("%Y-%m-%d %H:%M")


def nightly_matching(now: datetime) -> dict:
    """Propose pairings for the open needs, but those given proposals in the last 12 hours
    (by a social worker's run, or the last night's), which are left for their decision."""
    from ..match.failures import failure_recorded
    from ..match.models import RunOrigin
    from ..match.services import (
        NothingToMatch,
        RunInProgress,
        needs_awaiting_decision,
        run_matching,
        tell_staff_of_proposals,
    )

    fresh_since = now - timedelta(hours=12)
    # "0 proposed" alone would read as a failure when the other needs were simply left alone
    awaiting = len(needs_awaiting_decision(fresh_since))
    try:
        with failure_recorded(community_ids=None, by=None, origin=RunOrigin.NIGHTLY):
            run, _ = run_matching(
                community_ids=None, by=None, fresh_since=fresh_since, origin=RunOrigin.NIGHTLY
            )
    except NothingToMatch as exc:
        if exc.what == "awaiting":
            raise Skipped(ALL_AWAITING) from exc
        raise Skipped(NOTHING_TO_MATCH.format(what=exc.what)) from exc
    except RunInProgress as exc:  # a social worker's run: the needs have fresh proposals
        raise Skipped(RUN_IN_PROGRESS) from exc
    tell_staff_of_proposals(run)
    return {
        "proposed": run.proposals_count,
        "unmatched": run.unmatched_count,
        "awaiting": awaiting,
    }


def lapse_claims(now: datetime) -> dict:
    from ..wishes.claims import lapse_overdue_claims

    return {"lapsed": lapse_overdue_claims(now)}


def warn_lapsing_claims(now: datetime) -> dict:
    """Tell each donor once, two days ahead, that their claim is about to lapse (and once
    more before the later deadline a sent-back delivery gives it)."""
    from ..wishes.claims import sent_back, tell_donor
    from ..wishes.models import ClaimStatus, WishClaim

    claims = db.session.scalars(
        select(WishClaim).where(
            WishClaim.status == ClaimStatus.HELD,
            WishClaim.deadline > now,
            WishClaim.deadline <= now + LAPSE_WARNING,
        )
    ).all()
    warned = sum(
        tell_donor(
            claim,
            "claim_lapsing",
            # a claim never sent back keeps the key its first warning was written under
            occasion=claim.deadline.isoformat() if sent_back(claim) else "",
            deadline=_local(claim.deadline),
        )
        is not None
        for claim in claims
    )
    return {"warned": warned}


def supervision_alerts(now: datetime) -> dict:
    """Schedule and mark reviews; tell social workers of overdue reviews and quiet pairings."""
    from ..supervise.dashboard import quiet_pairings
    from ..supervise.models import ReviewStatus, SupervisionReview
    from ..supervise.review_schedule import mark_overdue_reviews, schedule_reviews

    counts = {"scheduled": schedule_reviews(now), "overdue": mark_overdue_reviews(now)}
    alerts = 0
    overdue = db.session.scalars(
        select(SupervisionReview).where(SupervisionReview.status == ReviewStatus.OVERDUE)
    ).all()
    for review in overdue:
        alerts += notify_staff(
            review.pairing.need.resident.community_id,
            "review_overdue",
            link=f"/supervise/pairings/{review.pairing_id}",
            dedupe_key=f"review-overdue:{review.id}",
            pairing=review.pairing_id,
            date=review.due_on.isoformat(),
        )
    workers = db.session.scalars(
        select(User).join(UserRole).where(UserRole.role == Role.SOCIAL_WORKER).order_by(User.id)
    ).all()
    for worker in workers:
        for pairing, last_visit in quiet_pairings(worker, now):
            since = (
                last_visit
                or (pairing.activated_at or pairing.confirmed_at).astimezone(LOCAL).date()
            )
            alerts += (
                notify(
                    worker,
                    "no_visit",
                    link=f"/supervise/pairings/{pairing.id}",
                    dedupe_key=f"no-visit:{pairing.id}:{since.isoformat()}",
                    pairing=pairing.id,
                    date=since.isoformat(),
                )
                is not None
            )
    return {**counts, "alerts": alerts}


def training_reminders(now: datetime) -> dict:
    """Remind each enrolled volunteer once, the day before their session."""
    from ..notify.kinds import in_both_languages
    from ..train.enrolment import reminders_due

    sent = 0
    for enrolment in reminders_due(now):
        session = enrolment.session
        sent += (
            notify(
                enrolment.volunteer.user,
                "training_reminder",
                link="/train/me",
                dedupe_key=f"training-reminder:{enrolment.id}",
                course=in_both_languages(session.course.title, session.course.title_en),
                when=_local(session.starts_at),
                place=session.place,
            )
            is not None
        )
    return {"reminded": sent}


def retrain_model(now: datetime) -> dict:
    """Train a scorer on new decisions; it replaces the one in force only if it does better."""
    from ..match.models import ScorerModel
    from ..match.training import NotEnoughDecisions, decisions, train_and_maybe_promote

    latest = db.session.scalar(select(func.max(ScorerModel.n_samples)))
    if latest is not None and latest >= len(decisions()[1]):
        raise Skipped(NO_NEW_DECISIONS)
    try:
        model, promoted = train_and_maybe_promote(by=None)
    except NotEnoughDecisions as exc:
        raise Skipped(str(exc)) from exc
    return {"samples": model.n_samples, "promoted": int(promoted)}


def star_levels(now: datetime) -> dict:
    from ..reward.services import recompute_star_levels

    return {"changed": recompute_star_levels(now)}


def send_email(now: datetime) -> dict:
    from ..notify.email import send_pending_email

    counts = send_pending_email(now)
    if counts.get("smtp") == "off":
        raise Skipped(SMTP_OFF)
    return counts


def tick(now: datetime) -> dict:
    """The test job of ``matchmaker scheduler --test-interval-seconds``: does nothing."""
    return {"ticks": 1}

"""Training scorers on social workers' decisions and keeping the better model in force."""

import numpy as np
from sqlalchemy import func, select

from ..core.events import record_creation, transition
from ..core.types import utcnow
from ..extensions import db
from .features import FEATURES
from .loading import lasted
from .models import Pairing, Proposal, ProposalStatus, ScorerModel, ScorerStatus

#: Fewer decisions than this make held-out metrics meaningless.
MIN_DECISIONS = 30
#: A pairing whose visits were rated this low on average (1–5), over at least RATED_VISITS
#: ratings, was not a good proposal either, however long it lasted (DESIGN §4: outcomes
#: are "sustained ≥ 90 days, ratings"). Fewer ratings say too little to overturn a decision.
POOR_RATING = 2.5
RATED_VISITS = 3


class NotEnoughDecisions(Exception):
    pass


def decisions() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Decided proposals as features, labels and need groups.

    The label is 1 for a confirmed proposal and 0 for a rejected one, and also 0 for a
    confirmed one whose pairing did not last (``loading.lasted``) or whose visits were rated
    poorly: DESIGN §4 trains on outcomes too, and a pairing that broke up early, or that the
    resident rated low, was not a good proposal.
    """
    from ..supervise.models import LogStatus, ServiceLog  # supervise builds on match

    ratings = (
        select(
            ServiceLog.pairing_id,
            func.avg(ServiceLog.rating).label("mean"),
            func.count(ServiceLog.rating).label("rated"),
        )
        .where(ServiceLog.status != LogStatus.REJECTED, ServiceLog.rating.is_not(None))
        .group_by(ServiceLog.pairing_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Proposal, Pairing.confirmed_at, Pairing.ended_at, ratings.c.mean, ratings.c.rated)
        .outerjoin(Pairing, Pairing.proposal_id == Proposal.id)
        .outerjoin(ratings, ratings.c.pairing_id == Pairing.id)
        .where(Proposal.status.in_([ProposalStatus.CONFIRMED, ProposalStatus.REJECTED]))
        .order_by(Proposal.id)
    ).all()
    now = utcnow()
    X = np.array([[p.features.get(name, 0.0) for name in FEATURES] for p, *_ in rows], dtype=float)
    y = np.array(
        [
            int(
                p.status is ProposalStatus.CONFIRMED
                and lasted(confirmed, ended, now) is not False
                and not (rated and rated >= RATED_VISITS and mean < POOR_RATING)
            )
            for p, confirmed, ended, mean, rated in rows
        ],
        dtype=int,
    )
    groups = np.array([p.need_id for p, *_ in rows], dtype=int)
    return X.reshape(len(rows), len(FEATURES)), y, groups


def train_and_maybe_promote(*, by=None, seed: int = 0) -> tuple[ScorerModel, bool]:
    """Train on every decision so far; promote if it beats the scorer in force on held-out data.

    :raises NotEnoughDecisions: with fewer than MIN_DECISIONS, or only one kind of decision.
    """
    from .learning import challenge, train
    from .loading import current_scorer

    X, y, groups = decisions()
    if len(y) < MIN_DECISIONS or len(set(y.tolist())) < 2 or len(set(groups.tolist())) < 4:
        raise NotEnoughDecisions(
            f"{len(y)} decisions so far; training needs at least {MIN_DECISIONS}, "
            "on four or more needs, with both confirmations and rejections"
        )
    trained = train(X, y, groups, feature_names=FEATURES, seed=seed)
    verdict = challenge(trained, current_scorer())
    promoted, baseline = verdict.promote, verdict.current
    model = ScorerModel(
        version=f"lr-{utcnow():%Y%m%d%H%M%S}-{len(y)}",
        kind="logistic_regression",
        feature_names=list(FEATURES),
        n_samples=int(len(y)),
        metrics={**trained.metrics, "baseline": {**baseline, "version": verdict.current_version}},
        blob=trained.scorer.to_bytes(),
    )
    db.session.add(model)
    db.session.flush()
    record_creation(model, by=by, why="trained")
    if promoted:
        for old in db.session.scalars(
            select(ScorerModel).where(ScorerModel.status == ScorerStatus.PROMOTED)
        ).all():
            transition(old, ScorerStatus.RETIRED, by=by, why=f"replaced by {model.version}")
        transition(
            model,
            ScorerStatus.PROMOTED,
            by=by,
            why=f"beats {verdict.current_version} on the same held-out needs",
        )
    else:
        transition(model, ScorerStatus.RETIRED, by=by, why="not better than the model in force")
    return model, promoted

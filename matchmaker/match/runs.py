"""What matching runs did: the needs each left unmatched and why, and the scorer versions.

DESIGN §4 records every run and versions every scorer; these are the reads behind the
staff pages that show them (``run_views.py``), and the one write a run makes of why.
"""

from collections.abc import Iterable

from sqlalchemy import Select, select

from ..accounts.places import Community
from ..extensions import db
from ..registry.models import Need, Resident
from ..registry.privacy import needs_visible_to
from .models import MatchRun, ScorerModel, UnmatchedNeed, UnmatchedReason
from .records import CandidateCount, MatchResult


def reason_of(count: CandidateCount) -> UnmatchedReason:
    """Why a need got no proposal, from what the engine saw of it."""
    if count.candidates == 0:
        return UnmatchedReason.DECLINED if count.declined else UnmatchedReason.NO_CANDIDATE
    if count.scorable == 0:
        return UnmatchedReason.LOW_SCORE
    return UnmatchedReason.TAKEN


def unmatched_rows(result: MatchResult) -> list[UnmatchedNeed]:
    """The rows recording why each need of ``result`` was left unmatched (run id unset)."""
    rows = []
    for need_id in result.unmatched_need_ids:
        count = result.unmatched_candidates.get(need_id, CandidateCount(0))
        rows.append(
            UnmatchedNeed(
                need_id=need_id,
                reason=reason_of(count),
                candidates=count.candidates,
                declined=count.declined,
            )
        )
    return rows


def recent_runs() -> Select:
    """Every run, the latest first (for paging)."""
    return select(MatchRun).order_by(MatchRun.started_at.desc(), MatchRun.id.desc())


def community_names(runs: list[MatchRun]) -> dict[int, str]:
    """The names of the communities the runs' scopes name, by id."""
    ids = {community_id for run in runs for community_id in scope_ids(run) or ()}
    if not ids:
        return {}
    names = select(Community.id, Community.name).where(Community.id.in_(ids))
    return {community_id: name for community_id, name in db.session.execute(names)}


def scope_of(community_ids: Iterable[int] | None) -> str:
    """How a run stores what it covered: "all", or the community ids, comma-separated."""
    return "all" if community_ids is None else ",".join(map(str, sorted(community_ids)))


def scope_ids(run: MatchRun) -> list[int] | None:
    """The community ids a run covered; None for all."""
    if run.scope == "all":
        return None
    return [int(part) for part in run.scope.split(",") if part]


def unmatched_visible_to(user, run: MatchRun) -> tuple[list[UnmatchedNeed], int]:
    """The needs ``run`` left unmatched that ``user`` may see (DESIGN §8: a social worker,
    their own communities'), by community and need number; and how many others
    the run left unmatched elsewhere, which they are not shown."""
    visible = needs_visible_to(user).with_only_columns(Need.id)
    rows = db.session.scalars(
        select(UnmatchedNeed)
        .join(UnmatchedNeed.need)
        .join(Need.resident)
        .where(UnmatchedNeed.run_id == run.id, UnmatchedNeed.need_id.in_(visible))
        .order_by(Resident.community_id, UnmatchedNeed.need_id)
    ).all()
    total = db.session.scalar(
        select(db.func.count(UnmatchedNeed.id)).where(UnmatchedNeed.run_id == run.id)
    )
    return list(rows), total - len(rows)


def scorers() -> list[ScorerModel]:
    """Every trained scorer, the latest first."""
    return list(
        db.session.scalars(
            select(ScorerModel).order_by(ScorerModel.trained_at.desc(), ScorerModel.id.desc())
        )
    )


def scorer_in_use() -> str:
    """The version the next run will score with: the promoted model, or the prior (§12)."""
    from .loading import current_scorer

    return current_scorer().version

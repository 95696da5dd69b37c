"""Matching runs, their proposals, the pairings confirmed from them, and trained scorers."""

import enum
from datetime import datetime
from typing import ClassVar

from sqlalchemy import JSON, Float, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.types import UTCDateTime, str_enum, utcnow
from ..extensions import db


class MatchRunStatus(enum.Enum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class RunOrigin(enum.Enum):
    """What started a run when no person did (``started_by``), or the site when one did."""

    WEB = "web"
    CLI = "cli"
    NIGHTLY = "nightly"
    DEMO = "demo"


class MatchRun(db.Model):
    """One run of the engine over the open needs of a scope."""

    TRANSITIONS: ClassVar = {
        MatchRunStatus.RUNNING: {MatchRunStatus.DONE, MatchRunStatus.FAILED},
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: "all", or the community ids it covered, comma-separated
    scope: Mapped[str] = mapped_column(String(500), default="all")
    scorer_version: Mapped[str] = mapped_column(String(40), default="")
    needs_count: Mapped[int] = mapped_column(default=0)
    volunteers_count: Mapped[int] = mapped_column(default=0)
    proposals_count: Mapped[int] = mapped_column(default=0)
    unmatched_count: Mapped[int] = mapped_column(default=0)
    total_score: Mapped[float] = mapped_column(Float, default=0.0)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    status: Mapped[MatchRunStatus] = mapped_column(
        str_enum(MatchRunStatus), default=MatchRunStatus.RUNNING
    )
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    origin: Mapped[RunOrigin] = mapped_column(str_enum(RunOrigin), default=RunOrigin.WEB)
    error: Mapped[str] = mapped_column(Text, default="")

    started_by = relationship("User", lazy="joined")


class UnmatchedReason(enum.Enum):
    #: no volunteer passed the hard constraints (skills, times, radius, gender, check)
    NO_CANDIDATE = "no_candidate"
    #: the volunteers who passed them had all been declined for it before
    DECLINED = "declined"
    #: it had candidates, but none scored above leaving it unmatched
    LOW_SCORE = "low_score"
    #: its candidates made better pairings with other needs
    TAKEN = "taken"


class UnmatchedNeed(db.Model):
    """A need a run left without a proposal, and why, as the engine saw it then."""

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("match_run.id"), index=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("need.id"), index=True)
    reason: Mapped[UnmatchedReason] = mapped_column(str_enum(UnmatchedReason))
    #: feasible volunteers it had in the run (after the declined ones)
    candidates: Mapped[int] = mapped_column(default=0)
    #: feasible volunteers not proposed because they were declined for it before
    declined: Mapped[int] = mapped_column(default=0)

    need = relationship("Need", lazy="joined")


class ProposalStatus(enum.Enum):
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class RejectReason(enum.Enum):
    TOO_FAR = "too_far"  # 距离太远
    TIME = "time"  # 时间不合
    SKILLS = "skills"  # 技能不符
    PREFERENCE = "preference"  # 偏好不符
    OTHER = "other"  # 其他


class Proposal(db.Model):
    """A proposed volunteer for a need, with its score explained feature by feature."""

    TRANSITIONS: ClassVar = {
        ProposalStatus.PROPOSED: {
            ProposalStatus.CONFIRMED,
            ProposalStatus.REJECTED,
            ProposalStatus.WITHDRAWN,
        },
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("match_run.id"), index=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("need.id"), index=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"), index=True)
    #: 0 = the assignment's choice; 1, 2 = alternatives
    rank: Mapped[int] = mapped_column(default=0)
    score: Mapped[float] = mapped_column(Float)
    #: feature name → value (the training data of later models)
    features: Mapped[dict] = mapped_column(JSON)
    #: feature name → its part of the score
    contributions: Mapped[dict] = mapped_column(JSON)
    explanation_zh: Mapped[str] = mapped_column(Text, default="")
    explanation_en: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ProposalStatus] = mapped_column(
        str_enum(ProposalStatus), default=ProposalStatus.PROPOSED, index=True
    )
    reject_reason: Mapped[RejectReason | None] = mapped_column(str_enum(RejectReason))
    note: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    need = relationship("Need", lazy="joined")
    volunteer = relationship("Volunteer", lazy="joined")

    def explanation(self, locale: str) -> str:
        return self.explanation_zh if locale.startswith("zh") else self.explanation_en


class PairingStatus(enum.Enum):
    CONFIRMED = "confirmed"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    ENDED = "ended"


#: Pairings that hold a need and take up a volunteer's capacity.
OPEN_PAIRING_STATES = (PairingStatus.CONFIRMED, PairingStatus.ACTIVE, PairingStatus.SUSPENDED)


class Pairing(db.Model):
    """A volunteer paired one-to-one with a need (一一结对); made by confirming a Proposal."""

    TRANSITIONS: ClassVar = {
        PairingStatus.CONFIRMED: {PairingStatus.ACTIVE, PairingStatus.ENDED},
        #: back to waiting for training when the attendance that completed a required course
        #: is corrected to absent (train.corrections): active means trained (DESIGN §3.3)
        PairingStatus.ACTIVE: {
            PairingStatus.SUSPENDED,
            PairingStatus.ENDED,
            PairingStatus.CONFIRMED,
        },
        #: resumed while its volunteer misses a required course: waits for training again
        PairingStatus.SUSPENDED: {
            PairingStatus.ACTIVE,
            PairingStatus.ENDED,
            PairingStatus.CONFIRMED,
        },
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("need.id"), index=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id"))
    status: Mapped[PairingStatus] = mapped_column(
        str_enum(PairingStatus), default=PairingStatus.CONFIRMED, index=True
    )
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: when it became active (training complete); None until then
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str] = mapped_column(Text, default="")

    need = relationship("Need", lazy="joined")
    volunteer = relationship("Volunteer", lazy="joined")


class ScorerStatus(enum.Enum):
    CANDIDATE = "candidate"
    PROMOTED = "promoted"
    RETIRED = "retired"


class ScorerModel(db.Model):
    """A trained scorer, versioned with the feature list and held-out metrics it was judged on."""

    TRANSITIONS: ClassVar = {
        ScorerStatus.CANDIDATE: {ScorerStatus.PROMOTED, ScorerStatus.RETIRED},
        ScorerStatus.PROMOTED: {ScorerStatus.RETIRED},
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    feature_names: Mapped[list] = mapped_column(JSON)
    trained_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    n_samples: Mapped[int]
    #: e.g. {"auc": 0.81, "acceptance_at_1": 0.62, "baseline": {...}}
    metrics: Mapped[dict] = mapped_column(JSON)
    blob: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[ScorerStatus] = mapped_column(
        str_enum(ScorerStatus), default=ScorerStatus.CANDIDATE, index=True
    )

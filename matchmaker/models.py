"""Imports every domain's models so the metadata (and so Alembic) sees all tables."""

from .accounts.models import ActivationCode, LoginAttempt, User, UserRole  # noqa: F401
from .accounts.places import Community, District, Street, social_worker_community  # noqa: F401
from .board.models import NeedInterest  # noqa: F401
from .core.models import AuditEntry, Event  # noqa: F401
from .match.models import MatchRun, Pairing, Proposal, ScorerModel, UnmatchedNeed  # noqa: F401
from .notify.models import Notification  # noqa: F401
from .offers.models import Offer, OfferLink  # noqa: F401
from .recruit.catalogue import Language, Skill  # noqa: F401
from .recruit.models import Volunteer  # noqa: F401
from .registry.models import Need, Resident  # noqa: F401
from .reward.models import Certificate, RewardProfile  # noqa: F401
from .scheduler.models import JobRun, SchedulerLease  # noqa: F401
from .supervise.models import Incident, ServiceLog, SupervisionReview  # noqa: F401
from .train.models import Course, CourseCompletion, Enrolment, TrainingSession  # noqa: F401
from .wishes.models import MicroWish, WishClaim  # noqa: F401

"""Demo data: each domain seeds its own part (DESIGN §12), in lifecycle order."""

import importlib
import random

from sqlalchemy import func, select, update

from .extensions import db

#: Each module has ``seed(rng) -> str`` (a one-line summary); later domains append here.
#: ``module:function`` names another step of a module, with the same signature.
DEMO_MODULES = (
    "matchmaker.accounts.demo",
    "matchmaker.recruit.demo",
    "matchmaker.registry.demo",
    "matchmaker.match.demo",
    "matchmaker.train.demo",
    "matchmaker.supervise.demo",
    "matchmaker.supervise.demo_history",
    "matchmaker.reward.demo",
    "matchmaker.wishes.demo",
    "matchmaker.board.demo",
    "matchmaker.offers.demo",
    "matchmaker.core.demo",
    "matchmaker.notify.demo",
    "matchmaker.match.demo:refresh",
)

#: The one password of every demo account (README lists the logins).
DEMO_PASSWORD = "mm-demo-2026"
#: what `serve --demo` shows as the federation's help line (MATCHMAKER_HELP_CONTACT), made up
DEMO_HELP_CONTACT = "区残联服务热线 0571-8800 0000（工作日 9:00–17:00，演示）"


def offshoot(rng: random.Random, part: str) -> random.Random:
    """A generator of its own for ``part`` of the demo, seeded from ``rng``'s state without
    drawing from it: the part stays reproducible, and what it draws leaves the data of every
    later domain as it was."""
    return random.Random(f"{part}:{rng.getstate()[1][:4]}")


def backdate_creation(subject_type: str, subject_id: int, at) -> None:
    """Date a record's creation event ``at``: a demo record made today stands for one made
    then, and its history should say so."""
    from .core.models import Event

    db.session.execute(
        update(Event)
        .where(Event.subject_type == subject_type, Event.subject_id == subject_id)
        .where(Event.from_state.is_(None))
        .values(at=at)
        .execution_options(synchronize_session=False)
    )


def seed_demo(seed: int = 2026) -> str | None:
    """Seed every domain's demo data if the database has no users; None if it had some."""
    from .accounts.models import User

    if db.session.scalar(select(func.count(User.id))):
        return None
    rng = random.Random(seed)
    lines = []
    for name in DEMO_MODULES:
        module, _, step = name.partition(":")
        lines.append(getattr(importlib.import_module(module), step or "seed")(rng))
    db.session.commit()
    return "Demo data seeded: " + "; ".join(lines)

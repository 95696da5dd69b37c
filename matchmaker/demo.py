"""Demo data: each domain seeds its own part (DESIGN §12), in lifecycle order."""

import importlib
import random

from sqlalchemy import func, select

from .extensions import db

#: Each module has ``seed(rng) -> str`` (a one-line summary); later domains append here.
DEMO_MODULES = (
    "matchmaker.accounts.demo",
    "matchmaker.recruit.demo",
    "matchmaker.registry.demo",
    "matchmaker.match.demo",
    "matchmaker.train.demo",
    "matchmaker.supervise.demo",
    "matchmaker.reward.demo",
    "matchmaker.wishes.demo",
    "matchmaker.board.demo",
    "matchmaker.offers.demo",
    "matchmaker.notify.demo",
)

#: The one password of every demo account (README lists the logins).
DEMO_PASSWORD = "mm-demo-2026"


def seed_demo(seed: int = 2026) -> str | None:
    """Seed every domain's demo data if the database has no users; None if it had some."""
    from .accounts.models import User

    if db.session.scalar(select(func.count(User.id))):
        return None
    rng = random.Random(seed)
    lines = [importlib.import_module(name).seed(rng) for name in DEMO_MODULES]
    db.session.commit()
    return "Demo data seeded: " + "; ".join(lines)

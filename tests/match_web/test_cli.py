"""`matchmaker match run` and `matchmaker match train`."""

import numpy as np
import pytest
from sqlalchemy import func, select

from matchmaker.match.features import FEATURES
from matchmaker.match.models import MatchRun, Proposal, ProposalStatus, ScorerModel, ScorerStatus
from tests.factories import NeedFactory


def test_match_run_prints_a_summary(runner, db, city):
    result = runner.invoke(args=["match", "run"])
    assert result.exit_code == 0, result.output
    assert "needs 1" in result.output and "proposed 1" in result.output
    assert "model prior" in result.output
    assert db.session.scalar(select(func.count(MatchRun.id))) == 1


def test_dry_run_stores_nothing(runner, db, city):
    result = runner.invoke(args=["match", "run", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "dry run" in result.output
    assert db.session.scalar(select(func.count(Proposal.id))) == 0


def test_scope_by_community_name(runner, db, city):
    ok = runner.invoke(args=["match", "run", "--community", "文三社区"])
    assert ok.exit_code == 0, ok.output
    unknown = runner.invoke(args=["match", "run", "--community", "不存在社区"])
    assert unknown.exit_code != 0
    assert "no community called" in unknown.output


def test_no_open_needs_is_a_clear_error(runner, db):
    result = runner.invoke(args=["match", "run"])
    assert result.exit_code != 0
    assert "no open needs" in result.output


def test_train_needs_enough_decisions(runner, db):
    result = runner.invoke(args=["match", "train"])
    assert result.exit_code != 0
    assert "training needs at least" in result.output


def seed_decisions(db, city, n=80, seed=1):
    """Decisions by a social worker who confirms close volunteers and rejects far ones."""
    rng = np.random.default_rng(seed)
    from matchmaker.match.models import MatchRun as Run

    run = Run(scope="all")
    db.session.add(run)
    db.session.flush()
    needs = [city["need"]] + [
        NeedFactory(resident=city["need"].resident, open=True) for _ in range(max(1, n // 4) - 1)
    ]
    for i in range(n):
        values = dict(zip(FEATURES, rng.random(len(FEATURES)).round(3), strict=True))
        confirmed = values["proximity"] > 0.5
        db.session.add(
            Proposal(
                run_id=run.id,
                need_id=needs[i % len(needs)].id,
                volunteer_id=city["best"].id,
                rank=i % 3,
                score=0.5,
                features={k: float(v) for k, v in values.items()},
                contributions={k: 0.0 for k in FEATURES},
                status=ProposalStatus.CONFIRMED if confirmed else ProposalStatus.REJECTED,
            )
        )
    db.session.commit()


def test_train_promotes_a_model_that_beats_the_prior(runner, db, city):
    seed_decisions(db, city)
    result = runner.invoke(args=["match", "train"])
    assert result.exit_code == 0, result.output
    model = db.session.scalar(select(ScorerModel))
    assert model.feature_names == list(FEATURES)
    assert model.metrics["auc"] > model.metrics["baseline"]["auc"]
    assert model.status is ScorerStatus.PROMOTED
    assert "promoted" in result.output
    again = runner.invoke(args=["match", "run"])
    assert f"model {model.version}" in again.output


def test_a_model_with_another_feature_list_is_ignored(runner, db, city):
    seed_decisions(db, city)
    runner.invoke(args=["match", "train"])
    model = db.session.scalar(select(ScorerModel))
    model.feature_names = ["distance_only"]
    db.session.commit()
    result = runner.invoke(args=["match", "run"])
    assert "model prior" in result.output


@pytest.mark.parametrize("n", [10])
def test_too_few_decisions(runner, db, city, n):
    seed_decisions(db, city, n=n)
    assert "training needs at least" in runner.invoke(args=["match", "train"]).output


def test_a_confirmed_pairing_that_broke_up_within_90_days_is_learned_as_a_bad_proposal(db, city):
    from datetime import timedelta

    from matchmaker.core.types import utcnow
    from matchmaker.match.models import Pairing, PairingStatus
    from matchmaker.match.training import decisions

    seed_decisions(db, city, n=8)
    proposals = db.session.scalars(select(Proposal).order_by(Proposal.id)).all()
    confirmed = [p for p in proposals if p.status is ProposalStatus.CONFIRMED]
    assert len(confirmed) >= 3
    start = utcnow() - timedelta(days=200)
    for proposal, held in zip(confirmed, (30, 120, None), strict=False):
        db.session.add(
            Pairing(
                need_id=proposal.need_id,
                volunteer_id=proposal.volunteer_id,
                proposal_id=proposal.id,
                status=PairingStatus.ENDED if held else PairingStatus.ACTIVE,
                confirmed_at=start,
                ended_at=start + timedelta(days=held) if held else None,
            )
        )
    db.session.commit()
    _X, y, _groups = decisions()
    label = dict(zip((p.id for p in proposals), y.tolist(), strict=True))
    assert [label[p.id] for p in confirmed[:3]] == [0, 1, 1]  # broke up after 30 days: 0
    assert all(label[p.id] == 1 for p in confirmed[3:])  # no pairing recorded: the decision
    assert all(label[p.id] == 0 for p in proposals if p.status is ProposalStatus.REJECTED)


def test_a_lasting_pairing_the_resident_rated_low_is_learned_as_a_bad_proposal(db, city):
    from datetime import date, time, timedelta

    from matchmaker.core.types import utcnow
    from matchmaker.match.models import Pairing, PairingStatus
    from matchmaker.match.training import decisions
    from matchmaker.supervise.models import Activity, LogStatus, ServiceLog

    seed_decisions(db, city, n=8)
    proposals = db.session.scalars(select(Proposal).order_by(Proposal.id)).all()
    confirmed = [p for p in proposals if p.status is ProposalStatus.CONFIRMED][:4]
    # ratings of each pairing's visits (None: a rejected log, rated 1)
    rated = ([1, 2, 2], [1, 2], [4, 5, 3], [2, 3, None])
    start = utcnow() - timedelta(days=200)
    for proposal, ratings in zip(confirmed, rated, strict=True):
        pairing = Pairing(
            need_id=proposal.need_id,
            volunteer_id=proposal.volunteer_id,
            proposal_id=proposal.id,
            status=PairingStatus.ACTIVE,
            confirmed_at=start,
        )
        db.session.add(pairing)
        db.session.flush()
        for n, rating in enumerate(ratings):
            db.session.add(
                ServiceLog(
                    pairing_id=pairing.id,
                    volunteer_id=proposal.volunteer_id,
                    service_date=date(2026, 6, n + 1),
                    start_time=time(9),
                    end_time=time(10),
                    minutes=60,
                    activity=Activity.VISIT,
                    rating=rating if rating is not None else 1,
                    status=LogStatus.REJECTED if rating is None else LogStatus.VERIFIED,
                )
            )
    db.session.commit()
    _X, y, _groups = decisions()
    label = dict(zip((p.id for p in proposals), y.tolist(), strict=True))
    # three ratings averaging under 2.5: bad; two low ones say too little; good ones stay
    # good; a rejected log's rating does not count (2, 3, 1 → 2.0 over three would be bad)
    assert [label[p.id] for p in confirmed] == [0, 1, 1, 1]

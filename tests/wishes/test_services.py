"""Wish rules: drafting and review, one claim per wish, delivery, thanks, lapsing claims."""

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from matchmaker.core.events import InvalidTransition, StaleTransition, history
from matchmaker.core.types import utcnow
from matchmaker.wishes import claims, services
from matchmaker.wishes.models import ClaimStatus, MicroWish, WishCategory, WishClaim, WishStatus
from tests.factories import CommunityFactory, ResidentFactory, UserFactory
from tests.wishes.conftest import make_wish


def test_staff_draft_and_resident_submit(db):
    resident = ResidentFactory(user=UserFactory(roles=["resident"]))
    worker = UserFactory(roles=["social_worker"], communities=[resident.community])
    fields = dict(title="收音机", story="想听新闻", category=WishCategory.DAILY, cost_yuan=120)
    drafted = services.draft_wish(resident, by=worker, **fields)
    sent = services.draft_wish(resident, by=resident.user, **fields)
    assert drafted.status is WishStatus.DRAFT and sent.status is WishStatus.SUBMITTED
    assert [e.to_state for e in history(sent)] == ["submitted"]
    assert services.count_to_review(worker) == 2


def test_cost_cap_is_configurable(app, db):
    resident = ResidentFactory()
    worker = UserFactory(roles=["social_worker"], communities=[resident.community])
    fields = dict(title="护理床", story="", category=WishCategory.ASSISTIVE)
    with pytest.raises(services.CostOverCap):
        services.draft_wish(resident, by=worker, cost_yuan=1001, **fields)
    app.config["WISH_COST_CAP"] = 2000
    try:
        assert services.draft_wish(resident, by=worker, cost_yuan=1500, **fields).cost_yuan == 1500
    finally:
        app.config["WISH_COST_CAP"] = 1000


def test_publishing_is_refused_while_the_story_holds_a_phone_number(db):
    wish = make_wish("draft", story="请联系我 138-1234-5678，谢谢")
    worker = UserFactory(roles=["admin"])
    with pytest.raises(services.StoryHasPersonalData):
        services.publish_wish(wish, by=worker)
    assert wish.status is WishStatus.DRAFT
    services.edit_wish(wish, by=worker, story="请通过社工联系我")
    services.publish_wish(wish, by=worker)
    assert wish.status is WishStatus.PUBLISHED and wish.published_at is not None
    reasons = [(e.from_state, e.to_state, e.reason) for e in history(wish)]
    assert reasons[1] == ("draft", "draft", "changed: story")
    assert reasons[2][:2] == ("draft", "published")


def test_a_claim_holds_the_wish_until_a_deadline(app, db):
    wish = make_wish("published")
    donor, other = UserFactory(roles=["donor"]), UserFactory(roles=["donor"])
    now = utcnow()
    claim = claims.claim_wish(wish, donor=donor, now=now)
    db.session.commit()
    assert wish.status is WishStatus.CLAIMED and claim.status is ClaimStatus.HELD
    assert (
        claim.deadline
        == now + timedelta(days=app.config["WISH_CLAIM_DAYS"])
        == now + timedelta(days=14)
    )
    with pytest.raises(InvalidTransition):
        claims.claim_wish(wish, donor=other)


def test_a_stale_claim_loses(db):
    """Two donors load the same published wish; the one who writes second loses."""
    wish = make_wish("published")
    first, second = UserFactory(roles=["donor"]), UserFactory(roles=["donor"])
    claims.claim_wish(wish, donor=first)
    db.session.commit()
    # What the second donor's request had loaded before the first one's write:
    set_committed_value(wish, "status", WishStatus.PUBLISHED)
    with pytest.raises(StaleTransition):
        claims.claim_wish(wish, donor=second)
    db.session.rollback()
    assert len(db.session.scalars(select(WishClaim)).all()) == 1


def test_a_donor_cannot_claim_their_own_wish(db):
    account = UserFactory(roles=["donor", "resident"])
    wish = make_wish("published", resident=ResidentFactory(user=account))
    with pytest.raises(claims.OwnWish):
        claims.claim_wish(wish, donor=account)
    assert wish.status is WishStatus.PUBLISHED


def test_lapse_overdue_claims(db):
    wish = make_wish("claimed")
    claim = wish.current_claim
    assert claims.lapse_overdue_claims(claim.deadline - timedelta(minutes=1)) == 0
    assert claims.lapse_overdue_claims(claim.deadline + timedelta(minutes=1)) == 1
    db.session.commit()
    assert claim.status is ClaimStatus.LAPSED and wish.status is WishStatus.PUBLISHED
    assert history(claim)[-1].reason == "deadline passed"
    assert history(wish)[-1].to_state == "published"
    assert claims.lapse_overdue_claims(claim.deadline + timedelta(days=30)) == 0  # idempotent
    # Claimable again by another donor.
    claims.claim_wish(wish, donor=UserFactory(roles=["donor"]))
    assert wish.status is WishStatus.CLAIMED


def test_a_delivered_claim_does_not_lapse(db):
    wish = make_wish("delivered")
    assert claims.lapse_overdue_claims(utcnow() + timedelta(days=60)) == 0
    assert wish.status is WishStatus.DELIVERED


def test_release_deliver_confirm_thank(db):
    wish = make_wish("claimed")
    claim = wish.current_claim
    claims.release_claim(claim, by=claim.donor)
    assert claim.status is ClaimStatus.RELEASED and wish.status is WishStatus.PUBLISHED
    donor = UserFactory(roles=["donor"])
    claim = claims.claim_wish(wish, donor=donor)
    with pytest.raises(InvalidTransition):
        claims.leave_thanks(claim, by=donor, message="谢谢")
    claims.mark_delivered(claim, by=donor, note="送到服务站")
    worker = UserFactory(roles=["admin"])
    with pytest.raises(claims.NothingAsEvidence):
        claims.confirm_delivery(claim, by=worker, note="  ")
    claims.confirm_delivery(claim, by=worker, note="已当面交付")
    assert wish.status is WishStatus.FULFILLED and claim.status is ClaimStatus.CONFIRMED
    claims.leave_thanks(claim, by=worker, message="谢谢您！")
    db.session.commit()
    assert claim.thanks == "谢谢您！" and claim.thanked_at is not None
    states = [e.to_state for e in history(wish)]
    assert states == ["draft", "published", "claimed", "published", "claimed", "delivered",
                      "fulfilled"]  # fmt: skip


def test_withdraw_and_reject(db):
    published = make_wish("published")
    worker = UserFactory(roles=["admin"])
    services.withdraw_wish(published, by=worker, why="居民已自行购买")
    assert published.status is WishStatus.WITHDRAWN
    submitted = make_wish("submitted")
    services.reject_wish(submitted, by=worker, why="重复提交")
    assert submitted.status is WishStatus.REJECTED
    with pytest.raises(InvalidTransition):
        services.withdraw_wish(make_wish("claimed"), by=worker, why="x")


def test_staff_scope(db):
    mine, theirs = CommunityFactory(), CommunityFactory()
    worker = UserFactory(roles=["social_worker"], communities=[mine])
    near = make_wish("draft", resident=ResidentFactory(community=mine))
    far = make_wish("draft", resident=ResidentFactory(community=theirs))
    assert db.session.scalars(services.wishes_visible_to(worker)).all() == [near]
    assert services.can_manage(worker, near) and not services.can_manage(worker, far)
    assert not services.can_manage(UserFactory(roles=["donor"]), near)
    assert services.can_manage(UserFactory(roles=["admin"]), far)
    assert db.session.scalar(select(MicroWish.id).where(MicroWish.id == far.id))

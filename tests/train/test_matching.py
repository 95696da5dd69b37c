"""Courses already done feed the matcher: a volunteer ready for a need is preferred for it."""

from matchmaker.core.types import utcnow
from matchmaker.match.services import run_matching
from matchmaker.train.models import CompletionMethod, Requirement
from matchmaker.train.services import record_completion
from tests.factories import SkillFactory, VolunteerFactory
from tests.train import helpers


def _done(volunteer, *courses):
    for course in courses:
        record_completion(volunteer, course, CompletionMethod.IMPORT, by=None, now=utcnow())


def test_training_done_counts_the_needs_required_courses_and_ranks_the_ready_volunteer_first(
    db, world
):
    etiquette, signing = helpers.course(), helpers.sign_language()
    helpers.course("居家探访安全", Requirement.HOME_VISIT)  # the need is no home visit
    helpers.course("急救", Requirement.SKILL, skill_id=SkillFactory(name="急救").id)
    ready, halfway = (
        world["volunteer"],
        VolunteerFactory(
            approved=True,
            community=world["home"],
            skills=[world["escort"]],
            availability=world["volunteer"].availability,
            user__name="赵半程",
        ),
    )
    _done(ready, etiquette, signing)
    _done(halfway, signing)
    db.session.commit()

    _run, proposals = run_matching(community_ids=None, by=world["worker"], dry_run=True)
    by_volunteer = {p.volunteer_id: p for p in proposals if p.need_id == world["need"].id}
    # The hearing-impaired resident's need requires etiquette (everyone) and signing.
    assert by_volunteer[ready.id].features["training_done"] == 1
    assert by_volunteer[halfway.id].features["training_done"] == 0.5
    assert by_volunteer[ready.id].rank == 0  # otherwise equal, the ready one comes first
    assert "已完成所需培训 1/2" in by_volunteer[halfway.id].explanation_zh
    assert "has done 2/2 of the required courses" in by_volunteer[ready.id].explanation_en

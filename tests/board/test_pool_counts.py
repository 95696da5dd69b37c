"""The pool's figures on a small city worked out by hand, and the public page's statements:
as many for 25 volunteers and needs as for 5 (anyone may open it, signed in or not)."""

from itertools import count

from matchmaker.board.pool import gap_list, pool_table
from matchmaker.core import availability as av
from tests.factories import (
    CommunityFactory,
    NeedFactory,
    ResidentFactory,
    SkillFactory,
    StreetFactory,
    VolunteerFactory,
)
from tests.queries import counting_statements, statements_for


def slots(*numbers):
    return av.mask_from_slots(numbers)


def test_the_figures_of_a_small_city(db):
    north, south = StreetFactory(name="北山街道"), StreetFactory(name="南山街道")
    a = CommunityFactory(name="文三社区", street=north)
    b = CommunityFactory(name="翠苑社区", street=south)
    sign = SkillFactory(name="手语", position=1)
    escort = SkillFactory(name="陪同出行", position=2)
    unused = SkillFactory(name="理发", position=3)
    VolunteerFactory(approved=True, community=a, skills=[escort, sign], availability=slots(0, 1))
    VolunteerFactory(approved=True, community=a, skills=[escort], availability=slots(1, 5))
    VolunteerFactory(approved=True, community=b, skills=[sign], availability=slots(5))
    VolunteerFactory(community=b, skills=[escort, unused], availability=slots(6))  # applied

    def need(community, skills, *wanted, **fields):
        resident = ResidentFactory(community=community)
        fields.setdefault("open", True)
        return NeedFactory(resident=resident, skills=skills, availability=slots(*wanted), **fields)

    need(a, [escort], 5, 7)  # 5 is covered, 7 is not
    need(a, [escort, sign], 2)  # nobody in the north is free at 2, for either skill
    need(b, [sign], 5, 6)  # 5 is covered, 6 is not
    need(b, [escort], 6)
    need(b, [escort], 6)
    need(b, [sign], 9, open=False)  # a draft: no gap

    table = pool_table()
    assert [s.id for s in table.skills] == [sign.id, escort.id]  # no one offers/asks haircuts
    assert [s.id for s in table.streets] == [north.id, south.id]
    figures = {
        (skill.name, street.name): (cell.volunteers, cell.gap_slots)
        for skill in table.skills
        for street in table.streets
        for cell in [table.cell(skill, street)]
    }
    assert figures == {
        ("陪同出行", "北山街道"): (2, {7: 1, 2: 1}),
        ("手语", "北山街道"): (1, {2: 1}),
        ("陪同出行", "南山街道"): (0, {6: 2}),
        ("手语", "南山街道"): (1, {6: 1}),
    }
    assert [(g.skill.name, g.street.name, g.slot, g.needs) for g in gap_list(table)] == [
        ("陪同出行", "南山街道", 6, 2),
        ("手语", "北山街道", 2, 1),
        ("手语", "南山街道", 6, 1),
        ("陪同出行", "北山街道", 2, 1),
        ("陪同出行", "北山街道", 7, 1),
    ]

    at_5 = pool_table(slot_mask=slots(5))  # only who is free at 5, only gaps at 5
    assert at_5.cell(escort, north).volunteers == 1 and not at_5.cell(escort, north).gap
    assert at_5.cell(sign, south).volunteers == 1 and not at_5.cell(sign, south).gap
    assert at_5.cell(sign, north).volunteers == 0 and not gap_list(at_5)

    one = pool_table(skill_id=unused.id, street_id=south.id)
    assert [s.id for s in one.skills] == [unused.id] and [s.id for s in one.streets] == [south.id]
    assert one.cell(unused, south).volunteers == 0 and not one.cell(unused, south).gap


def test_the_pool_page_does_not_send_a_statement_a_volunteer_or_need(client, db):
    streets = [StreetFactory(), StreetFactory()]
    skills = [SkillFactory(), SkillFactory(), SkillFactory()]
    numbers = count()

    def add():
        n = next(numbers)
        community = CommunityFactory(street=streets[n % 2])
        VolunteerFactory(
            approved=True,
            community=community,
            skills=skills[n % 3 :] or skills,
            availability=slots(n % 21),
        )
        NeedFactory(
            resident=ResidentFactory(community=community),
            open=True,
            skills=[skills[(n + 1) % 3]],
            availability=slots((n + 7) % 21),
        )

    for _ in range(5):
        add()
    statements_for(client, "/volunteers/pool")  # warm up: anything read once per process
    few = statements_for(client, "/volunteers/pool")
    for _ in range(20):
        add()
    many = statements_for(client, "/volunteers/pool")
    assert many <= few + 2, f"{few} statements with 5 volunteers and needs, {many} with 25"
    # the counts read (skill, street, slots) tuples; no volunteer, need, user, role or
    # language is loaded (their eager loads would come in batches, a step every 500 rows)
    with counting_statements() as sent:
        pool_table()
    assert len(sent) <= 4, sent  # volunteers' skills, needs' skills, the skills, the streets

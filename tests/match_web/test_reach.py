"""An open need's page says how many volunteers are left after each hard constraint, so a
social worker whose need gets no proposal sees which constraint leaves nobody."""

import html
import re

from matchmaker.core import availability as av
from matchmaker.core.types import Gender
from matchmaker.match.reach import first_empty, reach_of
from matchmaker.recruit.models import BackgroundCheck
from matchmaker.registry.models import NeedStatus
from tests.conftest import csrf_from
from tests.factories import CommunityFactory, VolunteerFactory
from tests.match_web.test_proposals import run_matching, waiting


def counts(need) -> dict[str, int]:
    return {step.name: step.remaining for step in reach_of(need)}


def reach_list(page: str) -> list[str]:
    """The items of the page's reach list, as text."""
    part = page[page.index("data-reach>") : page.index("</ol>", page.index("data-reach>"))]
    items = re.findall(r"<li[^>]*>(.*?)</li>", part, flags=re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", item)).split()) for item in items]


def test_both_volunteers_pass_every_constraint_of_a_plain_need(db, city):
    assert counts(city["need"]) == {"room": 2, "radius": 2, "skills": 2, "times": 2}
    assert first_empty(reach_of(city["need"])) is None


def test_a_volunteer_beyond_their_own_radius_drops_out_at_the_radius_step(db, city):
    far = CommunityFactory(name="远方社区", lat=30.4, lon=120.1410)  # about 13 km north
    VolunteerFactory(approved=True, community=far, skills=[city["escort"]])
    assert counts(city["need"]) == {"room": 3, "radius": 2, "skills": 2, "times": 2}


def test_times_nobody_keeps_are_named_as_the_constraint_that_leaves_nobody(db, city):
    need = city["need"]
    need.availability = av.mask_from_slots([17])  # Saturday evening: nobody is free
    db.session.commit()
    steps = reach_of(need)
    assert [s.remaining for s in steps] == [2, 2, 2, 0]
    assert first_empty(steps).name == "times"
    assert first_empty(steps).only_this == 2  # both would do, were the times theirs


def test_each_step_says_how_many_it_alone_keeps_out(db, city):
    """Later steps hide what an earlier one leaves: a volunteer far away who is also busy
    is kept out by two steps, so by neither alone."""
    need = city["need"]
    need.gender_preference = Gender.MALE  # neither of the city's two (women) volunteers
    far = CommunityFactory(name="远方社区", lat=30.4, lon=120.1410)
    VolunteerFactory(approved=True, community=far, skills=[city["escort"]], gender=Gender.MALE)
    VolunteerFactory(
        approved=True,
        community=far,
        skills=[city["escort"]],
        gender=Gender.MALE,
        availability=av.mask_from_slots([17]),
    )
    db.session.commit()
    alone = {s.name: s.only_this for s in reach_of(need)}
    assert alone == {"room": 0, "radius": 1, "skills": 0, "times": 0, "gender": 2}


def test_gender_and_background_check_are_steps_only_when_the_need_asks_for_them(db, city):
    need = city["need"]
    need.gender_preference = Gender.MALE
    need.home_visit = True
    city["best"].gender = Gender.MALE
    city["best"].background_check = BackgroundCheck.PASSED
    db.session.commit()
    assert counts(need) == {
        "room": 2,
        "radius": 2,
        "skills": 2,
        "times": 2,
        "gender": 1,
        "home_visit": 1,
    }


def test_volunteers_declined_for_the_need_are_counted_out_last(worker_client, db, city):
    run_matching(worker_client)
    best, alternative = waiting(db, city["need"])
    token = csrf_from(worker_client.get("/match/proposals"))
    for proposal in (best, alternative):
        prefix = f"p{proposal.id}"
        worker_client.post(
            f"/match/proposals/{proposal.id}/reject",
            data={f"{prefix}-reason": "too_far", f"{prefix}-note": "", "csrf_token": token},
        )
    steps = reach_of(city["need"])
    assert [(s.name, s.remaining) for s in steps][-2:] == [("times", 2), ("declined", 0)]
    assert first_empty(steps).name == "declined"


def test_a_full_volunteer_is_not_counted_at_all(db, city):
    city["second"].capacity = 0
    db.session.commit()
    assert counts(city["need"])["room"] == 1


def test_the_need_page_names_the_step_and_what_to_do(worker_client, db, city):
    need = city["need"]
    page = worker_client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert reach_list(page) == [
        "已通过审核、还能接新结对的志愿者：2",
        "……其中居民在其服务半径内的：2",
        "……且能提供所需技能之一的：2",
        "……且在所需时段之一有空的：2",
    ]
    assert "data-reach-hint" not in page  # nobody drops out: no advice

    need.availability = av.mask_from_slots([17])
    db.session.commit()
    page = worker_client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert reach_list(page)[-1] == "……且在所需时段之一有空的：0"
    assert 'data-step="times" class="reach__stuck"' in page
    assert "问问居民其他时段是否可以" in page
    assert "有 2 位志愿者只差这一项条件" in page

    worker_client.set_cookie("mm_locale", "en")
    english = worker_client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert reach_list(english)[0] == "Approved volunteers with room for another pairing: 2"
    assert "ask the resident whether other times would do" in english


def test_only_an_open_need_has_the_section(worker_client, db, city):
    need = city["need"]
    need.status = NeedStatus.DRAFT  # a fixture shortcut: the section depends on status only
    db.session.commit()
    page = worker_client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "data-reach" not in page


def test_the_counted_volunteers_are_those_matching_reads(db, city):
    """The page reads plain columns for speed: they must say what the engine's records say."""
    from dataclasses import fields

    from matchmaker.match.loading import available_volunteers, volunteer_record
    from matchmaker.match.reach import volunteers_with_room
    from matchmaker.recruit.models import VolunteerStatus

    city["best"].lat, city["best"].lon = 30.281, 120.139  # their own place, not the community's
    city["best"].background_check = BackgroundCheck.PASSED
    city["second"].gender = None
    VolunteerFactory(community=city["home"], skills=[city["escort"]])  # not approved yet
    VolunteerFactory(approved=True, status=VolunteerStatus.SUSPENDED)
    db.session.commit()
    read = {
        *("id", "lat", "lon", "community_id", "radius_km", "skills", "availability"),
        *("gender", "free_capacity", "background_checked"),
    }

    def constraints(record):
        return {f.name: getattr(record, f.name) for f in fields(record) if f.name in read}

    expected = [constraints(volunteer_record(v)) for v in available_volunteers()]
    assert [constraints(r) for r in volunteers_with_room()] == expected
    assert len(expected) == 2  # the two approved ones

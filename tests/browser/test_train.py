"""培训: a volunteer with a confirmed pairing sees the missing course, enrols by keyboard, a
social worker marks attendance, and the pairing becomes active — every page checked by axe."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from matchmaker.core.types import utcnow
from matchmaker.extensions import db
from matchmaker.registry.models import DisabilityCategory
from matchmaker.train import enrolment
from tests.browser.actions import log_in, navigate, retype, submit, tab_to
from tests.browser.axe import assert_accessible
from tests.factories import (
    CommunityFactory,
    NeedFactory,
    ResidentFactory,
    SkillFactory,
    UserFactory,
    VolunteerFactory,
)
from tests.train import helpers


@pytest.fixture
def setting(db):
    home = CommunityFactory(name="文三社区")
    escort = SkillFactory(name="陪同出行", name_en="Escorting")
    need = NeedFactory(
        resident=ResidentFactory(
            community=home,
            name="王秀英",
            phone="13612345678",
            disability_category=DisabilityCategory.VISUAL,
        ),
        open=True,
        skills=[escort],
    )
    volunteer = VolunteerFactory(
        approved=True,
        community=home,
        skills=[escort],
        user__name="李志愿",
        user__email="volunteer@example.org",
    )
    worker = UserFactory(
        email="worker@example.org", name="陈社工", roles=["social_worker"], communities=[home]
    )
    basic = helpers.course(
        description="尊重与沟通、助行助视的正确方法。",
        title_en="Etiquette of serving disabled people",
    )
    sitting = helpers.session(basic, home, capacity=8)
    pairing = helpers.confirmed_pairing(need, volunteer, worker)
    return {
        "home": home,
        "sitting": sitting,
        "pairing": pairing,
        "course": basic,
        "volunteer": volunteer,
        "worker": worker,
    }


def test_missing_course_enrol_attend_and_the_pairing_starts(page, setting):
    log_in(page, "volunteer@example.org")
    page.goto("/volunteers/me")
    tab_to(page, "main a[href='/train/me']")
    navigate(page, "Enter")
    expect(page.locator("[data-pairing-status]")).to_contain_text("完成以下课程后结对即生效")
    expect(page.locator(".missing-courses")).to_contain_text("助残服务礼仪")
    expect(page.locator("main")).not_to_contain_text("13612345678")
    assert_accessible(page)
    # Enrol by keyboard alone, right from the list of what is missing.
    tab_to(page, ".missing-courses form[action$='/enrol'] button")
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("报名成功")
    expect(page.locator(".missing-courses")).to_contain_text("已报名")
    assert_accessible(page)

    helpers.move_to_past(setting["sitting"])  # the session takes place
    page.context.clear_cookies()
    log_in(page, "worker@example.org")
    expect(page.locator("main")).to_contain_text("待记录考勤的培训：1")
    page.goto("/train/sessions")
    assert_accessible(page)
    tab_to(page, f"main a[href='/train/sessions/{setting['sitting'].id}']")
    navigate(page, "Enter")
    expect(page.locator("[data-status]").first).to_have_text("已报名")
    assert_accessible(page)
    tab_to(page, "main button[value='attended']")
    navigate(page, "Space")
    expect(page.locator("#flash-region")).to_contain_text("李志愿已出勤，课程已完成。")
    expect(page.locator("[data-status]").first).to_have_text("已出勤，课程完成")
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, "volunteer@example.org")
    page.goto("/train/me")
    expect(page.locator("[data-pairing-status]")).to_have_text("已生效：可以开始服务了。")
    expect(page.locator("main")).to_contain_text("王秀英")
    expect(page.locator("main")).to_contain_text("13612345678")
    expect(page.locator("main")).to_contain_text("助残服务礼仪")
    assert_accessible(page)


def test_a_new_volunteer_finds_the_course_everyone_needs_by_keyboard(page, setting):
    """No pairing yet: their profile leads to /train/me, which names the course required of
    every volunteer and leads to its sessions."""
    VolunteerFactory(approved=True, community=setting["home"], user__email="new@example.org")
    log_in(page, "new@example.org")
    page.goto("/volunteers/me")
    tab_to(page, "main a[href='/train/me']")
    navigate(page, "Enter")
    still = page.locator("section[aria-labelledby='required-heading']")
    expect(still).to_contain_text("助残服务礼仪（全体志愿者必修）")
    expect(still).to_contain_text("近期有 1 场培训")
    expect(page.locator("main")).to_contain_text("您还没有结对")
    assert_accessible(page)
    tab_to(page, f"section[aria-labelledby='required-heading'] a[href$='/{setting['course'].id}']")
    navigate(page, "Enter")
    expect(page.locator("h1")).to_have_text("助残服务礼仪")
    expect(page.locator(f"form[action$='/sessions/{setting['sitting'].id}/enrol']")).to_be_visible()


def test_a_pairing_waiting_for_a_session_gets_one_scheduled_by_keyboard(page, setting):
    """No session of the missing course is to come: the home page counts the pairing, the
    sessions page says which course it misses, and scheduling one tells the volunteer."""
    helpers.move_to_past(setting["sitting"])  # no session of the course is to come
    log_in(page, "worker@example.org")
    expect(page.locator("main")).to_contain_text("需要安排培训场次的结对：1")
    tab_to(page, "main a[href='/train/sessions#waiting-heading']")
    navigate(page, "Enter")
    row = page.locator("#waiting-heading ~ div tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("李志愿 · 王秀英")
    expect(row).to_contain_text("助残服务礼仪 — 没有即将举行的场次")
    assert_accessible(page)
    tab_to(page, f"#waiting-heading ~ div a[href$='/courses/{setting['course'].id}/sessions/new']")
    navigate(page, "Enter")
    tab_to(page, "#community")
    page.keyboard.press("ArrowDown")  # the one community after the placeholder
    day = utcnow().date() + timedelta(days=4)
    for field, text in (
        ("#day", day.isoformat()),
        ("#starts", "1400"),  # a phone's number pad has no ":"
        ("#ends", "16:00"),
        ("#place", "文三社区二楼会议室"),
    ):
        tab_to(page, field)
        page.keyboard.type(text)
    expect(page.locator("#starts")).to_have_value("1400")  # typed text, not a time picker
    retype(page, "#capacity", "12")
    retype(page, "#trainer", "周老师")
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("培训场次已安排")
    expect(page.locator("main dd").first).to_have_text(f"{day.isoformat()} 14:00–16:00")
    page.context.clear_cookies()

    log_in(page, "volunteer@example.org")
    page.goto("/inbox")
    expect(page.locator("main")).to_contain_text("所等待的课程“助残服务礼仪”已安排培训场次")
    expect(page.locator("main")).to_contain_text("文三社区二楼会议室")


def test_an_attendance_marked_by_mistake_is_corrected_by_keyboard(page, setting):
    sitting = setting["sitting"]
    place = enrolment.enrol(setting["volunteer"], sitting, now=utcnow())
    db.session.commit()
    helpers.move_to_past(sitting)
    enrolment.mark_attendance(place, True, by=setting["worker"], now=utcnow())
    db.session.commit()

    log_in(page, "worker@example.org")
    page.goto(f"/train/sessions/{sitting.id}")
    expect(page.locator("[data-status]").first).to_have_text("已出勤，课程完成")
    assert_accessible(page)  # the roll with a completed row
    tab_to(page, "main a[href$='/correct']")
    navigate(page, "Enter")
    expect(page.locator("h1")).to_contain_text("李志愿")
    assert_accessible(page)
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")  # no reason given: the form-error state
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#reason-error")).to_contain_text("请填写原因")
    assert_accessible(page)
    tab_to(page, "#reason")
    page.keyboard.type("点名时看错了行，本人当天请假")
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Space")
    expect(page.locator("#flash-region")).to_contain_text("李志愿")
    expect(page.locator("[data-status]").first).to_have_text("缺勤")
    expect(page.locator("main button[value='attended']")).to_be_visible()  # reversible
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, "volunteer@example.org")
    page.goto("/train/me")
    expect(page.locator("[data-pairing-status]")).to_contain_text("完成以下课程后结对即生效")
    expect(page.locator("main")).not_to_contain_text("13612345678")


def test_catalogue_course_and_quiz_pages_with_their_errors(page, setting):
    quiz_course = helpers.home_visit_quiz()
    page.goto("/train/courses")  # anyone
    expect(page.locator("main")).to_contain_text("全体志愿者必修")
    assert_accessible(page)
    log_in(page, "volunteer@example.org")
    page.goto(f"/train/courses/{setting['course'].id}")
    expect(page.locator("main table")).to_contain_text("周老师")
    assert_accessible(page)
    page.goto(f"/train/courses/{quiz_course.id}")
    assert_accessible(page)
    submit(page, "main form[action$='/quiz'] button")  # nothing answered: the error state
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    for number, answer in enumerate(helpers.RIGHT):
        page.check(f"#q{number}-{answer}")
    submit(page, "main form[action$='/quiz'] button")
    expect(page.locator("#flash-region")).to_contain_text("已通过")


def test_staff_forms_in_their_error_state(page, setting):
    log_in(page, "worker@example.org")
    page.goto(f"/train/courses/{setting['course'].id}/sessions/new")
    assert_accessible(page)
    submit(page)
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#starts-error")).to_contain_text("请输入培训开始时间")
    assert_accessible(page)
    retype(page, "#starts", "1.5")  # a time that cannot be read: kept, with its message
    retype(page, "#place", "文三社区二楼会议室")
    submit(page)
    expect(page.locator("#starts-error")).to_contain_text("请按“时:分”填写时间")
    expect(page.locator("#starts")).to_have_value("1.5")
    expect(page.locator("#place")).to_have_value("文三社区二楼会议室")
    assert_accessible(page)
    page.context.clear_cookies()
    UserFactory(email="admin@example.org", roles=["admin"])
    log_in(page, "admin@example.org")
    page.goto("/train/courses/new")
    assert_accessible(page)
    page.check("#kind-1")  # self-study, with no material or quiz
    submit(page)
    expect(page.locator(".error-summary")).to_contain_text("自学课程至少需要一道测验题")
    assert_accessible(page)


def test_my_training_on_a_phone(phone_page, setting):
    log_in(phone_page, "volunteer@example.org")
    phone_page.goto("/train/me")
    expect(phone_page.locator(".missing-courses")).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    assert_accessible(phone_page)


#: At 360 px a course's table squeezed its columns to a character a line, the place and the
#: 报名 / 加入候补名单 buttons worst of all, and worse still in large text.
PHONE_READINGS = [("zh_CN", ""), ("zh_CN", "text-large"), ("en", "text-large")]


@pytest.mark.parametrize(("locale", "mode"), PHONE_READINGS)
def test_training_tables_read_on_a_phone(phone_page, demo, live_server, locale, mode):
    """At 360 px, in large text too, the sessions of a course, of one's training and of a
    social worker's communities stack each cell under its column's name: no button and no short
    cell breaks across lines, and a place wraps only at the screen's edge."""
    from sqlalchemy import select

    from matchmaker.demo import DEMO_PASSWORD
    from matchmaker.train.models import Course
    from tests.browser.test_pages import (
        DEMO_LOGINS,
        assert_nothing_cut_off,
        broken_across_lines,
        read_in,
        show_in,
    )

    page = phone_page
    read_in(page, live_server, locale)
    VolunteerFactory(approved=True, user__email="newcomer@example.org", user__name="林小雨")
    first = db.session.scalar(select(Course).order_by(Course.id))

    def readable(one_line: str) -> None:
        """Each cell is as wide as its row, and a caption as its table (a long place wraps at
        the screen's edge, not a character a line); what ``one_line`` matches keeps to one line."""
        show_in(page, mode)
        assert page.evaluate(
            """() => [...document.querySelectorAll('.table-wrap--stack :is(caption, tbody td)')]
                .filter(box => !box.closest('.visually-hidden'))
                .every(box => box.offsetWidth >= box.parentElement.clientWidth - 1)"""
        )
        assert not broken_across_lines(page, one_line)
        assert_nothing_cut_off(page)
        assert_accessible(page)

    # the time, trainer and places left, and the buttons (the place may fill two lines)
    course_cells = "main tbody :is(th, td:nth-child(3), td:nth-child(4), button, a)"
    log_in(page, "newcomer@example.org")
    page.goto(f"/train/courses/{first.id}")
    enrol, wait = page.locator("main tbody form[action$='/enrol'] button").all()
    expect(enrol).to_contain_text("报名" if locale == "zh_CN" else "Enrol")
    expect(wait).to_contain_text("加入候补名单" if locale == "zh_CN" else "Join the waiting list")
    readable(course_cells)
    submit(page, "main tbody form[action$='/enrol'] button")  # enrolled: a Cancel button
    expect(page.locator("main tbody form[action$='/withdraw'] button")).to_be_visible()
    readable(course_cells)
    page.goto("/train/me")
    readable("main :is(tbody td:not(:last-child), button)")  # a course's name may wrap

    page.context.clear_cookies(name="session")
    log_in(page, DEMO_LOGINS["social_worker"], DEMO_PASSWORD)
    page.goto(f"/train/courses/{first.id}")  # staff: the roll's link in the last column
    readable(course_cells)
    page.goto("/train/sessions")
    readable("table:has(#sessions-caption) tbody :is(th, td:not(:nth-child(2)))")  # not a course

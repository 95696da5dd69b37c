"""Each demo role's landing page, the remaining pages and their error states, at 360 px too."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from matchmaker.accounts.places import Community
from matchmaker.core.i18n import LANGUAGE_TAGS
from matchmaker.demo import DEMO_PASSWORD
from matchmaker.extensions import db as _db
from matchmaker.registry.models import Resident
from tests.browser.actions import log_in as log_in_as
from tests.browser.actions import navigate, retype, submit, tab_to
from tests.browser.axe import assert_accessible

DEMO_LOGINS = {
    "admin": "admin@example.org",
    "social_worker": "sw.beishan@example.org",
    "donor": "donor@example.org",
    "resident": "resident@example.org",
    "volunteer": "volunteer01@example.org",
}


def log_in(page, login: str) -> None:
    log_in_as(page, login, DEMO_PASSWORD)


@pytest.mark.parametrize("role", list(DEMO_LOGINS))
def test_each_demo_roles_landing_page(page, demo, role):
    log_in(page, DEMO_LOGINS[role])
    expect(page.locator(f"#role-{role}")).to_be_visible()
    assert_accessible(page)


def test_change_password_page_and_its_error_state(page, demo):
    log_in(page, DEMO_LOGINS["volunteer"])
    page.goto("/account/password")
    assert_accessible(page)
    page.fill("#current", "not-my-password-1")
    page.fill("#password", "abc")
    page.click("main form button[type=submit]")
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)


def test_admin_pages_and_their_error_states(page, demo):
    log_in(page, DEMO_LOGINS["admin"])
    page.goto("/admin/users")
    expect(page.locator("tbody tr")).to_have_count(50)  # the first page
    # 208: the demo's accounts, with its two registrants waiting to be linked
    expect(page.locator("main")).to_contain_text("共找到 208 个账号")
    # a role's name and the status stay on one line (they broke to "服务对/象", "启/用")
    assert not broken_across_lines(page, "main tbody td:nth-child(3), main tbody td:nth-child(5)")
    assert_accessible(page)
    page.goto("/admin/users/new")
    assert_accessible(page)
    page.click("main form button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    # 社工 is ticked by default: with no community ticked, that is an error too
    expect(page.locator("#communities-error")).to_contain_text("社工至少需要负责一个社区。")
    assert_accessible(page)
    page.goto("/admin/users")
    page.click("tbody a >> nth=1")
    expect(page.locator("h1")).to_have_text("陈静")
    assert_accessible(page)
    for box in page.locator("input[name=communities]").all():
        box.uncheck()
    page.click("main form button[type=submit]")
    expect(page.locator(".error-summary")).to_contain_text("社工至少需要负责一个社区。")
    expect(page.locator("input[name=communities]:checked")).to_have_count(0)  # as left
    assert_accessible(page)


def broken_across_lines(page, selector: str) -> list[str]:
    """The texts of the elements matching ``selector`` that run onto a second line (but
    lists of names, which may wrap between the names). Only text that shows counts: a button's
    visually hidden fuller name is laid out where it cannot be seen."""
    return page.evaluate(
        """s => [...document.querySelectorAll(s)].filter(el => {
            if (el.textContent.includes('、')) return false;
            const tops = [];
            const texts = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            for (let text = texts.nextNode(); text; text = texts.nextNode()) {
                if (!text.textContent.trim() || text.parentElement.closest('.visually-hidden')) {
                    continue;
                }
                const range = document.createRange();
                range.selectNodeContents(text);
                tops.push(...[...range.getClientRects()].map(r => r.top));
            }
            return tops.length > 0 && Math.max(...tops) - Math.min(...tops) > 4;
        }).map(el => el.textContent.trim())""",
        selector,
    )


def test_the_jobs_page_with_results_reasons_and_an_error(page, demo):
    from matchmaker.core.types import utcnow
    from matchmaker.extensions import db
    from matchmaker.scheduler.models import JobOutcome, JobRun

    runs = [
        ("nightly_matching", JobOutcome.OK, {"proposed": 0, "unmatched": 2}, ""),
        ("send_email", JobOutcome.SKIPPED, {}, "SMTP is not configured (MATCHMAKER_SMTP_HOST)"),
        ("star_levels", JobOutcome.FAILED, {}, "Traceback (most recent call last):\nValueError"),
    ]
    for job, outcome, counts, error in runs:
        db.session.add(
            JobRun(job=job, scheduled_for=utcnow(), outcome=outcome, counts=counts, error=error)
        )
    db.session.commit()
    log_in(page, DEMO_LOGINS["admin"])
    page.goto("/admin/jobs")
    main = page.locator("main")
    expect(main).to_contain_text("成功（有推荐志愿者的需求：0；未获推荐的需求：2）")
    expect(main).to_contain_text("原因：尚未设置邮件发送（MATCHMAKER_SMTP_HOST）")
    assert not broken_across_lines(page, "main tbody button")  # not "立即运/行"
    assert_accessible(page)
    tab_to(page, "main details summary")
    page.keyboard.press("Enter")  # the error's detail, opened
    expect(main.locator("details")).to_contain_text("任务因错误中止")
    assert_accessible(page)


def test_other_pages(page):
    for path in ("/privacy", "/login", "/register", "/no-such-page", "/logout"):
        page.goto(path)
        assert_accessible(page)


PHONE_PAGES = ["/", "/register", "/login"]

#: Forms and lists a signed-in person uses on a phone: the weekly time grids, the training
#: page's table of sessions (with a "Cancel enrolment" button in it, see `enrol_in_a_session`)
#: and an administrator's tables of accounts and of the audit log.
PHONE_ROLE_PAGES = {
    "resident": ["/needs/new"],
    "volunteer": ["/volunteers/signup", "/train/me"],
    "donor": ["/offers/new"],
    "admin": ["/admin/users", "/admin/audit"],
}

#: English's longer words ("Wednesday", "Afternoon") are what push a table past a phone's edge.
LOCALES = ["zh_CN", "en"]


def read_in(page, live_server, locale: str) -> None:
    """Read the site in ``locale``, as the language button leaves it for a visitor."""
    page.context.add_cookies([{"name": "mm_locale", "value": locale, "url": live_server}])


def log_out_keeping_language(page) -> None:
    page.context.clear_cookies(name="session")


def enrol_in_a_session(page) -> None:
    """As a signed-in volunteer, take an open place so /train/me lists a session one can cancel."""
    page.goto("/train/me")
    submit(page, "main form[action$='/enrol'] button")


def assert_nothing_cut_off(page) -> None:
    overflow = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const wide = [...document.querySelectorAll('body *')].filter(el => {
                const box = el.getBoundingClientRect();
                return box.width > 0 && (box.right > width + 1 || box.left < -1)
                    && !el.closest('.visually-hidden, .skip-link, .table-wrap');
            }).map(el => el.tagName + '.' + el.className);
            // A time grid or a stacking table fits its box: nothing in it to scroll to.
            const fitting = '.availability-wrap, .table-wrap--stack';
            const scrolling = [...document.querySelectorAll(fitting)]
                .filter(box => box.scrollWidth > box.clientWidth + 1)
                .map(box => box.className + ': ' + box.scrollWidth + ' > ' + box.clientWidth);
            return {scroll: document.documentElement.scrollWidth, width, wide, scrolling};
        }"""
    )
    assert overflow["scroll"] <= overflow["width"], overflow
    assert not overflow["wide"], overflow
    assert not overflow["scrolling"], overflow


def assert_tables_read_across(page) -> None:
    """No table of the page scrolls sideways or squeezes a cell's words a character a line.

    `assert_nothing_cut_off` lets a plain ``.table-wrap`` scroll; these tables must not."""
    squeezed = page.evaluate(
        """() => {
            const wraps = [...document.querySelectorAll('main .table-wrap')];
            const scrolling = wraps.filter(box => box.scrollWidth > box.clientWidth + 1)
                .map(box => box.getAttribute('aria-labelledby'));
            // narrower than four characters: a name or an action reads down, not across.
            // A stacked table's headers, clipped to a pixel for screen readers only, are not read.
            const clipped = el => el.closest('thead').getBoundingClientRect().width <= 1;
            const narrow = [...document.querySelectorAll('main .table-wrap :is(td, th)')]
                .filter(cell => !(cell.closest('thead') && clipped(cell)))
                .filter(cell => {
                    const box = cell.getBoundingClientRect();
                    const em = parseFloat(getComputedStyle(cell).fontSize);
                    return box.width > 0 && cell.textContent.trim().length > 3
                        && box.width < 4 * em;
                })
                .map(cell => cell.textContent.trim().slice(0, 20));
            return {scrolling, narrow};
        }"""
    )
    assert squeezed == {"scrolling": [], "narrow": []}, squeezed


def show_in(page, mode: str) -> None:
    if mode:
        page.evaluate("m => { document.documentElement.className = m; }", mode)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("mode", ["", "text-large", "text-large contrast-high"])
def test_phone_width_shows_everything(phone_page, demo, artifacts, live_server, mode, locale):
    page = phone_page
    read_in(page, live_server, locale)
    for path in PHONE_PAGES:
        page.goto(path)
        show_in(page, mode)
        assert_nothing_cut_off(page)
    page.goto("/register")
    submit(page)  # nothing filled in: the error state
    show_in(page, mode)
    assert_nothing_cut_off(page)
    log_in(page, DEMO_LOGINS["social_worker"])
    show_in(page, mode)
    assert_nothing_cut_off(page)
    name = f"home-360px-{locale}-{mode.replace(' ', '-') or 'default'}.png"
    page.screenshot(path=str(artifacts / name), full_page=True)
    for role, paths in PHONE_ROLE_PAGES.items():
        log_out_keeping_language(page)
        log_in(page, DEMO_LOGINS[role])
        if role == "volunteer":
            enrol_in_a_session(page)
        for path in paths:
            page.goto(path)
            expect(page.locator("html")).to_have_attribute("lang", LANGUAGE_TAGS[locale])
            show_in(page, mode)
            assert_nothing_cut_off(page)
            if role == "admin":
                assert_tables_read_across(page)


def test_a_phone_shows_accounts_and_the_audit_log_a_row_a_card(phone_page, demo, artifacts):
    """At 360 px an administrator reads each account and each audit entry as a card, every
    value under its column's name; the column headers stay in the table for screen readers."""
    page = phone_page
    log_in(page, DEMO_LOGINS["admin"])
    for path, caption, header in (
        ("/admin/users", "#users-caption", "角色"),
        ("/admin/audit", "#audit-caption", "操作"),
    ):
        page.goto(path)
        expect(page.locator(caption)).to_be_attached()
        expect(page.get_by_role("columnheader", name=header, exact=True)).to_be_attached()
        expect(page.locator(f"main td[data-label='{header}']").first).to_be_visible()
        assert_nothing_cut_off(page)
        assert_tables_read_across(page)
        page.screenshot(
            path=str(artifacts / f"admin{path.replace('/', '-')}-360px.png"), full_page=True
        )
        assert_accessible(page)


def test_a_phone_shows_the_whole_time_grid_and_session_table_in_english(
    phone_page, demo, live_server
):
    """At 360 px the weekly grid puts each day's periods under it as named checkboxes, and the
    table of one's sessions stacks its cells, so "Evening" and "Cancel enrolment" stay on screen."""
    page = phone_page
    read_in(page, live_server, "en")
    log_in(page, DEMO_LOGINS["donor"])
    page.goto("/offers/new")
    evening = page.locator("label[for='availability-sun-evening']")
    expect(evening).to_have_text("Sunday Evening")  # its name; "Evening" is what shows
    evening.click()
    expect(page.locator("#availability-sun-evening")).to_be_checked()
    assert evening.bounding_box()["x"] + evening.bounding_box()["width"] <= 360
    assert_accessible(page)
    log_out_keeping_language(page)
    log_in(page, DEMO_LOGINS["volunteer"])
    enrol_in_a_session(page)
    cancel = page.get_by_role("button", name="Cancel enrolment")
    expect(cancel).to_be_visible()
    assert cancel.bounding_box()["x"] + cancel.bounding_box()["width"] <= 360
    assert_accessible(page)


#: Pages of cards, grids, fieldsets and filters, as a visitor, a resident, a volunteer, a donor,
#: a social worker and an administrator see them.
REFLOW_PAGES = {
    None: ["/", "/wishes", "/needs/board", "/offers", "/train/courses"],
    "resident": ["/needs/new"],
    "volunteer": ["/volunteers/signup", "/train/me"],
    "donor": ["/offers/new", "/offers/mine", "/wishes/mine"],
    "social_worker": [
        "/supervise",
        "/supervise/pairings",
        "/train/sessions",
        "/wishes/review",
        "/match/proposals",
    ],
    "admin": [
        "/admin/places/",
        "/admin/places/streets/1",
        "/admin/catalogues/",
        "/admin/users",
        "/admin/audit",
    ],
}


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("mode", ["text-large", "text-large contrast-high"])
def test_large_text_reflows_at_320_px(phone_page, demo, live_server, mode, locale):
    """WCAG 1.4.10: at 320 CSS px nothing scrolls sideways, even with the text enlarged."""
    page = phone_page
    page.set_viewport_size({"width": 320, "height": 640})
    read_in(page, live_server, locale)
    for role, paths in REFLOW_PAGES.items():
        if role:
            log_in(page, DEMO_LOGINS[role])
        if role == "volunteer":
            enrol_in_a_session(page)
        for path in paths:
            page.goto(path)
            show_in(page, mode)
            assert_nothing_cut_off(page)
            if path == "/match/proposals":  # the score tables opened, then a reason missing
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                assert_nothing_cut_off(page)
                page.locator(".reject-form button[type=submit]").first.click()
                expect(page.locator(".error-summary")).to_be_visible()
                assert_nothing_cut_off(page)
        log_out_keeping_language(page)  # logged out, for the next role


def a_residents_home_in(street_id: int) -> str:
    """The address of a demo resident living in the street."""
    return _db.session.scalar(
        select(Resident.address)
        .join(Community, Community.id == Resident.community_id)
        .where(Community.street_id == street_id, Resident.address != "")
        .limit(1)
    )


def test_an_admin_enters_where_donors_hand_over_gifts_by_keyboard(page, demo):
    """A resident's home is refused as the street's handover desk (DESIGN §8)."""
    log_in(page, DEMO_LOGINS["admin"])
    page.goto("/admin/places/")
    street = page.locator("main h3 a").first
    address = street.get_attribute("href")
    tab_to(page, f"main h3 a[href='{address}']", limit=120)
    navigate(page, "Enter")
    assert_accessible(page)
    retype(page, "#handover_phone", "找王阿姨")
    navigate(page, "Enter")  # submits the form
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#handover_phone-error")).to_contain_text("请填写服务中心的电话号码")
    assert_accessible(page)
    home = a_residents_home_in(int(address.rsplit("/", 1)[1]))
    retype(page, "#handover_place", home.replace(" ", ""))  # typed without the spaces
    retype(page, "#handover_phone", "0571-87901234")
    navigate(page, "Enter")
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#handover_place-error")).to_contain_text("这是一位服务对象的住址")
    expect(page.locator("#handover_place")).to_have_value(home.replace(" ", ""))
    assert_accessible(page)
    retype(page, "#handover_place", "街道残疾人之家二楼（周一至周五 8:30–17:00）")
    retype(page, "#handover_phone", "0571-87901234")
    navigate(page, "Enter")
    expect(page.locator("main")).to_contain_text(
        "街道残疾人之家二楼（周一至周五 8:30–17:00） · 0571-87901234"
    )
    assert_accessible(page)


def test_places_pages_and_error_states(page, demo):
    log_in(page, DEMO_LOGINS["admin"])
    page.goto("/admin/places/")
    expect(page.locator("tbody tr")).to_have_count(14)
    assert_accessible(page)
    page.fill("#community_name", "新建社区")
    page.fill("#lat", "120.15")
    page.fill("#lon", "")
    page.click("section[aria-labelledby=add-community] button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#community_name")).to_have_value("新建社区")
    assert_accessible(page)
    page.goto("/admin/places/")
    page.click("tbody a >> nth=0")
    expect(page.locator("h1")).to_contain_text("宝石社区")
    assert_accessible(page)

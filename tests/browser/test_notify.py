"""Notifications in a real browser: a decision arrives in the volunteer's inbox, the header's
unread count says so and drops when read (keyboard only); a resident follows a notice's link
to the decision (keyboard only); the admin's jobs page and the e-mail settings (form-error
state too) pass axe-core, also at phone width."""

from playwright.sync_api import expect

from matchmaker.recruit.models import VolunteerStatus
from matchmaker.recruit.services import decide
from matchmaker.registry import services as registry
from matchmaker.registry.models import ServiceType
from tests.browser.actions import log_in, log_out, navigate, submit, tab_to
from tests.browser.axe import assert_accessible
from tests.factories import ResidentFactory, UserFactory, VolunteerFactory


def test_a_decision_reaches_the_inbox_and_is_read_by_keyboard(page, db):
    volunteer = VolunteerFactory(user__email="vol@example.org", user__name="李志愿")
    worker = UserFactory(roles=["social_worker"], communities=[volunteer.community])
    log_in(page, "vol@example.org")
    inbox_link = page.locator("header a[href='/inbox']")
    expect(inbox_link).to_have_text("收件箱")

    decide(volunteer, VolunteerStatus.APPROVED, by=worker)
    db.session.commit()
    page.reload()
    expect(inbox_link).to_have_text("收件箱（1 条未读）")

    tab_to(page, "header a[href='/inbox']")
    navigate(page, "Enter")
    expect(page.locator("main")).to_contain_text("您的志愿者申请已通过，欢迎加入！")
    expect(page.locator("main")).to_contain_text("共 1 条通知，其中 1 条未读")
    assert_accessible(page)

    tab_to(page, "main form[action$='/read'] button")
    navigate(page, "Space")
    expect(inbox_link).to_have_text("收件箱")
    expect(page.locator("main")).to_contain_text("其中 0 条未读")
    assert_accessible(page)


def test_email_settings_and_their_error_state_are_accessible(phone_page, db):
    UserFactory(roles=["donor"], email="donor@example.org")
    log_in(phone_page, "donor@example.org")
    phone_page.goto("/account/notifications")
    assert_accessible(phone_page)
    phone_page.evaluate(
        "document.querySelectorAll('input[type=radio]').forEach(r => r.checked = false)"
    )
    submit(phone_page)
    expect(phone_page.locator(".error-summary")).to_contain_text("请选择是否接收电子邮件")
    assert_accessible(phone_page)
    phone_page.check("#email-1")
    submit(phone_page)
    expect(phone_page.locator(".flash")).to_contain_text("通知设置已保存")
    log_out(phone_page)


def test_the_admin_runs_a_job_now(page, db):
    UserFactory(roles=["admin"], email="admin@example.org")
    log_in(page, "admin@example.org")
    page.goto("/admin/jobs")
    assert_accessible(page)
    tab_to(page, "form[action='/admin/jobs/star_levels/run'] button")
    navigate(page, "Enter")
    expect(page.locator(".flash")).to_contain_text("重新计算星级：成功")
    expect(page.locator("main")).to_contain_text("成功（星级有变化的志愿者：0）")
    assert_accessible(page)


def test_a_resident_follows_the_notice_of_a_decision_by_keyboard(page, db):
    account = UserFactory(roles=["resident"], email="resident@example.org")
    resident = ResidentFactory(user=account, name="王秀英")
    worker = UserFactory(roles=["social_worker"], communities=[resident.community])
    need = registry.submit_need(resident, by=account, service_type=ServiceType.ESCORT, notes="复诊")
    db.session.commit()
    log_in(page, "resident@example.org")
    inbox_link = page.locator("header a[href='/inbox']")
    expect(inbox_link).to_have_text("收件箱")

    registry.reject_need(need, by=worker, why="本社区暂无陪同就医服务")
    db.session.commit()
    page.reload()
    expect(inbox_link).to_have_text("收件箱（1 条未读）")

    tab_to(page, "header a[href='/inbox']")
    navigate(page, "Enter")
    expect(page.locator("main")).to_contain_text("提交的求助申请未被受理：本社区暂无陪同就医服务")
    expect(page.locator("main")).not_to_contain_text("王秀英")
    assert_accessible(page)

    tab_to(page, "main a[href$='/open']")
    navigate(page, "Enter")
    assert page.url.endswith("/needs/mine")
    expect(page.locator("main")).to_contain_text("本社区暂无陪同就医服务")
    expect(inbox_link).to_have_text("收件箱")  # opened, so read
    assert_accessible(page)

"""The audit log's details read in the administrator's language: the filters of a list that
was viewed, the export, the role, the communities — not the codes the entries store."""

from datetime import date

from flask_babel import force_locale

from matchmaker.accounts.models import Role
from matchmaker.accounts.services import assign_communities, set_roles
from matchmaker.core.audit import audit
from matchmaker.core.audit_details import audit_detail
from matchmaker.reports.exports import export_workbook
from tests.factories import CommunityFactory, ResidentFactory, SkillFactory, UserFactory


def _details(client) -> str:
    page = client.get("/admin/audit").get_data(as_text=True)
    return page[page.index("<tbody>") : page.index("</tbody>")]


def test_what_staff_looked_at_and_did_reads_in_chinese_and_english(client, auth, db, login_as):
    community = CommunityFactory(name="翠苑一区社区")
    skill = SkillFactory(name="手语", name_en="Sign language")
    worker = login_as("social_worker", communities=[community])
    resident = ResidentFactory(community=community)
    assert (
        client.get(f"/needs?status=submitted&urgency=urgent&community={community.id}").status_code
        == 200
    )
    assert client.get(f"/needs?skill={skill.id}&page=1").status_code == 200
    assert client.get("/residents?q=王 芳&status=inactive").status_code == 200
    assert client.get("/residents").status_code == 200
    assert client.get(f"/residents/{resident.id}").status_code == 200
    export_workbook("hours", worker, date(2026, 1, 1), date(2026, 11, 30))
    export_workbook("volunteers", worker, date(2026, 1, 1), date(2026, 11, 30))
    admin = UserFactory(roles=["admin"])
    set_roles(worker, {Role.SOCIAL_WORKER, Role.VOLUNTEER}, by=admin)
    assign_communities(worker, [community], by=admin)
    audit(worker, "view_resident", resident, detail="wish 4")
    db.session.commit()
    auth.logout()
    login_as("admin")

    zh = _details(client)
    for text in (
        "第 1 页；状态：待审核；紧急程度：紧急；社区：翠苑一区社区",
        "第 1 页；技能：手语",
        "第 1 页；搜索：“王 芳”；状态：停用",
        "第 1 页，未筛选",
        "服务时长，2026-01-01 至 2026-11-30：0 行",
        "志愿者名册，截至当日：",
        '<td data-label="详情">志愿者</td>',  # the role granted
        '<td data-label="详情">翠苑一区社区</td>',
        "从微心愿 #4 打开",
    ):
        assert text in zh, text
    for code in ("page=", "status=", "submitted", "rows", "volunteer<", "wish 4"):
        assert code not in zh, code

    client.set_cookie("mm_locale", "en")
    en = _details(client)
    assert "page 1; Status: Awaiting review; Urgency: Urgent; Community: 翠苑一区社区" in en
    assert "page 1; Skill: Sign language" in en
    assert "Service hours, 2026-01-01 to 2026-11-30: 0 rows" in en


def test_a_detail_no_one_wrote_that_way_reads_as_stored(app):
    with app.test_request_context():
        assert audit_detail("view_need_list", "colour=blue page=1") == "colour=blue page=1"
        assert audit_detail("grant_role", "overlord") == "overlord"
        assert audit_detail("export", "nonsense 2026-01-01..2026-02-01: 3 rows") == (
            "nonsense 2026-01-01..2026-02-01: 3 rows"
        )
        assert audit_detail("save_place", "宝石社区 30.28000,120.16000") == (
            "宝石社区 30.28000,120.16000"
        )
        assert audit_detail("view_resident", "") == ""
        with force_locale("zh"):
            assert audit_detail("issue_activation_code", "by e-mail") == "本人申请，已通过邮件发送"

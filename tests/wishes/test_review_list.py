"""/wishes/review finds any wish of the social worker's communities: beyond the two queues,
a list filtered by state and by title or resident name, a page at a time, each view audited;
never another community's wish."""

from sqlalchemy import select

from matchmaker.core.models import AuditEntry
from tests.factories import ResidentFactory, UserFactory
from tests.wishes.conftest import make_wish


def _page(client, **args) -> str:
    response = client.get("/wishes/review", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _found(html: str) -> str:
    return html.split('id="recent-heading"', 1)[1]


def test_the_list_filters_by_state_and_finds_by_title_or_resident(client, auth, db):
    resident = ResidentFactory(name="周美华")
    worker = UserFactory(roles=["social_worker"], communities=[resident.community])
    claimed = make_wish("claimed", resident=resident, worker=worker, title="助听器电池")
    published = make_wish("published", resident=resident, worker=worker, title="盲文书")
    make_wish("submitted", resident=resident, worker=worker, title="轮椅坐垫")
    make_wish("published", title="别处的心愿", resident=ResidentFactory(name="周美华"))
    auth.login(worker.email)

    found = _found(_page(client))  # by default: what the queues above do not show
    assert "共找到 2 个微心愿。" in found
    assert "助听器电池" in found and "盲文书" in found and "轮椅坐垫" not in found
    assert "别处的心愿" not in found  # another community's, though its resident shares a name

    found = _found(_page(client, status="claimed"))
    assert f"/wishes/{claimed.id}/manage?back=" in found and f"/wishes/{published.id}/" not in found
    assert "共找到 1 个微心愿。" in _found(_page(client, q="盲文"))
    client.set_cookie("mm_locale", "en")
    assert "1 wish found." in _found(_page(client, q="盲文"))
    client.set_cookie("mm_locale", "zh_CN")
    assert "共找到 2 个微心愿。" in _found(_page(client, q="周美华"))
    assert "共找到 3 个微心愿。" in _found(_page(client, status="all", q="周美"))
    assert "共找到 2 个微心愿。" in _found(_page(client, status="nonsense"))  # the default
    assert "没有符合该状态和搜索条件的微心愿。" in _found(_page(client, q="别处"))


def test_the_list_pages_and_each_view_is_audited(client, auth, db):
    resident = ResidentFactory()
    worker = UserFactory(roles=["social_worker"], communities=[resident.community])
    for n in range(27):
        make_wish("published", resident=resident, worker=worker, title=f"心愿{n:02d}")
    auth.login(worker.email)
    first = _found(_page(client))
    assert 'href="/wishes/review?page=2#recent-heading"' in first  # back below the queues
    assert "心愿26" in first and "心愿01" not in first and "第 1 页，共 2 页" in first
    second = _found(_page(client, page=2))
    assert "心愿01" in second and "心愿00" in second and "心愿26" not in second
    _page(client, status="published", q="心愿")
    details = db.session.scalars(
        select(AuditEntry.detail)
        .where(AuditEntry.actor_id == worker.id, AuditEntry.action == "view_wish_list")
        .order_by(AuditEntry.id)
    ).all()
    assert details == [
        "status=others page=1",
        "status=others page=2",
        "q=心愿 status=published page=1",
    ]

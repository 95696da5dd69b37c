"""The volunteer pool: counts by skill × street × slot, gaps marked in words."""

import re

from matchmaker.board.pool import gap_list, pool_table
from matchmaker.core import availability as av
from tests.factories import CommunityFactory, VolunteerFactory


def test_counts_and_gaps(board, db):
    # The escort volunteer is free Tuesday and Thursday mornings (slots 3, 9): escort_1
    # (Tuesday morning) is covered, escort_2 (Saturday afternoon) and the haircut are gaps.
    VolunteerFactory(community=board["home"], skills=[board["hair"]])  # not approved: not counted
    table = pool_table()
    street = board["street"]
    assert [s.id for s in table.skills] == [board["escort"].id, board["hair"].id]
    escort = table.cell(board["escort"], street)
    assert escort.volunteers == 1 and escort.gap_slots == {16: 1}
    hair = table.cell(board["hair"], street)
    assert hair.volunteers == 0 and hair.gap_slots == {15: 1}
    gaps = {(g.skill.id, g.slot) for g in gap_list(table)}
    assert gaps == {(board["escort"].id, 16), (board["hair"].id, 15)}
    # At a chosen time: Tuesday morning has the volunteer and no gap.
    tuesday = pool_table(slot_mask=av.mask_from_slots([3]))
    assert tuesday.cell(board["escort"], street).volunteers == 1
    assert not tuesday.cell(board["escort"], street).gap
    # A volunteer of another street does not fill this street's gap.
    VolunteerFactory(
        approved=True,
        community=CommunityFactory(),
        skills=[board["hair"]],
        availability=av.mask_from_slots([15]),
    )
    assert pool_table().cell(board["hair"], street).gap_slots == {15: 1}
    VolunteerFactory(
        approved=True,
        community=board["quiet"],
        skills=[board["hair"]],
        availability=av.mask_from_slots([15]),
    )
    assert not pool_table().cell(board["hair"], street).gap


def test_pool_page_is_a_readable_table(client, board):
    response = client.get("/volunteers/pool")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    # The number is in the cell text and the gap is a word, not colour alone.
    cells = re.findall(r'<td class="heat-(\d)( pool-gap)?">(.*?)</td>', html, re.S)
    assert ("0", " pool-gap", '0 <strong class="gap-label">缺口</strong>') in cells
    assert "周六下午" in html  # the gap list names the slot
    for name in ("王秀英", "赵大伯", "钱阿姨", "李志愿"):
        assert name not in html
    filtered = client.get(f"/volunteers/pool?skill={board['hair'].id}&day=sat&period=morning")
    assert filtered.status_code == 200
    rows = re.findall(r'<th scope="row">(.*?)</th>', filtered.get_data(as_text=True))
    assert rows == ["理发", "理发"]  # the pool row and the gap row; no escorting
    assert client.get("/volunteers/pool?skill=abc&street=99999999999&day=x").status_code == 200


def test_visitors_reach_the_board_the_offers_and_the_pool_from_the_home_page(client, db):
    html = client.get("/").get_data(as_text=True)
    for address in ('href="/needs/board"', 'href="/offers"', 'href="/volunteers/pool"'):
        assert address in html

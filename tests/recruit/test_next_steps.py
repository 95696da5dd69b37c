"""A volunteer's own page says what to do next: an approved one finds the needs board, one
still waiting for review reads what happens next (and may start on training meanwhile)."""

from matchmaker.recruit.models import VolunteerStatus
from tests.factories import VolunteerFactory

BOARD = 'href="/needs/board'  # with or without its filters


def _my_page(client, auth, volunteer) -> str:
    """The page's main content (the site menu links every volunteer to the board)."""
    auth.login(volunteer.user.email)
    html = client.get("/volunteers/me").get_data(as_text=True)
    return html[html.index("<main") : html.index("</main>")]


def test_an_approved_volunteer_is_sent_to_the_needs_board(client, auth, db):
    page = _my_page(client, auth, VolunteerFactory(approved=True))
    assert 'href="/needs/board?fits=1"' in page and "找一个您能帮上忙的需求" in page
    assert "审核结果会显示在这里" not in page


def test_a_volunteer_waiting_for_review_is_told_what_happens_next(client, auth, db):
    page = _my_page(client, auth, VolunteerFactory(status=VolunteerStatus.APPLIED))
    assert "接下来：审核结果会显示在这里，也会发到您的收件箱" in page
    assert 'href="/train/me"' in page  # training may start before the decision
    assert BOARD not in page  # offering help waits for approval


def test_a_suspended_volunteer_is_not_sent_to_the_board(client, auth, db):
    page = _my_page(client, auth, VolunteerFactory(status=VolunteerStatus.SUSPENDED))
    assert BOARD not in page

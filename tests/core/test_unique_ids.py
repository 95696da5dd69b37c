"""Pages with several forms give no two elements one id: each form's hidden CSRF token was
id="csrf_token", so a label or a skip link aimed at an id could land on the wrong element and
the page was not valid HTML for assistive technology to read."""

import re
from collections import Counter

import pytest

from matchmaker.demo import DEMO_PASSWORD

ID = re.compile(r'\sid="([^"]+)"')

#: pages of the demo with a form on each row, as the people who use them see them
PAGES = {
    "admin@example.org": ["/admin/jobs", "/reward/certificates", "/admin/users"],
    "sw.beishan@example.org": [
        "/match/proposals",
        "/wishes/review",
        "/supervise",
        "/offers/review",
    ],
    "donor@example.org": ["/wishes/mine", "/offers/mine"],
    "volunteer01@example.org": ["/train/me", "/needs/board"],
}


@pytest.mark.parametrize("login", PAGES)
def test_no_two_elements_share_an_id(client, auth, demo, login):
    assert auth.login(login, DEMO_PASSWORD).status_code == 302
    for path in PAGES[login]:
        response = client.get(path)
        assert response.status_code == 200, path
        ids = Counter(ID.findall(response.get_data(as_text=True)))
        assert [i for i, n in ids.items() if n > 1] == [], path

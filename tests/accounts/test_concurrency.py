"""Ten people registering the same mobile number at the same moment: one account, nine errors."""

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

from sqlalchemy import func, select

from matchmaker.accounts.models import User

PEOPLE = 10


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_simultaneous_registrations_leave_exactly_one_account(live_server, db):
    barrier = threading.Barrier(PEOPLE)
    outcomes: list[tuple[int, str]] = []

    def register(n: int) -> None:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )
        page = opener.open(f"{live_server}/register").read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {
                "role": "donor",
                "name": f"同时{n}",
                "login": "13700000000",
                "password": "same-moment-1",
                "confirm": "same-moment-1",
                "consent": "y",
                "csrf_token": token,
            }
        ).encode()
        barrier.wait()
        try:
            response = opener.open(f"{live_server}/register", data=body)
            outcomes.append((response.status, ""))
        except urllib.error.HTTPError as error:
            outcomes.append((error.code, error.read().decode()))

    threads = [threading.Thread(target=register, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    codes = sorted(code for code, _ in outcomes)
    assert codes == [302] + [422] * (PEOPLE - 1), codes
    assert all("该手机号或电子邮箱已注册" in text for code, text in outcomes if code == 422)
    assert db.session.scalar(select(func.count(User.id)).where(User.phone == "13700000000")) == 1

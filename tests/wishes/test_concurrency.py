"""Fifty donors claim one wish at the same moment: one claim, forty-nine clear answers."""

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

from sqlalchemy import func, select

from matchmaker.wishes.models import MicroWish, WishClaim, WishStatus
from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.wishes.conftest import make_wish

DONORS = 50
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def donor_session(base: str, login: str, wish_id: int):
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
    )
    token = TOKEN.search(opener.open(f"{base}/login").read().decode()).group(1)
    body = urllib.parse.urlencode({"login": login, "password": PASSWORD, "csrf_token": token})
    try:
        opener.open(f"{base}/login", data=body.encode())
    except urllib.error.HTTPError as error:  # the 302 after logging in
        assert error.code == 302
    page = opener.open(f"{base}/wishes/{wish_id}").read().decode()
    assert f'action="/wishes/{wish_id}/claim"' in page
    return opener, TOKEN.search(page).group(1)


def test_fifty_simultaneous_claims_leave_one(live_server, db):
    wish = make_wish("published")
    donors = [UserFactory(roles=["donor"]) for _ in range(DONORS)]
    sessions = [donor_session(live_server, d.email, wish.id) for d in donors]
    barrier = threading.Barrier(DONORS)
    outcomes = []
    lock = threading.Lock()

    def claim(session):
        opener, token = session
        body = urllib.parse.urlencode({"csrf_token": token}).encode()
        barrier.wait()
        try:
            response = opener.open(f"{live_server}/wishes/{wish.id}/claim", data=body, timeout=60)
            result = (response.status, "")
        except urllib.error.HTTPError as error:
            result = (error.code, error.read().decode())
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=claim, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    codes = sorted(code for code, _ in outcomes)
    assert codes == [302] + [409] * (DONORS - 1), codes
    assert all("该心愿已被认领" in text for code, text in outcomes if code == 409)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(WishClaim.id))) == 1
    assert db.session.get(MicroWish, wish.id).status is WishStatus.CLAIMED

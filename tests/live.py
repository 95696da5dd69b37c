"""A logged-in client for tests that send real, simultaneous requests to ``live_server``."""

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

from tests.conftest import PASSWORD

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Let a 302 surface as an HTTPError, so a test sees the status itself."""

    def redirect_request(self, *args, **kwargs):
        return None


def logged_in_opener(base: str, login: str, page: str):
    """Log ``login`` in on the server at ``base``; return (opener, page's HTML, its CSRF token)."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
    )
    token = TOKEN.search(opener.open(f"{base}/login").read().decode()).group(1)
    body = urllib.parse.urlencode({"login": login, "password": PASSWORD, "csrf_token": token})
    try:
        opener.open(f"{base}/login", data=body.encode())
    except urllib.error.HTTPError as error:  # the 302 after logging in
        assert error.code == 302
    html = opener.open(f"{base}{page}").read().decode()
    return opener, html, TOKEN.search(html).group(1)


def post_at_once(url: str | None, posts: list[tuple]) -> list[tuple[int, str]]:
    """Send each ``(opener, form fields)`` as a POST to ``url`` at the same moment, one thread
    each; return every ``(status, body of an error answer)``, in the order they finished.

    A post may name its own URL as a third item, to race two different forms.
    """
    barrier = threading.Barrier(len(posts))
    outcomes, lock = [], threading.Lock()

    def send(opener, fields, to=None):
        body = urllib.parse.urlencode(fields).encode()
        barrier.wait()
        try:
            result = (opener.open(to or url, data=body, timeout=60).status, "")
        except urllib.error.HTTPError as error:
            result = (error.code, error.read().decode())
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=send, args=post) for post in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes

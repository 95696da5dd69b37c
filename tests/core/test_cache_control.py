"""Pages with personal data are never kept by a browser's or a proxy's cache (DESIGN §8): every
response to a signed-in person, and every response that sets the session, says ``no-store``;
static files and public pages for someone not signed in stay cacheable."""

from tests.factories import UserFactory


def _no_store(response) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")


def test_pages_for_a_signed_in_person_are_not_stored(client, auth, db):
    worker = UserFactory(roles=["social_worker"])
    db.session.commit()
    login = auth.login(worker.email)
    assert login.status_code == 302 and _no_store(login)  # it sets the session
    for page in ("/", "/residents", "/no-such-page"):
        assert _no_store(client.get(page)), page
    logout = auth.logout()
    assert _no_store(logout)  # it clears the session


def test_static_files_stay_cacheable_even_when_signed_in(client, auth, db):
    worker = UserFactory(roles=["social_worker"])
    db.session.commit()
    auth.login(worker.email)
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert not _no_store(response)


def test_public_pages_stay_cacheable_for_someone_not_signed_in(client):
    # The first visits open the session (a CSRF token, Flask-Login's mark): those responses
    # set a cookie and are not stored; every other one is cacheable as before.
    for page in ("/", "/privacy", "/wishes", "/", "/privacy", "/wishes"):
        response = client.get(page)
        assert response.status_code == 200
        assert _no_store(response) is ("Set-Cookie" in response.headers), page
    assert not _no_store(client.get("/privacy"))


def test_a_response_that_sets_the_session_is_not_stored(client):
    response = client.get("/login")  # a fresh visitor: the form's CSRF token opens a session
    assert "session=" in response.headers.get("Set-Cookie", "")
    assert _no_store(response)

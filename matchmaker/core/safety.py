"""Security headers on every response, and safe redirects."""

from urllib.parse import urlsplit

from flask import current_app, request, session
from flask_login import current_user

#: Everything is served from this site (no CDN: the intranet has no internet).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def set_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if _personal(response) and "no-store" not in headers.get("Cache-Control", ""):
        headers["Cache-Control"] = "no-store"  # a page's own "private, no-store" is kept
    return response


def _personal(response) -> bool:
    """Whether ``response`` must not be kept by a browser's or a proxy's cache (DESIGN §8).

    Every page shown to a signed-in person may carry personal data (a resident's record, their
    own contact details), and a response that sets a cookie carries a session: keeping either
    in a shared cache, or in the cache of a shared computer after logout, hands it to the next
    person. Static files, and public pages shown to someone not signed in, stay cacheable.
    """
    endpoint = request.endpoint or ""
    if endpoint == "static" or endpoint.endswith(".static"):
        return False
    if "Set-Cookie" in response.headers:
        return True
    # The session cookie is written (or deleted) after this hook, in Flask's process_response:
    # ask whether it will be, as the session interface does.
    interface = current_app.session_interface
    if session.modified or (session and interface.should_set_cookie(current_app, session)):
        return True
    return current_user.is_authenticated


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None (no open redirects)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target

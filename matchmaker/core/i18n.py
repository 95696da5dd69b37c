"""Language and display preferences: the account's when logged in, else the browser's cookies."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, request
from flask_login import current_user

LOCALE_COOKIE = "mm_locale"
LARGE_TEXT_COOKIE = "mm_large_text"
HIGH_CONTRAST_COOKIE = "mm_high_contrast"
COOKIE_MAX_AGE = 365 * 24 * 3600

#: How each language names itself in the switch, and its BCP 47 tag for <html lang>.
LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}
LANGUAGE_TAGS = {"zh_CN": "zh-CN", "en": "en"}


def select_locale() -> str:
    """Flask-Babel's locale selector (zh_CN unless the reader chose otherwise).

    The Chinese catalogue sits in translations/zh/: Babel 2.18 reads "zh_CN" as zh_Hans_CN,
    and gettext falls back from either spelling to "zh".
    """
    return current_locale()


def current_locale() -> str:
    """The reader's language; outside a request (CLI, jobs) the site default."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    supported = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in supported:
        return current_user.locale
    chosen = request.cookies.get(LOCALE_COOKIE)
    if chosen in supported:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def display_prefs() -> dict:
    """Large text and high contrast, as the reader last set them."""
    if current_user and current_user.is_authenticated:
        return {"large_text": current_user.large_text, "high_contrast": current_user.high_contrast}
    return {
        "large_text": request.cookies.get(LARGE_TEXT_COOKIE) == "1",
        "high_contrast": request.cookies.get(HIGH_CONTRAST_COOKIE) == "1",
    }


def remember_in_cookies(response, *, locale=None, large_text=None, high_contrast=None):
    """Keep choices in long-lived cookies too, so they survive logging out."""
    options = {"max_age": COOKIE_MAX_AGE, "samesite": "Lax", "httponly": True}
    if locale is not None:
        response.set_cookie(LOCALE_COOKIE, locale, **options)
    if large_text is not None:
        response.set_cookie(LARGE_TEXT_COOKIE, "1" if large_text else "0", **options)
    if high_contrast is not None:
        response.set_cookie(HIGH_CONTRAST_COOKIE, "1" if high_contrast else "0", **options)
    return response


def local_zone() -> ZoneInfo:
    """The federation's time zone: its days and months are the ones pages and reports use."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def day_starts_at(day: date) -> datetime:
    """The instant (UTC) the federation's ``day`` begins: local midnight."""
    return datetime.combine(day, time(), tzinfo=local_zone()).astimezone(UTC)

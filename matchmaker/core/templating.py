"""What every template may use: the reader's language and display modes, form helpers."""

from babel.lists import format_list
from flask import current_app, request
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from ..accounts.activation import code_refusal
from ..extensions import db, login_manager
from .histories import event_reason
from .i18n import LANGUAGE_NAMES, LANGUAGE_TAGS, current_locale, display_prefs
from .listing import back_to, back_url, list_address


def register_template_helpers(app) -> None:
    app.jinja_env.globals["first_input_id"] = first_input_id  # macros see globals only
    app.jinja_env.globals["describe_availability"] = describe_availability
    app.jinja_env.filters["event_reason"] = event_reason
    app.jinja_env.filters["join_list"] = join_list
    app.jinja_env.filters["labels"] = labels
    app.jinja_env.globals["code_refusal"] = code_refusal  # accounts/_code_card.html
    # a list's rows carry its address; their records lead back to it (macros/back.html)
    app.jinja_env.globals["list_address"] = list_address
    app.jinja_env.globals["back_to"] = back_to
    app.jinja_env.globals["back_url"] = back_url

    @app.context_processor
    def layout_context():
        from flask_login import current_user

        from .nav import menu_for

        locale = current_locale()
        return {
            "menu": lambda: menu_for(current_user),
            "locale": locale,
            "html_lang": LANGUAGE_TAGS.get(locale, "zh-CN"),
            "languages": LANGUAGE_NAMES,
            "display": display_prefs(),
            "here": request.full_path.rstrip("?") if request else "/",
            "help_contact": current_app.config.get("HELP_CONTACT", ""),
        }

    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(session_id: str):
        """The session's account while it is active and its password unchanged (User.get_id):
        disabling an account or giving it a new password logs it out everywhere."""
        from ..accounts.models import User

        user_id, _, fingerprint = session_id.partition(".")
        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        if user is None or not user.is_active or fingerprint != user.session_fingerprint:
            return None
        return user


def describe_availability(mask: int) -> str:
    """Free times in the reader's language: "周二上午、周四上午", "Tuesday Morning, …"."""
    from . import availability as av
    from .forms import DAY_LABELS, PERIOD_LABELS

    slots = [av.day_and_period(s) for s in av.slots_from_mask(mask or 0)]
    if current_locale().startswith("zh"):
        return av.describe_zh(mask or 0)
    return ", ".join(f"{DAY_LABELS[d]} {str(PERIOD_LABELS[p]).lower()}" for d, p in slots)


def join_list(items) -> str:
    """Names as a list in the reader's language: "手语、读报和陪同出行", "Sign language and
    Reading". Markup items (links) stay markup; the rest are escaped as usual."""
    items = list(items)
    locale = current_locale()
    if any(isinstance(item, Markup) for item in items):
        return Markup(format_list([str(escape(item)) for item in items], locale=locale))
    return format_list([str(item) for item in items], locale=locale)


def labels(entries) -> list[str]:
    """Catalogue entries (skills, languages) by their names in the reader's language."""
    locale = current_locale()
    return [entry.label(locale) for entry in entries]


def first_input_id(field) -> str:
    """The id to link an error to: a radio group's first option, else the field itself."""
    if field.type in {"RadioField", "MultiCheckboxField"}:
        return f"{field.id}-0"
    if field.type == "AvailabilityField":
        return f"{field.id}-mon-morning"
    return field.id

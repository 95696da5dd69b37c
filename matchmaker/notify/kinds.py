"""What each kind of notification says, rendered in the reader's language.

A notification stores its kind and parameters, not text, so that the inbox and the e-mail
speak the reader's language even if they change it later. Texts name no resident (§8): at most
its number (服务对象 #12), and no health detail, since the same text is e-mailed.
"""

from flask_babel import get_locale, ngettext
from flask_babel import lazy_gettext as _l

TEXTS = {
    "application_approved": _l("Your volunteer application was approved. Welcome!"),
    "application_rejected": _l("Your volunteer application was not approved: %(reason)s"),
    "application_more_info": _l("Your volunteer application needs more information: %(reason)s"),
    "volunteer_suspended": _l(
        "Your volunteer status was suspended: until a social worker reinstates it, you will not "
        "be proposed for new pairings nor can you offer help on the needs board. Reason: "
        "%(reason)s"
    ),
    "volunteer_account_disabled": _l(
        "An administrator disabled the account of the volunteer of pairing %(pairing)d: they "
        "can no longer log in or log visits. Decide whether to end the pairing."
    ),
    "volunteer_suspended_in_pairing": _l(
        "A social worker suspended the volunteer of pairing %(pairing)d: until they are "
        "reinstated, the volunteer no longer sees the resident's contact details. Decide "
        "whether to end the pairing or keep it."
    ),
    "volunteer_reinstated": _l(
        "Your volunteer status was reinstated: you can be paired with residents and offer help "
        "on the needs board again. Reason: %(reason)s"
    ),
    "password_code_issued": _l(
        "%(by)s issued a one-time code to set a new password for your account. Your current "
        "password keeps working until the code is used. If you did not ask for it, tell your "
        "community social worker."
    ),
    # a count: a function of the parameters, so that English reads right for 1 and for many
    "proposals_waiting": lambda params: ngettext(
        "Matching proposed volunteers for %(num)d need in your communities; the proposals "
        "wait for your decision.",
        "Matching proposed volunteers for %(num)d needs in your communities; the proposals "
        "wait for your decision.",
        params["n"],
    ),
    "pairing_confirmed": _l(
        "A social worker confirmed a pairing for you (pairing %(pairing)d). It becomes active "
        "once you have completed the training it requires."
    ),
    "pairing_activated": _l(
        "Your pairing %(pairing)d is active: you can now see the resident's contact details "
        "and log your visits."
    ),
    "pairing_awaiting_training": _l(
        "Your attendance at the “%(course)s” training session on %(when)s was corrected to "
        "absent (%(reason)s), so the course is not completed. Pairing %(pairing)d waits for it "
        "again: until you complete it, the resident's contact details are hidden and visits "
        "cannot be logged. Your training page lists the sessions where you can take it."
    ),
    "course_completion_corrected": _l(
        "Your attendance at the “%(course)s” training session on %(when)s was corrected to "
        "absent (%(reason)s), so the course is not completed. Your training page lists the "
        "sessions where you can take it."
    ),
    "pairing_back_to_training": _l(
        "Pairing %(pairing)d waits for its volunteer's training again: a training record was "
        "corrected. Visits start again once the course is completed."
    ),
    "training_session_for_pairing": _l(
        "A session of “%(course)s”, the course pairing %(pairing)d waits for, is scheduled at "
        "%(when)s (%(place)s). Enrol on the course page to take it."
    ),
    "resident_pairing_confirmed": _l(
        "A volunteer has been found for your request for help (pairing %(pairing)d). Visits "
        "start once they have completed the training your request requires; you will be told."
    ),
    "resident_pairing_activated": _l(
        "Your pairing %(pairing)d is active: your volunteer can now see your phone number and "
        "address, and will contact you to arrange the first visit."
    ),
    "training_reminder": _l(
        "Reminder: your training session “%(course)s” starts at %(when)s (%(place)s)."
    ),
    "log_verified": _l("Your visit log of %(date)s (%(minutes)d minutes) was verified."),
    "log_rejected": _l("Your visit log of %(date)s was rejected: %(reason)s"),
    "review_overdue": _l(
        "The supervision review of pairing %(pairing)d was due on %(date)s and is overdue."
    ),
    "no_visit": _l("No visit has been logged for pairing %(pairing)d since %(date)s."),
    "incident_reported": _l(
        "An incident was reported on pairing %(pairing)d (resident #%(resident)d). The pairing "
        "is suspended until a social worker decides; please look into it."
    ),
    "pairing_suspended": _l(
        "Pairing %(pairing)d is suspended until a social worker has reviewed it. Please do not "
        "visit meanwhile; you will be told when it resumes or ends."
    ),
    "pairing_resumed": _l("Pairing %(pairing)d has resumed: visits can go on as before."),
    "pairing_resumed_awaiting_training": _l(
        "Pairing %(pairing)d has resumed, but its volunteer must first complete a training "
        "course its need requires; visits start again once it is done."
    ),
    "pairing_ended": _l("Pairing %(pairing)d has ended; the pairing page says why."),
    "pairing_ended_need_closed": _l(
        "Your pairing %(pairing)d has ended and your request for help is closed: it has been met."
    ),
    "pairing_ended_need_open": _l(
        "Your pairing %(pairing)d has ended. Your request for help is open again and a social "
        "worker will look for another volunteer."
    ),
    "account_handed_over": _l(
        "A colleague passed to your community the account of someone who registered as a "
        "resident and lives there: please check who they are and link it to their record."
    ),
    "account_moved_by_resident": _l(
        "Someone who registered as a resident says they live in your community after all: "
        "please check who they are and link their account to their record."
    ),
    "account_linked": _l(
        "A social worker linked your account to your resident record: your requests for help "
        "and your micro-wishes are now on your pages."
    ),
    # no reason given: the staff's words may name the record's real owner
    "account_unlinked": _l(
        "Your account had been linked to a resident record that is not yours, and the link was "
        "undone. A social worker will link it to your own record; until then your pages show "
        "no requests for help or micro-wishes. Your community's social worker can tell you more."
    ),
    "request_opened": _l(
        "Your request for help sent on %(date)s was accepted: a social worker will look for a "
        "volunteer for it."
    ),
    "request_turned_down": _l(
        "Your request for help sent on %(date)s was not accepted: %(reason)s"
    ),
    "wish_published": _l(
        "Your micro-wish “%(title)s” was published: donors can now see it and claim it."
    ),
    "wish_rejected": _l("Your micro-wish “%(title)s” was not published: %(reason)s"),
    "wish_taken_up": _l(
        "A donor claimed your micro-wish “%(title)s”. Your social worker will arrange the "
        "delivery with you."
    ),
    "wish_open_again": _l(
        "The donor who claimed your micro-wish “%(title)s” could not fulfil it; the wish is "
        "open to other donors again."
    ),
    "wish_fulfilled_for_you": _l(
        "The delivery of your micro-wish “%(title)s” is confirmed. You can thank the donor on "
        "your micro-wishes page."
    ),
    "offer_approved": _l("Your offer “%(title)s” was approved and is shown on the offers page."),
    "offer_rejected": _l("Your offer “%(title)s” was not approved: %(reason)s"),
    "offer_used_for_wish": lambda params: _named_wish(
        params,
        _l(
            "Your offer “%(title)s” was put towards the micro-wish “%(wish_title)s”, which is "
            "now claimed in your name: see My micro-wishes for where to hand it over, and by "
            "when."
        ),
        _l(
            "Your offer “%(title)s” was put towards a resident's micro-wish (#%(wish)d), which "
            "is now claimed in your name: see My micro-wishes for where to hand it over, and by "
            "when."
        ),
    ),
    "offer_used_for_claimed_wish": lambda params: _named_wish(
        params,
        _l(
            "Your offer “%(title)s” was put towards the micro-wish “%(wish_title)s” that "
            "another donor is fulfilling; the community's social worker will contact you to "
            "arrange it."
        ),
        _l(
            "Your offer “%(title)s” was put towards a resident's micro-wish (#%(wish)d) that "
            "another donor is fulfilling; the community's social worker will contact you to "
            "arrange it."
        ),
    ),
    "offer_used_for_need": _l(
        "Your offer “%(title)s” was put towards a resident's request for help (#%(need)d); the "
        "community's social worker will contact you to arrange it."
    ),
    "training_moved_up": _l(
        "A place became free: you are now enrolled in the training session “%(course)s” at "
        "%(when)s (%(place)s)."
    ),
    "training_cancelled": _l(
        "The training session “%(course)s” at %(when)s was cancelled, and your place (or place on "
        "its waiting list) with it. You can enrol in another session of the course."
    ),
    "wish_claimed": _l("A donor claimed the micro-wish “%(title)s”."),
    "wish_delivered": _l(
        "The donor marked the micro-wish “%(title)s” as delivered; please confirm the delivery."
    ),
    "wish_fulfilled": _l(
        "The social worker confirmed your delivery of the micro-wish “%(title)s”: it is "
        "fulfilled. Thank you!"
    ),
    "wish_thanked": _l("The resident thanked you for the micro-wish “%(title)s”."),
    "claim_lapsing": _l(
        "Your claim on the micro-wish “%(title)s” lapses on %(deadline)s unless it is delivered."
    ),
    "delivery_not_received": _l(
        "The social worker could not confirm the delivery of the micro-wish “%(title)s”: "
        "%(reason)s. Your claim holds until %(deadline)s; mark it delivered again once it is."
    ),
    "claim_lapsed": _l(
        "Your claim on the micro-wish “%(title)s” lapsed at its deadline; the wish is open to "
        "other donors again."
    ),
}

FALLBACK = _l("You have a new notification.")


def _named_wish(params: dict, by_title, by_number) -> str:
    """A wish named by its title, public as on /wishes, which the donor knows it by; notices
    written before the title was stored name it by its number."""
    return str(by_title if "wish_title" in params else by_number) % params


def in_both_languages(zh: str, en: str) -> dict:
    """A parameter the catalogue names in both languages (a course title), stored as both so
    that it is shown in the reader's."""
    return {"zh": zh, "en": en}


def _in_reader_language(value):
    if isinstance(value, dict):
        language = "zh" if str(get_locale() or "zh").startswith("zh") else "en"
        return value.get(language) or value.get("zh", "")
    return value


def render(notification) -> str:
    """The notification's text in the current language."""
    text = TEXTS.get(notification.kind)
    if text is None:
        return str(FALLBACK)
    params = {k: _in_reader_language(v) for k, v in (notification.params or {}).items()}
    try:
        return text(params) if callable(text) else str(text) % params
    except (KeyError, TypeError, ValueError):
        return str(FALLBACK)

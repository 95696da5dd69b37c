"""What a person types to log in: an e-mail address or a mainland mobile number."""

import re

from email_validator import EmailNotValidError, validate_email

_PHONE = re.compile(r"1[3-9]\d{9}")


class LoginFormatError(ValueError):
    """Neither an e-mail address nor an 11-digit mobile number."""


def normalise_login(raw: str) -> tuple[str, str]:
    """Split a login into ``("email", address)`` or ``("phone", digits)``.

    Phone numbers lose spaces, dashes and a leading +86; e-mail addresses are lower-cased.

    :raises LoginFormatError: if it is neither.
    """
    text = (raw or "").strip()
    if "@" in text:
        try:
            checked = validate_email(text, check_deliverability=False)
        except EmailNotValidError as exc:
            raise LoginFormatError(str(exc)) from exc
        return "email", checked.normalized.lower()
    digits = re.sub(r"[\s\-()]", "", text)
    digits = re.sub(r"^(\+?86)", "", digits)
    if _PHONE.fullmatch(digits):
        return "phone", digits
    raise LoginFormatError(text)

"""What a phone number field takes: a number someone can ring in mainland China.

A mainland mobile (138 1234 5678, +86 13812345678), a landline with or without its area
code (0571-87654321, (0571) 8765 4321, 87654321), or a 400/800 service line, written with
the spaces, dashes and brackets people use. A date or a run of twenty nines fits "digits
and dashes" too, but nobody answers it: a worker would call it in vain.
"""

import re

from wtforms.validators import ValidationError

_COUNTRY = re.compile(r"^\s*\+?86[\s\-－]+")
_BRACKETS = re.compile(r"[()（）]")
_SEPARATORS = re.compile(r"[\s\-－]+")
_NUMBER = re.compile(
    r"(?:\+?86)?1[3-9]\d{9}"  # mobile
    r"|(?:0\d{2,3})?[2-9]\d{6,7}"  # landline; local numbers never start with 0 or 1
    r"|[48]00\d{7}"  # service line
)


def is_phone_number(text: str) -> bool:
    groups = _SEPARATORS.split(_BRACKETS.sub(" ", _COUNTRY.sub("", text or "")).strip())
    # People group a number in threes and fours (0571-8765 4321); groups of two are a date.
    if any(len(group) < 3 for group in groups):
        return False
    return bool(_NUMBER.fullmatch("".join(groups)))


class PhoneNumber:
    """A form validator: an empty field passes (``Optional`` or ``DataRequired`` decide)."""

    def __init__(self, message) -> None:
        self.message = message

    def __call__(self, form, field) -> None:
        if field.data and not is_phone_number(field.data):
            raise ValidationError(self.message)

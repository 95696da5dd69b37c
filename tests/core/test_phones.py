"""A phone field takes a number someone can ring, written the ways people write them."""

import pytest

from matchmaker.core.phones import is_phone_number


@pytest.mark.parametrize(
    "text",
    [
        "13812345678",
        "138 1234 5678",
        "+86 138-1234-5678",
        "0571-87654321",
        "(0571) 8765 4321",
        "（010）62345678",
        "87654321",
        "400-810-1234",
    ],
)
def test_numbers_people_write_are_taken(text):
    assert is_phone_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",
        "0000-01-01",
        "99999999999999999999",
        "12345678901",  # no mobile starts 12
        "1381234567",  # a digit short
        "0571-0123456",  # a local number never starts with 0
        "-1",
        "王阿姨",
        "",
    ],
)
def test_what_nobody_answers_is_refused(text):
    assert not is_phone_number(text)

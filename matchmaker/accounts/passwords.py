"""Password hashing (argon2id) and the strength rule shown to people choosing one."""

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 8
MAX_LENGTH = 128

#: Passwords guessed first; a strength rule that allowed these would be no rule.
COMMON_PASSWORDS = frozenset(
    [
        "12345678",
        "123456789",
        "1234567890",
        "password",
        "password1",
        "password123",
        "qwerty123",
        "qwertyui",
        "11111111",
        "88888888",
        "66666666",
        "12341234",
        "abcd1234",
        "a1234567",
        "1qaz2wsx",
        "qwe12345",
        "abc12345",
        "iloveyou",
        "woaini520",
        "woaini1314",
        "admin123",
        "zxcvbnm1",
        "aa123456",
        "5201314a",
    ]
)


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"],
        memory_cost=cfg["ARGON2_MEMORY_COST"],
        parallelism=cfg["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True if ``password`` matches; an account with no password (imported) never matches."""
    if not password_hash:
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def weakness(password: str, login: str = "") -> str | None:
    """Why ``password`` is too weak, as a short code, or None if it is acceptable.

    Codes: ``short``, ``long``, ``one_kind`` (only letters, or only digits), ``common``,
    ``contains_login``.
    """
    if len(password) < MIN_LENGTH:
        return "short"
    if len(password) > MAX_LENGTH:
        return "long"
    if password.lower() in COMMON_PASSWORDS:
        return "common"
    kinds = sum(
        bool(re.search(pattern, password)) for pattern in (r"[A-Za-z]", r"\d", r"[^A-Za-z\d]")
    )
    if kinds < 2:
        return "one_kind"
    local_part = login.split("@")[0].lower()
    if len(local_part) >= 4 and local_part in password.lower():
        return "contains_login"
    return None

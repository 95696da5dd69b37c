"""Column types shared by every model."""

import enum
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """An aware UTC now; used as a column default (a callable, evaluated per row)."""
    return datetime.now(UTC)


#: The largest id an integer column holds (PostgreSQL's integer); a larger number in an
#: address or a form names nothing, and the database refuses to compare one with an id.
MAX_ID = 2**31 - 1


def id_in_range(value: int | None) -> int | None:
    """``value`` if it could be a row id, else None (PostgreSQL refuses larger integers)."""
    return value if value is not None and 0 < value <= MAX_ID else None


class UTCDateTime(TypeDecorator):
    """Stores aware datetimes as UTC and always returns aware UTC ones.

    SQLite hands back naive datetimes, and comparing naive with aware raises.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; pass an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def str_enum(enum_class, length: int = 20) -> Enum:
    """An enum stored as its string value (not a native type), so adding a state is small."""
    return Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
    )


class Gender(enum.Enum):
    FEMALE = "female"
    MALE = "male"

"""Catalogues that admins edit: skills (volunteers offer, needs require) and languages."""

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


def label_in(locale: str, name: str, name_en: str) -> str:
    """A catalogue entry's name in ``locale``: Chinese, or else English."""
    return name if locale.startswith("zh") else name_en


class _CatalogueEntry:
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the Chinese name, as rosters and forms write it
    name: Mapped[str] = mapped_column(String(30), unique=True)
    name_en: Mapped[str] = mapped_column(String(60))
    #: retired entries stay on old records but are not offered for new ones
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(default=0)

    def label(self, locale: str) -> str:
        return label_in(locale, self.name, self.name_en)


class Skill(_CatalogueEntry, db.Model):
    """A skill a volunteer offers and a need may require (手语, 陪同出行 …)."""


class Language(_CatalogueEntry, db.Model):
    """A language or dialect, sign language included (普通话, 粤语, 手语 …)."""

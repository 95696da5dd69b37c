"""The Chinese catalogue is complete: every message in the code and templates is translated."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "matchmaker" / "translations" / "zh" / "LC_MESSAGES"
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def source_messages() -> set[str]:
    found = set()
    for folder, method in (("matchmaker", "python"), ("templates", "jinja2")):
        mapping = [("**.py", "python")] if method == "python" else [("**.html", "jinja2")]
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map=mapping, keywords=KEYWORDS
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def _singular(value):
    """A plural entry's id or translation is a tuple; its first form stands for it."""
    return value[0] if isinstance(value, tuple | list) else value


def _forms(value) -> tuple:
    return tuple(value) if isinstance(value, tuple | list) else (value,)


def test_every_message_has_a_chinese_translation():
    catalogue = read_po((CATALOGUE / "messages.po").open("rb"))
    translated = {
        _singular(m.id): m.string
        for m in catalogue
        if m.id and all(_forms(m.string)) and not m.fuzzy
    }
    missing = sorted(source_messages() - set(translated))
    assert not missing, f"untranslated (run pybabel extract/update, see README): {missing}"


def test_placeholders_survive_translation():
    catalogue = read_po((CATALOGUE / "messages.po").open("rb"))
    for message in catalogue:
        if message.id and message.string:
            expected = set(PLACEHOLDER.findall(_singular(message.id)))
            for form in _forms(message.string):
                assert set(PLACEHOLDER.findall(form)) == expected, message.id


def test_compiled_catalogue_matches_the_po_file():
    po = read_po((CATALOGUE / "messages.po").open("rb"))
    mo = read_mo((CATALOGUE / "messages.mo").open("rb"))
    po_strings = {_singular(m.id): _forms(m.string) for m in po if m.id and all(_forms(m.string))}
    mo_strings = {_singular(m.id): _forms(m.string) for m in mo if m.id}
    assert po_strings == mo_strings, "run: pybabel compile -d matchmaker/translations"

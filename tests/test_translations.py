"""Finnish and Swedish catalogues are complete and compiled; English falls back to the source."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUES = sorted(Path(settings.BASE_DIR).glob("*/locale/*/LC_MESSAGES/django.po")) + sorted(
    Path(settings.BASE_DIR).glob("locale/*/LC_MESSAGES/django.po")
)
ENTRY = re.compile(r'^(#, fuzzy\n)?(?:#.*\n)*(msgctxt .*\n(?:".*"\n)*)?msgid (".*"\n(?:".*"\n)*)', re.MULTILINE)


def _entries(path: Path) -> list[dict]:
    """A small reader for what makemessages writes: msgid, msgid_plural, msgstr[n] and fuzzy flags."""
    text = path.read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        if not lines:
            continue
        entry: dict = {"fuzzy": any(line.startswith("#,") and "fuzzy" in line for line in lines), "msgstr": []}
        current = None
        for line in lines:
            if line.startswith("#"):
                continue
            key, _, rest = line.partition(" ")
            if line.startswith('"'):
                entry[current] = entry.get(current, "") + line[1:-1] if current != "msgstr" else entry[current]
                if current == "msgstr":
                    entry["msgstr"][-1] += line[1:-1]
                continue
            if key.startswith("msgstr"):
                current = "msgstr"
                entry["msgstr"].append(rest[1:-1])
            else:
                current = key
                entry[key] = rest[1:-1]
        if "msgid" in entry:
            entries.append(entry)
    return entries


def test_there_are_catalogues_for_every_language():
    languages = {path.parent.parent.name for path in CATALOGUES}
    assert languages == {"fi", "sv", "en"}


@pytest.mark.parametrize("path", [p for p in CATALOGUES if p.parent.parent.name in {"fi", "sv"}], ids=str)
def test_catalogue_is_fully_translated(path):
    missing = [
        e["msgid"] or e.get("msgid_plural")
        for e in _entries(path)
        if e["msgid"] and (e["fuzzy"] or not all(e["msgstr"]))
    ]
    assert missing == [], f"{path}: untranslated or fuzzy"


@pytest.mark.parametrize("path", CATALOGUES, ids=str)
def test_compiled_catalogue_is_up_to_date(path):
    compiled = path.with_suffix(".mo")
    assert compiled.exists(), f"{compiled} missing: run make messages"
    with compiled.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for entry in _entries(path):
        if not entry["msgid"] or entry["fuzzy"] or not entry["msgstr"][0] or "msgid_plural" in entry:
            continue
        source = entry["msgid"].encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        expected = entry["msgstr"][0].encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        key = f"{entry['msgctxt']}\x04{source}" if "msgctxt" in entry else source
        assert catalogue._catalog.get(key) == expected, f"{compiled} is stale for {source!r}: run make messages"

"""Translations: every message has Korean text and the compiled catalogs are current."""

import runpy

from tests.conftest import ROOT


def test_every_message_is_translated_and_compiled():
    problems = runpy.run_path(str(ROOT / "scripts" / "i18n.py"))["problems"]()
    assert problems == []


def test_catalog_covers_every_message_in_the_code(tmp_path):
    """A message added to code or templates but never extracted would show in English only."""
    import subprocess
    import sys

    from babel.messages.pofile import read_po

    pot = tmp_path / "fresh.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
                    "-k", "lazy_gettext", "--no-location", "-o", str(pot), "."], check=True, cwd=ROOT,
                   capture_output=True)
    with pot.open("rb") as fresh, (ROOT / "socialchallenge/translations/ko/LC_MESSAGES/messages.po").open("rb") as ko:
        fresh_ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fresh) if m.id}
        known_ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(ko) if m.id}
    assert sorted(fresh_ids - known_ids) == [], "run `python scripts/i18n.py update` and translate"

"""Translations: every message has Korean text and the compiled catalogs are current."""

import runpy

from tests.helpers import ROOT


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


def _korean_texts() -> list[str]:
    from babel.messages.pofile import read_po

    with (ROOT / "socialchallenge/translations/ko/LC_MESSAGES/messages.po").open("rb") as ko:
        catalog = read_po(ko)
    texts = []
    for message in catalog:
        if message.id and message.string:
            texts.extend(message.string if isinstance(message.string, tuple) else [message.string])
    return texts


def test_korean_uses_one_word_for_a_challenge():
    """과제 everywhere; 챌린지 only inside the name 소셜챌린지."""
    mixed = [text for text in _korean_texts() if "챌린지" in text.replace("소셜챌린지", "")]
    assert mixed == []


def test_korean_needs_no_particle_in_brackets():
    """Particles follow the word's last sound, or the phrasing needs none: never 을(를), 이(가) and the like."""
    import re

    bracketed = [text for text in _korean_texts() if re.search(r"[을이은과으]\((를|가|는|와|로)\)", text)]
    assert bracketed == []


def test_no_korean_text_carries_another_messages_english():
    """A Korean text once ended in another message's English ("…연결됩니다.The comments of a challenge…")."""
    from babel.messages.pofile import read_po

    with (ROOT / "socialchallenge/translations/ko/LC_MESSAGES/messages.po").open("rb") as ko:
        catalog = read_po(ko)
    ids = [m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id]
    sentences = [i for i in ids if len(i) > 30]
    glued = []
    for message in catalog:
        own = message.id if isinstance(message.id, str) else message.id[0] if message.id else ""
        for korean in (message.string if isinstance(message.string, tuple) else [message.string]):
            glued += [(own, other) for other in sentences if korean and other != own and other in korean]
    assert glued == []

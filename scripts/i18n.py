"""Translations: `python scripts/i18n.py update|compile|check`.

update  extract every message from code and templates into the Korean and English catalogs
compile write the .mo files the app loads (they are committed, so a deploy needs no build step)
check   fail when a Korean message is missing or fuzzy, or a .mo is older than its .po
"""

from __future__ import annotations

import subprocess
import sys
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "socialchallenge" / "translations"
POT = TRANSLATIONS / "messages.pot"
LOCALES = ("ko", "en")


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


def update() -> None:
    """Extract messages and merge them into each locale's catalog."""
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "--no-location", "--sort-output",
             "-o", str(POT), ".")
    for locale in LOCALES:
        po = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
        if po.exists():
            _pybabel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", locale, "--no-fuzzy-matching")
        else:
            _pybabel("init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", locale)


def compiled(po_path: Path) -> bytes:
    """The .mo bytes for a .po file."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    out = BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compile_all() -> None:
    """Write every locale's .mo next to its .po."""
    for locale in LOCALES:
        po = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
        po.with_suffix(".mo").write_bytes(compiled(po))


def problems() -> list[str]:
    """What is missing or stale in the catalogs."""
    found = []
    po = TRANSLATIONS / "ko" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        text = message.string if isinstance(message.string, str) else (message.string or ("",))[0]
        if not text:
            found.append(f"ko: untranslated {message.id!r}")
        elif message.fuzzy:
            found.append(f"ko: fuzzy {message.id!r}")
    for locale in LOCALES:
        po = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled(po):
            found.append(f"{locale}: messages.mo is stale; run `python scripts/i18n.py compile`")
    return found


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        issues = problems()
        print("\n".join(issues) or "translations complete")
        sys.exit(1 if issues else 0)
    else:
        sys.exit(__doc__)

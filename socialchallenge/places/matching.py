"""Free-text areas matched to districts: "마포구 망원동" and "Mapo-gu, Yeonnam-dong" both name Mapo-gu.

A district is named when the text holds its Korean name at the start of a word (마포구, 마포구청, 마포구와: Korean
particles attach to the name), its English name in any spacing or hyphenation (Mapo-gu, Mapo gu, Mapogu) or its
stem (마포, Mapo) as a word of its own; a name inside a longer word does not count, so 강서구 never names a 서구
and 강남역 (a station on the border of two districts) names none. A text naming exactly one district matches it;
a text naming none or several (an ambiguous one) matches nothing and waits for the secretariat.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from socialchallenge.models.places import District

# Suffixes of district names (Korean and romanised) that people drop: 마포구 → 마포, Mapo-gu → Mapo.
KO_SUFFIXES = ("구", "군", "시")
EN_SUFFIXES = ("gu", "gun", "si")


def _fold(text: str) -> str:
    """NFKC, lower case, every run of non-word characters (spaces, hyphens, commas) turned into one space."""
    return " ".join(re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", text or "").lower()).split())


def _names(name_ko: str, name_en: str) -> set[str]:
    """The folded ways of writing one district's name as a word of its own."""
    names = {_fold(name_en)}
    ko = _fold(name_ko)
    for suffix in KO_SUFFIXES:
        # A one-syllable stem (중 of 중구) is too common a word to stand for the district.
        if ko.endswith(suffix) and len(ko) - len(suffix) >= 2:
            names.add(ko[: -len(suffix)])
    en = _fold(name_en)
    for suffix in EN_SUFFIXES:
        if en.endswith(" " + suffix):
            stem = en[: -len(suffix) - 1]
            names.add(stem + suffix)  # "mapogu"
            if len(stem) >= 4:
                names.add(stem)  # "mapo"
    return {n for n in names if n}


class Matcher:
    """Matches free-text areas against one list of districts."""

    def __init__(self, districts: Iterable[District | tuple[str, str, str]]):
        """Prepare the patterns of every district (models or (code, name_ko, name_en) tuples)."""
        self._patterns: list[tuple[str, re.Pattern[str]]] = []
        for d in districts:
            code, name_ko, name_en = (d.code, d.name_ko, d.name_en) if isinstance(d, District) else d
            words = "|".join(re.escape(n) for n in sorted(_names(name_ko, name_en), key=len, reverse=True))
            pattern = rf"(?<!\w)(?:{words})(?!\w)"
            if _fold(name_ko):
                pattern += rf"|(?<!\w){re.escape(_fold(name_ko))}"
            self._patterns.append((code, re.compile(pattern)))

    def candidates(self, area: str | None) -> set[str]:
        """The codes of every district the text names."""
        folded = _fold(area or "")
        return {code for code, pattern in self._patterns if pattern.search(folded)} if folded else set()

    def match(self, area: str | None) -> str | None:
        """The code of the one district the text names, or None when it names none or several."""
        found = self.candidates(area)
        return found.pop() if len(found) == 1 else None

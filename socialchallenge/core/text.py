"""The one text cleaner: Unicode normalisation, trimming, control characters, invisible-only text and lengths.

Every text a member types goes through `clean_text` (or `Problems.text`), so the rules hold everywhere at once:
- NFC, so the same word typed on two keyboards is stored the same way (Hangul jamo become syllables);
- whitespace and invisible characters (zero-width spaces, joiners, the byte-order mark, Hangul fillers) are trimmed
  from both ends, so text made only of them is blank and does not fill a required field;
- control characters are refused, naming the field: XML 1.0 forbids them (the Atom feeds) and PostgreSQL refuses
  NUL; single-line text (titles, names) also refuses every line break, so a title cannot add a mail header;
- lengths are counted after cleaning.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask_babel import gettext as _

from socialchallenge.errors import ValidationFailed

# Characters that show nothing: zero-width space, non-joiner and joiner, word joiner, byte-order mark,
# the Hangul fillers (compatibility, choseong, jungseong, half-width), the Mongolian vowel separator, soft hyphen.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u3164\u115f\u1160\uffa0\u180e\u00ad"
_EDGES = re.compile(f"^[\\s{INVISIBLE}]+|[\\s{INVISIBLE}]+$")
_INVISIBLE_ANYWHERE = re.compile(f"[{INVISIBLE}]")
_ONLY_INVISIBLE = re.compile(f"[\\s{INVISIBLE}]*")
# Refused in any text: C0 controls but tab and line breaks, DEL and C1 controls, lone surrogates, U+FFFE/U+FFFF.
_MULTI_LINE_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Refused in single-line text: every control character and every character Python splits lines at.
_SINGLE_LINE_BAD = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


class TextProblem(ValueError):
    """What is wrong with a text, as the message shown beside its field."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def trim(value: str) -> str:
    """The text without whitespace or invisible characters at either end."""
    return _EDGES.sub("", value)


def is_blank(value: Any) -> bool:
    """Whether a value counts as not filled in: None, an empty list, or text of only whitespace and invisibles."""
    if value is None:
        return True
    if isinstance(value, str):
        return _ONLY_INVISIBLE.fullmatch(value) is not None
    if isinstance(value, (list, tuple)):
        return len(value) == 0
    return False


def has_control_characters(value: str, single_line: bool = False) -> bool:
    """Whether the text holds a character refused in text (see the module's docstring)."""
    return (_SINGLE_LINE_BAD if single_line else _MULTI_LINE_BAD).search(value) is not None


def comparison_key(value: str) -> str:
    """The form two names are compared in to find look-alikes: NFKC (full-width letters become plain ones),
    without invisible characters, whitespace folded to one space, case-folded."""
    return " ".join(_INVISIBLE_ANYWHERE.sub("", unicodedata.normalize("NFKC", value)).split()).casefold()


def text(value: Any, *, max_length: int | None = None, min_length: int | None = None, required: str | None = None,
         single_line: bool = False, too_long: str | None = None, too_short: str | None = None) -> str:
    """The cleaned text, or TextProblem.

    None is blank. `required` is the message for blank text (without it blank text is returned as "");
    `too_long` and `too_short` replace the usual length messages; the minimum applies to text that is not blank."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise TextProblem(_("Must be text."))
    if has_control_characters(value, single_line):
        if single_line:
            raise TextProblem(_("Use one line of text without control characters (such as line breaks)."))
        raise TextProblem(_("Remove the control characters from this text."))
    value = trim(unicodedata.normalize("NFC", value))
    if not value:
        if required:
            raise TextProblem(required)
        return value
    if max_length is not None and len(value) > max_length:
        raise TextProblem(too_long or _("Use at most %(n)d characters.", n=max_length))
    if min_length is not None and len(value) < min_length:
        raise TextProblem(too_short or _("Use at least %(n)d characters.", n=min_length))
    return value


def clean_text(field: str, value: Any, **rules: Any) -> str:
    """The cleaned text of one field, or ValidationFailed naming that field (rules as for `text`)."""
    problems = Problems()
    cleaned = problems.text(field, value, **rules)
    problems.raise_if_any()
    return cleaned


class Problems(dict):
    """Collects (field, message) pairs while a form's fields are cleaned, so every problem is reported at once."""

    def text(self, field: str, value: Any, **rules: Any) -> str:
        """The cleaned text (rules as for `text`); on a problem, notes it under `field` and returns ""."""
        try:
            return text(value, **rules)
        except TextProblem as problem:
            self[field] = problem.message
            return ""

    def raise_if_any(self, message: str | None = None) -> None:
        """Raise ValidationFailed listing every problem noted, if there is one."""
        if self:
            raise ValidationFailed(message or _("Please correct the marked fields."), dict(self))

"""Ranges the spec fixes, defined once: forms, validation, queries, the OpenAPI document and the models read them."""

from __future__ import annotations

SDG_MIN, SDG_MAX = 1, 17  # the UN Sustainable Development Goals
SDGS = range(SDG_MIN, SDG_MAX + 1)

MIN_SOLUTIONS_MIN, MIN_SOLUTIONS_MAX = 1, 20  # solutions at proposal or later that open a challenge's selection
MIN_SOLUTIONS = range(MIN_SOLUTIONS_MIN, MIN_SOLUTIONS_MAX + 1)
MIN_SOLUTIONS_DEFAULT = 4


def sdg_number(raw: object) -> int | None:
    """An SDG number from a query-string value or a JSON number, or None when it is not one of 1–17."""
    if isinstance(raw, str):
        raw = raw.strip()
        if not (raw.isascii() and raw.isdigit()):
            return None
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int):
        return None
    return raw if raw in SDGS else None

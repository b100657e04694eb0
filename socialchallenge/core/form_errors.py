"""One way to show a domain error on a web form: its (field, message) pairs go under the matching inputs."""

from __future__ import annotations

from typing import Any


def show_errors(form: Any, fields: dict[str, str], aliases: dict[str, str] | None = None) -> dict[str, str]:
    """Put each (field, message) pair on the form's field of that name (or its alias: domain name → form name).

    Returns the pairs the form has no field for, so the caller can show them elsewhere (a summary, a flash)."""
    others = {}
    for name, message in fields.items():
        name = (aliases or {}).get(name, name)
        if name in form:
            errors = form[name].errors
            if isinstance(errors, tuple):  # WTForms keeps a tuple until the field is validated
                form[name].errors = errors = list(errors)
            errors.append(message)
        else:
            others[name] = message
    form._errors = None  # WTForms caches form.errors; recomputed with the messages just added
    return others

"""Who counts as staff: the one check every secretariat domain function (and any feature's staff action) starts with."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from socialchallenge.errors import NotAllowed


def is_staff(user: Any) -> bool:
    """Secretariat users and admins (signed in)."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_secretariat", False))


def require_staff(user: Any) -> None:
    """NotAllowed unless the user is secretariat staff."""
    if not is_staff(user):
        raise NotAllowed(_("Only the secretariat may do this."))

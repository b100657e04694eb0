"""Who counts as staff: kept here for the secretariat's modules; the rule itself is accounts/staff.py, so other
features' staff actions check it without importing the secretariat."""

from socialchallenge.accounts.staff import is_staff, require_staff

__all__ = ["is_staff", "require_staff"]

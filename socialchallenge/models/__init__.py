"""All models, imported here so Alembic and the app see one complete metadata."""

from socialchallenge.models.accounts import (
    ApiToken,
    Organisation,
    OrganisationKind,
    OrganisationMember,
    PasswordReset,
    Role,
    User,
)
from socialchallenge.models.mail import OutboxMail

__all__ = [
    "ApiToken",
    "Organisation",
    "OrganisationKind",
    "OrganisationMember",
    "OutboxMail",
    "PasswordReset",
    "Role",
    "User",
]

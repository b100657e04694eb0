"""Domain errors: what a rule or a validation says, carrying (field, message) pairs."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the domain layer raises; views map it to a form message or an API answer."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, fields: dict[str, str] | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.fields = dict(fields or {})
        if code:
            self.code = code


class ValidationFailed(DomainError):
    """Input is invalid or required fields are missing (API: 422)."""

    status = 422
    code = "validation_failed"


class RuleViolation(DomainError):
    """A rule of the pipeline forbids the action now (API: 409)."""

    status = 409
    code = "conflict"


class NotAllowed(DomainError):
    """The acting user may not do this (API: 403)."""

    status = 403
    code = "forbidden"


class NotFound(DomainError):
    """The thing asked for does not exist or is not visible (API: 404)."""

    status = 404
    code = "not_found"


class TooLarge(DomainError):
    """An upload is larger than its kind allows (API: 413)."""

    status = 413
    code = "too_large"

"""Community: supports, follows, comments, reports and notifications (domain functions, no web code)."""

from socialchallenge.community import digest  # noqa: F401  (registers the "digest" job for `flask jobs run`)

"""Open data: CSV downloads of everything public, with no personal data."""

from socialchallenge.opendata.views import bp

__all__ = ["bp"]

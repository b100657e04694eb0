"""Search over challenges, solutions and learnings: substring matching that works for Korean and English."""

from socialchallenge.search.query import SORTS, Filters, Hit, SearchResult, search

__all__ = ["SORTS", "Filters", "Hit", "SearchResult", "search"]

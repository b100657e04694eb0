"""Search over challenges, solutions and learnings: substring matching that works for Korean and English."""

from socialchallenge.search.filters import SORTS, Filters, ListArgs, parse_filters
from socialchallenge.search.query import Hit, SearchResult, challenge_list, search

__all__ = ["SORTS", "Filters", "Hit", "ListArgs", "SearchResult", "challenge_list", "parse_filters", "search"]

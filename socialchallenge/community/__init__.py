"""Community: supports, follows, comments, reports and notifications (domain functions, no web code)."""

"""The lowest layer: field cleaners, shared ranges, form errors and paging. It imports nothing of the app above it
(models, domain, views), so everything may import it."""

"""Demo content for the pipeline pages (filled in below)."""

"""Pages for workshops."""

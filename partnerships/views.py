"""Pages for partnerships."""

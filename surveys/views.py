"""Pages for surveys."""

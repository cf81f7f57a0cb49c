"""Pages: perceptions."""

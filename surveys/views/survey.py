"""Pages: survey."""

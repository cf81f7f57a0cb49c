"""Pages: reports."""

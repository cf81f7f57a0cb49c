"""Pages: cycles."""

"""Writes: imports."""

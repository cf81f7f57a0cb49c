"""Writes: paper."""

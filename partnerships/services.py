"""Writes that matter for partnerships."""

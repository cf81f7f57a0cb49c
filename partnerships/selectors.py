"""Reads that matter for partnerships."""

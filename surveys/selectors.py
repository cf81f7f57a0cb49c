"""Reads that matter for surveys."""

"""Writes that matter for surveys."""

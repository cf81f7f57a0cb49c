"""Writes that matter for workshops."""

"""Reads that matter for workshops."""

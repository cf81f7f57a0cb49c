"""Writes: packets."""

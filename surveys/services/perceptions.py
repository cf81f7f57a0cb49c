"""Writes: perceptions."""

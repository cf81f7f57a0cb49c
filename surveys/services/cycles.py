"""Writes: cycles."""

"""Writes: reminders."""

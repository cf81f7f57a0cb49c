"""Workshops: tables arrive with the issues that build this part of the program."""

"""Reads that matter for surveys, one module per area: reports, representativeness, items, rotation, perceptions."""

"""Writes that matter for surveys, one module per area: instruments, cycles, rosters and child counts,
responses (web, paper, imported), reminders, packets, perceptions."""

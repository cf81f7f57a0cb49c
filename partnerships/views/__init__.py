"""Pages for one-year plans, one module per reason to change: a plan's own pages, its workflow
steps, lists of plans, and reports (CSV, coverage, print, PDF, history)."""

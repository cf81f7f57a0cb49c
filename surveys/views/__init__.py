"""The surveys app's pages, one module per area."""

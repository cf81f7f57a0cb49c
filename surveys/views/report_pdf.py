"""Pages: the district report PDF."""

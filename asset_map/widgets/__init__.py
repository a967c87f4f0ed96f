"""Reusable widgets: results table, asset card, filter bar. Presentation only."""

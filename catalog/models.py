"""Catalog models: see DESIGN.md."""

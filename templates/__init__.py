"""The report templates, shipped as package data."""

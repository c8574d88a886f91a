"""The built-in questionnaires, shipped as package data."""

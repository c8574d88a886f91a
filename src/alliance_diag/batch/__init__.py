"""Batch scoring of survey exports: read, map, score each row, write CSV and reports."""

"""alliance-diag: how ready an association is to form an alliance, and what to do next."""

__version__ = "0.2.0"

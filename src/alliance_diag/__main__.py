"""Entry point for ``python -m alliance_diag``."""

from alliance_diag.cli import main

main()

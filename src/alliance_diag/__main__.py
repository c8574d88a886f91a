"""Entry point for ``python -m alliance_diag``."""

from alliance_diag.cli.app import main

main()

"""`python -m klynge_cli` runs the command line."""

from klynge_cli.cli import main

main()

"""The commands of `klynge`, one module each: load → compute → render → write, nothing more.

`common.py` holds what several commands share: the error funnel (`handled`), the options defined
once, and the parsing of option values. `klynge_cli/cli.py` registers the commands on the app.
"""

"""klynge: exact co-financing of regional cluster offices by Danish municipalities."""

__version__ = "0.1.0"

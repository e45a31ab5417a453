"""How much work a run may be asked for, checked before the work starts (docs/limits.md).

klynge reads files passed around by e-mail and runs in CI pipelines, so the work a run does is
bounded by what its input *means* (clusters, years, rows, withdrawal sets), not only by its size
in bytes: a 6 KB scenario must not ask for a million rows. Each limit sits far above every real
agreement (the largest, all 98 municipalities in 11 clusters over 8 years, is about 9,000 rows)
and keeps every run under about a second. A limit that is reached is an input error (exit 2)
whose message names the limit and what to do instead.
"""

from __future__ import annotations

MAX_FILE_BYTES = 1024 * 1024  # any file klynge reads (population file, CSV, calendar)
# A scenario is read by a pure-Python YAML scanner at about a microsecond a character; the
# largest real one is some 30 KB.
MAX_SCENARIO_BYTES = 256 * 1024

# YAML: ruamel.yaml's pure-Python parser needs some 50-100 µs per value, so the number of values
# (not bytes) is what bounds parsing. The shipped scenarios hold under 200; one that lists all
# 98 municipalities by name in each of 11 clusters, about 1,300.
MAX_YAML_VALUES = 5_000  # values (keys, scalars, lists, mappings) written in a scenario file
MAX_ALIAS_VALUES = 5_000  # values that aliases may add by repeating anchored ones
MAX_DEPTH = 64  # nesting, counted through aliases
MAX_DIGITS = 30  # digits of a number: no amount, year or rate needs more

# Years (of a scenario, a population figure, a date): wide enough for any agreement, narrow
# enough that a date a year after the last is still a date.
FIRST_YEAR, LAST_YEAR = 1900, 2999

# What a scenario may ask to compute.
MAX_YEARS_PER_CLUSTER = 100  # financed years of one cluster (an agreement runs 4-8)
MAX_CLUSTER_YEARS = 2_500  # clusters × their years, over the whole scenario
MAX_ROWS = 25_000  # allocation rows (a municipality in a cluster and year), over the scenario
# A workbook writes some ten formula cells per allocation row, each through XlsxWriter's
# Python: about 0.3 ms a row with the exactness check of every cell.
MAX_WORKBOOK_ROWS = 2_000  # some 1.2 s for the worst workbook, 1.4 s with its report
# Each cluster-year adds a block of formula columns and status rows (some 2.6 ms), each cluster
# a sheet (some 3.8 ms): 11 national clusters over 8 years are 88 cluster-years.
MAX_WORKBOOK_CLUSTER_YEARS = 100
MAX_WORKBOOK_CLUSTERS = 20
# Excel's own limit on a formula's length (longer, and it reports the file as damaged). Only a
# bill on the Total sheet grows with the workbook: it adds the municipality's amounts from
# every cluster sheet, some 40 characters each.
MAX_FORMULA_CHARS = 8_192

# A calendar (`schedule --format ics`) is written through icalendar, some 0.8 ms an event; a
# calendar of all 98 municipalities in 14 clusters over 8 years has 322 events in 504 KB. The
# same bound holds for the calendar `schedule --previous` reads (each of its events decoded
# and, once gone, written again as cancelled), so klynge reads back any calendar it writes.
MAX_CALENDAR_EVENTS = 1_000

# `klynge sweep`: a withdrawal set under a held pool (or pro-rata, fixed) is split one by one,
# and a split among p participants costs about p steps (some 2 µs each).
MAX_SWEEP_STEPS = 1_500_000  # raise with --max-steps; the seed's 2^16 sets need 1,048,576
STEP_MICROSECONDS = 2  # for the time estimate in the message

# The what-if section of `klynge report` embeds the outcome of every withdrawal set it offers,
# computed in advance. Each set that needs its own split costs a step per participant left, and
# checking that klynge answers a size at all costs a step per member and year of the cluster
# (a step is under a microsecond). The page shares MAX_WHATIF_STEPS among its cluster-years, at
# most MAX_WHATIF_YEAR_STEPS each; the sizes beyond are "not embedded" and the page names the
# `klynge whatif` command instead. An embedded amount is at most some 7 bytes of page.
MAX_WHATIF_STEPS = 300_000  # about 0.3 s and 2 MB; the seed needs 8,768, four clusters 28,496
MAX_WHATIF_YEAR_STEPS = 30_000  # a cluster-year: under pro-rata, the seed's sets of up to 3


def exceeded(what: str, asked: int, limit: int, advice: str) -> str:
    """The message for a limit reached: what was asked, the limit, and what to do instead."""
    return f"{what} is {asked:,}; klynge allows at most {limit:,} (docs/limits.md). {advice}"

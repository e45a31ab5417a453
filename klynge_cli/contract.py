"""The output contract's field names (SPEC §4, §5), in one place for writers and readers."""

from __future__ import annotations

ALLOCATION_FIELDS = ("cluster", "year", "municipality", "role", "population", "share", "amount")
ALLOCATION_KEY = ("cluster", "year", "municipality", "role")  # §7: a top-up has its own row
STATUS_FIELDS = (
    "cluster",
    "year",
    "formula",
    "members",
    "participants",
    "held",
    "pool",
    "lead_amount",
    "top_ups",
    "co_funded",
    "total",
)
PAYMENT_FIELDS = ("due_date", "year", "cluster", "kind", "payer", "payee", "amount")
PAYMENT_KEY = ("year", "cluster", "kind", "payer")
COMPARISON_FIELDS = ("cluster", "year", "municipality", "baseline", "whatif", "change")
DIFF_FIELDS = ("status", "cluster", "year", "municipality", "role", "old", "new", "change")

#: Columns holding decimal numbers, whose point becomes a comma in the `excel-da` dialect.
DECIMAL_FIELDS = frozenset(
    {
        "share",
        "amount",
        "pool",
        "lead_amount",
        "total",
        "top_ups",
        "co_funded",
        "baseline",
        "whatif",
        "change",
        "old",
        "new",
    }
)

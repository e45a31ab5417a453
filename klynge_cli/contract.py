"""The output contract's field names (SPEC §4, §5), in one place for writers and readers."""

from __future__ import annotations

ALLOCATION_FIELDS = ("cluster", "year", "municipality", "role", "population", "share", "amount")
ALLOCATION_KEY = ("cluster", "year", "municipality")
STATUS_FIELDS = (
    "cluster",
    "year",
    "members",
    "participants",
    "held",
    "pool",
    "lead_amount",
    "total",
)
PAYMENT_FIELDS = ("due_date", "year", "cluster", "kind", "payer", "payee", "amount")
PAYMENT_KEY = ("year", "cluster", "kind", "payer")
COMPARISON_FIELDS = ("cluster", "year", "municipality", "baseline", "whatif", "change")
DIFF_FIELDS = ("status", "cluster", "year", "municipality", "old", "new", "change")

#: Columns holding decimal numbers, whose point becomes a comma in the `excel-da` dialect.
DECIMAL_FIELDS = frozenset(
    {
        "share",
        "amount",
        "pool",
        "lead_amount",
        "total",
        "baseline",
        "whatif",
        "change",
        "old",
        "new",
    }
)

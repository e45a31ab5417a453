"""Row-by-row differences between two tables of results, keyed by the fields that identify a row.

Both sides are records in the contract's text form (as CSV holds them), so a CSV file and the
scenario that produced it compare equal, field for field.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

from klynge_cli.money import ore_from_text

Row = dict[str, str]
Status = Literal["changed", "added", "removed"]


class RowChange(NamedTuple):
    key: tuple[str, ...]
    old: Row | None
    new: Row | None

    @property
    def status(self) -> Status:
        if self.old is None:
            return "added"
        return "removed" if self.new is None else "changed"

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields that differ (all of them for an added or removed row)."""
        old, new = self.old or {}, self.new or {}
        return tuple(f for f in (self.new or self.old or {}) if old.get(f) != new.get(f))

    def amount(self, side: Row | None, field: str = "amount") -> int:
        return 0 if side is None else ore_from_text(side[field]) or 0

    def change(self, field: str = "amount") -> int:
        return self.amount(self.new, field) - self.amount(self.old, field)


class Difference(NamedTuple):
    compared: int  # rows on either side
    changes: tuple[RowChange, ...]

    @property
    def equal(self) -> bool:
        return not self.changes

    def number(self, status: Status) -> int:
        return sum(1 for c in self.changes if c.status == status)

    def change_by(self, field: str, amount_field: str = "amount") -> dict[str, int]:
        """Total change of `amount_field` per value of `field` (e.g. per year), in øre."""
        totals: dict[str, int] = {}
        for c in self.changes:
            side = c.new or c.old
            assert side is not None
            totals[side[field]] = totals.get(side[field], 0) + c.change(amount_field)
        return dict(sorted(totals.items()))


# SPEC §7 keys allocation rows by role too, so that a top-up is not taken for its member's
# share. A municipality's own row is one row whether it leads, pays or has withdrawn: a
# withdrawal shows as a change of role, not as a row removed and another added.
OWN_ROW = {"lead": "", "member": "", "withdrawn": ""}


def keyed(rows: Sequence[Row], key: Sequence[str], shown: str) -> dict[tuple[str, ...], Row]:
    """Rows by their key. A schedule may hold two rows with one key (a member's share and its
    top-up, collected on one day): the second is told apart by its place, `#2`."""
    found: dict[tuple[str, ...], Row] = {}
    for row in rows:
        k = tuple(OWN_ROW.get(row[f], row[f]) if f == "role" else row[f] for f in key)
        if k in found:
            count = 2
            while (*k, f"#{count}") in found:
                count += 1
            k = (*k, f"#{count}")
        found[k] = row
    return found


def diff_rows(
    old: Sequence[Row], new: Sequence[Row], key: Sequence[str], shown: tuple[str, str]
) -> Difference:
    """Changed, added and removed rows, in the order of the old rows, then the new ones."""
    before, after = keyed(old, key, shown[0]), keyed(new, key, shown[1])
    changes = [RowChange(k, row, after.get(k)) for k, row in before.items() if after.get(k) != row]
    changes.extend(RowChange(k, None, row) for k, row in after.items() if k not in before)
    return Difference(len(before.keys() | after.keys()), tuple(changes))

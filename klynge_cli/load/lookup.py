"""Finding what the command line names in a loaded scenario: a cluster, a year, a municipality."""

from klynge_cli.errors import KlyngeError
from klynge_cli.load.checker import Names
from klynge_cli.model import Cluster, Scenario
from klynge_cli.names import listing, suggest
from klynge_cli.resources import shown_scenario


def selection(
    scenario: Scenario, cluster: str | None, year: int | None
) -> tuple[str | None, int | None]:
    """Check `--cluster` and `--year` against the scenario; return them for `Allocation.select`."""
    chosen = scenario.clusters
    if cluster is not None:
        known = {c.id: c.id for c in scenario.clusters}
        if cluster not in known:
            raise KlyngeError(
                f"--cluster {cluster}: no such cluster in {shown_scenario(scenario.file)}"
                f"{suggest(cluster, known, key=str.lower)}; its clusters are {listing(known)}"
            )
        chosen = (scenario.cluster(cluster),)
    if year is not None and not any(year in c.years for c in chosen):
        spans = listing(f"{c.id} {c.first_year}-{c.last_year}" for c in chosen)
        raise KlyngeError(f"--year {year}: no financed year {year} in {spans}")
    return cluster, year


def find_municipality(scenario: Scenario, raw: str, option: str) -> str:
    """A municipality named on the command line, as the population data writes it."""
    names = Names(scenario.populations.table)
    name = names.find(raw)
    if name is None:
        raise KlyngeError(f"{option} {raw}: {names.problem(raw)}")
    return name


def member_cluster(scenario: Scenario, name: str, cluster: str | None, year: int | None) -> Cluster:
    """The cluster to explain: the one named, else the first `name` belongs to (in `year`)."""
    for candidate in scenario.clusters:
        if cluster is not None and candidate.id != cluster:
            continue
        if year is not None and year not in candidate.years:
            continue
        if name == candidate.lead or name in candidate.members:
            return candidate
    where = f"cluster {cluster}" if cluster else "any cluster"
    when = f" in {year}" if year else ""
    raise KlyngeError(f"{name} is not a member of {where}{when} in {shown_scenario(scenario.file)}")

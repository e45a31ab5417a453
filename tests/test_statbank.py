"""`klynge populations import`: Danmarks Statistik's FOLK1A export into klynge's format."""

from __future__ import annotations

from pathlib import Path

from helpers import run, write

EXPORT = (
    "\ufeff"
    '"OMRÅDE";"TID";"INDHOLD"\n'
    '"Hele landet";"2021K1";"5840045"\n'
    '"Region Nordjylland";"2021K1";"590439"\n'
    '"Aalborg";"2021K1";"219487"\n'
    '"Aalborg";"2021K2";"219900"\n'
    '"Hjørring";"2021K1";"64238"\n'
    '"851 Aalborg";"2023K1";"221082"\n'
    '"860 Hjørring";"2023K1";"64011"\n'
    '"Christiansø";"2021K1";"89"\n'
)  # test data with made-up figures, shaped like a Statbank export


def test_import_keeps_first_quarters_of_municipalities(tmp_path: Path) -> None:
    source = tmp_path / "FOLK1A.csv"
    source.write_text(EXPORT, encoding="utf-8")
    result = run("populations", "import", source)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "code,municipality,region,year,population,source",
        "851,Aalborg,Nordjylland,2021,219487,FOLK1A 1 Jan 2021 (Danmarks Statistik Statbank export FOLK1A.csv)",
        "860,Hjørring,Nordjylland,2021,64238,FOLK1A 1 Jan 2021 (Danmarks Statistik Statbank export FOLK1A.csv)",
        "851,Aalborg,Nordjylland,2023,221082,FOLK1A 1 Jan 2023 (Danmarks Statistik Statbank export FOLK1A.csv)",
        "860,Hjørring,Nordjylland,2023,64011,FOLK1A 1 Jan 2023 (Danmarks Statistik Statbank export FOLK1A.csv)",
    ]


def test_imported_figures_drive_a_scenario(tmp_path: Path) -> None:
    source = write(tmp_path, "FOLK1A.csv", EXPORT)
    assert run("populations", "import", source, "-o", tmp_path / "pop.csv").exit_code == 0
    write(
        tmp_path,
        "nord.yaml",
        """
        klynge: 1
        populations: {file: pop.csv, year: each}
        members: [Aalborg, Hjørring]
        clusters: [{id: c, name: C, lead: Aalborg, years: [2021, 2021]}]
        """,
    )
    rows = run("allocate", tmp_path / "nord.yaml", "--format", "csv").stdout.splitlines()
    assert rows[1:] == [
        "c,2021,Aalborg,lead,219487,,500000.00",
        "c,2021,Hjørring,member,64238,1.000000,500000.00",
    ]


def test_a_region_is_the_municipality_tables_not_the_files(tmp_path: Path) -> None:
    """R16: the file has 2 of Nordjylland's 11 municipalities; the other 9 are not silently
    dropped (every share would change), they are named as missing."""
    source = write(tmp_path, "FOLK1A.csv", EXPORT)
    assert run("populations", "import", source, "-o", tmp_path / "pop.csv").exit_code == 0
    write(
        tmp_path,
        "nord.yaml",
        """
        klynge: 1
        populations: {file: pop.csv, year: 2021}
        members: {region: Region Nordjylland}
        clusters: [{id: c, name: C, lead: Aalborg, years: [2021, 2021]}]
        """,
    )
    result = run("allocate", tmp_path / "nord.yaml", "--format", "csv")
    assert result.exit_code == 2
    assert result.stderr == (
        f"{tmp_path}/nord.yaml:2:14: no population figures for 1 January 2021 in "
        f"{tmp_path}/pop.csv for Brønderslev, Frederikshavn, Jammerbugt, Læsø, Mariagerfjord, "
        "Morsø, Rebild, Thisted, … (9 in all); the file has 2021, 2023. Add the figures "
        "(`klynge populations import`), or choose another `populations: year`\n"
    )


def test_mistakes_are_listed_with_lines(tmp_path: Path) -> None:
    source = write(
        tmp_path,
        "bad.csv",
        '"OMRÅDE";"TID";"INDHOLD"\n"Aalborrg";"2021K1";"219487"\n"Hjørring";"2021";"64238"\n'
        '"Hjørring";"2022K1";".."\n',
    )
    result = run("populations", "import", source)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{source}:2: unknown municipality 'Aalborrg' (did you mean Aalborg?)",
        f"{source}:3: TID '2021' is not a quarter like 2021K1",
        f"{source}:4: INDHOLD '..' for Hjørring is not a population",
    ]


def test_a_breakdown_by_sex_is_refused(tmp_path: Path) -> None:
    source = write(
        tmp_path,
        "sex.csv",
        "OMRÅDE;KØN;TID;INDHOLD\nAalborg;Mænd;2021K1;109000\nAalborg;Kvinder;2021K1;110487\n",
    )
    result = run("populations", "import", source)
    assert result.exit_code == 2
    assert "Aalborg 2021K1 appears twice (also line 2); export totals only" in result.stderr


def test_not_an_export(tmp_path: Path) -> None:
    source = write(tmp_path, "other.csv", "municipality,population\nAalborg,1\n")
    result = run("populations", "import", source)
    assert result.exit_code == 2
    assert (
        "is not a Statbank FOLK1A export: the header has no OMRÅDE, TID, INDHOLD" in result.stderr
    )

"""At home in a Danish town hall: `--locale da`, `--dialect excel-da`, `klynge init`."""

from __future__ import annotations

from pathlib import Path

from helpers import FOUR, SEED, run


def test_danish_table_numbers_and_words() -> None:
    text = run("allocate", "--locale", "da").stdout
    assert "Kommune" in text and "I alt" in text
    assert "Beløb i kr." in text
    assert "Næstved (leadkommune)     500.000 " in text
    assert " 24.292 " in text and " 1.000.000 " in text
    assert "2021: 16 af 16 deltager: puljen fastholdes på 500.000 kr." in text


def test_danish_markdown_and_whatif() -> None:
    markdown = run("allocate", "--format", "markdown", "--locale", "da").stdout
    assert "| Faxe                  |    24.292 kr. |" in markdown
    assert "| Næstved (leadkommune) |   500.000 kr. |" in markdown  # the table's word, too
    text = run(
        "whatif", "-w", "Roskilde@2023", "-w", "Slagelse@2023", "-w", "Køge@2024", "--locale", "da"
    ).stdout
    assert "31.237 (+6.945)" in text
    assert "nedjusteret 13/16, 348.155 kr. (81,25 % < 85 %), grundandele (baseline-shares)" in text


def test_english_stays_the_default() -> None:
    assert " 24,292 " in run("allocate").stdout


def test_excel_da_csv_opens_in_danish_excel() -> None:
    data = run("allocate", SEED, "--format", "csv", "--dialect", "excel-da").stdout_bytes
    assert data.startswith("\ufeff".encode())
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "cluster;year;municipality;role;population;share;amount"
    assert lines[2] == "wbd;2021;Faxe;member;36713;0,048584;24292,00"
    schedule = run(
        "schedule", FOUR, "--format", "csv", "--dialect", "excel-da"
    ).stdout_bytes.decode("utf-8-sig")
    assert "2021-03-31;2021;wbd;pay;Næstved;Gate 21;1000000,00" in schedule


def test_excel_da_keeps_names_that_look_like_formulas_as_text(tmp_path: Path) -> None:
    """Excel runs `=…`, `+…`, `-…` and `@…` cells of a CSV as formulas: a name from a scenario
    never becomes one. Negative amounts stay numbers; the plain contract stays as written."""
    text = SEED.read_text(encoding="utf-8").replace(
        "    payee: Gate 21 ",
        "    co_funders: [{name: '=1+1', amount: 5}, {name: '@SUM(A1)', amount: 5}]\n"
        '    payee: \'+HYPERLINK("http://evil","x")\' ',
    )
    assert "HYPERLINK" in text
    scenario = tmp_path / "s.yaml"
    scenario.write_text(text, encoding="utf-8")
    allocation = run("allocate", scenario, "--format", "csv", "--dialect", "excel-da")
    assert allocation.exit_code == 0, allocation.stderr
    assert "wbd;2021;'=1+1;co-funder;;;5,00" in allocation.stdout
    assert "wbd;2021;'@SUM(A1);co-funder;;;5,00" in allocation.stdout
    schedule = run("schedule", scenario, "--format", "csv", "--dialect", "excel-da").stdout
    assert ';"\'+HYPERLINK(""http://evil"",""x"")";' in schedule
    whatif = run("whatif", "-w", "Roskilde", "--format", "csv", "--dialect", "excel-da").stdout
    assert "wbd;2021;Roskilde;58816,00;0,00;-58816,00" in whatif  # a negative number stays one
    plain = run("allocate", scenario, "--format", "csv").stdout
    assert "wbd,2021,=1+1,co-funder,,,5.00" in plain


def test_the_plain_csv_contract_does_not_change() -> None:
    assert (
        run("allocate", SEED, "--format", "csv").stdout.splitlines()[2]
        == "wbd,2021,Faxe,member,36713,0.048584,24292.00"
    )


def test_fields_with_commas_and_quotes_are_quoted(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        "payee: Gate 21 ", "payee: 'Gate 21, \"Østdanmark\"' "
    )
    path = tmp_path / "quoted.yaml"
    path.write_text(text, encoding="utf-8")
    row = run("schedule", path, "--format", "csv").stdout.splitlines()[1]
    assert row == '2021-03-31,2021,wbd,pay,Næstved,"Gate 21, ""Østdanmark""",1000000.00'


def test_init_writes_a_template_that_validates(tmp_path: Path) -> None:
    path = tmp_path / "kkr-nordjylland.yaml"
    result = run("init", path)
    assert result.exit_code == 0 and path.exists()
    text = path.read_text(encoding="utf-8")
    assert "name: kkr-nordjylland\n" in text
    assert "# the format version" in text and '"min. 85 % (14/16)"' in text  # comments kept
    assert run("validate", path).exit_code == 0


def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("my work\n", encoding="utf-8")
    result = run("init", path)
    assert result.exit_code == 2
    assert (
        result.stderr == f"{path}: already exists; klynge init never overwrites it (use --force)\n"
    )
    assert path.read_text(encoding="utf-8") == "my work\n"
    assert run("init", path, "--force").exit_code == 0
    assert run("validate", path).exit_code == 0


def test_a_dialect_for_another_format_is_refused_not_ignored() -> None:
    for command in ("allocate", "schedule"):
        result = run(command, "--format", "json", "--dialect", "excel-da")
        assert result.exit_code == 2
        assert result.stderr == "--dialect excel-da: only for --format csv (not json)\n"

"""`klynge init`: the commented scenario templates, one per formula (SPEC R13), with the name set
by ruamel.yaml round-trip (comments, layout and quoting kept), so each validates as written."""

import io
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_FILES = {  # formula → template; `pool` is the agreement of seed 000
    "pool": "scenario.yaml",
    "per-capita": "scenario-per-capita.yaml",
    "bands": "scenario-bands.yaml",
}


def scenario_template(name: str, formula: str = "pool") -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    document = yaml.load((TEMPLATES / TEMPLATE_FILES[formula]).read_text(encoding="utf-8"))
    document["name"] = name
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return buffer.getvalue()

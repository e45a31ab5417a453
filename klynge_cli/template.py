"""`klynge init`: the commented scenario template, with its name set by ruamel.yaml round-trip
(comments, layout and quoting kept), so it validates as it is written."""

import io
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "templates" / "scenario.yaml"


def scenario_template(name: str) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    document = yaml.load(TEMPLATE.read_text(encoding="utf-8"))
    document["name"] = name
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return buffer.getvalue()

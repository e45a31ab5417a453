"""Untrusted YAML in, plain data with positions out.

ruamel.yaml only *composes* the file into nodes here; klynge turns the nodes into plain Python
values itself. So no tag can construct an object or run code (`!!python/...` is an error), an
alias bomb is measured before anything is expanded, and every value keeps its line and column
for error messages. How much a file may hold is bounded by the number of values it has, counted
while it is parsed, and the values aliases add, counted before anything is expanded
(docs/limits.md).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from klynge_cli.errors import KlyngeError, Where, raise_all
from klynge_cli.files import article, read_bytes
from klynge_cli.limits import (
    MAX_ALIAS_VALUES,
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_FILE_BYTES,
    MAX_YAML_VALUES,
)

Path_ = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Characters YAML 1.2 does not allow (c-printable's complement: C0 and C1 controls except tab,
# line feed, carriage return and NEL; DEL; surrogates; U+FFFE and U+FFFF). Checked here with a
# small pattern, so ruamel.yaml's own check (a 4 ms regex compile on every run) can be skipped;
# checked again on every text value, which escapes such as "\ud800" or "\x1b" can produce.
_NON_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
# Byte order marks and NUL patterns of the UTF-16 and UTF-32 encodings Windows tools save.
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


class Document:
    """A YAML file's plain data, and where each value (and each mapping key) starts."""

    def __init__(self, file: str, data: Any = None) -> None:
        self.file = file
        self.data = data
        self.values: dict[Path_, Where] = {}
        self.keys: dict[Path_, Where] = {}

    def where(self, path: Path_, *, key: bool = False) -> Where:
        """The position of the value at `path` (or of its key), else of its nearest ancestor."""
        if key and path in self.keys:
            return self.keys[path]
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, Where(self.file))


def read_text(path: Path, shown: str, *, what: str = "file", limit: int = MAX_FILE_BYTES) -> str:
    """A user's text file as UTF-8 (a BOM is allowed), in Unicode's composed form (NFC), with
    readable errors for everything else.

    NFC: a name typed on a Mac can arrive with a combining ring (`a` + U+030A); composed, it is
    the same `å` as everywhere else, so names compare as people read them.
    """
    raw = read_bytes(path, shown, what=what, limit=limit)
    wide = _wide_encoding(raw)
    if wide:
        raise KlyngeError(
            f"is {wide} text; klynge reads UTF-8: save the {what} as UTF-8", Where(shown)
        )
    if b"\x00" in raw:
        line, column = _line_column(raw[: raw.index(b"\x00")].decode("utf-8", "replace"))
        raise KlyngeError(
            f"contains binary data (a NUL byte); is this really {article(what)}?",
            Where(shown, line, column),
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _line_column(raw[: error.start].decode("utf-8", "replace"))
        raise KlyngeError(
            f"is not UTF-8 text (byte 0x{raw[error.start]:02x}); save the {what} as UTF-8",
            Where(shown, line, column),
        ) from None
    refuse_non_printable(text, shown, what)
    return unicodedata.normalize("NFC", text)


def _wide_encoding(raw: bytes) -> str | None:
    """'UTF-16' or 'UTF-32' when the bytes look like it (a byte order mark, or the NUL byte
    beside every ASCII character that these encodings write), else None."""
    for bom, name in _WIDE_BOMS:
        if raw.startswith(bom):
            return name
    head = raw[:64]
    if len(head) >= 8 and head.count(0) >= len(head) // 2:
        if head[1::4].count(0) == head[2::4].count(0) == len(head) // 4:
            return "UTF-32"
        if not any(head[0::2]) or not any(head[1::2]):
            return "UTF-16"
    return None


def refuse_non_printable(text: str, shown: str, what: str) -> None:
    control = _NON_PRINTABLE.search(text)
    if control is not None:
        line, column = _line_column(text[: control.start()])
        raise KlyngeError(
            f"contains a non-printable character (U+{ord(control.group()):04X}); "
            f"is this really {article(what)}?",
            Where(shown, line, column),
        )


def _line_column(before: str) -> tuple[int, int]:
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


def parse_yaml(text: str, shown: str) -> Document:
    """Compose `text` safely and convert it to plain data; raise `KlyngeError` on any problem."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.events import CollectionEndEvent, DocumentEndEvent
    from ruamel.yaml.parser import Parser
    from ruamel.yaml.reader import Reader

    class CheckedReader(Reader):
        def check_printable(self, data: Any) -> None:
            """`refuse_non_printable` has checked the text already, much faster."""

    class CountingParser(Parser):
        """Stops a file with too many values while it is parsed, before the cost adds up."""

        values = 0

        def get_event(self) -> Any:
            event = super().get_event()
            if not isinstance(event, (CollectionEndEvent, DocumentEndEvent)):
                self.values += 1  # a scalar, an alias, or the start of a list or mapping
                if self.values > MAX_YAML_VALUES + 2:  # the stream and document starts
                    mark = event.start_mark
                    raise KlyngeError(
                        f"the file holds more than {MAX_YAML_VALUES:,} values; a scenario for "
                        "all 98 municipalities needs a few hundred (docs/limits.md)",
                        Where(shown, mark.line + 1, mark.column + 1),
                    )
            return event

    refuse_non_printable(text, shown, "YAML file")
    yaml = YAML(typ="safe", pure=True)
    yaml.Reader = CheckedReader
    yaml.Parser = CountingParser
    yaml.max_depth = MAX_DEPTH
    try:
        node = yaml.compose(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = Where(shown, mark.line + 1, mark.column + 1) if mark else Where(shown)
        problem = " ".join(str(p) for p in (error.context, error.problem) if p)
        if "max_depth" in str(error) or "depth" in problem:
            problem = f"nested deeper than {MAX_DEPTH} levels"
        raise KlyngeError(f"not valid YAML: {problem}", where) from None
    except YAMLError as error:
        raise KlyngeError(f"not valid YAML: {error}", Where(shown)) from None
    except RecursionError:
        raise KlyngeError(f"nested deeper than {MAX_DEPTH} levels", Where(shown)) from None
    except KlyngeError:
        raise
    except Exception as error:
        raise KlyngeError(
            f"not valid YAML ({type(error).__name__}: {error})", Where(shown)
        ) from None
    if node is None:
        raise KlyngeError("the file is empty; a scenario starts with `klynge: 1`", Where(shown))
    _check_size(node, shown)
    document = Document(shown, None)
    problems: list[KlyngeError] = []
    document.data = _convert(node, (), document, problems)
    raise_all(problems)
    return document


def _where(node: Any, shown: str) -> Where:
    mark = node.start_mark
    return Where(shown, mark.line + 1, mark.column + 1)


def _children(node: Any) -> list[Any]:
    if not isinstance(node.value, list):
        return []
    return [part for item in node.value for part in (item if isinstance(item, tuple) else (item,))]


def _check_size(root: Any, shown: str) -> None:
    """Refuse alias bombs, recursive aliases and nesting hidden behind aliases, before anything
    is expanded.

    A node reached again through an alias counts again, so a file's expanded size and depth are
    what conversion would meet. Both are computed once per distinct node (children first, on an
    explicit stack rather than Python's), so even a hostile file costs one pass over its nodes.
    """
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    distinct = 0
    stack: list[tuple[Any, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            children = _children(node)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            depths[key] = 1 + max((depths[id(c)] for c in children), default=0) if children else 0
            open_nodes.discard(key)
            if depths[key] > MAX_DEPTH:
                raise KlyngeError(
                    f"nested deeper than {MAX_DEPTH} levels (counting what aliases repeat)",
                    _where(node, shown),
                )
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise KlyngeError("an alias refers to itself (a recursive anchor)", _where(node, shown))
        open_nodes.add(key)
        distinct += 1
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)
    if sizes[id(root)] > distinct + MAX_ALIAS_VALUES:
        raise KlyngeError(
            f"aliases expand it by more than {MAX_ALIAS_VALUES:,} values; "
            "klynge refuses such files (an alias bomb?)",
            Where(shown),
        )


def _convert(node: Any, path: Path_, doc: Document, problems: list[KlyngeError]) -> Any:
    doc.values.setdefault(path, _where(node, doc.file))
    tag = str(node.tag)
    if tag == _TAG + "map":
        return _convert_mapping(node, path, doc, problems)
    if tag == _TAG + "seq":
        return [_convert(item, (*path, i), doc, problems) for i, item in enumerate(node.value)]
    if tag.startswith(_TAG) and not isinstance(node.value, list):
        try:
            return _scalar(tag[len(_TAG) :], node.value)
        except ValueError as error:
            problems.append(KlyngeError(str(error), _where(node, doc.file)))
            return None
    shown_tag = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
    problems.append(
        KlyngeError(
            f"the tag {shown_tag} is not allowed; a scenario holds plain data only "
            "(mappings, lists, numbers, text, dates)",
            _where(node, doc.file),
        )
    )
    return None


def _convert_mapping(
    node: Any, path: Path_, doc: Document, problems: list[KlyngeError]
) -> dict[Any, Any]:
    result: dict[Any, Any] = {}
    merged: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if str(key_node.tag) == _TAG + "merge":
            sources = value_node.value if str(value_node.tag) == _TAG + "seq" else [value_node]
            for source in sources:
                value = _convert(source, path, doc, problems)
                if isinstance(value, dict):
                    merged = {**value, **merged}
                else:
                    problems.append(
                        KlyngeError("`<<` merges mappings only", _where(source, doc.file))
                    )
            continue
        if isinstance(key_node.value, list):
            problems.append(KlyngeError("a key must be plain text", _where(key_node, doc.file)))
            continue
        key = _convert(key_node, (*path, "<key>"), doc, problems)
        if key in result:
            problems.append(
                KlyngeError(f"`{key}` is given twice in this mapping", _where(key_node, doc.file))
            )
            continue
        doc.keys[(*path, key)] = _where(key_node, doc.file)
        result[key] = _convert(value_node, (*path, key), doc, problems)
    return {**merged, **result}


def _scalar(kind: str, text: str) -> Any:
    if kind == "str":
        control = _NON_PRINTABLE.search(text)
        if control is not None:  # only an escape such as "\ud800" or "\x1b" can write one
            raise ValueError(
                f"the text holds a non-printable character (U+{ord(control.group()):04X}), "
                "which no name or date needs"
            )
        return text
    if kind == "null":
        return None
    if kind == "bool":
        return text.lower() == "true"
    if kind == "int":
        digits = text.replace("_", "")
        sign = -1 if digits.startswith("-") else 1
        digits = digits.lstrip("+-")
        if len(digits) > MAX_DIGITS:
            raise ValueError(f"the number {text[:20]}… is far too large")
        if digits[:2].lower() in ("0x", "0o", "0b"):
            return sign * int(digits, 0)
        return sign * int(digits, 10)
    if kind == "float":
        try:
            number = Decimal(text.replace("_", ""))
        except InvalidOperation:
            raise ValueError(f"{text} is not a finite number") from None
        if not number.is_finite():
            raise ValueError(f"{text} is not a finite number")
        if abs(number.adjusted()) > MAX_DIGITS or len(number.as_tuple().digits) > MAX_DIGITS:
            raise ValueError(f"the number {text[:20]} is far too large or too precise")
        return number
    if kind == "timestamp":
        if not _DATE.fullmatch(text):
            raise ValueError(f"{text} is not a plain date; write dates as YYYY-MM-DD")
        return _iso_date(text)
    raise ValueError(f"values of type !!{kind} are not allowed; a scenario holds plain data only")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text} is not a date in the calendar") from None

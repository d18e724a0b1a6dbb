"""The fast reader of the files people edit (rules, roster, office), for commands that only read them.

ruamel.yaml's round-trip loader keeps comments, which a command that edits the roster needs, but
costs about 0.3 s on a 150-unit roster. Reading needs only the values and the line of every key
(for diagnostics and for `explain`'s rules lines), so this loader builds them with PyYAML's C
parser: mappings and lists carry an `lc` attribute shaped like ruamel's (`lc.line`,
`lc.key(k) -> (line, column)`), scalars are resolved as YAML 1.2's core schema as ruamel does
(`yes`/`no`/`否` stay text; only true/false are booleans), and a key given twice is refused.
"""
from __future__ import annotations

import re
from datetime import date, datetime

import yaml

from govinfo.store.frontmatter import refuse_control

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Lines:
    def __init__(self, line: int, col: int, keys: dict | None = None):
        self.line, self.col = line, col
        self._keys = keys or {}

    def key(self, key) -> tuple[int, int]:
        return self._keys[key]


class LineMap(dict):
    lc: _Lines


class LineList(list):
    lc: _Lines


class DuplicateKey(yaml.MarkedYAMLError):
    pass


class LineLoader(_Base):  # type: ignore[misc, valid-type]
    """Safe loading, YAML 1.2 core scalars, line numbers kept, duplicate keys and control characters refused."""

    def construct_scalar(self, node):
        value = super().construct_scalar(node)
        refuse_control(value, node)
        return value


# YAML 1.2 core schema, as ruamel.yaml resolves it: no yes/no/on/off booleans, no sexagesimals.
LineLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     "-+.0123456789"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:timestamp", r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?$", "0123456789"),
):
    LineLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def _int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


def _bool(loader, node):
    return loader.construct_scalar(node).lower() == "true"


def _timestamp(loader, node):
    text = loader.construct_scalar(node)
    try:
        if len(text) <= 10:
            y, m, d = (int(p) for p in text.split("-"))
            return date(y, m, d)
        return datetime.fromisoformat(text.replace("t", "T").replace("Z", "+00:00"))
    except ValueError:
        return text  # not a real date: left as text for the reader to report


def _mapping(loader, node):
    data = LineMap()
    keys = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in data:
            raise DuplicateKey(None, None, f"found duplicate key \"{key}\" (first on line {keys[key][0] + 1})",
                               key_node.start_mark)
        data[key] = loader.construct_object(value_node, deep=True)
        keys[key] = (key_node.start_mark.line, key_node.start_mark.column)
    data.lc = _Lines(node.start_mark.line, node.start_mark.column, keys)
    return data


def _sequence(loader, node):
    data = LineList(loader.construct_object(child, deep=True) for child in node.value)
    data.lc = _Lines(node.start_mark.line, node.start_mark.column)
    return data


LineLoader.add_constructor("tag:yaml.org,2002:int", _int)
LineLoader.add_constructor("tag:yaml.org,2002:bool", _bool)
LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
LineLoader.add_constructor("tag:yaml.org,2002:map", _mapping)
LineLoader.add_constructor("tag:yaml.org,2002:seq", _sequence)


def load(text: str):
    """Values with lines; raises yaml.YAMLError (with a problem_mark) on bad YAML or a repeated key."""
    return yaml.load(text, Loader=LineLoader)  # noqa: S506 - a SafeLoader subclass

#!/usr/bin/python3
"""Where the numbers of a scenario file are written, by field path.

    numbers(text) -> {path: Number}

A Number is one plain scalar written like a number, with its field path
relative to the file's root ("lifecycle.claiming.p_claim.negligent.minor",
"hospitals[2].beds"), its text, its line (1-based) and its character span
in the text.  A number written as a mapping {value: X, ...} is listed under
the path of the mapping (the `value` scalar's span), with `spec` set to the
mapping's other keys (range, dist, name, year, ...), so that a number with a
distribution and one without are found under the same path.

    replace(text, path, new) -> text    the number's scalar replaced by new

Used by tools/ranges_table.py (the table of ranged numbers) and
tools/fitted_ranges.py (the fitted numbers moved to find their ranges).
Reads YAML with PyYAML (Debian python3-yaml), positions from its composer.
"""
import re

import yaml

NUMBER = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
SPEC_KEYS = {"range", "dist", "name", "alpha", "beta", "shape", "scale", "meanlog", "sdlog",
             "mean", "sd", "year", "unit", "source", "note"}


class Number:
    def __init__(self, path, node, spec=None, spec_node=None):
        self.path = path
        self.text = node.value
        self.value = float(node.value)
        self.line = node.start_mark.line + 1
        self.start, self.end = node.start_mark.index, node.end_mark.index
        self.spec = spec or {}
        self.spec_node = spec_node  # the {value, ...} mapping, if any


def _plain_number(node):
    return (isinstance(node, yaml.ScalarNode) and node.style is None
            and NUMBER.match(node.value) is not None)


def _spec(node):
    """(value node, {key: python value}) when node is a {value, ...} number."""
    if not isinstance(node, yaml.MappingNode):
        return None
    keys = {k.value: v for k, v in node.value}
    if "value" not in keys or not set(keys) <= SPEC_KEYS | {"value"}:
        return None
    if not _plain_number(keys["value"]):
        return None
    spec = {}
    for k, v in keys.items():
        if k == "value":
            continue
        if isinstance(v, yaml.SequenceNode):
            spec[k] = [float(x.value) for x in v.value]
        elif _plain_number(v):
            spec[k] = float(v.value)
        else:
            spec[k] = v.value
    return keys["value"], spec


def numbers(text):
    out = {}

    def walk(node, path):
        sp = _spec(node)
        if sp:
            out[path] = Number(path, sp[0], sp[1], node)
            return
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                walk(v, (path + "." if path else "") + str(k.value))
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                walk(v, "%s[%d]" % (path, i))
        elif _plain_number(node):
            out[path] = Number(path, node)

    walk(yaml.compose(text), "")
    return out


def replace(text, path, new):
    n = numbers(text)[path]
    return text[:n.start] + new + text[n.end:]


def fmt(x):
    """A number as the files write it: at most 4 significant digits for
    fractions and utilities, whole numbers as integers."""
    if x == int(x) and abs(x) >= 1:
        return str(int(x))
    s = "%.4g" % x
    if "e" in s:
        s = "%.6f" % x
        s = s.rstrip("0").rstrip(".")
    return s


def point(doc):
    """doc (as yaml.safe_load gives it) with every number written with a
    distribution, {value: X, range: ..., ...}, replaced by its point value
    X: what the scenario is built at.  {value, year} amounts are left as
    they are (their value is trended)."""
    if isinstance(doc, dict):
        if ("value" in doc and "year" not in doc and set(doc) <= SPEC_KEYS | {"value"}
                and isinstance(doc["value"], (int, float))):
            return doc["value"]
        return {k: point(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [point(v) for v in doc]
    return doc

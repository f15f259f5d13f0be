"""Reading a Vega-Lite spec (a chart's to_dict()): every object in it, outermost first."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def spec_dicts(node: Any) -> Iterator[dict]:
    """Every dict in a nested Vega-Lite spec: the spec itself, its layers, encodings, ..."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from spec_dicts(value)
    elif isinstance(node, list):
        for value in node:
            yield from spec_dicts(value)

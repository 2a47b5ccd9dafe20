"""Digests of content: the canonical form in which the suite turns data as loaded into a
short key. The configuration's digest (:meth:`analysis.pipeline.config.Config.digest`) combines the
digests that each module owning a data file gives of what it loaded.

:func:`canonical` writes a value as JSON the same way in every process: sets sorted,
dict items sorted, dataclasses by their fields (a field whose metadata says
``{"digest": False}`` is left out: where a thing was read from is not its content),
compiled patterns as their pattern and flags, DataFrames as their columns and rows as
text. A type it does not know is an error, never a silent ``str()``."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from typing import Any

DIGEST_LENGTH = 16  # hex digits kept of a SHA-256


def canonical(value: Any) -> Any:
    """``value`` as plain JSON data, independent of set and hash order."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.metadata.get("digest", True) is not False}
    if isinstance(value, dict):
        return sorted(([canonical(k), canonical(v)] for k, v in value.items()), key=_order)
    if isinstance(value, (set, frozenset)):
        return sorted((canonical(v) for v in value), key=_order)
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, re.Pattern):
        return [value.pattern, value.flags]
    if hasattr(value, "columns") and hasattr(value, "values"):  # a DataFrame
        return {"columns": [str(c) for c in value.columns],
                "rows": value.astype(str).values.tolist()}
    raise TypeError(f"no canonical form for a {type(value).__name__}: give its digest explicitly")


def _order(item: Any) -> str:
    return json.dumps(item, ensure_ascii=False, sort_keys=True)


def content_digest(value: Any) -> str:
    """A short SHA-256 of :func:`canonical` ``value``."""
    text = json.dumps(canonical(value), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:DIGEST_LENGTH]

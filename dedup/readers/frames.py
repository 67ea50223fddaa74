"""Rows of a data frame — pandas, polars or pyarrow — as records, one article a row.

Columns are named by the config's ``*_field`` settings (a dotted name reaches into a struct
column), and each row is read as a JSON record is. The frame libraries are never imported
here: a frame is recognised by its type's module, and its columns are taken through its own
methods.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from dedup.config import Config
from dedup.errors import InputError
from dedup.readers.containers import record
from dedup.records import Article, Skipped

FRAME_MODULES = ("pandas", "polars", "pyarrow")


def is_frame(value: Any) -> bool:
    """A pandas or polars DataFrame, or a pyarrow Table or RecordBatch."""
    return type(value).__module__.split(".")[0] in FRAME_MODULES and hasattr(value, "columns")


def library(frame: Any) -> str:
    return type(frame).__module__.split(".")[0]


def column_names(frame: Any) -> list[str]:
    names = frame.column_names if library(frame) == "pyarrow" else frame.columns
    return [str(name) for name in names]


def column(frame: Any, name: str) -> list[Any]:
    """A column's values as Python objects, with missing values (NaN, NaT, null) as ``None``."""
    kind = library(frame)
    if kind == "pandas":
        values = frame[name].tolist()
    elif kind == "polars":
        values = frame.get_column(name).to_list()
    else:
        values = frame.column(name).to_pylist()
    return [None if _missing(v) else v for v in values]


def frame_rows(frame: Any, config: Config) -> Iterator[Article | Skipped]:
    """Each row's article, or the skip that says why it is none. A row without an id is
    skipped, as on Spark (rows are labelled by id)."""
    names = column_names(frame)
    for required, option in ((config.id_field, "id"), (config.text_field, "text")):
        if required.split(".")[0] not in names:
            raise InputError(f"the frame has no {required!r} column (name it with {option}_col= or {option}_field=)")
    wanted = [config.id_field, config.text_field, config.title_field, config.date_field, config.source_field, config.url_field]
    present = list(dict.fromkeys(c for name in wanted if name for c in (name, name.split(".")[0]) if c in names))
    columns = {name: column(frame, name) for name in present}
    rows = len(next(iter(columns.values()))) if columns else 0
    for number in range(rows):
        yield record({name: values[number] for name, values in columns.items()}, "", None, config)


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return value != value or (isinstance(value, float) and math.isnan(value))  # NaN and NaT are not equal to themselves
    except (TypeError, ValueError):  # values without a plain comparison (arrays)
        return False

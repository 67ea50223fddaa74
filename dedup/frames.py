"""Data frames in, the same frames out: :func:`deduplicate` for pandas, polars and pyarrow.

Each row is an article, read as a JSON record is (HTML extracted, site chrome left out, the
date made ISO); the frame comes back with three columns added, exactly as
:func:`dedup.spark.deduplicate` adds them on Spark:

- ``cluster``: the row's cluster number (clusters by size, then canonical id, as
  ``dedup scan`` numbers them), null for a row without copies;
- ``canonical``: the id of its cluster's canonical member, null for a row without copies;
- ``is_duplicate``: true for every member but the canonical one: the rows a pipeline drops.

>>> import pandas as pd
>>> story = "Dock workers in the port walked out on Monday over pay and the hours of the night shift."
>>> frame = pd.DataFrame({"id": ["a", "b", "c"], "text": [story, story + " More soon.", "Another story entirely, about the harvest."]})
>>> deduplicate(frame, min_words=5)[["id", "cluster", "canonical", "is_duplicate"]].to_dict("records")
[{'id': 'a', 'cluster': 1, 'canonical': 'b', 'is_duplicate': True}, {'id': 'b', 'cluster': 1, 'canonical': 'b', 'is_duplicate': False}, {'id': 'c', 'cluster': None, 'canonical': None, 'is_duplicate': False}]
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from dedup.config import Config
from dedup.errors import DedupError, InputError
from dedup.readers.frames import column, column_names, is_frame, library

COLUMNS = ("cluster", "canonical", "is_duplicate")


def deduplicate(frame: Any, text_col: str = "text", id_col: str = "id", date_col: str | None = None,
                config: Config | None = None, **overrides: object) -> Any:
    """``frame`` (a pandas or polars DataFrame, or a pyarrow Table) with ``cluster``,
    ``canonical`` and ``is_duplicate`` columns added (replaced, if it had them).

    Args:
        frame: one article a row.
        text_col, id_col, date_col: the columns holding each row's text, id and (optionally)
            date; ``title``, ``source`` and ``url`` columns are used when present (named by
            ``config``). Ids must be unique; a row without an id or text stays unclustered.
        config, overrides: the settings, as for :func:`dedup.scan`.

    Raises:
        InputError: ``frame`` is not a pandas or polars DataFrame or a pyarrow Table.
        DedupError: an id occurs in more than one row.
    """
    from dedup.batch import scan

    if not is_frame(frame):
        raise InputError(f"deduplicate takes a pandas or polars DataFrame or a pyarrow Table, not {type(frame).__name__}")
    config = (config or Config()).replace(**overrides, text_field=text_col, id_field=id_col, date_field=date_col or "")
    ids = [_id_text(value) for value in column(frame, id_col)] if id_col in column_names(frame) else []
    _refuse_repeated(ids)
    result = scan(frame, config)
    labels: dict[str, tuple[int, str]] = {}
    for found in result.clusters:
        for member in found.members:
            labels[member.id] = (found.cluster, found.canonical)
    clusters = [labels[i][0] if i in labels else None for i in ids]
    canonical = [labels[i][1] if i in labels else None for i in ids]
    duplicate = [i in labels and labels[i][1] != i for i in ids]
    return _with_columns(frame, clusters, canonical, duplicate)


def _id_text(value: Any) -> str | None:
    """An id as the reader makes it (whole numbers as text)."""
    if value is None or isinstance(value, bool):
        return None
    return value if isinstance(value, str) else str(value) if isinstance(value, int) else None


def _refuse_repeated(ids: list[str | None]) -> None:
    repeated = [i for i, n in Counter(i for i in ids if i).items() if n > 1][:3]
    if repeated:
        raise DedupError(f"ids must be unique, and some occur more than once (for example {', '.join(map(repr, repeated))}): "
                         "drop the repeated rows first (df.drop_duplicates('id')) or give each row its own id")


def _with_columns(frame: Any, clusters: list, canonical: list, duplicate: list) -> Any:
    kind = library(frame)
    if kind == "pandas":
        import pandas as pd

        return frame.assign(cluster=pd.array(clusters, dtype="Int64"), canonical=pd.Series(canonical, index=frame.index, dtype=object),
                            is_duplicate=pd.Series(duplicate, index=frame.index, dtype=bool))
    if kind == "polars":
        import polars as pl

        return frame.with_columns(pl.Series("cluster", clusters, dtype=pl.Int64), pl.Series("canonical", canonical, dtype=pl.Utf8),
                                  pl.Series("is_duplicate", duplicate, dtype=pl.Boolean))
    import pyarrow as pa

    table = frame.drop([name for name in COLUMNS if name in frame.column_names])
    for name, values, kind_of in (("cluster", clusters, pa.int64()), ("canonical", canonical, pa.string()),
                                  ("is_duplicate", duplicate, pa.bool_())):
        table = table.append_column(name, pa.array(values, type=kind_of))
    return table

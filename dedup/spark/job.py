"""``dedup scan --engine spark``, and the script that ``spark-submit`` runs on a cluster:

    spark-submit --master yarn [--archives env.tar.gz#env ...] \\
        "$(python -c 'import dedup.spark.job as j; print(j.__file__)')" \\
        s3://bucket/articles/ -o s3://bucket/deduplicated.parquet [dedup scan options]

takes the arguments of ``dedup scan`` (the engine is Spark, the master is the one
``spark-submit`` was given).
"""

from __future__ import annotations

import os
import sys

from dedup.config import Config
from dedup.errors import DedupError
from dedup.spark.clustering import deduplicate
from dedup.spark.session import session

JSON_SUFFIXES = (".jsonl", ".json", ".ndjson", ".jsonl.gz", ".json.gz", ".ndjson.gz")
PARQUET_SUFFIXES = (".parquet", ".pq")


def run(paths: list[str], output: str, config: Config, master: str | None = None, verbose: bool = False) -> int:
    """Read the inputs (JSON Lines: paths ending in ``.jsonl``, ``.json`` or ``.ndjson``,
    compressed or not, globs included; anything else is Parquet, a file or a folder, local or
    on the cluster's storage), write the input rows with ``cluster``, ``canonical`` and
    ``is_duplicate`` to ``output`` (Parquet when it ends in ``.parquet``, else JSON Lines part
    files in that folder). Returns the number of rows written."""
    json_lines = [p for p in paths if p.lower().endswith(JSON_SUFFIXES)]
    parquet = [p for p in paths if p not in json_lines]
    for path in parquet:
        _check_parquet(path)
    spark = session(master, verbose=verbose)
    try:
        from py4j.protocol import Py4JJavaError
        from pyspark.errors import PySparkException

        try:
            frames = ([spark.read.parquet(*parquet)] if parquet else []) + ([spark.read.json(json_lines)] if json_lines else [])
            if not frames:
                raise DedupError("no input: give Parquet files or folders, or JSON Lines files")
            df = frames[0]
            for other in frames[1:]:
                df = df.unionByName(other, allowMissingColumns=True)
            date = config.date_field if config.date_field in df.columns else None
            out = deduplicate(df, config.text_field, config.id_field, date, config)
            writer = out.write.mode("errorifexists")
            (writer.parquet if output.endswith(".parquet") else writer.json)(output)
            return (spark.read.parquet if output.endswith(".parquet") else spark.read.json)(output).count()
        except (PySparkException, Py4JJavaError) as error:
            raise DedupError(f"Spark could not run the job: {_reason(error)} (check the input paths: a folder is read as "
                             "Parquet, so give JSON Lines as files or globs such as 'folder/*.jsonl'; and that the output "
                             "does not exist yet)") from None
    finally:
        spark.stop()


def _check_parquet(path: str) -> None:
    """Refuse, before Spark starts reading, a local input that holds no Parquet: a folder of
    articles in files is the local engine's (Spark would fail on each file's missing footer)."""
    local = path[len("file:"):] if path.startswith("file:") else path
    if "://" in path and not path.startswith("file:") or not os.path.exists(local):
        return  # on the cluster's storage, or a glob: Spark's to read
    if os.path.isfile(local):
        found = [] if local.lower().endswith(PARQUET_SUFFIXES) else [local]
    else:
        names = [name for _, _, files in os.walk(local) for name in files if not name.startswith((".", "_"))]
        if any(name.lower().endswith(PARQUET_SUFFIXES) for name in names):
            return
        found = names
    if found:
        kinds = sorted({os.path.splitext(name)[1] or "no suffix" for name in found})
        raise DedupError(f"{path}: --engine spark reads Parquet and JSON Lines, and this holds {len(found):,} other "
                         f"file(s) ({', '.join(kinds)}): scan files of articles with the local engine (dedup scan {path}), "
                         "or give their records as JSON Lines")


def _reason(error: Exception) -> str:
    """The first line of a Spark error that says what went wrong (not the Java call it came from)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    for line in lines:
        if "Exception: " in line:
            return line.rsplit("Exception: ", 1)[1]
    return lines[0] if lines else type(error).__name__


def main(argv: list[str] | None = None) -> None:
    """``dedup scan --engine spark ARGS`` (what ``spark-submit`` runs)."""
    from dedup.cli import app

    app(["scan", "--engine", "spark", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()

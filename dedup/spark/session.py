"""PySpark, imported only when the Spark engine is used, and the session it runs in."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from dedup.errors import DedupError
from dedup.extras import install

LOCAL = "local[2]"
QUIET_LOG = Path(__file__).with_name("log4j2.properties").as_uri()  # errors only


def pyspark() -> tuple[Any, Any]:
    """``pyspark.sql.functions`` and ``pyspark.sql.Window``, or the line that installs them."""
    try:
        from pyspark.sql import Window, functions
    except ImportError as error:
        raise DedupError(f"the Spark engine needs PySpark: {install('spark')} (and a Java 17 runtime)") from error
    return functions, Window


def under_spark_submit() -> bool:
    """Whether this process is the driver that ``spark-submit`` started (it passes the gateway)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def session(master: str | None = None, driver_memory: str = "4g", verbose: bool = False):
    """The Spark session to run in.

    ``master`` None means the one ``spark-submit`` was given, or ``local[2]`` outside it. In
    local mode the Python workers run this interpreter (so they find this package) and the
    driver, which also runs the tasks, gets ``driver_memory`` (Spark's default of 1 GB ran out
    at 1,000,000 articles) and shuffles go to 8 partitions; on a cluster all of that comes
    from ``spark-submit`` and its ``--conf`` settings.
    """
    pyspark()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("newsdedup")
    if master is None and not under_spark_submit():
        master = LOCAL
    if master is not None:
        builder = builder.master(master).config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
        if master.startswith("local"):
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            builder = builder.config("spark.driver.memory", driver_memory).config("spark.sql.shuffle.partitions", "8")
            if not verbose:  # the driver's JVM starts here: its log can be set before it says anything
                builder = builder.config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={QUIET_LOG}")
    spark = builder.getOrCreate()
    if not verbose:  # (under spark-submit, from here on) Spark's log carries Java stack traces
        spark.sparkContext.setLogLevel("OFF")
    return spark

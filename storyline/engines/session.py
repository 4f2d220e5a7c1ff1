"""What both Spark jobs share (ingest, ``engines.spark``; build, ``engines.spark_build``):
the session, and the order of the Parquet part files Spark writes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import require


def session(master: str = "local[*]"):
    """A SparkSession whose Python workers use this interpreter (and so this storyline)."""
    require("pyspark", "spark")
    require("pyarrow", "spark")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(master)
        .appName("storyline")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", os.environ.get("STORYLINE_SPARK_MEMORY", "2g"))
        .getOrCreate()
    )


def part_files(folder: Path) -> list[Path]:
    """The Parquet files Spark wrote to ``folder``, in task order (``part-NNNNN-...``)."""
    return sorted(folder.glob("part-*.parquet"), key=lambda p: int(p.name.split("-")[1]))

"""Run every benchmark once, in order, and print their figures (``make bench``).

    python benchmarks/run.py [--quick]

``--quick`` uses small sizes to check that the scripts run; the figures in
``benchmarks/README.md`` come from the full run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from common import HERE

FULL = [
    ["bench_signatures.py", "--docs", "4000", "--repeats", "5"],
    ["bench_read.py", "--files", "5000", "--repeats", "3"],
    ["bench_scan.py", "--docs", "10000", "100000", "1000000", "--repeats", "3"],
    ["bench_realworld.py", "--docs", "10000", "100000", "--repeats", "3", "--stages"],
    ["bench_first_run.py", "--repeats", "3"],
    ["bench_quality.py", "--real-docs", "1500", "--seeds", "1", "2", "--docs", "20000"],
    ["bench_diff.py", "--repeats", "7"],
    ["bench_story.py", "--docs", "20000", "--repeats", "5"],
    ["bench_semantic.py", "--repeats", "3", "--docs", "400", "--scan-docs", "600"],
    ["bench_index.py", "--docs", "100000", "1000000", "--queries", "1000"],
    ["bench_report.py", "--docs", "10000", "--repeats", "3"],
    ["bench_sentences.py", "--repeats", "5"],
    ["bench_dates.py", "--repeats", "5"],
]
QUICK = [
    ["bench_signatures.py", "--docs", "400", "--repeats", "1"],
    ["bench_read.py", "--files", "500", "--repeats", "1"],
    ["bench_scan.py", "--docs", "10000", "30000", "--repeats", "1"],
    ["bench_realworld.py", "--docs", "2000", "--repeats", "1", "--stages"],
    ["bench_first_run.py", "--repeats", "1"],
    ["bench_quality.py", "--real-docs", "1000", "--seeds", "1", "--docs", "2000"],
    ["bench_diff.py", "--repeats", "1", "--sizes", "10000", "100000"],
    ["bench_story.py", "--docs", "2000", "--repeats", "1"],
    ["bench_semantic.py", "--repeats", "1", "--docs", "100", "--scan-docs", "200"],
    ["bench_index.py", "--docs", "3000", "--queries", "100"],
    ["bench_report.py", "--docs", "10000", "--repeats", "1"],
    ["bench_sentences.py", "--repeats", "1"],
    ["bench_dates.py", "--repeats", "1"],
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    failed = 0
    for script, *options in QUICK if args.quick else FULL:
        print(f"\n$ python benchmarks/{script} {' '.join(options)}", flush=True)
        failed |= subprocess.call([sys.executable, str(HERE / script), *options], cwd=HERE.parent)
    return failed


if __name__ == "__main__":
    sys.exit(main())

"""The library from every kind of caller, on a folder large enough for reading workers (1,500
files): a script without a main guard, code on stdin, ``python -c``, a notebook kernel, a
``multiprocessing.Pool`` worker, a ``ProcessPoolExecutor`` worker and a thread. Each gives the
clusters the command line gives, reads every file, and leaves no process behind."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dedup.cli import app
from tests.text import article, edit

FILES = 1500


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """1,500 files: 1,000 stories in ten outlet folders, 500 of them copied with edits."""
    root = tmp_path_factory.mktemp("many")
    for n in range(1000):
        outlet = root / f"outlet-{n % 10}"
        outlet.mkdir(exist_ok=True)
        text = article(120, seed=n)
        (outlet / f"story-{n:04d}.txt").write_text(text)
        if n % 2 == 0:
            copy = root / f"outlet-{(n + 3) % 10}" / f"copy-{n:04d}.txt"
            copy.parent.mkdir(exist_ok=True)
            copy.write_text(edit(text, every=40, seed=n) + "\n\nMore to follow.")
    assert sum(1 for _ in root.rglob("*.txt")) == FILES
    return root


@pytest.fixture(scope="module")
def expected(folder) -> list:
    result = CliRunner().invoke(app, ["scan", str(folder), "-f", "jsonl", "-q"])
    assert result.exit_code == 0, result.output
    clusters = sorted(sorted(m["id"] for m in json.loads(line)["members"]) for line in result.stdout.splitlines())
    assert len(clusters) == 500
    return clusters


# what every caller runs: the scan, the articles, and how many children it left alive
BODY = """
import json, os
import dedup

def children():
    mine = str(os.getpid())
    found = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as handle:
                found += handle.read().rsplit(")", 1)[1].split()[1] == mine
        except OSError:
            pass
    return found

def run(folder):
    result = dedup.scan(folder)
    articles = list(dedup.read_articles(folder, jobs=2))
    clusters = sorted(sorted(m.id for m in c.members) for c in result.clusters)
    return {"clusters": clusters, "read": len(articles), "skipped": len(result.skipped), "left": children()}
"""


def check(found: dict, expected: list) -> None:
    assert found["clusters"] == expected
    assert found["read"] == FILES and found["skipped"] == 0
    assert found["left"] == 0, "reading workers outlived the call"


def run_python(args: list[str], folder: Path, stdin: str | None = None) -> dict:
    done = subprocess.run([sys.executable, *args], input=stdin, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_script_without_a_main_guard(folder, expected, tmp_path):
    script = tmp_path / "job.py"
    script.write_text(BODY + f"\nprint(json.dumps(run({str(folder)!r})))\n")
    check(run_python([str(script)], folder), expected)


def test_code_piped_on_stdin(folder, expected):
    check(run_python(["-"], folder, stdin=BODY + f"\nprint(json.dumps(run({str(folder)!r})))\n"), expected)


def test_python_dash_c(folder, expected):
    check(run_python(["-c", BODY + f"\nprint(json.dumps(run({str(folder)!r})))\n"], folder), expected)


def test_a_multiprocessing_pool_worker(folder, expected, tmp_path):
    # the Pool's workers are daemonic: they may not start multiprocessing children
    script = tmp_path / "pooled.py"
    script.write_text(BODY + textwrap.dedent(f"""
        import multiprocessing
        if __name__ == "__main__":
            with multiprocessing.get_context("spawn").Pool(1) as pool:
                print(json.dumps(pool.apply(run, ({str(folder)!r},))))
    """))
    check(run_python([str(script)], folder), expected)


def test_a_process_pool_executor_worker(folder, expected, tmp_path):
    script = tmp_path / "executor.py"
    script.write_text(BODY + textwrap.dedent(f"""
        from concurrent.futures import ProcessPoolExecutor
        if __name__ == "__main__":
            with ProcessPoolExecutor(1) as pool:
                print(json.dumps(pool.submit(run, {str(folder)!r}).result()))
    """))
    check(run_python([str(script)], folder), expected)


def test_a_thread(folder, expected):
    code = BODY + textwrap.dedent(f"""
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(1) as pool:
            print(json.dumps(pool.submit(run, {str(folder)!r}).result()))
    """)
    check(run_python(["-c", code], folder), expected)


def test_a_notebook_kernel(folder, expected):
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(BODY), nbformat.v4.new_code_cell(f"print(json.dumps(run({str(folder)!r})))")]
    NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
    printed = "".join(o.get("text", "") for o in notebook.cells[1].outputs if o.get("name") == "stdout")
    check(json.loads(printed.strip().splitlines()[-1]), expected)

"""The docs cannot drift: the README's commands exist, its options exist, its Python runs;
the public calls' docstrings name their parameters."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from dedup.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make demo", "make test"]
    targets = (ROOT / "Makefile").read_text()
    assert "\ndemo:" in targets and "\ntest:" in targets
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_every_option_in_the_readme_exists():
    commands = [[]] + [[c.name or c.callback.__name__] for c in app.registered_commands]  # [] : dedup's own options
    commands += [[group.name, c.name or c.callback.__name__] for group in app.registered_groups
                 for c in group.typer_instance.registered_commands]
    help_text = "".join(CliRunner().invoke(app, [*c, "--help"], env={"COLUMNS": "200"}).stdout for c in commands)
    for option in set(re.findall(r"`(--[a-z-]+)", README)):
        assert option in help_text, option


def test_readme_python_runs():
    for block in re.findall(r"```python\n(.*?)```", README, re.S):
        cwd = os.getcwd()
        try:
            os.chdir(ROOT)
            exec(compile(block, "README.md", "exec"), {})
        finally:
            os.chdir(cwd)


def test_readme_scan_example_runs():
    line = next(l for l in README.splitlines() if l.startswith("dedup scan fixtures/"))
    args = line.split("#")[0].split()[1:]
    proc = subprocess.run([sys.executable, "-m", "dedup", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "160"})
    assert proc.returncode == 0, proc.stderr
    assert "corpus/wire/port-strike.txt" in proc.stdout


def test_readme_read_diff_and_compare_examples_run():
    lines = [l for l in README.splitlines() if l.startswith(("dedup read ", "dedup diff ", "dedup compare ", "dedup scan fixtures/corpus --stories"))]
    assert len(lines) >= 7
    for line in lines:
        args = line.split("#")[0].split()[1:]
        proc = subprocess.run([sys.executable, "-m", "dedup", *args], cwd=ROOT, capture_output=True, text=True)
        assert proc.returncode == 0 and proc.stdout.strip(), (line, proc.stderr)


def test_readme_index_and_report_examples_run(tmp_path):
    lines = [l for l in README.splitlines() if l.startswith("dedup index ")]
    assert [l.split()[2] for l in lines] == ["add", "query", "stats", "remove"]
    lines.append(next(l for l in README.splitlines() if l.startswith("dedup report ")))
    for line in lines:
        args = [str(ROOT / a) if a.startswith("fixtures/") else a for a in line.split("#")[0].split()[1:]]
        proc = subprocess.run([sys.executable, "-m", "dedup", *args], cwd=tmp_path, capture_output=True, text=True)
        assert proc.returncode == 0, (line, proc.stderr)
    assert (tmp_path / "seen.db").is_file() and (tmp_path / "report.html").is_file()


def _public_calls() -> dict:
    """Every function ``dedup`` exports, and ``Index``'s public methods."""
    import dedup

    calls = {name: getattr(dedup, name) for name in dedup.__all__ if inspect.isfunction(getattr(dedup, name))}
    calls |= {f"Index.{name}": getattr(dedup.Index, name) for name in vars(dedup.Index)
              if not name.startswith("_") and callable(getattr(dedup.Index, name))}
    return calls


def _documented(doc: str) -> list[str]:
    """The names an ``Args:`` section documents (``a, b:`` documents both; ``**overrides``
    is ``overrides``)."""
    lines = doc.splitlines()
    start = lines.index("Args:") + 1
    names = []
    for line in lines[start:]:
        if not line.startswith("    "):
            break
        entry = re.match(r"    (\*{0,2}\w+(?:, \*{0,2}\w+)*):", line)
        if entry:
            names += [n.strip().lstrip("*") for n in entry.group(1).split(",")]
    return names


PUBLIC_CALLS = _public_calls()


@pytest.mark.parametrize("name", sorted(PUBLIC_CALLS))
def test_every_parameter_of_a_public_call_is_in_its_args(name):
    """The public calls' docstrings cannot drift: their ``Args:`` sections name each parameter
    once, and nothing else (a call without parameters may have none)."""
    call = PUBLIC_CALLS[name]
    doc = inspect.getdoc(call) or ""
    parameters = [p for p in inspect.signature(call).parameters if p not in ("self", "cls")]
    if not parameters and "Args:" not in doc.splitlines():
        return  # a call without parameters needs no section
    assert "Args:" in doc.splitlines(), f"{name} has no Args: section"
    documented = _documented(doc)
    assert sorted(documented) == sorted(parameters), f"{name}: documented {documented}, takes {parameters}"


def test_the_args_check_reads_a_section():
    doc = "What.\n\nArgs:\n    a, b: two.\n        more about b: still b.\n    **overrides: settings.\n\nReturns:\n    x: not a name."
    assert _documented(doc) == ["a", "b", "overrides"]

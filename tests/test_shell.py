"""The conventions a shell user brings: --version, -h, completion, --color with NO_COLOR and
TERM=dumb, -o -, exit statuses (documented and as run), the progress display on a real
terminal (a pseudo-terminal), -v's stage timings, the install lines of missing extras."""

from __future__ import annotations

import importlib.metadata
import json
import os
import pty
import re
import select
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dedup
from dedup.cli import app
from dedup.cli.app import FAILED, OK, TROUBLE
from dedup.cli.entry import INTERRUPTED, TERMINATED
from dedup.cli.output import PIPE_CLOSED
from dedup.progress import Stages
from tests.conftest import FIXTURES, ROOT
from tests.text import article

WIRE, REWRITE = str(FIXTURES / "diff" / "wire.txt"), str(FIXTURES / "diff" / "rewrite.txt")
COPY = (str(FIXTURES / "corpus" / "wire" / "port-strike.txt"), str(FIXTURES / "corpus" / "bay-times" / "port-strike.json"))
SGR = re.compile(r"\x1b\[[0-9;]*m")  # a colour or style, not a cursor movement


def dedup_cli(*args: str, env: dict | None = None, input: str | None = None, cwd: Path | None = None):
    return subprocess.run([sys.executable, "-m", "dedup", *args], capture_output=True, text=True, input=input,
                          env={**os.environ, **(env or {})}, cwd=cwd, timeout=600)


def on_terminal(args: list[str], env: dict, stream: str = "stdout") -> tuple[int, str]:
    """Run the command with ``stream`` on a pseudo-terminal; return its status and what the
    terminal got."""
    main, side = pty.openpty()
    other = subprocess.DEVNULL if stream == "stderr" else subprocess.PIPE
    chosen = {"stdout": side, "stderr": other} if stream == "stdout" else {"stdout": other, "stderr": side}
    proc = subprocess.Popen([sys.executable, "-m", "dedup", *args], env={**os.environ, "COLUMNS": "120", **env},
                            stdin=subprocess.DEVNULL, **chosen)
    os.close(side)
    got = bytearray()
    drained = threading.Event()

    def drain_other() -> None:
        pipe = proc.stderr if stream == "stdout" else None
        if pipe is not None:
            pipe.read()
        drained.set()

    threading.Thread(target=drain_other, daemon=True).start()
    while True:
        ready, _, _ = select.select([main], [], [], 600)
        if not ready:
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        got += chunk
    os.close(main)
    return proc.wait(timeout=600), got.decode("utf-8", "replace")


# --- version, help, completion ---------------------------------------------------------------

def test_version_is_one_value_everywhere():
    for flag in ("--version", "-V"):
        result = CliRunner().invoke(app, [flag])
        assert result.exit_code == 0 and result.stdout == f"dedup (newsdedup) {dedup.__version__}\n"
    assert importlib.metadata.version("newsdedup") == dedup.__version__
    assert not re.search(r'^version\s*=\s*"', (ROOT / "pyproject.toml").read_text(), re.M)  # written once, in dedup/__init__.py


def test_h_is_help_everywhere_and_flags_show_no_type():
    for command in ([], ["scan"], ["diff"], ["index"], ["index", "add"]):
        short = CliRunner().invoke(app, [*command, "-h"], env={"COLUMNS": "200"})
        long = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
        assert short.exit_code == 0 and short.stdout == long.stdout and "Usage: dedup" in short.stdout
        assert "<bool>" not in short.stdout
    assert "<float" in CliRunner().invoke(app, ["scan", "-h"], env={"COLUMNS": "200"}).stdout  # values keep their type


def test_the_commands_list_gives_each_summary_on_one_line():
    listing = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "400"}).stdout
    for command in app.registered_commands:
        summary = " ".join(command.callback.__doc__.split("\n\n")[0].split())
        assert summary in listing, summary


def test_shell_completion_completes_commands_and_options():
    assert "--install-completion" in CliRunner().invoke(app, ["--help"]).stdout
    script = Path(sys.executable).parent / "dedup"  # completion answers to the program's name
    for words, word, wanted in (("dedup sc", "1", ["scan"]), ("dedup scan --dupl", "2", ["--duplicates-only"])):
        env = {**os.environ, "_DEDUP_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": word}
        done = subprocess.run([str(script)], capture_output=True, text=True, env=env, timeout=120)
        assert done.stdout.split() == wanted, done.stdout + done.stderr


# --- colour ----------------------------------------------------------------------------------

def test_diff_colours_a_terminal_unless_no_color_or_a_dumb_terminal():
    status, coloured = on_terminal(["diff", WIRE, REWRITE], {"TERM": "xterm"})
    assert status == 0 and SGR.search(coloured) and "[-" not in coloured
    for env, args in (({"TERM": "xterm", "NO_COLOR": "1"}, []), ({"TERM": "dumb"}, []),
                      ({"TERM": "xterm"}, ["--color", "never"])):
        status, plain = on_terminal(["diff", WIRE, REWRITE, *args], env)
        assert status == 0 and not SGR.search(plain), env
        assert "[-" in plain and "{+" in plain  # the changes still marked, as text
    piped = dedup_cli("diff", WIRE, REWRITE, "--color", "always")
    assert piped.returncode == 0 and SGR.search(piped.stdout)
    assert not SGR.search(dedup_cli("diff", WIRE, REWRITE).stdout)
    bad = dedup_cli("diff", WIRE, REWRITE, "--color", "sometimes")
    assert bad.returncode == 1 and bad.stderr == "Error: --color 'sometimes': use auto, always or never\n"


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    """A folder of 5,000 articles (every tenth a copy of the one before): a scan of a few
    seconds, long enough for the display to redraw."""
    folder = tmp_path_factory.mktemp("many")
    for n in range(5000):
        text = article(150, seed=n - 1 if n % 10 == 1 else n)
        (folder / f"a{n:04d}.txt").write_text(text + ("\n\nUpdated." if n % 10 == 1 else ""))
    return folder


def test_progress_shows_stage_count_total_and_rate_on_a_terminal(many):
    status, shown = on_terminal(["scan", str(many), "-f", "jsonl", "-o", os.devnull], {"TERM": "xterm"}, "stderr")
    assert status == 0
    assert re.search(r"read\s.*\d+/5000", shown), shown[-2000:]  # the total, counted while reading
    assert re.search(r"[\d,]+/s", shown) and "ETA" in shown
    assert "Read 5,000 documents" in shown
    _, plain = on_terminal(["scan", str(many), "-f", "jsonl", "-o", os.devnull], {"TERM": "xterm", "NO_COLOR": "1"}, "stderr")
    assert "/5000" in plain and not SGR.search(plain)
    _, dumb = on_terminal(["scan", str(many), "-f", "jsonl", "-o", os.devnull], {"TERM": "dumb"}, "stderr")
    assert "/5000" not in dumb and "\x1b" not in dumb and "Read 5,000 documents" in dumb


def test_no_progress_when_stderr_is_not_a_terminal(many):
    done = dedup_cli("scan", str(many), "-f", "jsonl")
    assert done.returncode == 0 and "\x1b" not in done.stderr
    assert done.stderr.splitlines()[-1].startswith("Read 5,000 documents")


def test_verbose_ends_with_the_seconds_of_each_stage():
    done = dedup_cli("scan", str(FIXTURES / "corpus"), "-f", "jsonl", "-v", "--stories")
    assert done.returncode == 0, done.stderr
    table = done.stderr[done.stderr.index("stage         seconds"):].splitlines()
    rows = table[1 : next(n for n, line in enumerate(table) if line.startswith("total")) + 1]
    assert {line.split()[0] for line in rows} == {"read", "sign", "stories", "boilerplate", "candidates", "cluster", "write",
                                                  "total"}
    assert abs(sum(float(line.split()[1]) for line in rows[:-1]) - float(rows[-1].split()[1])) < 0.01
    assert "dedup.progress: read:" in done.stderr  # through the logging module


# --- stages (the library side of the display) ------------------------------------------------

def test_stages_charge_time_to_the_innermost_stage_and_report_a_few_times_a_second():
    import time

    calls = []
    stages = Stages(lambda *args: calls.append(args))
    with stages.stage("read", total=None):
        for n in range(200_000):
            stages.advance(n + 1)
        with stages.stage("sign", shown=False):
            time.sleep(0.05)
        stages.set_total(200_000)
    assert calls[0] == ("read", 0, None) and calls[-1] == ("read", 200_000, 200_000)
    assert len(calls) < 100  # not one a call
    assert stages.seconds["sign"] >= 0.05 and set(stages.seconds) == {"read", "sign"}


def test_the_scan_total_is_the_number_of_files_and_none_for_files_of_records(many, tmp_path):
    seen: list = []
    result = dedup.scan(many, progress=Stages(lambda *args: seen.append(args)))
    reads = [s for s in seen if s[0] == "read"]
    assert reads[-1] == ("read", 5000, 5000) and result.summary.documents == 5000
    assert list(dict.fromkeys(stage for stage, _, _ in seen)) == ["read", "boilerplate", "candidates", "cluster"]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": str(n), "text": article(60, n)}) + "\n" for n in range(5)))
    seen.clear()
    dedup.scan(feed, progress=Stages(lambda *args: seen.append(args)))
    assert all(total is None for stage, _, total in seen if stage == "read")
    assert not [t for t in threading.enumerate() if t.name == "dedup-count"]  # the counting walk has ended


# --- -o - ------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [["scan", str(FIXTURES / "corpus"), "-f", "jsonl", "-q"],
                                  ["diff", WIRE, REWRITE], ["compare", *COPY], ["read", WIRE],
                                  ["report", str(FIXTURES / "corpus" / "wire"), "-q"]])
def test_dash_output_is_stdout(tmp_path, args):
    done = dedup_cli(*args, "-o", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() and not (tmp_path / "-").exists()


def test_report_gets_the_umask_mode(tmp_path):
    out = tmp_path / "report.html"
    code = ("import os, sys; os.umask(0o022); from dedup.cli import main; "
            f"sys.argv = ['dedup', 'report', {str(FIXTURES / 'corpus' / 'wire')!r}, '-o', {str(out)!r}, '-q']; main()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


# --- exit statuses ---------------------------------------------------------------------------

def test_the_readme_exit_status_table_is_the_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("**Exit status**"):]
    documented = {int(n) for n in re.findall(r"^\| `(\d+)` \|", table, re.M)}
    assert documented == {OK, FAILED, TROUBLE, INTERRUPTED, PIPE_CLOSED, TERMINATED}
    assert CliRunner().invoke(app, ["scan", "--no-such-option"]).exit_code == TROUBLE


def test_the_command_leaves_as_an_exit_does_without_the_teardown():
    """What ``main`` does once a command is done: non-daemon threads finish, exit handlers run,
    unflushed output is written, the status is the command's; objects are not freed one by
    one (a finalizer that the interpreter's teardown would run does not)."""
    code = ("import atexit, sys, threading, time\n"
            "from dedup.cli.process import leave\n"
            "class Held:\n"
            "    def __del__(self): print('torn down', flush=True)\n"
            "held = Held()\n"
            "atexit.register(lambda: print('exit handler'))\n"
            "threading.Thread(target=lambda: (time.sleep(0.3), print('thread done'))).start()\n"
            "sys.stdout.write('unflushed')\n"
            "leave(sys.argv[1] if sys.argv[1] == 'why' else int(sys.argv[1]))\n")
    for given, status in (("0", OK), ("3", 3), ("why", 1)):
        done = subprocess.run([sys.executable, "-c", code, given], capture_output=True, text=True, timeout=60)
        assert done.returncode == status
        assert done.stdout == "unflushedthread done\nexit handler\n"  # nothing 'torn down'
        assert done.stderr == ("why\n" if given == "why" else "")


def test_the_command_spares_numbas_blas_probe_and_its_kernels_still_reach_blas():
    """The command lets numba's first compiled call skip importing SciPy's linear algebra (the
    probe for BLAS), and a kernel with a matrix product still gets it when compiled."""
    code = ("import sys\n"
            "import numba, numpy as np\n"
            "from dedup.cli.process import skip_blas_probe\n"
            "skip_blas_probe()\n"
            "total = numba.njit(lambda a: a.sum())\n"
            "print(total(np.ones(2)), 'scipy.linalg' in sys.modules)\n"
            "dot = numba.njit(lambda a, b: a @ b)\n"
            "print(dot(np.ones(3), np.arange(3.0)), 'scipy.linalg' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.stdout == "2.0 False\n3.0 True\n", done.stderr
    # and the command sets it up before its subcommand runs
    code = ("import atexit, sys\n"
            "from dedup.cli.process import _NoBlasProbe\n"
            "atexit.register(lambda: print(any(isinstance(f, _NoBlasProbe) for f in sys.meta_path)))\n"
            f"sys.argv = ['dedup', 'read', {WIRE!r}, '-f', 'json', '-o', '-']\n"
            "from dedup.cli import main\n"
            "main()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.splitlines()[-1] == "True", done.stderr


@pytest.mark.parametrize("args, input, why", [
    (["scan", str(FIXTURES / "corpus" / "feeds"), "--text-field", "body"], None, "5 no text"),
    (["scan", "-"], "", "1 empty file"),
    (["report", str(FIXTURES / "corpus" / "feeds"), "--text-field", "body"], None, "5 no text"),
])
def test_a_scan_that_read_nothing_fails_saying_why(tmp_path, args, input, why):
    out = tmp_path / "out"
    done = dedup_cli(*args, "-o", str(out), input=input)
    assert done.returncode == FAILED
    error = done.stderr.strip().splitlines()[-1]
    assert error.startswith("Error: nothing was read: ") and why in error, done.stderr
    assert not out.exists()  # no empty output in place of a result


def test_an_empty_folder_and_a_read_of_nothing_fail(tmp_path):
    done = dedup_cli("scan", str(tmp_path), "-q")
    assert done.returncode == FAILED
    assert done.stderr == "Error: nothing was read: the inputs hold no articles (an empty folder, file or standard input)\n"
    (tmp_path / "binary.txt").write_bytes(b"\0\1\2" * 100)
    done = dedup_cli("read", str(tmp_path / "binary.txt"))
    assert done.returncode == FAILED and "binary file" in done.stdout
    assert done.stderr == "Error: nothing was read: every input was skipped (see why above)\n"


@pytest.mark.parametrize("command", ["scan", "read", "report"])
def test_a_bogus_encoding_is_one_line_before_reading(tmp_path, command):
    done = dedup_cli(command, str(FIXTURES / "corpus" / "wire"), "--encoding", "bogus", "-o", str(tmp_path / "out"))
    assert done.returncode == FAILED and not (tmp_path / "out").exists()
    assert done.stderr == ("Error: --encoding 'bogus' is not an encoding Python knows: name one such as utf-8, cp1252 "
                           "or latin-1\n") and done.stdout == ""


def test_compare_exit_code_is_zero_for_a_copy_one_otherwise_two_on_error():
    assert dedup_cli("compare", *COPY, "--exit-code").returncode == 0
    rewrite = dedup_cli("compare", WIRE, REWRITE, "--exit-code")
    assert rewrite.returncode == 1 and rewrite.stdout.startswith("rewrite")  # still printed
    different = dedup_cli("compare", COPY[0], str(FIXTURES / "corpus" / "wire" / "halvard-results.txt"), "--exit-code")
    assert different.returncode == 1 and different.stdout.startswith("different")
    missing = dedup_cli("compare", WIRE, "nope.txt", "--exit-code")
    assert missing.returncode == TROUBLE and missing.stderr == "Error: nope.txt: no such file or folder\n"
    assert dedup_cli("compare", WIRE, "nope.txt").returncode == FAILED
    assert dedup_cli("compare", WIRE, REWRITE).returncode == 0


def test_diff_exit_code_is_zero_when_nothing_is_shown(tmp_path):
    assert dedup_cli("diff", WIRE, WIRE, "--exit-code").returncode == 0
    changed = dedup_cli("diff", WIRE, REWRITE, "--exit-code")
    assert changed.returncode == 1 and "[-" in changed.stdout
    restyled = tmp_path / "restyled.txt"  # curly quotes made straight: a cosmetic change only
    restyled.write_text(Path(WIRE).read_text(encoding="utf-8").replace("\u201c", '"').replace("\u201d", '"'))
    assert "\u201c" in Path(WIRE).read_text(encoding="utf-8")
    assert dedup_cli("diff", WIRE, str(restyled), "--exit-code").returncode == 0
    assert dedup_cli("diff", WIRE, str(restyled), "--exit-code", "--exact").returncode == 1
    assert dedup_cli("diff", WIRE, "nope.txt", "--exit-code").returncode == TROUBLE
    assert dedup_cli("diff", WIRE, "nope.txt", "--exit-code", "--format", "bogus").returncode == TROUBLE


# --- set-up and install lines ----------------------------------------------------------------

def test_make_demo_installs_only_the_base_package(tmp_path):
    plan = subprocess.run(["make", "-n", "demo", f"VENV={tmp_path / 'v'}"], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout
    installs = [line for line in plan.splitlines() if "pip install" in line and "--upgrade pip" not in line]
    assert installs == [f"{tmp_path / 'v'}/bin/python -m pip install --quiet -e ."], plan


def test_missing_extras_name_their_packages_not_a_pypi_name():
    from dedup.extras import install, requirements

    pyproject = (ROOT / "pyproject.toml").read_text()
    assert install("parquet") == "pip install 'pyarrow>=10'"
    assert requirements("spark") == ["pyspark>=3.5", "pandas<3,>=1.5", "pyarrow>=10"]
    assert 'spark = ["pyspark>=3.5", "pandas>=1.5,<3", "pyarrow>=10"]' in pyproject
    assert "trafilatura>=1.12" in requirements("fuzz")  # nested extras followed
    sources = [p for p in (ROOT / "dedup").rglob("*.py")] + [ROOT / "README.md", ROOT / "benchmarks" / "README.md"]
    said = [f"{p.name}: {line.strip()}" for p in sources for line in p.read_text(encoding="utf-8").splitlines()
            if "newsdedup[" in line and "finds nothing" not in line and "DISTRIBUTION" not in line]
    assert said == []


def test_py_typed_and_the_changelog_are_there():
    assert (ROOT / "dedup" / "py.typed").is_file()
    assert f"## {dedup.__version__}" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")

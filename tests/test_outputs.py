"""Outputs never destroy: an output naming an input (or another output) is refused before any
work, devices, pipes and stdout are written in place, a symlink's target is written, a regular
file is replaced atomically with the umask's mode, and a folder or file system that cannot take
the output is a one-line error before the scan runs. SIGTERM is handled like Ctrl-C."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, tree_digest
from tests.text import article

WIRE = FIXTURES / "corpus" / "wire"


def dedup(*args: str, cwd: Path | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dedup", *args], cwd=cwd or ROOT, capture_output=True, text=True, **kwargs)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the fixture corpus (with clusters to write)."""
    copy = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "corpus", copy)
    return copy


def assert_one_line_error(proc: subprocess.CompletedProcess, *words: str) -> None:
    assert proc.returncode == 1, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), proc.stderr
    for word in words:
        assert word in lines[0], lines[0]


@pytest.mark.parametrize("args", [
    ["scan", "{folder}", "-o", "{folder}/wire/port-strike.txt"],
    ["scan", "{folder}/wire/port-strike.txt", "{folder}/bay-times", "-o", "{folder}/wire/port-strike.txt"],
    ["diff", "{folder}/wire/port-strike.txt", "{folder}/metro-herald/port-strike.txt", "-o", "{folder}/wire/port-strike.txt"],
    ["diff", "{folder}/wire/port-strike.txt", "{folder}/metro-herald/port-strike.txt", "-o", "{link}"],
    ["compare", "{folder}/wire/port-strike.txt", "{folder}/metro-herald/port-strike.txt", "-o", "{folder}/metro-herald/port-strike.txt"],
    ["read", "{folder}/wire", "-o", "{folder}/wire/halvard-results.txt"],
    ["report", "{folder}", "-o", "{folder}/coastal-courier/terminal-expansion.md"],
    ["scan", "{folder}", "--report", "{folder}/wire/port-strike.txt", "-q"],
    ["scan", "{mount}", "-o", "{folder}/wire/port-strike.txt"],
])
def test_an_output_naming_an_input_is_refused_and_the_input_kept(folder, tmp_path, args):
    link = tmp_path / "link-to-input.txt"
    link.symlink_to(folder / "wire" / "port-strike.txt")
    mount = tmp_path / "same-folder-by-another-name"
    mount.symlink_to(folder, target_is_directory=True)
    before = tree_digest(folder)
    proc = dedup(*(a.format(folder=folder, link=link, mount=mount) for a in args))
    assert_one_line_error(proc, "input", "somewhere else")
    assert tree_digest(folder) == before
    assert "Read " not in proc.stderr  # refused before the scan


def test_report_and_output_naming_one_file_are_refused(folder, tmp_path):
    for out, report in ((tmp_path / "same.html", tmp_path / "same.html"), (tmp_path / "a.html", tmp_path / "x" / ".." / "a.html")):
        (tmp_path / "x").mkdir(exist_ok=True)
        proc = dedup("scan", str(folder), "-o", str(out), "--report", str(report))
        assert_one_line_error(proc, "--output and --report both name")
        assert not out.exists()


def test_a_new_output_file_inside_an_input_folder_is_allowed(folder):
    proc = dedup("scan", str(folder), "-o", str(folder / "clusters.jsonl"), "-q")
    assert proc.returncode == 0, proc.stderr
    assert len((folder / "clusters.jsonl").read_text().splitlines()) == 3


def device(tmp_path: Path, name: str, major: int, minor: int) -> Path:
    """A character device node of our own where we may make one (root): a test gone wrong then
    replaces it, not the system's; elsewhere the system's, which only root could replace."""
    if os.geteuid() != 0:
        return Path("/dev") / name
    node = tmp_path / name
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(major, minor))
    return node


def test_a_character_device_is_written_in_place_not_replaced(folder, tmp_path):
    null = device(tmp_path, "null", 1, 3)
    proc = dedup("scan", str(folder), "-o", str(null), "-q")
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert list(null.parent.glob(".null.*.part")) == []


def test_a_named_pipe_is_written_in_place_and_its_reader_gets_everything(folder, tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    proc = dedup("scan", str(folder), "-o", str(pipe), "-q", "-f", "jsonl", timeout=120)
    reader.join(timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert len(received[0].decode().splitlines()) == 3


def test_stdout_and_a_link_to_it_are_written_directly(folder, tmp_path):
    proc = dedup("scan", str(folder), "-o", "-", "-q", "-f", "jsonl")
    assert proc.returncode == 0 and len(proc.stdout.splitlines()) == 3
    stdout = tmp_path / "stdout"
    stdout.symlink_to("/proc/self/fd/1")  # what /dev/stdout is, without risking the real one
    proc = dedup("scan", str(folder), "-o", str(stdout), "-q", "-f", "jsonl")
    assert proc.returncode == 0 and len(proc.stdout.splitlines()) == 3
    assert stdout.is_symlink()


def test_a_symlink_output_writes_its_target_and_stays_a_link(folder, tmp_path):
    target = tmp_path / "kept" / "clusters.jsonl"
    target.parent.mkdir()
    target.write_text("old\n")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(target)
    proc = dedup("scan", str(folder), "-o", str(link), "-q", "-f", "jsonl")
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert len(target.read_text().splitlines()) == 3


def test_a_new_file_gets_the_umask_mode_and_a_replaced_file_keeps_its_mode(folder, tmp_path):
    new = tmp_path / "new.jsonl"
    proc = subprocess.run([sys.executable, "-c", "import os, sys; os.umask(0o027); from dedup.cli import main; sys.argv = "
                           f"['dedup', 'scan', {str(folder)!r}, '-o', {str(new)!r}, '-q']; main()"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE(new.stat().st_mode) == 0o640
    new.chmod(0o604)
    assert dedup("scan", str(folder), "-o", str(new), "-q").returncode == 0
    assert stat.S_IMODE(new.stat().st_mode) == 0o604


def test_an_unwritable_folder_is_an_error_before_the_scan(folder):
    # sysfs takes no new files, whoever asks (root included)
    proc = dedup("scan", str(folder), "-o", "/sys/dedup-result.jsonl")
    assert_one_line_error(proc, "/sys/dedup-result.jsonl", "choose")
    assert "Read " not in proc.stderr and "Traceback" not in proc.stderr


def test_a_read_only_file_system_is_an_error_before_the_scan(folder, tmp_path):
    mount = tmp_path / "ro"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(mount)],
                                           capture_output=True).returncode != 0:
        pytest.skip("mounting a read-only file system needs root")
    try:
        proc = dedup("scan", str(folder), "-o", str(mount / "out.jsonl"))
        assert_one_line_error(proc, str(mount / "out.jsonl"), "read-only", "choose another place")
        assert "Read " not in proc.stderr
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_full_device_is_a_one_line_error(tmp_path):
    full = device(tmp_path, "full", 1, 7)
    proc = dedup("scan", str(FIXTURES / "corpus"), "-o", str(full), "-q")
    assert_one_line_error(proc, str(full), "full", "free some space")
    assert stat.S_ISCHR(full.lstat().st_mode)


FAILING_WRITE = """
import resource, signal, sys
from dedup.cli.output import open_output
from dedup.errors import DedupError
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past the limit, a write fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
try:
    with open_output(sys.argv[1], json=False) as out:
        for _ in range(100):
            out.write("x" * 1000 + "\\n")
except DedupError as error:
    print(error)
"""


def test_a_write_that_fails_half_way_leaves_no_partial_file(tmp_path):
    out = tmp_path / "clusters.jsonl"
    proc = subprocess.run([sys.executable, "-c", FAILING_WRITE, str(out)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"cannot write --output {out}: the file would be too large there")
    assert list(tmp_path.iterdir()) == []


def test_a_file_system_that_fills_up_is_a_one_line_error(folder, tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", str(mount)],
                                           capture_output=True).returncode != 0:
        pytest.skip("mounting a small file system needs root")
    try:
        proc = dedup("scan", str(folder), "-o", str(mount / "out.json"), "-f", "json", "--all", "-q")
        assert_one_line_error(proc, str(mount / "out.json"), "full", "free some space")
        assert list(mount.iterdir()) == []
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def _wait_for_stdin_read(pid: int) -> None:
    deadline = time.time() + 60
    while time.time() < deadline and "pipe_read" not in Path(f"/proc/{pid}/wchan").read_text():
        time.sleep(0.05)


def test_sigterm_stops_with_a_message_and_status_143(tmp_path):
    out = tmp_path / "result.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "dedup", "scan", "-", "-o", str(out)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdin.write(json.dumps({"id": "a", "text": article(50, seed=1)}) + "\n")
    proc.stdin.flush()
    _wait_for_stdin_read(proc.pid)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143, err
    assert "Terminated: stopped before finishing" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


WRITING = """
import signal, sys, time
from dedup.cli.entry import _stopped
from dedup.cli.output import open_output
signal.signal(signal.SIGINT, _stopped)
signal.signal(signal.SIGTERM, _stopped)
with open_output(sys.argv[1], json=False) as out:
    out.write("half of a result\\n")
    out.flush()
    print("writing", flush=True)
    time.sleep(60)
"""


@pytest.mark.parametrize("signum, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_while_the_output_is_written_leaves_no_part_file(tmp_path, signum, status):
    out = tmp_path / "result.jsonl"
    proc = subprocess.Popen([sys.executable, "-c", WRITING, str(out)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "writing\n"
    assert [p.name for p in tmp_path.glob(".result.jsonl.*.part")]  # the temporary file is there
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == status, err
    assert list(tmp_path.iterdir()) == []

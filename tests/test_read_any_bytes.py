"""Reading never raises: any bytes under any supported name give an article or a skip."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dedup import Article, Skipped, read
from tests.conftest import ROOT
from tests.text import article

SUFFIXES = [".txt", ".md", ".json", ".jsonl", ".html", ".htm", ".ndjson"]
# raw bytes, and bytes that look like the formats they are named after
CONTENT = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=1500).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(max_size=800).map(lambda t: f"<html><body><article><p>{t}</p>".encode("utf-8", "surrogatepass")),
    st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=50),
                 lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["text", "id", "title", "date"]), inner, max_size=4),
                 max_leaves=12).map(lambda v: json.dumps(v).encode()),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(st.tuples(st.sampled_from(SUFFIXES), CONTENT), min_size=1, max_size=4))
def test_any_bytes_read_or_skipped(tmp_path, files):
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    for number, (suffix, content) in enumerate(files):
        (folder / f"f{number}{suffix}").write_bytes(content)
    items = list(read(folder))
    assert all(isinstance(i, (Article, Skipped)) for i in items)
    # every file accounted for: its articles or its skips carry its path
    assert {Path(i.path).name for i in items} == {f"f{n}{suffix}" for n, (suffix, _) in enumerate(files)}


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root to run the scan as another user")
def test_folder_without_read_permission_is_skipped_and_the_scan_goes_on():
    # root reads everything, so the scan runs as 'nobody', for whom the folder is closed
    top = Path(tempfile.mkdtemp())
    try:
        top.chmod(0o755)
        (top / "open").mkdir()
        (top / "open" / "a.txt").write_text(article(80, seed=1))
        (top / "closed").mkdir()
        (top / "closed" / "b.txt").write_text(article(80, seed=2))
        (top / "closed").chmod(0o000)
        proc = subprocess.run(
            ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable, "-m", "dedup",
             "scan", str(top), "--all", "-f", "json", "-q"],
            capture_output=True, text=True, cwd=ROOT,
        )
        assert proc.returncode == 0, proc.stderr
        result = json.loads(proc.stdout)
        assert [m["id"] for c in result["clusters"] for m in c["members"]] == ["open/a.txt"]
        assert result["skipped"] == [{"id": "closed", "path": str(top / "closed"),
                                      "reason": "unreadable folder: Permission denied"}]
    finally:
        (top / "closed").chmod(0o755)
        shutil.rmtree(top)

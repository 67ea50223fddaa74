from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture
def write(tmp_path: Path):
    """Write files under a temporary folder: ``write("a/b.txt", "text")`` returns the path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


def tree_digest(root: Path) -> dict[str, str]:
    """Every file below ``root`` with its content hash and mtime, to prove nothing changed."""
    digest = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            if path.is_symlink():
                digest[str(path)] = "link:" + os.readlink(path)
                continue
            stat = path.stat()
            digest[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest() + f":{stat.st_mtime_ns}"
    return digest

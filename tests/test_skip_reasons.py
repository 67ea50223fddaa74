"""Only :class:`dedup.errors.Skip` turns an input into a skipped one: any other exception raised
while reading is a bug, and it reaches the caller (and the fuzzer) instead of passing as a
skip reason."""

from __future__ import annotations

import pytest

import dedup.readers.entries as entries
from dedup.errors import Skip
from dedup.readers import read
from dedup.records import Skipped


@pytest.fixture
def story(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Title: Port strike\n\nDock workers walked out on Monday over pay and the night shift.\n")
    return path


def test_a_skip_is_listed_with_its_reason(story, monkeypatch):
    def refuse(text, markdown=False):
        raise Skip("no article here: a test's reason")

    monkeypatch.setattr(entries, "split_header", refuse)
    (item,) = read(str(story))
    assert isinstance(item, Skipped) and item.reason == "no article here: a test's reason"


@pytest.mark.parametrize("bug", [ValueError("a bug"), KeyError("text"), TypeError("a bug")])
def test_any_other_error_while_reading_propagates(story, monkeypatch, bug):
    def broken(text, markdown=False):
        raise bug

    monkeypatch.setattr(entries, "split_header", broken)
    with pytest.raises(type(bug)):
        list(read(str(story)))


def test_the_readers_reasons_are_skips(tmp_path):
    (tmp_path / "empty.html").write_text("<html><body><nav>Home</nav></body></html>")
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "nul.txt").write_bytes(b"a\x00b" * 10)
    reasons = sorted(s.reason.split(" ")[0] for s in read(str(tmp_path)) if isinstance(s, Skipped))
    assert reasons == ["binary", "empty", "invalid"]

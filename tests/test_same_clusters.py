"""Speed work must not move a result: every cluster, canonical member and measure of the scans
below equals what was stored in ``fixtures/scan_clusters.json`` (written from main before the
speed changes of issue 18, by ``python -m tests.test_same_clusters --write``).

The scans: the labelled fixture folders as ``make demo`` reads them (with and without
``--stories``), and 1,200 synthetic articles of the benchmark corpus (copies, footers,
borrowed paragraphs) handed over in memory, on one thread and on all cores; each by the
compiled kernels and by the plain path that small scans take before those are loaded.
"""

from __future__ import annotations

import dataclasses
import json
import sys

import pytest

from dedup import Article, scan
from tests.conftest import FIXTURES, ROOT

EXPECTED = FIXTURES / "scan_clusters.json"
FOLDERS = [FIXTURES / "corpus", FIXTURES / "malformed", *sorted(p for p in (FIXTURES / "realworld").iterdir() if p.is_dir())]


def synthetic() -> list[Article]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import corpus

    return [Article(d.id, d.text, title=d.title, date=d.date, source=d.source) for d in corpus.generate(1200, seed=5)]


def outcome(result) -> dict:
    """What a scan decided: clusters with their members' measures, and the summary's counts."""
    summary = {k: v for k, v in dataclasses.asdict(result.summary).items() if k != "seconds"}
    clusters = [[c.canonical, [[m.id, m.similarity, m.containment, m.story, m.verdict] for m in c.members]]
                for c in result.clusters]
    return {"clusters": clusters, "summary": summary, "skipped": sorted([s.id, s.reason] for s in result.skipped)}


def scans() -> dict[str, dict]:
    docs = synthetic()
    return {
        "fixtures": outcome(scan(FOLDERS, jobs=1)),
        "fixtures --stories": outcome(scan(FOLDERS, stories=True, jobs=1)),
        "synthetic": outcome(scan(docs, jobs=1)),
        "synthetic, all cores": outcome(scan(docs)),
    }


def _relative(found: dict) -> dict:
    """Paths in skip reasons relative to the repository, so that the file holds on any clone."""
    return json.loads(json.dumps(found).replace(str(ROOT) + "/", ""))


@pytest.fixture(scope="module", params=["compiled", "plain"])
def found(request) -> dict[str, dict]:
    import dedup.matching.cluster
    import dedup.minhash.fast

    with pytest.MonkeyPatch.context() as patch:
        for module in (dedup.matching.cluster, dedup.minhash.fast):
            patch.setattr(module, "_plain_pays", lambda *_: request.param == "plain")
        return _relative(scans())


@pytest.mark.parametrize("name", ["fixtures", "fixtures --stories", "synthetic", "synthetic, all cores"])
def test_clusters_are_those_stored(found, name):
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))[name]
    assert found[name]["summary"] == expected["summary"]
    assert found[name]["skipped"] == expected["skipped"]
    assert found[name]["clusters"] == expected["clusters"]


def test_the_stored_scans_hold_clusters():
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert len(expected["synthetic"]["clusters"]) > 100
    assert expected["fixtures --stories"]["summary"]["rewrites"] > 0


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    EXPECTED.write_text(json.dumps(_relative(scans()), indent=0, ensure_ascii=False) + "\n", encoding="utf-8")

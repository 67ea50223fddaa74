"""The report of a scan: the scan (or a result given), the clustered articles read again for
their texts, the diffs against each canonical version, the page."""

from __future__ import annotations

from dedup.batch import scan
from dedup.config import Config
from dedup.progress import Stages
from dedup.readers import Source, read
from dedup.records import Article, ScanResult
from dedup.report.data import report_data
from dedup.report.page import render_page


def report(source: Source, config: Config | None = None, *, stories: bool = False,
           result: ScanResult | None = None, progress: Stages | None = None) -> str:
    """The HTML report of a scan of ``source`` (paths: the articles are read again for their
    texts); ``result`` reuses a scan already made of the same source (made with ``lineage``
    for the clusters' trees of copies to be drawn). ``progress`` hears of the scan's stages,
    then ``texts`` (reading the clustered articles again) and ``diffs``."""
    config = config or Config()
    stages = progress or Stages()
    result = result or scan(source, config.replace(lineage=True), stories=stories, progress=stages)
    wanted = {m.id for c in result.clusters for m in c.members}
    texts: dict[tuple[str, str | None], Article] = {}
    with stages.stage("texts", total=len(wanted)):
        for item in read(source, config, only=wanted):
            if isinstance(item, Article):
                texts.setdefault((item.id, item.path), item)
                stages.advance(len(texts))
    with stages.stage("diffs", total=sum(c.size - 1 for c in result.clusters)):
        data = report_data(result, texts, config, stages.advance)
    return render_page(data)


"""The batch job: read → sign → link candidates → split into chain-free clusters.

Texts are signed in batches and dropped; what stays per article is kept by
:class:`dedup.signed.Signed`: a signature row, a shingle count and the reported metadata
(and, with ``stories``, its same-story profile, packed by :mod:`dedup.story.packed`).

>>> from dedup import Article, scan
>>> story = "Dock workers in the port walked out on Monday over pay and hours, union leaders said."
>>> result = scan([Article("a", story), Article("b", story + " More soon.")], min_words=5)
>>> [(c.canonical, [m.id for m in c.members]) for c in result.clusters]
[('b', ['b', 'a'])]
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

import numpy as np

from dedup.config import Config
from dedup.lineage import Lineage, first_by_date, trace
from dedup.matching.boilerplate import articles_with, find_boilerplate, without_boilerplate
from dedup.matching.cluster import OFF, cluster
from dedup.matching.similarity import is_similar
from dedup.minhash.fast import sign_forms
from dedup.normalize import signing_form
from dedup.progress import Stages
from dedup.readers import Source
from dedup.readers.source import counting, read_for_signing
from dedup.readers.units import Formed
from dedup.records import Article, Cluster, Member, ScanResult, Skipped, Summary, date_key
from dedup.signed import Signed
from dedup.skips import log_skipped
from dedup.spool import Spool
from dedup.story import cosine_for, profile, story_of, weights_for
from dedup.story.packed import Packed, Pieces, Profiles


def scan(
    source: Source | Iterable[Article],
    config: Config | None = None,
    *,
    singletons: bool = False,
    stories: bool = False,
    progress: Stages | None = None,
    **overrides: object,
) -> ScanResult:
    """Find clusters of near-duplicate articles.

    Skipped inputs are listed in the result and, one line per reason, logged as warnings to the
    ``dedup`` logger. With ``config.lineage``, every member carries its ``parent`` and
    ``parent_confidence`` and every cluster its ``first_publisher`` (:mod:`dedup.lineage`, on
    the shingles the scan signed).

    Args:
        source: a path, a list of paths (``"-"`` reads JSON Lines from standard input), a
            pandas, polars or pyarrow frame (one article a row), or an iterable of
            :class:`~dedup.Article` (made with :func:`dedup.article`, to apply the readers' rules).
        config: the settings; the defaults when ``None``.
        singletons: list articles without copies as clusters of one.
        stories: clusters also take rewrites of their story (same-story score of at least
            ``config.story``; with ``config.semantic``, the score that weighs sentence
            embeddings too, each article embedded once), and every member carries its
            ``story`` score and ``verdict`` against the canonical member.
        progress: a :class:`dedup.progress.Stages` that hears how far each stage has got,
            and times them.
        **overrides: single settings of ``config`` changed (``scan(path, threshold=0.6)``).

    Returns:
        A :class:`~dedup.ScanResult`: the clusters, the skipped inputs and a summary.

    Raises:
        ConfigError: an override names no setting, or a setting is out of range.
        InputError: a path does not exist.
    """
    config = config or Config()
    if overrides:
        config = config.replace(**overrides)
    started = time.perf_counter()
    story = Story(config) if stories else None
    stages = progress or Stages()
    with Spool(articles=stories) as spool:
        with stages.stage("read"), counting(source, config, stages.set_total):
            signed, skipped = _sign_all(read_for_signing(source, config, texts=stories), config, stages, story, spool)
        with stages.stage("boilerplate"):
            boilerplate, cleaned = _set_boilerplate_aside(signed, spool, config, skipped, story)
        rows = _rows_by_id(signed, skipped)
        clusters = _clusters(signed, rows, config, singletons, story, _shingles(spool, boilerplate, config), stages)
    paragraphs = len(boilerplate)
    members = [m for c in clusters for m in c.duplicates]
    summary = Summary(
        documents=len(rows),
        skipped=len(skipped),
        clusters=sum(1 for c in clusters if c.size > 1),
        duplicates=sum(1 for m in members if m.verdict != "rewrite"),
        rewrites=sum(1 for m in members if m.verdict == "rewrite"),
        largest_cluster=max((c.size for c in clusters), default=0),
        seconds=round(time.perf_counter() - started, 3),
        skipped_by_reason=dict(sorted(Counter(s.category for s in skipped).items())),
        boilerplate_paragraphs=paragraphs,
        articles_with_boilerplate=cleaned,
    )
    log_skipped(skipped)
    return ScanResult(clusters=clusters, skipped=skipped, summary=summary)


class Story:
    """The same-story profiles of a scan's rows (and, with ``config.semantic``, what the
    embeddings read of each), and what makes them."""

    def __init__(self, config: Config) -> None:
        self.weights = weights_for(config.language)
        self.cut = cosine_for(config.story)
        self.profiles = Profiles()
        self.pieces = Pieces(config) if config.semantic else None

    def add(self, texts: list[str]) -> None:
        for text in texts:
            self.profiles.add(profile(text, self.weights))
        if self.pieces is not None:
            self.pieces.add(texts)

    def replace(self, rows: list[int], texts: list[str]) -> None:
        for row, text in zip(rows, texts):
            self.profiles.replace(row, profile(text, self.weights))
        if self.pieces is not None:
            self.pieces.replace(rows, texts)

    def packed(self) -> Packed:
        packed = self.profiles.packed()
        return packed if self.pieces is None else self.pieces.packed(packed)


def _sign_all(items: Iterator[Article | Skipped | Formed], config: Config, stages: Stages | None,
              story: Story | None = None, spool: Spool | None = None) -> tuple[Signed, list[Skipped]]:
    """Sign every article in batches; what is kept of each is a row of :class:`Signed` (and
    the same row of ``spool``, for the stages after signing). Articles come with their signing
    form when a reading worker made it, and get it here otherwise."""
    signed, skipped = Signed(config.num_perm), []
    stages = stages or Stages()
    batch: list[Article] = []
    forms: list[bytes] = []

    def flush() -> None:
        with stages.stage("sign", shown=False):
            signed_batch = sign_forms(forms, config)
        long_enough = signed_batch.words >= config.min_words
        for article, count in zip(batch, signed_batch.words):
            if count < config.min_words:
                skipped.append(Skipped(article.id, article.path, _too_short(count, config)))
        if story is not None:
            with stages.stage("stories", shown=False):
                story.add([a.matching_text for a, enough in zip(batch, long_enough) if enough])
        signed.add(batch, signed_batch, long_enough)
        if spool is not None:
            spool.add(pair for pair, kept in zip(zip(batch, forms), long_enough) if kept)
        batch.clear()
        forms.clear()

    for done, item in enumerate(items, 1):
        stages.advance(done)
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        if isinstance(item, Formed):
            batch.append(item.article)
            forms.append(item.form)
        else:
            batch.append(item)
            forms.append(signing_form(item.matching_text))
        if len(batch) >= config.batch_size:
            flush()
    if batch:
        flush()
    signed.trim()
    return signed, skipped


def _too_short(words: int, config: Config) -> str:
    return f"too short: {words} words (minimum {config.min_words}; see --min-words)"


def _set_boilerplate_aside(signed: Signed, spool: Spool, config: Config, skipped: list[Skipped],
                           story: Story | None = None) -> tuple[np.ndarray, int]:
    """Find corpus boilerplate and re-sign the articles that carry it without it, from the
    spool (no input is read again).

    Returns the boilerplate paragraphs' unit hashes and how many articles carried them. An
    article left with too few words is skipped, so that two articles made of nothing but the
    same footer cannot look alike.
    """
    found, affected = _survey(signed, config)
    signed.drop_units()
    if not len(found):
        return found, 0
    rows = affected.tolist()
    for start in range(0, len(rows), config.batch_size):
        part = rows[start : start + config.batch_size]
        _resign(signed, part, spool, found, config, skipped, story)
    return found, len(rows)


def _shingles(spool: Spool, boilerplate: np.ndarray, config: Config) -> Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Each row's shingle hashes in reading order (and where each row's start), signed again
    from the spool without the boilerplate, as its signature was: what the walk settles the
    uncertain pairs of linked rows from (:mod:`dedup.matching.walk`)."""

    def of(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # a few thousand texts at a time: signing holds a text's bytes twice and room for
        # two hashes a byte, several times the hashes it gives (a settle batch fetches 8
        # million hashes, whose texts would take some 200 MB at once)
        hashes, counts = [np.empty(0, dtype=np.uint32)], [np.empty(0, dtype=np.int64)]
        for start in range(0, len(rows), FETCH_ROWS):
            signed = sign_forms(spool.forms(rows[start : start + FETCH_ROWS].tolist()), config, skip=boilerplate,
                                keep_hashes=True)
            hashes.append(signed.hashes)
            counts.append(signed.shingles)
        if len(hashes) == 2:
            return hashes[1], np.concatenate(([0], np.cumsum(counts[1])))
        return np.concatenate(hashes), np.concatenate(([0], np.cumsum(np.concatenate(counts))))

    return of


FETCH_ROWS = 2048  # texts signed again at once for their shingle hashes


def _survey(signed: Signed, config: Config) -> tuple[np.ndarray, np.ndarray]:
    """The boilerplate unit hashes, and the rows of the articles that carry them."""
    hashes, contexts, ends = signed.units()
    found = find_boilerplate(hashes, contexts, ends, config.boilerplate)
    return found, articles_with(hashes, ends, found) if len(found) else np.empty(0, dtype=np.int64)


def _resign(signed: Signed, rows: list[int], spool: Spool, found: np.ndarray, config: Config,
            skipped: list[Skipped], story: Story | None) -> None:
    """Sign (and profile) ``rows`` again without boilerplate, from the spool."""
    result = sign_forms(spool.forms(rows), config, skip=found)
    for row, sig, size, n_words in zip(rows, result.matrix, result.shingles, result.words):
        if n_words < config.min_words:
            signed.drop(row)
            reason = f"nothing but boilerplate: {n_words} words left once shared paragraphs are set aside"
            skipped.append(Skipped(signed.ids[row] or "", signed.path(row), reason))
        else:
            signed.replace(row, sig, int(size))
    if story is not None:
        story.replace(rows, [without_boilerplate(text, found) for text in spool.matching_texts(rows)])


def _rows_by_id(signed: Signed, skipped: list[Skipped]) -> np.ndarray:
    """Row numbers in id order, so that input order cannot change a result.

    Ids name articles in the output, so they must be unique: of several articles with one id,
    the one with the first path (then the lowest signature) is kept, whatever order they came
    in, and the others are skipped.
    """
    order = sorted((row for row in range(len(signed)) if row not in signed.dropped), key=lambda row: signed.ids[row] or "")
    keep: list[int] = []
    start = 0
    while start < len(order):
        stop = start + 1
        while stop < len(order) and signed.ids[order[stop]] == signed.ids[order[start]]:
            stop += 1
        same = sorted(order[start:stop], key=lambda row: (signed.path(row) or "", signed.sigs[row].tobytes()))
        keep.append(same[0])
        for row in same[1:]:
            first = signed.path(same[0])
            reason = f"duplicate id (also read from {first})" if first else "duplicate id (another article has it)"
            skipped.append(Skipped(signed.ids[row] or "", signed.path(row), reason))
        start = stop
    return np.asarray(keep, dtype=np.int64)


def _clusters(signed: Signed, rows: np.ndarray, config: Config, singletons: bool, story: Story | None,
              shingles: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]], stages: Stages) -> list[Cluster]:
    bands, rows_per_band = config.bands
    packed = story.packed() if story is not None else None
    groups = cluster(signed.sigs, signed.sizes, shingles, signed.dates, rows, bands, rows_per_band, config.threshold,
                     config.containment, packed, story.cut if story is not None else OFF, stages)
    signed.drop_signatures()
    lineages = trace([g.rows for g in groups], shingles, signed.dates, signed.sizes, config.ngram) if config.lineage else []

    def member(row: int, similarity: float, containment: float, cosine: float | None, first: bool) -> Member:
        found = signed.member(row, similarity, containment)
        if cosine is None:
            return found
        if first:
            return dataclasses.replace(found, story=1.0)
        duplicate = is_similar(similarity, containment, config.threshold, config.containment)
        return dataclasses.replace(found, story=round(story_of(cosine), 4), verdict="duplicate" if duplicate else "rewrite")

    found: list[tuple[list[Member], str | None]] = []
    in_group = np.zeros(len(signed), dtype=bool)
    for number, group in enumerate(groups):
        in_group[group.rows] = True
        cosines = group.cosine if group.cosine is not None else [None] * len(group.rows)
        members = [member(r, s, c, cos, k == 0)
                   for k, (r, s, c, cos) in enumerate(zip(group.rows, group.similarity, group.containment, cosines))]
        first = None
        if config.lineage:
            members, first = _with_parents(members, lineages[number])
        found.append(([members[0], *sorted(members[1:], key=_member_order)], first))
    if singletons:
        for r in rows:
            if not in_group[r]:
                alone = member(r, 1.0, 1.0, None if story is None else 1.0, True)
                if config.lineage:
                    alone = dataclasses.replace(alone, parent_confidence=1.0)
                found.append(([alone], alone.id if config.lineage else None))
    found.sort(key=lambda item: (-len(item[0]), item[0][0].id))
    return [Cluster(cluster=n, canonical=members[0].id, members=tuple(members), first_publisher=first)
            for n, (members, first) in enumerate(found, 1)]


def _with_parents(members: list[Member], lineage: Lineage | None) -> tuple[list[Member], str]:
    """The members (in the group's order) with their parents' ids, and the first publisher's;
    a group too large to trace (``None``) has a first publisher by date alone and no parents."""
    if lineage is None:
        return ([dataclasses.replace(m, parent_confidence=0.0) for m in members],
                members[first_by_date([m.date for m in members])].id)
    traced = [dataclasses.replace(m, parent=None if parent is None else members[parent].id, parent_confidence=confidence)
              for m, (parent, confidence) in zip(members, lineage.parents)]
    return traced, members[lineage.root].id


def _member_order(member: Member) -> tuple:
    return (*date_key(member.date), member.id)

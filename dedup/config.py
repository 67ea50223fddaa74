"""One frozen configuration for every stage.

Field names match the CLI options (``--num-perm`` is ``num_perm``) and the keyword overrides
that :func:`dedup.scan` accepts, so a setting means the same thing everywhere.

>>> from dedup import Config
>>> Config(threshold=0.6).replace(ngram=3).ngram
3
"""

from __future__ import annotations

import codecs
import dataclasses
import math
from dataclasses import dataclass
from typing import Any, Literal

from dedup.errors import ConfigError

#: The pinned hash function applied to each shingle's UTF-8 bytes (xxHash32, seed 0).
HASH_NAME = "xxh32"
#: The largest --max-file-size: a file or record is read into memory whole, and reads are
#: sized in machine integers (a larger value overflowed them)
MAX_FILE_SIZE = 2**40


def setting(default: object, help: str) -> Any:
    """A field of :class:`Config` with its help: the CLI's option says the same (one text for
    the field, its option and ``--help``)."""
    return dataclasses.field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Config:
    """How articles are read, signed, paired and clustered.

    Matching settings (``ngram``, ``shingle``, ``num_perm``, ``seed``) define the signatures;
    ``str(config)`` names them so that artefacts built with other settings can be refused.
    Each field's help, below, is what its CLI option's ``--help`` says.
    """

    # shingles and signatures
    ngram: int = setting(5, "Shingle length: words per shingle (or characters with --shingle char).")
    shingle: Literal["word", "char"] = setting("word", "Shingle kind: 'word' or 'char'.")
    num_perm: int = setting(128, "MinHash permutations (signature length).")
    seed: int = setting(1, "Seed of the MinHash permutations.")
    # verification: a pair is similar when its Jaccard reaches `threshold` or the smaller
    # article is contained in the larger to at least `containment` (at its top, when that is
    # all: dedup.matching.walk). Pairs near either cut are settled exactly, so the containment cut needs
    # no margin for estimation noise; page furniture the reader does not know costs short
    # copies a fifth to a third of their shingles, hence 0.6
    threshold: float = setting(0.5, "Estimated Jaccard at which two articles are near-duplicates.")
    containment: float = setting(
        0.6, "Share of the smaller article found in the larger at which they are near-duplicates (briefs, trims)."
    )
    # same-story tier: a pair that is not a near-duplicate is a rewrite of one story when its
    # story score reaches `story`; word weights come from `language`'s background frequencies
    story: float = setting(0.8, "Same-story score (0-1) at which a pair that is not a near-duplicate is a rewrite of one story.")
    language: str = setting("en", "Language whose word frequencies weigh words for the same-story score (ISO code: en, de, fr…).")
    # with `semantic`, the story score also weighs sentence embeddings of `model` (a local
    # folder or a Hugging Face Hub name; needs the semantic extra): see dedup.story.semantic
    semantic: bool = setting(
        False,
        "Same-story score with sentence embeddings too (needs the semantic extra; slower, "
        "closer to human judgement).",
    )
    model: str = setting(
        "all-MiniLM-L6-v2",
        "Sentence-embedding model for --semantic: a folder (tokenizer.json and an ONNX graph) or a Hugging "
        "Face Hub name.",
    )
    # with `lineage`, each cluster member gets the member it was most likely copied from, and
    # each cluster its first publisher (dedup.lineage)
    lineage: bool = setting(
        False,
        "Trace who copied whom: each member's parent (the member it was most likely copied from) and its "
        "confidence, each cluster's first publisher.",
    )
    # reading
    min_words: int = setting(10, "Articles with fewer words are skipped as too short.")
    max_file_size: int = setting(20_000_000, "Files (and JSON lines) larger than this many bytes are skipped.")
    encoding: str | None = setting(None, "Read every file in this encoding (e.g. cp1252) instead of detecting it.")
    chrome: bool = setting(True, "Leave site chrome (share lines, view counters, bylines…) out of the matching text.")
    html_extractor: str = setting(
        "resiliparse", "How saved web pages are read: resiliparse (fast), or trafilatura (needs the trafilatura extra)."
    )
    # an article's outlet: "metadata" (its own, else the folder it sits in below the scan
    # root), "folder" (that folder, whatever the metadata says) or "none" (metadata only)
    source_from: str = setting(
        "metadata", "Where an article's outlet comes from: metadata (else the first folder below the scan root), folder, or none."
    )
    # a symlink that leads out of the folders read is skipped (with the reason) unless this is on
    follow_links: bool = setting(False, "Read what symlinks out of the folders given lead to (off: skipped with the reason).")
    # a paragraph in at least this many articles, after different text each time, is
    # boilerplate and not evidence (0: keep everything)
    boilerplate: int = setting(
        3, "A paragraph found in this many articles, after different text each time, is boilerplate, not evidence (0: off)."
    )
    text_field: str = setting("text", "JSON field that holds the article text.")
    id_field: str = setting("id", "JSON field that holds the article id.")
    title_field: str = setting("title", "JSON field that holds the title.")
    date_field: str = setting("date", "JSON field that holds the date.")
    source_field: str = setting("source", "JSON field that holds the outlet.")
    url_field: str = setting("url", "JSON field that holds the URL.")
    # execution
    jobs: int = setting(0, "Threads for signatures (0: all cores).")
    # a folder not in the page cache is read at the disk's pace: asking for many files at once
    # keeps the disk busy (dedup.readers.readahead)
    read_ahead: int = setting(8, "Threads that ask the disk for the walked files ahead of their reading, for folders not in memory (0: none).")
    batch_size: int = setting(2048, "Articles signed per batch.")

    def __post_init__(self) -> None:
        if self.shingle not in ("word", "char"):
            raise ConfigError("shingle", f"must be 'word' or 'char', not {self.shingle!r}")
        if not 1 <= self.ngram <= 64:
            raise ConfigError("ngram", f"must be between 1 and 64, not {self.ngram}")
        if not 16 <= self.num_perm <= 1024:
            raise ConfigError("num_perm", f"must be between 16 and 1024, not {self.num_perm}")
        for name in ("threshold", "containment"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise ConfigError(name, f"must be in (0, 1], not {value}")
        if not 0.02 <= self.story <= 0.99:
            # below, every pair with a word in common is a rewrite; above, none can be
            raise ConfigError("story", f"must be between 0.02 and 0.99, not {self.story}")
        if not (2 <= len(self.language) <= 3 and self.language.isalpha() and self.language.islower()):
            raise ConfigError("language", f"must be a lowercase ISO 639 code such as en, de or fr, not {self.language!r}")
        if not self.model.strip():
            raise ConfigError("model", "must name a model: a local folder or a name on the Hugging Face Hub")
        if self.boilerplate < 0 or self.boilerplate == 1:
            raise ConfigError("boilerplate", f"must be 0 (off) or at least 2, not {self.boilerplate}")
        if self.html_extractor not in ("resiliparse", "trafilatura"):
            raise ConfigError("html_extractor", f"must be resiliparse or trafilatura, not {self.html_extractor!r}")
        if self.source_from not in ("metadata", "folder", "none"):
            raise ConfigError("source_from", f"must be metadata, folder or none, not {self.source_from!r}")
        if self.min_words < 1:
            raise ConfigError("min_words", f"must be at least 1, not {self.min_words}")
        if not 1 <= self.max_file_size <= MAX_FILE_SIZE:
            raise ConfigError("max_file_size", f"must be between 1 and {MAX_FILE_SIZE} (1 TiB), not {self.max_file_size}")
        if self.encoding is not None:
            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise ConfigError("encoding", f"{self.encoding!r} is not an encoding Python knows: name one such as "
                                              "utf-8, cp1252 or latin-1") from None
        if self.batch_size < 1:
            raise ConfigError("batch_size", f"must be at least 1, not {self.batch_size}")
        if not 0 <= self.read_ahead <= 256:
            raise ConfigError("read_ahead", f"must be between 0 (none) and 256, not {self.read_ahead}")
        if self.jobs < 0:
            raise ConfigError("jobs", f"must be 0 (all cores) or more, not {self.jobs}")
        if not 0 <= self.seed < 2**32:
            raise ConfigError("seed", f"must be in [0, 2**32), not {self.seed}")

    def replace(self, **changes: object) -> Config:
        """A copy with some fields changed; unknown names are an error, not ignored."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise ConfigError(None, f"unknown setting(s): {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @property
    def bands(self) -> tuple[int, int]:
        """LSH ``(bands, rows)`` chosen for recall at the lowest similarity that can verify.

        A brief holding the top third of a story has Jaccard ``c / (4 - c)`` with it at
        containment ``c``, so candidates must be found down there; rows per band are the
        largest that still give a candidate probability of at least 0.95 at that Jaccard, and
        never fewer than two: single-row bands make every shared common phrase a candidate.
        """
        target = min(self.threshold, self.containment / (4.0 - self.containment))
        best = (self.num_perm // 2, 2)
        for rows in range(2, 9):
            bands = self.num_perm // rows
            if probability_of_candidate(target, bands, rows) >= 0.95:
                best = (bands, rows)
        return best

    def __str__(self) -> str:
        return (
            f"{self.shingle}{self.ngram}-gram/{HASH_NAME}/affine32"
            f"/num_perm={self.num_perm}/seed={self.seed}/chrome={'on' if self.chrome else 'off'}"
        )


def probability_of_candidate(jaccard: float, bands: int, rows: int) -> float:
    """The chance that two sets with this Jaccard share at least one band."""
    return 1.0 - (1.0 - math.pow(jaccard, rows)) ** bands

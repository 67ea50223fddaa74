"""Two articles on their own: near-copies, rewrites of one story, or different stories.

Near-copies are judged on exact shingle overlap (what a scan's signatures estimate), rewrites
on the same-story score (:mod:`dedup.story`), which needs no corpus around the pair.

>>> wire = ("Dock workers in Rotterdam walked out on Monday over pay and hours, union leaders "
...         "said, halting container traffic at Europe's largest port.")
>>> rewrite = ("Container traffic at Europe's biggest port stood still on Monday as Rotterdam "
...            "dock workers went on strike over wages and working hours, according to unions.")
>>> other = "The city council approved a new budget for parks and libraries on Tuesday evening."
>>> compare(wire, wire + " More soon.").verdict, compare(wire, rewrite).verdict, compare(wire, other).verdict
('duplicate', 'rewrite', 'different')
"""

from __future__ import annotations

from dedup.config import Config
from dedup.matching.similarity import overlap, shingle_set
from dedup.records import Article, Comparison, matching_text
from dedup.story import story_of, weights_for
from dedup.story.fast import story_cosine
from dedup.story.profiles import profile_of, tokens


def compare(a: Article | str, b: Article | str, config: Config | None = None, **overrides: object) -> Comparison:
    """Compare two articles (or plain strings): their matching texts, site chrome left out.

    Args:
        a: an :class:`~dedup.Article` or a plain string.
        b: the same, compared with ``a``.
        config: the settings; the defaults when ``None``.
        **overrides: single settings of ``config`` changed; with ``semantic=True`` the story
            score weighs sentence embeddings too (:mod:`dedup.story.semantic`; the model of
            ``config.model`` is loaded once).

    Returns:
        A :class:`~dedup.Comparison`: Jaccard, containment, story score and verdict.
    """
    config = config or Config()
    if overrides:
        config = config.replace(**overrides)
    text_a, text_b = matching_text(a), matching_text(b)
    words_a, words_b = tokens(text_a), tokens(text_b)
    jaccard, containment = overlap(shingle_set(text_a, config, words_a), shingle_set(text_b, config, words_b))
    weights = weights_for(config.language)
    pa, pb = profile_of(words_a, weights), profile_of(words_b, weights)
    # the compiled twin of dedup.story.cosine (the readable reference; tests hold them equal)
    cosine = story_cosine(pa.terms, pa.weights, pa.norm, pa.sequence, pb.terms, pb.weights, pb.norm, pb.sequence)
    if config.semantic:
        from dedup.story.semantic import encoder, semantic_cosine

        model = encoder(config.model, config.jobs)
        vectors = model.embed(model.pieces([text_a, text_b]))
        cosine = semantic_cosine(cosine, float(vectors.body[0] @ vectors.body[1]), float(vectors.lead[0] @ vectors.lead[1]))
    story = story_of(cosine)
    return Comparison(jaccard, containment, round(story, 4), verdict(jaccard, containment, story, config))


def verdict(jaccard: float, containment: float, story: float, config: Config) -> str:
    """``duplicate`` when either overlap reaches its threshold, else ``rewrite`` when the story
    score reaches ``config.story``, else ``different``."""
    if jaccard >= config.threshold or containment >= config.containment:
        return "duplicate"
    return "rewrite" if story >= config.story else "different"


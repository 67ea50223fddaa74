"""What a diff of two article versions is: changes with offsets, and quote drift."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference: ``a_text`` at ``a_span`` of A became ``b_text`` at ``b_span`` of B.

    Offsets index each article's display text as read. ``tags``: ``moved`` (the same sentence
    cut here and inserted elsewhere), ``quote`` (touches quoted speech), ``number`` (a figure,
    date or amount differs), ``cosmetic`` (only whitespace, quote style or dash style differ)
    and ``chrome`` (site chrome left out of matching); the last two are hidden unless asked for.
    """

    kind: Literal["replace", "insert", "delete"]
    a_text: str
    b_text: str
    a_span: Span
    b_span: Span
    tags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["a_span"], data["b_span"], data["tags"] = list(self.a_span), list(self.b_span), list(self.tags)
        return data


@dataclass(frozen=True, slots=True)
class QuoteDrift:
    """A quotation of A and what became of it in B: ``same``, ``reworded`` or ``missing``."""

    a_text: str
    a_span: Span
    verdict: Literal["same", "reworded", "missing"]
    b_text: str | None = None
    b_span: Span | None = None
    similarity: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["a_span"] = list(self.a_span)
        data["b_span"] = list(self.b_span) if self.b_span else None
        return data


@dataclass(frozen=True)
class Alignment:
    """Sentences of A paired with sentences of B (lists of sentence numbers, either may be
    empty: an added or cut sentence), with their similarity."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    similarity: float


@dataclass(frozen=True)
class ArticleDiff:
    """The differences between two versions of an article.

    ``changes`` is complete: applying every change to A's text gives B's text exactly.
    ``visible`` leaves out cosmetic and chrome changes, as the renderers do unless asked not to.
    """

    a: str
    b: str
    changes: tuple[Change, ...]
    alignment: tuple[Alignment, ...]
    quotes: tuple[QuoteDrift, ...]
    jaccard: float
    containment: float
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def visible(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if "cosmetic" not in c.tags and "chrome" not in c.tags)

    def apply(self) -> str:
        """A's text with every change applied (equals B's text)."""
        out, pos = [], 0
        for change in self.changes:
            out.append(self.a[pos : change.a_span[0]])
            out.append(change.b_text)
            pos = change.a_span[1]
        out.append(self.a[pos:])
        return "".join(out)

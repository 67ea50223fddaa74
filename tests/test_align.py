"""The sentence alignment's dynamic programme, a row at a time, returns exactly what the same
programme a cell at a time (the readable reference) returns: the same pairs, the same ties
broken the same way, the same similarities."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.differ.align import _programme, programme_reference

# few words, so that sentences share grams, tie, split and merge
WORDS = ["port", "strike", "ports", "strikes", "union", "pay", "the", "night", "shift", "said", "a"]
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=0, max_size=6).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(a=st.lists(SENTENCE, max_size=12), b=st.lists(SENTENCE, max_size=12),
       i0=st.integers(0, 50), j0=st.integers(0, 50))
def test_row_programme_equals_the_cell_programme(a, b, i0, j0):
    assert _programme(a, b, i0, j0) == programme_reference(a, b, i0, j0)


def test_a_split_sentence_is_paired_with_both_halves():
    a = ["Dock workers walked out on Monday over pay and the night shift, union leaders said."]
    b = ["Dock workers walked out on Monday over pay.", "It was the night shift, union leaders said."]
    alignment = _programme(a, b, 0, 0)
    assert [(entry.a, entry.b) for entry in alignment] == [((0,), (0, 1))]
    assert 0.5 < alignment[0].similarity <= 1.0

"""extractors.statements.folding: ASCII text asked by faster means, with the answers of the patterns."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.statements import folding

_NEAR_WORDS = st.text(alphabet=st.sampled_from("aZ09_ -.,:'\t\n()\u00e9\u0663\u212a"), max_size=16)


@pytest.mark.unit
@given(st.one_of(_NEAR_WORDS, st.text(max_size=16)))
def test_words_are_the_runs_of_word_characters(text: str) -> None:
    assert folding.words(text) == re.findall(r"\w+", text)

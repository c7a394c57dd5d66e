"""extractors.mail.extract: in a chain the newest statement about a target wins."""

from __future__ import annotations

import pytest

from extractors.mail.extract import _supersede_quoted
from tests.builders import claim

pytestmark = pytest.mark.unit


def test_a_quoted_statement_is_superseded_by_a_newer_one_about_the_same_target_even_naming_its_device_more_fully() -> None:
    newer = claim(manufacturer="", model="KX-200", hardware="0001", target="03030000", bases=["03020005"])
    quoted = claim(manufacturer="", model="", hardware="", target="03030000", bases=["03020000"])
    other_target = claim(manufacturer="", model="", hardware="", target="03030001", bases=["03030000"])
    other_model = claim(manufacturer="", model="KX-300", hardware="0001", target="03030000", bases=["03020000"])
    found = _supersede_quoted([(0, newer), (1, quoted), (1, other_target), (1, other_model)])
    assert [c.superseded for c in found] == [False, True, False, False]

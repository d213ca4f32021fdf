"""Finding @mentions in text: pure, so checked with examples and generated text."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practica.discussions.mentions import MAX_MENTIONS, mention_candidates


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Hello @Ana Lima!", {"ana", "ana lima"}),
        ("Hello @ana-lima, welcome", {"ana-lima", "ana lima"}),
        ("@Ana", {"ana"}),
        (
            "cc @Ana Lima Costa Dias Extra",
            {"ana", "ana lima", "ana lima costa", "ana lima costa dias"},
        ),
        ("@O'Neil.", {"o'neil"}),
        ("(@Zoë)", {"zoë"}),
        ("@Ana\n@Bea", {"ana", "bea"}),
    ],
)
def test_candidates(text, expected):
    assert mention_candidates(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", None, "no mentions here", "mail ana@example.org", "@@ana", "@ ana", "@-ana", "@", "a@b"],
)
def test_no_candidates(text):
    assert mention_candidates(text) == set()


def test_candidates_are_lower_case_and_trimmed():
    found = mention_candidates("Thanks @ANA LIMA; and @Bea?")
    assert {"ana lima", "bea"} <= found
    assert all(name == name.lower() and name == name.strip() for name in found)


def test_many_mentions_are_bounded():
    text = " ".join(f"@person{n} Word Word Word" for n in range(500))
    assert len(mention_candidates(text)) <= MAX_MENTIONS * 8 + 8


@given(st.text())
def test_never_raises_on_any_text(text):
    found = mention_candidates(text)
    assert isinstance(found, set)
    assert all(isinstance(name, str) and name for name in found)


@given(st.lists(st.sampled_from(["@", " ", "-", ".", "'", "a", "Ä", "\t", "\n", "_", "1"])))
def test_never_raises_on_mention_like_text(parts):
    text = "".join(parts)
    for name in mention_candidates(text):
        assert name == name.lower()
        assert "@" not in name

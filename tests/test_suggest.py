"""The one "did you mean" rule (generator/suggest.py), as its docstring states it; the browser's copy is
held to the same cases in node (tests/js/planner.test.mjs) and to every plan of the corpus."""

from __future__ import annotations

from generator import suggest


def test_the_suggestion_is_the_id_the_fewest_edits_away() -> None:
    assert suggest.edits("kitten", "sitting") == 3
    assert suggest.edits("nmae", "name") == 1  # two neighbours swapped: one edit
    assert suggest.closest("titel", ["title", "version"]) == "title"
    assert suggest.closest("crn", ["analytics", "crm"]) == "crm"
    assert suggest.closest("marketing-automaton", ["marketplace", "marketing-automation"]) == "marketing-automation"


def test_capital_ascii_letters_do_not_count_as_edits() -> None:
    assert suggest.edits("CRM", "crm") == 0
    assert suggest.closest("Fulfilment", ["crm", "fulfilment"]) == "fulfilment"


def test_at_most_one_edit_for_every_three_characters_written() -> None:
    assert suggest.closest("abcdef", ["abcdxy"]) == "abcdxy"  # 2 edits, 6 characters
    assert suggest.closest("abcdef", ["abcxyz"]) is None  # 3 edits, 6 characters
    assert suggest.closest("ab", ["ax"]) == "ax"  # at least one edit is allowed


def test_a_tie_goes_to_the_id_listed_first() -> None:
    assert suggest.closest("abc", ["abd", "abe"]) == "abd"
    assert suggest.closest("abc", ["abe", "abd"]) == "abe"


def test_failing_that_the_first_id_that_begins_with_what_was_written() -> None:
    assert suggest.closest("e-fulfilment", ["crm", "e-fulfilment-system"]) == "e-fulfilment-system"
    assert suggest.closest("crm-system", ["analytics", "crm"]) == "crm"  # or that it begins with
    assert suggest.closest("ma", ["marketplace"]) is None  # fewer than three characters: no guess


def test_a_listing_too_long_to_read_names_the_closest_few() -> None:
    ids = [f"kind-of-system-{n:02}" for n in range(40)]
    listing = suggest.listing("kind-of-system-7", ids)
    assert listing.endswith(", ...")
    assert listing.split(", ")[: suggest.LISTED] == [
        "kind-of-system-07",  # one edit each, in listed order
        "kind-of-system-17",
        "kind-of-system-27",
        "kind-of-system-37",
        "kind-of-system-00",  # then two edits
    ]
    assert suggest.listing("x", ["a", "b"]) == "a, b"
    assert suggest.hint("xyz", ["ab", "cd"]) == "write one of: ab, cd"

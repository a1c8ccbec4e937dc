"""The error classes of bench/error_classes.py: each cause of the report lands in its class."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from testkit.error_classes import class_table, error_class


@dataclass(frozen=True)
class _Case:
    cause: str


@pytest.mark.parametrize(
    ("section", "cause", "expected"),
    [
        ("spurious", "NER says PERSON", "not a place"),
        ("spurious", "an alias unlike the name, kept (NER place label)", "not a place"),
        ("spurious", "part of a longer NER ORG name", "inside a name"),
        ("missed", "inside a facility or institution name (not placed)", "inside a name"),
        ("missed", "a word of a person's full name, rejected", "rejected (evidence too weak)"),
        ("missed", "not in gazetteer (ADM2)", "missing"),
        ("wrong", "wrong candidate: another populated_place", "homonym"),
        ("wrong", "same entry, another point (admin_region point convention)", "point"),
        ("wrong", "gold entry not in gazetteer (Literal)", "missing"),
    ],
)  # fmt: skip
def test_each_cause_lands_in_its_class(section, cause, expected):
    assert error_class(section, cause) == expected


def test_the_table_counts_each_section_and_the_total():
    rows = class_table(
        {
            "wrong": [_Case("wrong candidate: another populated_place")],
            "missed": [],
            "spurious": [_Case("NER says ORG"), _Case("NER says PERSON")],
        }
    )
    assert rows == [["not a place", 0, 0, 2, 2], ["homonym", 1, 0, 0, 1]]

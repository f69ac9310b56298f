"""The understanding corpus is scored as a player would meet it: each line at its place, an
item the line presumes in hand carried, and an off-topic line counted when it is declined."""

from __future__ import annotations

from tta_agents.world.catalog import shipped_catalog
from tta_agents.world.evaluation import PlayLine, evaluate


def line(text: str, accept: tuple[str, ...], target: str | None = None) -> PlayLine:
    return PlayLine(1, "trauma_healing", "clearing", text, accept, target)


def test_a_line_about_an_item_away_from_here_is_read_with_it_in_hand() -> None:
    report = evaluate(shipped_catalog(), [line("hold the acorn", ("use",), "acorn")])
    assert report.handled == 1


def test_taking_an_item_that_is_not_here_is_not_handed_to_the_player() -> None:
    report = evaluate(shipped_catalog(), [line("take the acorn", ("take",), "acorn")])
    assert report.handled == 0
    assert report.misses[0][2] in {"not_found", "take_what"}


def test_an_off_topic_line_counts_when_it_is_declined() -> None:
    report = evaluate(shipped_catalog(), [line("what is 17 times 23", ("unknown",))])
    assert report.total == 1
    assert report.on_topic == 0

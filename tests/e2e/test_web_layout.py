"""A long journey on a desktop and a phone: the page stays put, the story scrolls in its own
box with the newest line in view, and the header with "Get help now" never leaves the screen.

Milestones are told once (by the narrator, or in one line when the narrator did not), never as
a pop-up over the input. The world's side panel reads cleanly on a phone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.e2e.conftest import DESKTOP, PHONE_TALL, Player

Shot = Callable[..., Path]
Check = Callable[[Page], None]
PageFactory = Callable[..., Page]

# A walk around the Mindfulness Garden: places, things, people, exercises and milestones.
WALK = [
    "look around",
    "take the paper lantern",
    "go east",
    "breathe",
    "talk to the gardener",
    "go north",
    "take the journal",
    "go west",
    "try the five senses",
    "go north",
    "look at the fish",
    "talk to the keeper",
    "go west",
    "watch the leaves on the stream",
    "go north",
    "go north",
    "go north",
    "ring the bell",
    "talk to the child",
    "go south",
    "go south",
    "go south",
    "go east",
    "use the journal",
    "look around",
    "go south",
    "sit on the bench",
    "breathe",
    "listen",
    "go west",
    "go north",
    "smell the lavender",
    "go north",
    "wait",
    "go south",
    "go south",
    "go east",
    "rest",
    "look around",
    "breathe",
]
SLACK_PX = 4


def stays_put(page: Page, viewport: ViewportSize) -> None:
    """The document is no taller than the screen; header, help and newest line are in view."""
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height <= viewport["height"] + SLACK_PX, f"the page grew to {height}px"
    assert page.evaluate("() => window.scrollY") == 0
    for locator in (page.get_by_role("link", name="Get help now"), page.get_by_role("banner")):
        expect(locator).to_be_in_viewport()
    newest = page.locator(".story > *").last
    expect(newest).to_be_in_viewport()
    inside = page.evaluate(
        """() => {
            const story = document.querySelector('.story').getBoundingClientRect();
            const last = document.querySelector('.story > :last-child').getBoundingClientRect();
            return last.bottom <= story.bottom + 1 && last.bottom > story.top;
        }"""
    )
    assert inside, "the newest line is scrolled into the story's view"


@pytest.mark.parametrize(
    ("viewport", "name"), [(DESKTOP, "desktop"), (PHONE_TALL, "phone")], ids=["desktop", "phone"]
)
def test_forty_turns_keep_the_page_still_and_the_newest_line_in_view(
    open_page: PageFactory, shot: Shot, check_a11y: Check, viewport: ViewportSize, name: str
) -> None:
    page = open_page(viewport)
    player = Player(page)
    player.begin("Moss Hale")
    stays_put(page, viewport)

    announced: list[str] = []
    for number, line in enumerate(WALK, start=1):
        player.play(line)
        toast = page.locator("#toast").inner_text()
        if toast:
            announced.append(toast)
        if page.locator("section.exercise").is_visible():
            page.get_by_role("button", name="I'm done for now").click()
        if page.locator("section.ending").is_visible():
            page.get_by_role("button", name="Keep exploring").click()
        if number in (1, 20, 40):
            stays_put(page, viewport)
    stays_put(page, viewport)
    shot(page, f"{name}-20-play-after-40-turns", full_page=False)
    check_a11y(page)

    # Each milestone is told once in the story, and never by a pop-up.
    assert not [t for t in announced if "ilestone" in t], announced
    story_text = player.story.inner_text()
    for title in ("First slow breath", "Grounded in the garden"):
        assert len(re.findall(title, story_text)) == 1, f"{title!r} told once"
    expect(page.locator(".milestones")).to_have_text(re.compile(r"^[1-3] of 3"))

    # The side panel reads as labelled facts, not run together.
    side = page.get_by_role("complementary", name="Where you are")
    labels = side.locator("dt").all_inner_texts()
    assert [label.upper() for label in labels] == ["WHERE YOU ARE", "WHAT YOU CARRY", "MILESTONES"]
    boxes = side.locator("dt, dd").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; })"
    )
    if name == "phone":  # side by side there, with room between label and value
        for (_, label_right), (value_left, _) in zip(boxes[0::2], boxes[1::2], strict=True):
            assert value_left >= label_right + 4, "label and value do not touch"

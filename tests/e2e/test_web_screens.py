"""Every screen of the client, on a desktop, a phone and a phone in the dark: each checked
with axe-core (no serious or critical finding), saved as a screenshot, and fitting the width."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.e2e.conftest import DESKTOP, PHONE_TALL, Player
from tta_agents.testing import CHECK_IN_MARKERS

Shot = Callable[..., Path]
Check = Callable[[Page], None]
PageFactory = Callable[..., Page]

CASES = [
    (DESKTOP, "light", "tour-desktop"),
    (PHONE_TALL, "light", "tour-phone"),
    (PHONE_TALL, "dark", "tour-phone-dark"),
]


@pytest.mark.parametrize("case", CASES, ids=[name for *_, name in CASES])
def test_every_screen_is_accessible_and_fits(
    open_page: PageFactory, shot: Shot, check_a11y: Check, case: tuple[ViewportSize, str, str]
) -> None:
    viewport, scheme, prefix = case
    page = open_page(viewport, color_scheme=scheme)
    player = Player(page)
    number = iter(range(1, 100))

    def screen(name: str, *, full_page: bool = True) -> None:
        width = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert width <= 0, f"{name} scrolls sideways by {width}px"
        shot(page, f"{prefix}-{next(number):02d}-{name}", full_page=full_page)
        check_a11y(page)

    page.goto("/")
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    screen("login")
    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", name="Begin your journey")).to_be_visible()
    screen("register")
    player.register()
    screen("welcome")
    page.get_by_role("button", name="Skip for now").click()
    expect(page.get_by_role("heading", name=re.compile("^Hello"))).to_be_visible()
    screen("home")
    page.get_by_role("link", name="Adjust your preferences").click()
    expect(page.get_by_role("heading", name="Your preferences")).to_be_visible()
    screen("preferences")
    page.get_by_role("button", name="Keep things as they are").click()
    page.get_by_role("link", name="Characters").click()
    player.create_character("Wren Alder")
    screen("characters")
    page.get_by_role("link", name="Choose a world for Wren Alder").click()
    expect(page.get_by_role("heading", name="Where will Wren Alder go?")).to_be_visible()
    screen("worlds")
    page.get_by_role("button", name="Begin in The Mindfulness Garden").click()
    expect(page.get_by_role("status").filter(has_text="Connected")).to_be_visible()
    expect(
        page.get_by_role("region", name="Before you begin: how are you feeling?")
    ).to_be_visible()
    screen("play-mood-before", full_page=False)
    page.get_by_role("button", name="Not now").click()
    for line in ("go east", "talk to the gardener", "I feel hopeless and empty"):
        player.play(line)
    story = player.story.inner_text()
    assert "Rowan the gardener" in story, "the gardener does not share the player's name"
    screen("play-support-note", full_page=False)
    box = page.get_by_label("What do you do?")
    box.fill(CHECK_IN_MARKERS[0])
    box.press("Enter")
    expect(page.get_by_role("region", name="Can I ask you something?")).to_be_visible()
    player.wait_for_turn()
    screen("play-check-in", full_page=False)
    page.get_by_role("link", name="Get help now").click()
    expect(page.get_by_role("dialog", name="You don't have to face this alone")).to_be_visible()
    screen("help-panel", full_page=False)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="End journey").click()
    expect(page.get_by_role("region", name="End this journey?")).to_be_visible()
    screen("play-end-journey", full_page=False)
    page.get_by_role("button", name="End without saying").click()
    expect(page.get_by_role("heading", name="Wren Alder in The Mindfulness Garden")).to_be_visible()
    screen("journey-summary")
    page.get_by_role("link", name="All journeys").click()
    expect(page.get_by_role("heading", name="Your journeys")).to_be_visible()
    screen("journeys")
    page.get_by_role("link", name="Progress", exact=True).click()
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    screen("progress")

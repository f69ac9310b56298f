"""The client on a 360 px phone, driven from the keyboard, with reduced motion asked for."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, Player

Shot = Callable[..., Path]
Check = Callable[[Page], None]
PageFactory = Callable[..., Page]


def fits_the_width(page: Page) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 360px"


def test_a_phone_player_can_do_everything_from_the_keyboard(
    open_page: PageFactory, shot: Shot, check_a11y: Check
) -> None:
    page = open_page(PHONE, reduced_motion="reduce")
    player = Player(page)

    page.goto("/")
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    fits_the_width(page)
    shot(page, "phone-01-login")

    player.register()
    fits_the_width(page)
    check_a11y(page)
    shot(page, "phone-02-onboarding")
    page.get_by_role("button", name="Skip for now").press("Enter")

    expect(page.get_by_role("heading", name=f"Hello, {player.username}")).to_be_visible()
    fits_the_width(page)
    shot(page, "phone-03-home")
    page.get_by_role("link", name="Begin a new journey").press("Enter")

    expect(page.get_by_role("heading", name="Your characters")).to_be_visible()
    player.create_character("Sol")
    fits_the_width(page)
    check_a11y(page)
    shot(page, "phone-04-characters")
    page.get_by_role("link", name="Choose a world for Sol").press("Enter")

    begin = page.get_by_role("button", name="Begin in The Mindfulness Garden")
    expect(begin).to_be_visible()
    fits_the_width(page)
    shot(page, "phone-05-worlds")
    begin.press("Enter")

    expect(page.get_by_role("status").filter(has_text="Connected")).to_be_visible()
    box = page.get_by_label("What do you do?")
    expect(box).to_be_focused()
    fits_the_width(page)
    shot(page, "phone-06-play")

    # Keyboard only: type and press Enter; reach a suggestion with Tab and press Space.
    page.keyboard.type("go east")  # the fig tree: exercises happen where they are placed
    page.keyboard.press("Enter")
    player.wait_for_turn()
    page.keyboard.type("try breathing")
    page.keyboard.press("Enter")
    exercise = page.locator("section.exercise")
    expect(exercise).to_be_visible()
    player.wait_for_turn()
    shape = exercise.locator(".breath-shape")
    assert shape.evaluate("el => getComputedStyle(el).transitionDuration") == "0s"
    assert shape.evaluate("el => getComputedStyle(el).animationName") == "none"
    fits_the_width(page)
    check_a11y(page)
    shot(page, "phone-07-exercise")
    exercise.get_by_role("button", name="I'm done for now").press("Enter")
    expect(box).to_be_focused()

    replies = player.story.locator(".line.narrator")
    before = replies.count()
    suggestion = page.get_by_role("group", name="Suggested actions").get_by_role("button").first
    suggestion.focus()
    page.keyboard.press("Space")
    expect(replies).to_have_count(before + 1)
    player.wait_for_turn()

    page.get_by_role("link", name="Get help now").press("Enter")
    panel = page.get_by_role("dialog", name="You don't have to face this alone")
    expect(panel).to_be_visible()
    expect(panel.locator("a[href^='tel:988']")).to_be_visible()
    expect(panel.locator("a[href^='sms:']").first).to_be_visible()
    check_a11y(page)
    shot(page, "phone-08-help-panel", full_page=False)
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()

    page.get_by_role("link", name="Progress").press("Enter")
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    expect(page.get_by_text(re.compile(r"practised 1 time"))).to_be_visible()
    fits_the_width(page)
    check_a11y(page)
    shot(page, "phone-09-progress")


def test_a_player_keeps_at_most_five_characters(open_page: PageFactory) -> None:
    page = open_page(PHONE)
    player = Player(page)
    player.register()
    page.goto("/#/characters")
    for name in ["Ada", "Bea", "Cy", "Dov", "Eli"]:
        player.create_character(name)
    expect(page.get_by_text("5 of 5 characters")).to_be_visible()
    expect(page.get_by_text("the most you can keep")).to_be_visible()
    expect(page.get_by_role("button", name="Create character")).to_have_count(0)
    page.get_by_role("button", name="Delete Cy").click()
    page.get_by_role("button", name="Yes, delete Cy").click()
    expect(page.get_by_text("4 of 5 characters")).to_be_visible()
    expect(page.get_by_role("button", name="Create character")).to_be_visible()


def test_the_dark_theme_keeps_every_screen_readable(
    open_page: PageFactory, shot: Shot, check_a11y: Check
) -> None:
    page = open_page(color_scheme="dark")
    player = Player(page)
    page.goto("/")
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    check_a11y(page)
    player.register()
    check_a11y(page)
    page.get_by_role("button", name="Skip for now").click()
    page.get_by_role("link", name="Begin a new journey").click()
    player.create_character("Nox")
    page.get_by_role("button", name="Delete Nox").click()
    check_a11y(page)
    page.get_by_role("button", name="Keep").click()
    page.get_by_role("link", name="Choose a world for Nox").click()
    page.get_by_role("button", name="Begin in The Mindfulness Garden").click()
    player.play("try breathing")
    player.play("I feel hopeless and empty")
    expect(page.locator(".support-note")).to_be_visible()
    check_a11y(page)
    shot(page, "dark-01-play")
    page.get_by_role("link", name="Get help now").click()
    check_a11y(page)
    shot(page, "dark-02-help-panel", full_page=False)
    page.keyboard.press("Escape")
    page.get_by_role("link", name="Progress", exact=True).click()
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    check_a11y(page)
    shot(page, "dark-03-progress")

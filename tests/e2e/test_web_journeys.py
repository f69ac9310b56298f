"""Journeys a player can manage from the page: see them all, resume, end, delete; starting a
world while the character is on another journey answers beside the button pressed, with a way
forward; a journey left behind (tab closed, no pause) is paused by the server and never
blocks another world; an open page whose journey was paused meanwhile just carries on."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.e2e.conftest import DESKTOP, PHONE_TALL, LiveServer, Player

Shot = Callable[..., Path]
Check = Callable[[Page], None]
PageFactory = Callable[..., Page]


@pytest.mark.parametrize(
    ("viewport", "name"), [(DESKTOP, "desktop"), (PHONE_TALL, "phone")], ids=["desktop", "phone"]
)
def test_a_player_sees_resumes_ends_and_deletes_journeys(
    open_page: PageFactory, shot: Shot, check_a11y: Check, viewport: ViewportSize, name: str
) -> None:
    page = open_page(viewport)
    player = Player(page)
    player.begin("Rowan")
    player.play("look around")
    page.get_by_role("link", name="Home", exact=True).click()  # left without pausing

    # Another world for the same character: the answer is beside the button pressed.
    page.get_by_role("link", name="Characters").click()
    page.get_by_role("link", name="Choose a world for Rowan").click()
    lighthouse = page.locator(".world", has_text="The Lighthouse Sanctuary")
    lighthouse.get_by_role("button", name="Begin in The Lighthouse Sanctuary").click()
    answer = lighthouse.get_by_role("status")
    expect(answer).to_contain_text("Rowan is on a journey in The Mindfulness Garden right now.")
    expect(answer).to_be_in_viewport()
    expect(answer.get_by_role("link", name="Continue that journey")).to_be_visible()
    shot(page, f"{name}-60-worlds-journey-conflict", full_page=False)
    check_a11y(page)
    answer.get_by_role("button", name="Pause it and begin in The Lighthouse Sanctuary").click()
    expect(page.get_by_role("heading", name="The Lighthouse Sanctuary")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Connected")).to_be_visible()

    # Every journey, on its own screen.
    page.get_by_role("link", name="Journeys").click()
    expect(page.get_by_role("heading", name="Your journeys")).to_be_visible()
    cards = page.locator(".journey")
    expect(cards).to_have_count(2)
    garden = cards.filter(has_text="Rowan in The Mindfulness Garden")
    expect(garden).to_contain_text("Paused · 1 turn")
    lighthouse_card = cards.filter(has_text="Rowan in The Lighthouse Sanctuary")
    expect(lighthouse_card).to_contain_text("In progress")
    shot(page, f"{name}-61-journeys")
    check_a11y(page)

    # End one: confirmed, then said beside it, with its summary a click away.
    garden.get_by_role("button", name="End Rowan in The Mindfulness Garden").click()
    expect(garden).to_contain_text("not play it again")
    garden.get_by_role("button", name="Yes, end Rowan in The Mindfulness Garden").click()
    expect(garden.get_by_role("status")).to_have_text(
        "Ended. Its summary is here whenever you want it."
    )
    expect(garden).to_contain_text("Finished")
    shot(page, f"{name}-62-journey-ended", full_page=False)
    garden.get_by_role("link", name="See its summary: Rowan in The Mindfulness Garden").click()
    expect(page.get_by_role("heading", name="Rowan in The Mindfulness Garden")).to_be_visible()
    expect(page.get_by_text("This journey is complete.")).to_be_visible()
    check_a11y(page)
    page.go_back()

    # Delete one: it goes, its story with it.
    lighthouse_card.get_by_role("button", name="Delete Rowan in The Lighthouse Sanctuary").click()
    page.get_by_role("button", name="Yes, delete Rowan in The Lighthouse Sanctuary").click()
    expect(page.locator(".journey")).to_have_count(1)
    expect(page.locator("#toast")).to_contain_text("was deleted")

    # And resume from the home screen a journey that is paused.
    page.get_by_role("link", name="Home", exact=True).click()
    expect(page.get_by_role("link", name="See all your journeys")).to_be_visible()


def test_a_journey_left_behind_is_paused_and_an_open_page_carries_on(
    browser, own_server: Callable[..., LiveServer], check_a11y: Check
) -> None:
    # Idle after 1.2 s, swept every 0.3 s: the whole afternoon of a closed tab, in seconds.
    server = own_server(session_idle_minutes=0.02, idle_sweep_seconds=0.3)
    context = browser.new_context(base_url=server.url, viewport=DESKTOP)
    try:
        page = context.new_page()
        player = Player(page)
        player.begin("Sage")
        player.play("look around")

        # An open page whose journey the server paused: the next line just plays.
        time.sleep(2)
        player.play("go north")
        expect(
            page.locator(".line.system").filter(has_text=re.compile("paused|409"))
        ).to_have_count(0)

        # The tab closed without "Pause and leave": the server pauses it by itself.
        page.close()
        time.sleep(2)
        page = context.new_page()
        page.goto("/#/journeys")
        journey = page.locator(".journey", has_text="Sage in The Mindfulness Garden")
        expect(journey).to_contain_text("Paused")
        check_a11y(page)

        # And it does not stand in the way of another world.
        page.goto("/#/characters")
        page.get_by_role("link", name="Choose a world for Sage").click()
        page.get_by_role("button", name="Begin in The Sheltering Forest").click()
        expect(page.get_by_role("heading", name="The Sheltering Forest")).to_be_visible()
    finally:
        context.close()

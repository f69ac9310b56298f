"""A journey from its first mood check-in to its ending and summary.

Before playing, an optional check-in (1-5 with words and a note); a low mood gently offers
support without stopping anything. Each world shows its milestones reached of its total;
reaching the last shows the world's ending. Ending a journey asks (optionally) how the player
feels now and shows its summary: time played, exercises, milestones, mood before and after,
with support offered when the mood fell. The progress page shows the mood over the time chart
and each world's progress, and an ending when the API gives one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, ViewportSize, expect

from tests.e2e.conftest import DESKTOP, PHONE_TALL, Player

Shot = Callable[..., Path]
Check = Callable[[Page], None]
PageFactory = Callable[..., Page]

# The Mindfulness Garden, all three milestones: a breath, the five senses, the journal and
# the meadow.
TO_THE_END = [
    "go east",
    "breathe",
    "go north",
    "take the journal",
    "use the journal",
    "go west",
    "practise",
    "go north",
    "go north",
    "go north",
]


def choose_mood(page: Page, score: int, note: str = "") -> None:
    words = {1: "Very low", 2: "Low", 3: "Okay", 4: "Good", 5: "Very good"}
    page.get_by_label(re.compile(rf"^{score}\s*{words[score]}$")).check()
    if note:
        page.get_by_label("Anything you'd like to add?").fill(note)


@pytest.mark.parametrize(
    "case",
    [(DESKTOP, "desktop", 2, 4), (PHONE_TALL, "phone", 4, 2)],
    ids=["desktop-mood-rises", "phone-mood-falls"],
)
def test_a_journey_from_its_first_check_in_to_its_ending_and_summary(
    open_page: PageFactory, shot: Shot, check_a11y: Check, case: tuple[ViewportSize, str, int, int]
) -> None:
    viewport, name, before, after = case
    page = open_page(viewport)
    player = Player(page)
    player.register()
    page.get_by_role("button", name="Skip for now").click()
    player.start_journey("Perrin")

    # -- before: optional, in its own panel, never in the way ------------------------------
    mood = page.get_by_role("region", name="Before you begin: how are you feeling?")
    expect(mood).to_be_visible()
    expect(page.get_by_label("What do you do?")).to_be_focused()
    shot(page, f"{name}-50-mood-before", full_page=False)
    check_a11y(page)
    mood.get_by_role("button", name="Save").click()
    expect(mood.get_by_role("status")).to_contain_text("Choose a number")
    choose_mood(page, before, "slept badly" if before <= 2 else "")
    mood.get_by_role("button", name="Save").click()
    expect(mood).to_contain_text(f"You said: {before}")
    if before <= 2:  # a low mood offers support, and play goes on
        expect(mood).to_contain_text("Would you like to see who you can talk to?")
        mood.get_by_role("button", name="See support options").click()
        panel = page.get_by_role("dialog", name="You don't have to face this alone")
        expect(panel).to_be_visible()
        panel.get_by_role("button", name="I've seen this, close it").click()
        shot(page, f"{name}-51-mood-low-offers-support", full_page=False)
    mood.get_by_role("button", name="Continue").click()
    expect(mood).to_be_hidden()

    # -- the world's milestones, then its ending -------------------------------------------
    for line in TO_THE_END:
        player.play(line)
        if page.locator("section.exercise").is_visible():
            page.get_by_role("button", name="I'm done for now").click()
    expect(page.locator(".milestones")).to_have_text("3 of 3 · world completed")
    # The narrator tells the world's ending; the card names it and offers what comes next.
    ending = page.get_by_role("region", name="The whole garden")
    expect(ending).to_be_visible()
    expect(ending).to_contain_text("World completed")
    expect(ending).to_contain_text("3 of 3")
    epilogue = "You have breathed with the fig tree"
    expect(player.story).to_contain_text(epilogue)
    expect(ending).not_to_contain_text(epilogue)  # told once
    shot(page, f"{name}-52-world-ending", full_page=False)
    check_a11y(page)
    ending.get_by_role("button", name="End this journey and see its summary").click()

    # -- after: how are you now, then the summary ------------------------------------------
    leave = page.get_by_role("region", name="End this journey?")
    expect(leave).to_be_visible()
    choose_mood(page, after)
    shot(page, f"{name}-53-mood-after", full_page=False)
    leave.get_by_role("button", name="Save and end").click()
    expect(leave).to_contain_text(f"You said: {after}")
    leave.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Perrin in The Mindfulness Garden")).to_be_visible()
    words = {2: "low", 4: "good"}
    expect(
        page.get_by_text(f"Before: {before} of 5, {words[before]}. After: {after} of 5")
    ).to_be_visible()
    milestones = page.get_by_role("region", name="Milestones")
    expect(milestones.get_by_role("listitem")).to_have_count(3)
    exercises = page.get_by_role("region", name="Exercises")
    expect(exercises).to_contain_text("Breathing with the fig tree")
    if after < before:
        expect(page.get_by_text("You finished feeling lower than you started")).to_be_visible()
    shot(page, f"{name}-54-journey-summary")
    check_a11y(page)

    # -- progress: the mood over the time chart, and the world completed -------------------
    page.get_by_role("link", name="See your progress").click()
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    expect(page.locator(".chart circle.mood-point")).to_have_count(1)  # today's mean
    expect(page.locator(".chart figcaption")).to_contain_text("Mood on 1 day")
    garden = page.locator(".world-progress", has_text="The Mindfulness Garden")
    expect(garden).to_contain_text("3 of 3 milestones")
    expect(garden).to_contain_text("Completed")
    expect(garden).to_contain_text("The whole garden")  # its ending, as the API names it
    expect(page.locator(".world-progress", has_text="The Lighthouse Sanctuary")).to_contain_text(
        "0 of 3 milestones"
    )
    shot(page, f"{name}-55-progress-mood-and-worlds")
    check_a11y(page)


def test_the_ending_and_counts_the_api_gives_are_shown_as_given(
    open_page: PageFactory, shot: Shot, check_a11y: Check
) -> None:
    """The page shows the per-world figures of progress (`worlds`) as they are, and an ending
    given in full ({title, text}) as well as by its title (`ending_title`)."""
    page = open_page()
    player = Player(page)
    player.register()
    page.get_by_role("button", name="Skip for now").click()

    def with_worlds(route: Route) -> None:
        body = route.fetch().json()
        body["worlds"] = [
            {
                "world_id": "anxiety_sanctuary",
                "milestones_reached": 3,
                "milestones_total": 3,
                "completed": True,
                "ending": {
                    "title": "The lamp stays lit",
                    "text": "Maren hands you the lighthouse key: the light is yours to keep.",
                },
            },
            {"world_id": "trauma_healing", "milestones_reached": 1, "milestones_total": 4},
            {
                "world_id": "social_confidence",
                "milestones_reached": 3,
                "milestones_total": 3,
                "completed": True,
                "ending_title": "Lanterns on the water",
            },
        ]
        route.fulfill(json=body, headers={"content-type": "application/json"})

    page.route("**/api/v1/players/me/progress*", with_worlds)
    page.get_by_role("link", name="Progress", exact=True).click()
    lighthouse = page.locator(".world-progress", has_text="The Lighthouse Sanctuary")
    expect(lighthouse).to_contain_text("3 of 3 milestones")
    expect(lighthouse).to_contain_text("the light is yours to keep")
    forest = page.locator(".world-progress", has_text="The Sheltering Forest")
    expect(forest).to_contain_text("1 of 4 milestones")
    town = page.locator(".world-progress", has_text="The Lantern Festival Town")
    expect(town).to_contain_text("Lanterns on the water")
    shot(page, "desktop-56-progress-ending-from-api")
    check_a11y(page)

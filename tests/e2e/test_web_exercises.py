"""Each kind of exercise gets its own panel: a breathing shape, steps at the player's pace,
and somewhere to write for journaling, thought records and gratitude. Written words are
answered by the game and kept only when the player ticks "Keep this in my journal"; kept
entries are on the progress page and can be deleted there."""

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


def panel(page: Page):
    return page.locator("section.exercise")


def done(page: Page) -> None:
    panel(page).get_by_role("button", name="I'm done for now").click()
    expect(panel(page)).to_be_hidden()
    expect(page.get_by_label("What do you do?")).to_be_focused()


@pytest.mark.parametrize(
    ("viewport", "name"), [(DESKTOP, "desktop"), (PHONE_TALL, "phone")], ids=["desktop", "phone"]
)
def test_every_exercise_kind_has_its_own_panel_and_writing_is_kept_only_with_consent(
    open_page: PageFactory, shot: Shot, check_a11y: Check, viewport: ViewportSize, name: str
) -> None:
    page = open_page(viewport, reduced_motion="reduce")
    player = Player(page)
    player.begin("Ivy")

    # Breathing: a slow shape and its cues.
    player.play("go east")
    player.play("breathe")
    expect(panel(page)).to_have_attribute("data-kind", "breathing")
    expect(panel(page).locator(".breath-shape")).to_be_visible()
    expect(panel(page).locator(".cue")).to_have_text(re.compile("Breathe|Hold"))
    expect(panel(page).get_by_role("textbox")).to_have_count(0)
    shot(page, f"{name}-30-exercise-breathing", full_page=False)
    check_a11y(page)
    done(page)

    # Journaling: the world's prompts, a page to write on, consent to keep it.
    player.play("go north")
    player.play("take the journal")
    player.play("use the journal")
    expect(panel(page)).to_have_attribute("data-kind", "journaling")
    expect(panel(page).locator(".breath-shape")).to_have_count(0)
    expect(panel(page).get_by_role("listitem").first).to_contain_text("three small things")
    panel(page).get_by_role("button", name="Save and finish").click()
    expect(panel(page).get_by_role("status")).to_contain_text("Write a few words first")
    panel(page).get_by_label("Your page").fill("Rain on the window. The kettle. A kind text.")
    panel(page).get_by_label("Keep this in my journal").check()
    shot(page, f"{name}-31-exercise-journal", full_page=False)
    check_a11y(page)
    panel(page).get_by_role("button", name="Save and finish").click()
    expect(panel(page)).to_contain_text("Kept in your journal.")
    expect(panel(page).locator(".reply")).to_have_text(re.compile(r"\w"))
    shot(page, f"{name}-32-exercise-journal-answered", full_page=False)
    panel(page).get_by_role("button", name="Back to the story").click()
    expect(panel(page)).to_be_hidden()

    # Grounding: one step at a time, at the player's pace.
    player.play("go west")
    player.play("practise")
    expect(panel(page)).to_have_attribute("data-kind", "grounding")
    expect(panel(page).locator(".step-count")).to_have_text("Step 1 of 5")
    panel(page).get_by_role("button", name="Next step").click()
    expect(panel(page).locator(".step-count")).to_have_text("Step 2 of 5")
    expect(panel(page).locator(".step")).to_contain_text("four things")
    shot(page, f"{name}-33-exercise-grounding", full_page=False)
    check_a11y(page)
    done(page)

    # A thought record: its own fields; the game answers the kinder thought. Not kept.
    player.pause_and_leave()
    player.start_journey("Teo", "The Lantern Festival Town")
    page.get_by_role("button", name="Not now").click()
    for line in ("go north", "go west", "use the diary"):
        player.play(line)
    expect(panel(page)).to_have_attribute("data-kind", "thought_record")
    record = {
        "Situation": "Lunch with the new team",
        "What I thought": "They think I'm boring",
        "Evidence for and against": "Two people asked me questions",
        "Another way to see it": "Some of them were curious about me",
    }
    for label, text in record.items():
        panel(page).get_by_label(label).fill(text)
    shot(page, f"{name}-34-exercise-thought-record", full_page=False)
    check_a11y(page)
    panel(page).get_by_role("button", name="Save and finish").click()
    expect(panel(page).locator(".reply")).to_contain_text("Some of them were curious about me")
    expect(panel(page)).to_contain_text("Not kept")
    panel(page).get_by_role("button", name="Back to the story").click()

    # Stretching and gratitude, in the valley.
    player.pause_and_leave()
    player.start_journey("Juno", "The Valley of Returning Light")
    page.get_by_role("button", name="Not now").click()
    player.play("stretch")
    expect(panel(page)).to_have_attribute("data-kind", "stretching")
    expect(panel(page).locator(".step-count")).to_have_text("Step 1 of 4")
    for _ in range(4):
        panel(page).get_by_role("button", name="Next step").click()
    expect(panel(page).locator(".step-count")).to_have_text("Finished")
    done(page)
    for line in ("go south", "go west", "practise"):
        player.play(line)
    expect(panel(page)).to_have_attribute("data-kind", "gratitude")
    goods = panel(page).get_by_role("textbox")
    expect(goods).to_have_count(3)
    for i, text in enumerate(("warm bread", "a friend's message", "sun on the hill")):
        goods.nth(i).fill(text)
    panel(page).get_by_label("Keep this in my journal").check()
    shot(page, f"{name}-35-exercise-gratitude", full_page=False)
    check_a11y(page)
    panel(page).get_by_role("button", name="Save and finish").click()
    expect(panel(page)).to_contain_text("Kept in your journal.")
    panel(page).get_by_role("button", name="Back to the story").click()

    # The journal on the progress page: what was kept, deletable; never what was not.
    page.get_by_role("link", name="Progress", exact=True).click()
    journal = page.locator("section", has=page.get_by_role("heading", name="Your journal"))
    entries = journal.locator(".journal-entry")
    expect(entries).to_have_count(2)
    expect(journal).to_contain_text("sun on the hill")
    expect(journal).to_contain_text("Rain on the window")
    expect(journal).not_to_contain_text("boring")
    shot(page, f"{name}-36-progress-journal")
    check_a11y(page)
    rain = entries.filter(has_text="Rain on the window")
    rain.get_by_role("button", name=re.compile("^Delete")).click()
    expect(entries).to_have_count(1)
    expect(journal.get_by_role("status")).to_have_text("Deleted.")

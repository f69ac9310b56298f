"""A player's whole journey through the web client, in the real Debian Chromium.

Register, onboarding, a character, a world, five turns with an exercise, the crisis panel
(and no panel for a figure of speech), a reload that resumes the story, progress, logout.
Every screen is checked with axe-core and saved as a screenshot.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import PASSWORD, Player

Shot = Callable[..., Path]
Check = Callable[[Page], None]
PageFactory = Callable[..., Page]


def test_a_player_journeys_from_registration_to_logout(
    open_page: PageFactory, shot: Shot, check_a11y: Check
) -> None:
    page = open_page()
    player = Player(page)
    username = player.username

    # -- log in screen, then a registration with a helpful error -------------------------
    page.goto("/")
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    check_a11y(page)
    shot(page, "desktop-01-login")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("A few details are still missing.")).to_be_visible()

    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(f"{username}@example.org")
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text(re.compile("at least 8 characters|very common"))).to_be_visible()
    check_a11y(page)
    shot(page, "desktop-02-register-error")

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    # -- onboarding: preferences and locale -----------------------------------------------
    expect(page.get_by_role("heading", name=f"Welcome, {username}")).to_be_visible()
    check_a11y(page)
    shot(page, "desktop-03-onboarding")
    page.get_by_label("Gentle").check()
    page.get_by_label("Coping skills (DBT)").check()
    page.get_by_label("Language and region").select_option("en-GB")
    page.get_by_role("button", name="Save and continue").click()

    # -- home, then characters ------------------------------------------------------------
    expect(page.get_by_role("heading", name=f"Hello, {username}")).to_be_visible()
    check_a11y(page)
    shot(page, "desktop-04-home-empty")

    # the choices were saved, and can be changed later
    page.get_by_role("link", name="Adjust your preferences").click()
    expect(page.get_by_role("heading", name="Your preferences")).to_be_visible()
    expect(page.get_by_label("Gentle")).to_be_checked()
    expect(page.get_by_label("Coping skills (DBT)")).to_be_checked()
    expect(page.get_by_label("Language and region")).to_have_value("en-GB")
    page.get_by_role("button", name="Keep things as they are").click()
    expect(page.get_by_role("heading", name=f"Hello, {username}")).to_be_visible()
    page.get_by_role("link", name="Begin a new journey").click()
    expect(page.get_by_role("heading", name="Your characters")).to_be_visible()
    page.get_by_role("button", name="Create character").click()
    expect(page.get_by_text("Please fill in the name field.")).to_be_visible()
    page.get_by_label("Name").fill("R2")
    page.get_by_role("button", name="Create character").click()
    expect(page.get_by_text(re.compile("letters, spaces, hyphens"))).to_be_visible()
    expect(page.get_by_label("Name")).to_have_attribute("aria-invalid", "true")
    player.create_character("Temp")
    player.create_character(
        "Wren Alder",
        appearance="Tall, with a green scarf and kind, tired eyes.",
        background="A gardener learning to slow down.",
    )
    expect(page.get_by_text("2 of 5 characters")).to_be_visible()
    page.get_by_role("button", name="Delete Temp").click()
    page.get_by_role("button", name="Yes, delete Temp").click()
    expect(page.get_by_text("1 of 5 characters")).to_be_visible()
    check_a11y(page)
    shot(page, "desktop-05-characters")

    # -- the world catalog -----------------------------------------------------------------
    page.get_by_role("link", name="Choose a world for Wren Alder").click()
    expect(page.get_by_role("heading", name="Where will Wren Alder go?")).to_be_visible()
    garden = page.locator(".world", has_text="The Mindfulness Garden")
    expect(garden.get_by_text("Difficulty")).to_be_visible()
    expect(garden.get_by_text("For you")).to_be_visible()  # said in words, without a score
    expect(garden.get_by_text(re.compile(r"\d+%"))).to_have_count(0)
    check_a11y(page)
    shot(page, "desktop-06-worlds")
    garden.get_by_role("button", name="Begin in The Mindfulness Garden").click()

    # -- play: five turns, one of them an exercise ----------------------------------------
    expect(page.get_by_role("heading", name="The Mindfulness Garden")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Connected")).to_be_visible()
    expect(page.get_by_label("What do you do?")).to_be_focused()
    check_a11y(page)
    shot(page, "desktop-07-play-start")
    player.play("look around")
    player.play("take the paper lantern")
    expect(page.locator(".inventory")).to_contain_text("lantern")
    replies = player.story.locator(".line.narrator")
    before = replies.count()
    page.get_by_role("group", name="Suggested actions").get_by_role("button").first.click()
    expect(replies).to_have_count(before + 1)
    player.wait_for_turn()
    player.play("try breathing")
    exercise = page.locator("section.exercise")
    expect(exercise).to_be_visible()
    expect(exercise.locator(".cue")).to_have_text(re.compile("Breathe|Hold|Notice|Take"))
    check_a11y(page)
    shot(page, "desktop-08-exercise")
    exercise.get_by_role("button", name="I'm done for now").click()
    expect(exercise).to_be_hidden()
    player.play("go east")
    expect(page.locator(".location")).to_have_text(re.compile(r"\w"))

    # the up arrow brings back what was sent before
    box = page.get_by_label("What do you do?")
    box.press("ArrowUp")
    expect(box).to_have_value("go east")
    box.press("ArrowUp")
    expect(box).to_have_value("try breathing")
    box.fill("")

    # -- safety: a figure of speech is play; distress gets a note of support; a crisis opens
    # the panel at once (in this order: after a crisis the session's recent lines are read
    # together with the next one, so later distress would rightly be read as a crisis) ----
    panel = page.get_by_role("dialog", name="You don't have to face this alone")
    player.play("this puzzle is killing me")
    expect(panel).to_be_hidden()
    expect(page.locator(".support-note")).to_have_count(0)

    player.play("I feel hopeless and empty")
    expect(page.get_by_role("complementary", name="A note of support")).to_be_visible()
    expect(panel).to_be_hidden()
    shot(page, "desktop-10-play-after-safety")

    player.play("I want to kill myself tonight")
    expect(panel).to_be_visible()
    expect(panel.locator("a[href^='tel:']").first).to_be_visible()
    check_a11y(page)
    shot(page, "desktop-09-crisis-panel", full_page=False)
    panel.get_by_role("button", name="I've seen this, close it").click()
    expect(panel).to_be_hidden()

    # -- reload mid-session: the story comes back, once ------------------------------------
    story = player.story
    lines_before = story.locator(".line.you").all_inner_texts()
    replies_before = story.locator(".line.narrator").all_inner_texts()
    page.reload()
    expect(page.get_by_role("heading", name="The Mindfulness Garden")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Connected")).to_be_visible()
    expect(story.locator(".line.you")).to_have_count(len(lines_before))
    assert story.locator(".line.you").all_inner_texts() == lines_before
    assert story.locator(".line.narrator").all_inner_texts() == replies_before
    player.play("look around")
    if panel.is_visible():  # read with the crisis before it, the line may be answered as one
        panel.get_by_role("button", name="I've seen this, close it").click()
        expect(panel).to_be_hidden()

    # -- "Get help now" from any screen ----------------------------------------------------
    page.get_by_role("link", name="Get help now").click()
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Samaritans")  # the en-GB lines chosen at onboarding
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()

    # -- pause, then resume from the start screen ------------------------------------------
    player.pause_and_leave()
    resume = page.get_by_role("link", name=re.compile("Resume Wren Alder"))
    expect(resume).to_be_visible()
    check_a11y(page)
    shot(page, "desktop-11-home-resume")
    resume.click()
    expect(story.locator(".line.you")).to_have_count(len(lines_before) + 1)

    # -- progress ---------------------------------------------------------------------------
    page.get_by_role("link", name="Progress").click()
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    expect(page.locator(".chart svg rect.bar")).to_have_count(14)
    expect(page.get_by_role("heading", name="Skills")).to_be_visible()
    expect(page.locator("#skills-title + ul li")).not_to_have_count(0)
    check_a11y(page)
    shot(page, "desktop-12-progress")

    # -- logout: the refresh cookie no longer signs anyone in ------------------------------
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    page.goto("/#/progress")
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()

    # -- and back in, through the form ------------------------------------------------------
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("not-my-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("don't match")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name=f"Hello, {username}")).to_be_visible()

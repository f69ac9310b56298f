"""When the safety engine is unsure, the story pauses and the game asks, in its own calm
panel: the question, the resources beside it, and quick replies that send their words as the
next line (typing an answer works too). "Get help now" stays in view.

The e2e server's checker answers ``check_in`` for the marker phrases of
``tta_agents.testing.CHECK_IN_MARKERS`` (a fake that behaves: every other line goes to the
real engine), until the engine itself asks for such lines.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.e2e.conftest import DESKTOP, PHONE_TALL, Player
from tta_agents.testing import CHECK_IN_MARKERS, CHECK_IN_QUESTION

Shot = Callable[..., Path]
Check = Callable[[Page], None]
PageFactory = Callable[..., Page]
MARKER = CHECK_IN_MARKERS[0].capitalize() + "."


def ask(player: Player, text: str) -> None:
    """Send a line and wait for the turn to end (its answer may be a check-in, not prose)."""
    box = player.page.get_by_label("What do you do?")
    box.fill(text)
    box.press("Enter")
    player.wait_for_turn()


@pytest.mark.parametrize(
    ("viewport", "name"), [(DESKTOP, "desktop"), (PHONE_TALL, "phone")], ids=["desktop", "phone"]
)
def test_a_check_in_asks_calmly_and_the_answer_is_the_next_line(
    open_page: PageFactory, shot: Shot, check_a11y: Check, viewport: ViewportSize, name: str
) -> None:
    page = open_page(viewport)
    player = Player(page)
    player.begin("Linnea")
    player.play("look around")

    narrated = player.story.locator(".line.narrator").count()
    ask(player, MARKER)
    card = page.get_by_role("region", name="Can I ask you something?")
    expect(card).to_be_visible()
    expect(card).to_contain_text(CHECK_IN_QUESTION)
    expect(card.locator("a[href^='tel:988']")).to_be_visible()
    replies = card.get_by_role("group", name="Quick replies").get_by_role("button")
    expect(replies).to_have_text(["Yes", "No", "I'm not sure"])
    expect(player.story.locator(".line.narrator")).to_have_count(narrated)  # the story waits
    suggested = page.get_by_role("group", name="Suggested actions").get_by_role("button")
    expect(suggested).to_have_count(0)  # the replies are the card's, not said twice
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(page.get_by_role("link", name="Get help now")).to_be_in_viewport()
    expect(page.get_by_label("What do you do?")).to_be_focused()
    shot(page, f"{name}-40-check-in", full_page=False)
    check_a11y(page)

    # A quick reply is the player's next line, said in their words.
    replies.get_by_text("I'm not sure").click()
    expect(player.story.locator(".line.you").last).to_have_text("You: I'm not sure")
    player.wait_for_turn()
    expect(page.get_by_role("dialog")).to_be_hidden()
    for button in replies.all():
        expect(button).to_be_disabled()

    # Typing works as well as the buttons; a typed "yes" opens help as the button does.
    ask(player, MARKER)
    expect(page.locator(".check-in")).to_have_count(2)
    expect(page.locator(".check-in").last.locator(".check-in-question")).to_be_in_viewport()
    player.play("No. I'm tired, that's all.")
    expect(player.story.locator(".line.you").last).to_have_text("You: No. I'm tired, that's all.")
    shot(page, f"{name}-41-check-in-answered", full_page=False)

    # Coming back, the story shows the same: the questions asked, in their place.
    page.reload()
    expect(page.locator(".check-in")).to_have_count(2)
    expect(page.locator(".check-in").first).to_contain_text(CHECK_IN_QUESTION)


def test_a_check_in_over_rest_is_the_same_panel(open_page: PageFactory) -> None:
    page = open_page()
    page.route_web_socket("**/ws/play", lambda ws: ws.close())
    player = Player(page)
    player.register()
    page.get_by_role("button", name="Skip for now").click()
    page.goto("/#/characters")
    player.create_character("Orla")
    page.get_by_role("link", name="Choose a world for Orla").click()
    page.get_by_role("button", name="Begin in The Mindfulness Garden").click()
    expect(page.get_by_role("status").filter(has_text="simple mode")).to_be_visible()
    ask(player, MARKER)
    card = page.get_by_role("region", name="Can I ask you something?")
    expect(card).to_contain_text(CHECK_IN_QUESTION)
    card.get_by_role("button", name="Yes").click()
    # "Yes" opens help at once, whatever the server makes of the word; it hears it too.
    panel = page.get_by_role("dialog", name="You don't have to face this alone")
    expect(panel).to_be_visible()
    expect(panel.locator("a[href^='tel:988']")).to_be_visible()
    panel.get_by_role("button", name="I've seen this, close it").click()
    expect(player.story.locator(".line.you").last).to_have_text("You: Yes")

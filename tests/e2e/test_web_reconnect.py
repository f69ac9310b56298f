"""A network drop in the middle of a turn: the client reconnects, resumes, and the story
shows every word of the reply exactly once."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect

from tests.e2e.conftest import Player

PageFactory = Callable[..., Page]


class FlakyNetwork:
    """Sits between page and server and breaks the first turn.

    ``after_turn``: the first words of the reply get through, every frame after them is lost,
    and the connection is cut once the server has finished the turn. ``mid_turn``: the
    connection is cut at the turn's first event, while the server is still working on it.
    Either way the page must resume and fetch exactly what it missed.
    """

    def __init__(self, cut: str) -> None:
        self.cut = cut
        self.connections = 0
        self.state = "waiting"  # -> "turn" -> "losing" -> "dropped"

    def route(self, ws: WebSocketRoute) -> None:
        self.connections += 1
        server = ws.connect_to_server()

        def to_server(message: str | bytes) -> None:
            if self.state == "waiting" and json.loads(message).get("type") == "input":
                self.state = "turn"
            server.send(message)

        def to_page(message: str | bytes) -> None:
            event = json.loads(message)
            if self.state == "turn" and self.cut == "mid_turn" and event.get("event_id"):
                self.state = "dropped"
                ws.close()
                server.close()
                return
            if self.state == "losing":
                if event.get("type") == "turn_complete":
                    self.state = "dropped"
                    ws.close()
                    server.close()
                return
            ws.send(message)
            if self.state == "turn" and event.get("type") == "narrative_chunk":
                self.state = "losing"

        ws.on_message(to_server)
        server.on_message(to_page)


def persisted_replies(page: Page) -> list[str]:
    """The narrator's replies as the server saved them, oldest first."""
    session_id = page.url.split("#/play/")[1]
    csrf = next(c.get("value", "") for c in page.context.cookies() if c.get("name") == "tta_csrf")
    token = page.request.post(
        "/api/v1/auth/session/refresh", headers={"X-CSRF-Token": csrf}
    ).json()["access_token"]
    turns = page.request.get(
        f"/api/v1/sessions/{session_id}/turns", headers={"Authorization": f"Bearer {token}"}
    ).json()["items"]
    return [turn["narrative"] for turn in sorted(turns, key=lambda t: t["number"])]


@pytest.mark.parametrize("cut", ["after_turn", "mid_turn"])
def test_a_dropped_connection_resumes_without_losing_or_repeating_text(
    open_page: PageFactory, cut: str
) -> None:
    page = open_page()
    network = FlakyNetwork(cut)
    page.route_web_socket("**/ws/play", network.route)
    player = Player(page)
    player.register()
    page.get_by_role("button", name="Skip for now").click()
    page.get_by_role("link", name="Begin a new journey").click()
    player.create_character("Ash")
    page.get_by_role("link", name="Choose a world for Ash").click()
    page.get_by_role("button", name="Begin in The Mindfulness Garden").click()
    expect(page.get_by_role("status").filter(has_text="Connected")).to_be_visible()

    player.play("look around")

    assert network.state == "dropped", "the connection was cut mid-turn"
    assert network.connections >= 2, "the client opened a new connection"
    expect(page.get_by_role("status").filter(has_text="Connected")).to_be_visible()
    shown = player.story.locator(".line.narrator").all_inner_texts()

    assert shown[-1] == persisted_replies(page)[-1], "every word arrived"
    assert shown.count(shown[-1]) == 1, "and only once"

    player.play("go north")
    assert player.story.locator(".line.you").count() == 2


def test_without_websockets_the_game_still_plays_over_rest(open_page: PageFactory) -> None:
    page = open_page()
    page.route_web_socket("**/ws/play", lambda ws: ws.close())
    player = Player(page)
    player.register()
    page.get_by_role("button", name="Skip for now").click()
    page.get_by_role("link", name="Begin a new journey").click()
    player.create_character("Fern")
    page.get_by_role("link", name="Choose a world for Fern").click()
    page.get_by_role("button", name="Begin in The Mindfulness Garden").click()
    expect(page.get_by_role("status").filter(has_text="simple mode")).to_be_visible()

    player.play("go east")  # the fig tree: exercises happen where they are placed
    player.play("try breathing")
    expect(page.locator("section.exercise")).to_be_visible()
    assert player.story.locator(".line.narrator").last.inner_text() == persisted_replies(page)[-1]
    player.play("I want to kill myself tonight")
    expect(page.get_by_role("dialog", name="You don't have to face this alone")).to_be_visible()

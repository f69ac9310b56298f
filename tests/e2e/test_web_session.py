"""Sign-in that lasts: an expired access token is replaced quietly; a dead sign-in is not."""

from __future__ import annotations

import json
from collections.abc import Callable

from playwright.sync_api import Page, Request, Route, expect

from tests.e2e.conftest import Player

PageFactory = Callable[..., Page]
EXPIRED = {
    "type": "/problems/unauthorized",
    "title": "Unauthorized",
    "status": 401,
    "detail": "token expired",
}


def test_an_expired_access_token_is_refreshed_without_the_player_noticing(
    open_page: PageFactory,
) -> None:
    page = open_page()
    player = Player(page)
    player.register()
    page.get_by_role("button", name="Skip for now").click()
    expect(page.get_by_role("heading", name=f"Hello, {player.username}")).to_be_visible()

    refreshes: list[str] = []

    def note_refresh(request: Request) -> None:
        if request.url.endswith("/auth/session/refresh"):
            refreshes.append(request.url)

    page.on("request", note_refresh)
    expired_once: list[str] = []

    def expire_once(route: Route, request: Request) -> None:
        if expired_once:
            route.continue_()
            return
        expired_once.append(request.url)
        route.fulfill(status=401, content_type="application/problem+json", body=json.dumps(EXPIRED))

    page.route("**/api/v1/players/me/progress*", expire_once)
    page.get_by_role("link", name="See your progress").click()

    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    assert expired_once, "the progress call was answered 401 once"
    assert refreshes, "the client refreshed its access token from the cookie"


def test_when_the_sign_in_has_ended_the_player_is_asked_to_log_in_again(
    open_page: PageFactory,
) -> None:
    page = open_page()
    player = Player(page)
    player.register()
    page.get_by_role("button", name="Skip for now").click()
    expect(page.get_by_role("heading", name=f"Hello, {player.username}")).to_be_visible()

    page.context.clear_cookies()
    page.route(
        "**/api/v1/players/me/progress*",
        lambda route: route.fulfill(
            status=401, content_type="application/problem+json", body=json.dumps(EXPIRED)
        ),
    )
    page.get_by_role("link", name="See your progress").click()

    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="log in again")).to_be_visible()


def test_a_long_journey_shows_its_earlier_moments_on_request(open_page: PageFactory) -> None:
    page = open_page()
    player = Player(page)
    player.register()
    page.get_by_role("button", name="Skip for now").click()
    page.get_by_role("link", name="Begin a new journey").click()
    player.create_character("Lark")
    page.get_by_role("link", name="Choose a world for Lark").click()
    page.get_by_role("button", name="Begin in The Mindfulness Garden").click()
    player.play("look around")

    # Away from the game, fifty-five more turns are played over the REST API (as another
    # client would): coming back, the page catches up from history and the replay at once.
    session_id = page.url.split("#/play/")[1]
    page.get_by_role("link", name="Home", exact=True).click()
    expect(page.get_by_role("heading", name=f"Hello, {player.username}")).to_be_visible()
    csrf = next(c.get("value", "") for c in page.context.cookies() if c.get("name") == "tta_csrf")
    token = page.request.post(
        "/api/v1/auth/session/refresh", headers={"X-CSRF-Token": csrf}
    ).json()["access_token"]
    for number in range(55):
        response = page.request.post(
            f"/api/v1/sessions/{session_id}/turns",
            headers={"Authorization": f"Bearer {token}"},
            data={"input": f"breathe {number}"},
        )
        assert response.ok, response.text()

    page.get_by_role("link", name="Resume Lark in The Mindfulness Garden").click()
    lines = player.story.locator(".line.you")
    expect(lines).to_have_count(50)
    expect(lines.last).to_have_text("You: breathe 54")
    expect(page.get_by_role("status").filter(has_text="Connected")).to_be_visible()
    expect(player.story.locator(".line.narrator")).to_have_count(50)
    # every reply has the player's words before it, those played elsewhere included
    assert lines.all_text_contents() == [f"You: breathe {n}" for n in range(5, 55)]

    # a turn played elsewhere while the page is open shows up with the player's words
    page.request.post(
        f"/api/v1/sessions/{session_id}/turns",
        headers={"Authorization": f"Bearer {token}"},
        data={"input": "go east"},
    )
    expect(lines).to_have_count(51)
    expect(lines.last).to_have_text("You: go east")
    expect(player.story.locator(".line.narrator")).to_have_count(51)
    page.get_by_role("button", name="Show earlier moments").click()
    expect(lines).to_have_count(57)
    expect(lines.first).to_have_text("You: look around")
    expect(player.story.locator(".line.narrator").first).to_contain_text("willow")
    expect(page.get_by_role("button", name="Show earlier moments")).to_be_hidden()

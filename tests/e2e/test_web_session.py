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

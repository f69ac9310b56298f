"""The server goes away and comes back: the page says what is true (offline, reconnecting,
back), never "simple mode"; a line that cannot be sent says so with "Get help now" beside it,
and opens help at once if it reads like a crisis (the phrases of one data file, shared with
this test); every screen recovers by itself once the server answers again."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.e2e.conftest import CRISIS_PHRASES, DESKTOP, PHONE_TALL, LiveServer, Player

Shot = Callable[..., Path]
Check = Callable[[Page], None]
PageFactory = Callable[..., Page]


class Outage:
    """A server of the test's own that can be stopped and started again on the same port
    and data (same accounts, same signing secret)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.server = LiveServer(data_dir)
        self.server.start()
        self.url = self.server.url
        self.port = int(self.url.rsplit(":", 1)[1])

    def stop(self) -> None:
        self.server.stop()

    def start(self) -> None:
        self.server = LiveServer(self.data_dir, port=self.port)
        self.server.start()


@pytest.fixture
def outage(tmp_path: Path) -> Iterator[Outage]:
    running = Outage(tmp_path / "data")
    yield running
    running.stop()


@pytest.mark.parametrize(
    "screen", [(DESKTOP, "desktop"), (PHONE_TALL, "phone")], ids=["desktop", "phone"]
)
def test_when_the_server_goes_away_the_page_tells_the_truth_helps_and_recovers(
    browser: Browser,
    outage: Outage,
    shot: Shot,
    check_a11y: Check,
    screen: tuple[ViewportSize, str],
) -> None:
    viewport, name = screen
    context = browser.new_context(base_url=outage.url, viewport=viewport, locale="en-US")
    page = context.new_page()
    try:
        player = Player(page)
        player.begin("Wynn")
        player.play("look around")
        status = page.locator(".connection")

        # -- gone: "offline", and it stays the truth (no "simple mode") --------------------
        outage.stop()
        expect(status).to_contain_text("Offline")
        time.sleep(6)  # long enough for the socket to have given up and tried REST before
        expect(status).to_contain_text("Offline")
        expect(status).not_to_contain_text("simple mode")

        # -- a line that reads like a crisis: help at once, without the server -------------
        box = page.get_by_label("What do you do?")
        box.fill("I want to end my life")
        box.press("Enter")
        panel = page.get_by_role("dialog", name="You don't have to face this alone")
        expect(panel).to_be_visible()
        expect(panel.locator("a[href^='tel:988']")).to_be_visible()
        shot(page, f"{name}-70-offline-crisis-help", full_page=False)
        check_a11y(page)
        panel.get_by_role("button", name="I've seen this, close it").click()
        failed = page.locator(".line.system").last
        expect(failed).to_contain_text("wasn't sent")
        expect(failed.get_by_role("button", name="Get help now")).to_be_visible()
        expect(box).to_have_value("I want to end my life")

        # -- any other line: said plainly, with help beside it, no panel ------------------
        box.fill("look at the gate")
        box.press("Enter")
        expect(page.locator(".line.system").last).to_contain_text("wasn't sent")
        expect(panel).to_be_hidden()
        shot(page, f"{name}-71-offline-send-failed", full_page=False)
        check_a11y(page)

        # -- back: the page notices by itself ------------------------------------------------
        outage.start()
        expect(status).to_have_text("Connected")
        box.fill("look around")
        player.play("look around")

        # -- a screen that could not load comes back by itself -----------------------------
        outage.stop()
        expect(status).to_contain_text("Offline")
        page.get_by_role("link", name="Progress", exact=True).click()
        expect(page.get_by_role("heading", name="Something went quiet")).to_be_visible()
        expect(page.get_by_text("come back by itself")).to_be_visible()
        shot(page, f"{name}-72-offline-quiet-page", full_page=False)
        check_a11y(page)
        outage.start()
        expect(page.get_by_role("heading", name="Your progress")).to_be_visible()  # no click
    finally:
        context.close()


def test_the_offline_crisis_phrases_come_from_the_shared_data_file(
    open_page: PageFactory,
) -> None:
    """Every phrase of data/crisis-phrases.json opens help offline; its figures of speech do not."""
    page = open_page()
    page.goto("/")
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    verdicts = page.evaluate(
        """async ({phrases, notCrisis}) => {
            const main = document.querySelector('script[type=module]').src;
            const safety = await import(new URL('./safety.js', main));
            await safety.loadCrisisPhrases();
            const say = (p) => `Honestly, ${p.toUpperCase().replace("'", "\\u2019")}  tonight.`;
            return {
              crisis: phrases.filter((p) => !safety.looksLikeCrisis(say(p))),
              calm: notCrisis.filter((p) => safety.looksLikeCrisis(p)),
            };
        }""",
        {"phrases": CRISIS_PHRASES["phrases"], "notCrisis": CRISIS_PHRASES["not_crisis"]},
    )
    assert verdicts == {"crisis": [], "calm": []}

"""Fixtures for driving the real app in the real Debian Chromium.

``live_server`` starts ``create_app`` under uvicorn on 127.0.0.1 (an ephemeral port) in a
thread, with a fresh data directory; ``browser`` is the Debian Chromium through Playwright;
``axe`` is axe-core, fetched once from the npm registry (a failed download fails under
``CI=true`` and skips elsewhere); ``shot`` saves a screenshot to ``artifacts/screenshots/``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Playwright,
    ViewportSize,
    expect,
    sync_playwright,
)

from tta_agents.safety import default_checker
from tta_agents.testing import CheckInChecker
from tta_player.app import create_app
from tta_player.core.config import Settings

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
AXE_CACHE = Path(tempfile.gettempdir()) / "tta-e2e-cache" / "axe-core-4"
AXE_FILE = AXE_CACHE / "package" / "axe.min.js"
IN_CI = os.environ.get("CI", "").lower() == "true"
PASSWORD = "quiet-river-42"  # pragma: allowlist secret
DESKTOP = ViewportSize(width=1280, height=800)
PHONE = ViewportSize(width=360, height=740)  # a narrow phone
PHONE_TALL = ViewportSize(width=390, height=844)  # the common phone of today
CRISIS_PHRASES = json.loads(
    (ROOT / "packages/tta-player/src/tta_player/web/static/data/crisis-phrases.json").read_text(
        encoding="utf-8"
    )
)

expect.set_options(timeout=30_000)


class LiveServer:
    """The whole app on a real socket; ``url`` is its base, e.g. ``http://127.0.0.1:41234``."""

    def __init__(self, data_dir: Path, port: int = 0, **overrides: object) -> None:
        settings = Settings(
            env="test",
            data_dir=data_dir,
            argon2_time_cost=1,
            argon2_memory_kib=1024,
            argon2_parallelism=1,
            rate_limits_enabled=False,
            log_json=False,
            log_level="WARNING",
            **overrides,  # type: ignore[arg-type]
        )
        # The real safety engine, except that it asks (check_in) for the marker phrases of
        # tta_agents.testing.CHECK_IN_MARKERS, until the engine asks for such lines itself.
        app = create_app(settings, checker=CheckInChecker(default_checker()))
        config = uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="tta-e2e-server", daemon=True)
        self.url = ""

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the app did not start; see the log above")
            time.sleep(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path_factory.mktemp("tta-e2e-data"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., LiveServer]]:
    """Start a server of this test's own, with settings overridden (stopped afterwards)."""
    servers: list[LiveServer] = []

    def start(**overrides: object) -> LiveServer:
        server = LiveServer(tmp_path_factory.mktemp("tta-e2e-own"), 0, **overrides)
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def app_url(live_server: LiveServer) -> str:
    """The base URL of the running app."""
    return live_server.url


@pytest.fixture(scope="module")
def playwright_instance() -> Iterator[Playwright]:
    # Module scope, not session: sync Playwright keeps an asyncio loop running in the main
    # thread while it is open, which would break every later test that calls asyncio.run().
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="module")
def browser(
    playwright_instance: Playwright, chromium_executable: str, chromium_args: list[str]
) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=chromium_executable, args=chromium_args, headless=True
    )
    yield browser
    browser.close()


def _download_axe() -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed")
    AXE_CACHE.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [npm, "pack", "axe-core@4", "--json", "--pack-destination", str(AXE_CACHE)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"npm pack axe-core@4 failed: {result.stderr.strip()[-300:]}")
    tarball = AXE_CACHE / json.loads(result.stdout)[0]["filename"]
    with tarfile.open(tarball) as archive:
        member = archive.getmember("package/axe.min.js")
        archive.extractall(AXE_CACHE, members=[member], filter="data")


@pytest.fixture(scope="session")
def axe() -> str:
    """The source of axe-core 4 from the npm registry, cached under the temp folder."""
    if not AXE_FILE.is_file():
        try:
            _download_axe()
        except (RuntimeError, OSError, subprocess.SubprocessError, ValueError, KeyError) as exc:
            reason = f"axe-core could not be fetched from npm ({exc})"
            if IN_CI:
                pytest.fail(reason, pytrace=False)
            pytest.skip(reason)
    return AXE_FILE.read_text(encoding="utf-8")


def serious_violations(page: Page, axe_source: str) -> list[str]:
    """Serious and critical WCAG A/AA violations on the page as it is now, one line each."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    results = page.evaluate(
        """async () => {
            const r = await axe.run(document, {
              runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
              resultTypes: ['violations'],
            });
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}"
        for v in results
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def check_a11y(axe: str) -> Callable[[Page], None]:
    def check(page: Page) -> None:
        problems = serious_violations(page, axe)
        assert not problems, "accessibility problems:\n" + "\n".join(problems)

    return check


@pytest.fixture(scope="session")
def shot() -> Callable[..., Path]:
    """Save ``artifacts/screenshots/<name>.png`` (the whole page unless ``full_page=False``)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page: Page, name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        # A passing toast would hide part of the screen we want to look at.
        page.evaluate("document.getElementById('toast').textContent = ''")
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return save


PageFactory = Callable[..., Page]


@pytest.fixture
def open_page(browser: Browser, app_url: str) -> Iterator[PageFactory]:
    """Open a page in a fresh context; it fails the test on a page error or a CSP violation."""
    contexts: list[BrowserContext] = []
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(f"CSP violation: {message.text}")

    def open_(viewport: ViewportSize = DESKTOP, **options: object) -> Page:
        options.setdefault("base_url", app_url)  # another server's, for tests that run their own
        context = browser.new_context(
            viewport=viewport,
            locale="en-US",
            **options,  # type: ignore[arg-type]
        )
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on("console", on_console)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)


class Player:
    """What a player does in the client, in the words of the screen (roles and labels)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.username = f"river{uuid.uuid4().hex[:8]}"

    def register(self) -> None:
        page = self.page
        page.goto("/")
        expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
        page.get_by_role("link", name="Create an account").click()
        expect(page.get_by_role("heading", name="Begin your journey")).to_be_visible()
        page.get_by_label("Username").fill(self.username)
        page.get_by_label("Email").fill(f"{self.username}@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Create account").press("Enter")
        expect(page.get_by_role("heading", name=re.compile(r"^Welcome, "))).to_be_visible()

    def create_character(self, name: str, appearance: str = "", background: str = "") -> None:
        page = self.page
        page.get_by_label("Name").fill(name)
        if appearance:
            page.get_by_label("Appearance").fill(appearance)
        if background:
            page.get_by_label("Background").fill(background)
        page.get_by_role("button", name="Create character").press("Enter")
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()

    @property
    def story(self) -> Locator:
        return self.page.get_by_role("log", name="Your story")

    def start_journey(self, character: str, world: str = "The Mindfulness Garden") -> None:
        """From anywhere: a new character, then a new journey in ``world``."""
        page = self.page
        page.goto("/#/characters")
        expect(page.get_by_role("heading", name="Your characters")).to_be_visible()
        self.create_character(character)
        page.get_by_role("link", name=f"Choose a world for {character}").click()
        page.get_by_role("button", name=f"Begin in {world}").click()
        expect(page.get_by_role("heading", name=world)).to_be_visible()
        expect(page.get_by_role("status").filter(has_text="Connected")).to_be_visible()

    def begin(self, character: str) -> None:
        """A new player's way in: register, skip the welcome, a first journey with
        ``character``, and no mood check-in before it."""
        self.register()
        self.page.get_by_role("button", name="Skip for now").click()
        self.start_journey(character)
        self.page.get_by_role("button", name="Not now").click()

    def pause_and_leave(self) -> None:
        """Pause the journey without a mood check-in and wait for the home screen."""
        page = self.page
        page.get_by_role("button", name="Pause and leave").click()
        page.get_by_role("button", name="Pause without saying").click()
        expect(page.get_by_role("heading", name=re.compile(r"^Hello, "))).to_be_visible()

    def play(self, text: str) -> None:
        """Type a line, press Enter, and wait until the turn is complete."""
        box = self.page.get_by_label("What do you do?")
        expect(box).to_be_visible()  # the screen, story included, is drawn at once
        replies = self.story.locator(".line.narrator")
        before = replies.count()
        box.fill(text)
        box.press("Enter")
        expect(replies).to_have_count(before + 1)
        self.wait_for_turn()

    def wait_for_turn(self) -> None:
        expect(self.story).not_to_have_attribute("aria-busy", "true")
        expect(self.page.get_by_role("button", name="Send")).to_be_enabled()

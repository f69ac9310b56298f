"""``tta play`` through its real entry point (the installed ``tta`` command, and
``tta_player.cli.main``) against the real app: a player types, the terminal answers.

``--server`` is an option like any other; a second run plays on instead of making another
character; worlds are chosen by name; ``quit`` and ``exit`` leave, pausing the journey and
showing its summary; each thing is said once (a support message, a milestone); a crisis and
a check-in are framed panels; ``get help`` lists people to call; mood check-ins with --mood.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import PASSWORD, LiveServer
from tta_agents.testing import CHECK_IN_MARKERS, CHECK_IN_QUESTION
from tta_player.cli import main

TTA = Path(sys.executable).parent / "tta"
SUPPORT = "That sounds really hard, and I'm glad you shared it."


def _turn_of(out: str, number: int) -> str:
    """What the terminal printed for the ``number``-th line typed (1-based)."""
    return out.split("> ")[number]


def new_player(url: str) -> str:
    username = f"fern{uuid.uuid4().hex[:8]}"
    with httpx.Client(base_url=url) as http:
        answer = http.post(
            "/api/v1/auth/register",
            json={"username": username, "email": f"{username}@example.org", "password": PASSWORD},
        )
        assert answer.status_code == 201, answer.text
    return username


def tta_play(
    url: str, username: str, lines: list[str], *options: str
) -> subprocess.CompletedProcess:
    """The installed command, as a player would run it (the password from the environment)."""
    env = {**os.environ, "TTA_PASSWORD": PASSWORD}
    env.pop("TTA_SERVER", None)
    return subprocess.run(
        [str(TTA), "play", "--server", url, "--username", username, *options],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def play_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str], stdin: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    monkeypatch.setenv("TTA_PASSWORD", PASSWORD)
    status = main(["play", *argv])
    out = capsys.readouterr()
    return status, out.out, out.err


@contextmanager
def api(url: str, username: str) -> Iterator[httpx.Client]:
    """The REST API, signed in as ``username``: to see what the terminal did."""
    with httpx.Client(base_url=url) as http:
        token = http.post(
            "/api/v1/auth/login", json={"username": username, "password": PASSWORD}
        ).json()["access_token"]
        http.headers["Authorization"] = f"Bearer {token}"
        yield http


def test_a_player_plays_leaves_and_comes_back_to_the_same_journey(live_server: LiveServer) -> None:
    username = new_player(live_server.url)
    first = tta_play(
        live_server.url,
        username,
        ["look around", "go east", "breathe", "I feel hopeless and empty", "quit"],
        "--world",
        "garden",
    )
    assert first.returncode == 0, first.stderr
    out = first.stdout
    assert "Wanderer sets out in The Mindfulness Garden." in out
    hopeless = _turn_of(out, 4)
    assert hopeless.count(SUPPORT) == 1, "the support paragraph is said once in its turn"
    assert "First slow breath" in out
    assert "+ milestone: First slow breath" not in out, "the narrator already said it"
    assert "+ skill: slow breathing" in out
    assert "This journey:" in out
    assert "Milestones: First slow breath." in out
    assert out.rstrip().endswith("Take care.")

    second = tta_play(live_server.url, username, ["look around", "exit"])
    assert second.returncode == 0, second.stderr
    assert "Welcome back to The Mindfulness Garden." in second.stdout
    assert "Last time: > I feel hopeless and empty" in second.stdout
    with api(live_server.url, username) as http:
        assert [c["name"] for c in http.get("/api/v1/characters").json()] == ["Wanderer"]
        sessions = http.get("/api/v1/sessions").json()["items"]
        assert [(s["world_id"], s["status"], s["turn_count"]) for s in sessions] == [
            ("mindfulness_garden", "paused", 5)
        ]

    # Another world by its name: the same character, a new journey.
    third = tta_play(live_server.url, username, ["/quit"], "--world", "The Lighthouse Sanctuary")
    assert third.returncode == 0, third.stderr
    assert "Wanderer sets out in The Lighthouse Sanctuary." in third.stdout


def test_a_world_that_is_not_there_is_refused_with_the_names_that_are(
    live_server: LiveServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    username = new_player(live_server.url)
    argv = ["--server", live_server.url, "--username", username, "--world", "atlantis"]
    status, _, err = play_in_process(monkeypatch, capsys, argv, "quit\n")
    assert status == 1
    assert err.startswith("tta play: --world 'atlantis' is not a world here; choose one of: ")
    assert "The Mindfulness Garden" in err
    status, _, err = play_in_process(monkeypatch, capsys, [*argv[:4], "--world", "the"], "quit\n")
    assert status == 1
    assert "matches several worlds" in err


def test_a_crisis_and_a_check_in_are_panels_said_once_and_help_is_a_word_away(
    live_server: LiveServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    username = new_player(live_server.url)
    lines = [
        "I want to kill myself",
        CHECK_IN_MARKERS[0],
        "1",  # the quick reply "Yes"
        "get help",
        "quit",
    ]
    argv = [
        "--server",
        live_server.url,
        "--username",
        username,
        "--character",
        "Ash",
        "--world",
        "garden",
    ]
    status, out, _ = play_in_process(monkeypatch, capsys, argv, "\n".join(lines) + "\n")
    assert status == 0
    crisis = out.split("=" * 60)[1]
    assert "You don't have to face this alone." in crisis
    assert "988" in crisis
    panels = out.count("You don't have to face this alone.")
    assert out.count("I'm really glad you told me") == panels, "its words once, in the panel"

    assert out.count(CHECK_IN_QUESTION) == 1
    assert "Can I ask you something?" in out
    assert "Reply 1 Yes, 2 No, 3 I'm not sure" in out
    assert "Thank you for telling me. Please reach out now:" in out
    with api(live_server.url, username) as http:
        session_id = http.get("/api/v1/sessions").json()["items"][0]["session_id"]
        inputs = [
            t["input"] for t in http.get(f"/api/v1/sessions/{session_id}/turns").json()["items"]
        ]
    assert inputs[0] == "Yes", "the quick reply was sent as the player's words"
    assert "People you can reach now:" in out
    assert "988 Suicide & Crisis Lifeline: call 988" in out.split("People you can reach now:")[1]


def test_a_mood_check_in_at_the_start_and_the_end_with_support_when_low(
    live_server: LiveServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    username = new_player(live_server.url)
    argv = ["--server", live_server.url, "--username", username, "--mood"]
    status, out, _ = play_in_process(monkeypatch, capsys, argv, "2\nlook around\nquit\n4\n")
    assert status == 0
    assert "How are you feeling right now?" in out
    assert "Days like this are hard" in out
    assert 'Type "get help" at any time' in out
    assert "Before you go: how are you feeling now?" in out
    assert "Mood: before 2 (low), after 4 (good)." in out


def test_bad_sign_ins_and_missing_options_exit_with_one_line_reasons(
    live_server: LiveServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    username = new_player(live_server.url)
    monkeypatch.setenv("TTA_PASSWORD", "not-the-password")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["play", "--server", live_server.url, "--username", username]) == 1
    assert capsys.readouterr().err.startswith("tta play: /api/v1/auth/login: 401 ")

    assert main(["play", "--server", "http://127.0.0.1:9", "--username", username]) == 1
    assert "cannot reach" in capsys.readouterr().err

    monkeypatch.delenv("TTA_USERNAME", raising=False)
    assert main(["play", "--server", live_server.url]) == 2
    assert "--username" in capsys.readouterr().err
    monkeypatch.delenv("TTA_PASSWORD")
    assert main(["play", "--username", username]) == 2
    assert "TTA_PASSWORD" in capsys.readouterr().err

import pytest

from tta_player.cli import build_parser, main


def test_serve_takes_host_and_port() -> None:
    args = build_parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9999"])
    assert (args.host, args.port) == ("0.0.0.0", 9999)


def test_serve_defaults_to_loopback_on_8080() -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8080)


def test_production_without_a_strong_secret_refuses_to_start_with_one_line(monkeypatch) -> None:
    monkeypatch.setenv("TTA_ENV", "production")
    monkeypatch.setenv("TTA_JWT_SECRET", "changeme")
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--port", "0"])
    assert "TTA_JWT_SECRET" in str(stopped.value)
    assert "\n" not in str(stopped.value)


def test_set_role_grants_a_role_to_an_existing_player(tmp_path, monkeypatch, capsys) -> None:
    import asyncio

    from tta_player.db.engine import open_database
    from tta_player.db.repositories import PlayerRepository

    monkeypatch.setenv("TTA_DATA_DIR", str(tmp_path))

    async def make_player() -> None:
        database = await open_database(f"sqlite+aiosqlite:///{tmp_path / 'tta.db'}")
        async with database.sessions() as db:
            await PlayerRepository(db).create(
                username="sage", email="s@example.org", password_hash="x"
            )
            await db.commit()
        await database.close()

    asyncio.run(make_player())
    assert main(["users", "set-role", "sage", "therapist"]) == 0
    assert "sage is now therapist" in capsys.readouterr().out
    assert main(["users", "set-role", "nobody", "admin"]) == 1


def test_play_hands_over_to_the_terminal_client(capsys) -> None:
    assert main(["play"]) == 2  # the terminal client insists on a username
    assert "--username" in capsys.readouterr().err


def test_worlds_lint_passes_the_shipped_worlds(capsys) -> None:
    assert main(["worlds", "lint"]) == 0
    assert capsys.readouterr().out == "5 worlds, no problems\n"


def test_worlds_lint_reports_one_line_per_problem_and_exits_1(tmp_path, capsys) -> None:
    import json

    world = {
        "id": "tiny", "title": "Tiny", "description": "A tiny world.", "intro": "You arrive.",
        "difficulty": "gentle", "themes": ["calm"], "approaches": ["mindfulness"], "start": "a",
        "locations": [{
            "id": "a", "title": "The Room", "practice": "You sit on the floor.",
            "description": "A bare room with a lantern on the windowsill.",
            "scenery": [{"names": ["lantern"], "text": "A paper lantern, unlit."}],
        }],
    }  # fmt: skip
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(world))
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed")
    assert main(["worlds", "lint", str(path), str(broken)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "tiny: locations.a: the description names 'windowsill'" in lines[0]
    assert any(line.startswith("tiny: feelings: no answer for: afraid") for line in lines)
    assert any(line.startswith("tiny: voice: missing") for line in lines)
    assert lines[-1].startswith("broken.yaml: (file): cannot be read")

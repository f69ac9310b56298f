import json
from pathlib import Path

import pytest

from tta_agents import (
    Preferences,
    UnknownWorldError,
    WorldCatalog,
    WorldDataError,
    compatibility,
    get_world,
    list_worlds,
)
from tta_agents.world import load_world_file, load_worlds_dir
from tta_agents.world.loader import SHIPPED_WORLDS_DIR

MINIMAL = {
    "id": "tiny",
    "title": "Tiny",
    "description": "A tiny test world.",
    "intro": "You arrive.",
    "difficulty": "gentle",
    "themes": ["calm"],
    "approaches": ["mindfulness"],
    "start": "a",
    "locations": [
        {"id": "a", "title": "Room A", "description": "A room.", "exits": {"north": "b"}},
        {"id": "b", "title": "Room B", "description": "Another.", "exits": {"south": "a"}},
    ],
}


def write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data) if name.endswith(".json") else str(data))
    return path


def test_the_five_worlds_are_listed_with_what_a_player_needs_to_choose() -> None:
    worlds = {w.id: w for w in list_worlds()}
    assert set(worlds) == {
        "mindfulness_garden",
        "anxiety_sanctuary",
        "depression_recovery",
        "social_confidence",
        "trauma_healing",
    }
    garden = get_world("mindfulness_garden")
    assert garden.title
    assert garden.description
    assert garden.difficulty == "gentle"
    assert "mindfulness" in garden.approaches
    assert garden.locations >= 8


def test_an_unknown_world_is_a_lookup_error() -> None:
    with pytest.raises(UnknownWorldError):
        get_world("atlantis")


def test_compatibility_prefers_the_world_that_matches_approach_themes_and_intensity() -> None:
    anxious = Preferences(approach="cbt", intensity="medium", themes=("anxiety", "panic"))
    scores = {w.id: compatibility(w, anxious) for w in list_worlds()}
    assert max(scores, key=scores.__getitem__) == "anxiety_sanctuary"
    assert all(0.0 <= s <= 1.0 for s in scores.values())
    garden = get_world("mindfulness_garden")
    assert compatibility(garden, Preferences(approach="mindfulness", intensity="low")) > (
        compatibility(garden, Preferences(approach="dbt", intensity="high"))
    )


def test_a_valid_json_world_loads_and_plays(tmp_path: Path) -> None:
    world = load_world_file(write(tmp_path, "tiny.json", MINIMAL))
    catalog = WorldCatalog([world])
    assert catalog.get("tiny").locations == 2
    assert catalog.world("tiny").new_state().location == "a"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"difficulty": "impossible"}, "difficulty"),
        ({"start": "nowhere"}, "start"),
        (
            {"locations": [{"id": "a", "title": "A", "description": "x", "exits": {"n": "zz"}}]},
            "locations.a.exits",
        ),
        ({"title": ""}, "title"),
        (
            {
                "locations": [
                    {
                        "id": "a",
                        "title": "A",
                        "description": "An arch.",
                        "exits": {},
                        "scenery": [{"names": ["arch"], "text": "x", "leads": "north"}],
                    }
                ]
            },
            "locations.a.scenery",
        ),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_a_bad_world_file_names_the_file_and_the_field(
    tmp_path: Path, change: dict, field: str
) -> None:
    path = write(tmp_path, "broken.json", {**MINIMAL, **change})
    with pytest.raises(WorldDataError) as caught:
        load_world_file(path)
    assert caught.value.source == "broken.json"
    assert caught.value.field.startswith(field)
    assert "broken.json" in str(caught.value)


def test_unreadable_or_non_mapping_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(WorldDataError, match="cannot be read"):
        load_world_file(write(tmp_path, "bad.yaml", "id: [unclosed"))
    with pytest.raises(WorldDataError, match="mapping"):
        load_world_file(write(tmp_path, "list.yaml", "- just\n- a list\n"))
    with pytest.raises(WorldDataError, match="not a folder"):
        load_worlds_dir(tmp_path / "missing")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(WorldDataError, match="no world files"):
        WorldCatalog.from_dirs(empty)


def test_an_extra_folder_adds_worlds_beside_the_shipped_ones(tmp_path: Path) -> None:
    write(tmp_path, "tiny.json", MINIMAL)
    catalog = WorldCatalog.from_dirs(SHIPPED_WORLDS_DIR, tmp_path)
    assert len(catalog.list()) == 6
